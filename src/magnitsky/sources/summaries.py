"""Files an authority publishes beside its list that are not the list: refused by name, so the user
learns which file to load instead of reading "cannot tell which list format this is".

The FCDO's UK Sanctions List summary export (``FCDO_SL_<date>.ods``) has one row per designation
with its name, regime and type, but no aliases, birth dates, nationalities or documents: screened
against, it would miss every alias and could not tell two namesakes apart. OFSI's consolidated list
(``ConList.xlsx``) covers the same designations with all of that.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from magnitsky.sources.base import ParseError
from magnitsky.sources.xlsx import ZIP_MAGIC

_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_FCDO_SUMMARY_COLUMNS = ("Unique ID", "OFSI Group ID", "Regime Name", "Designation source", "Sanctions Imposed")
_HEADER_BYTES = 64 * 1024  # the header row is near the top of content.xml
_TAG = re.compile(r"<[^>]*>")


def refuse_summaries(path: Path, head: str) -> None:
    """Raise a one-line ParseError naming the file to load when ``path`` is a known summary export."""
    if head.startswith(ZIP_MAGIC) and _is_fcdo_summary(path):
        raise ParseError(
            path,
            "this is the FCDO's UK Sanctions List summary export (one row per designation, without aliases, "
            "birth dates or documents), which cannot be screened against: load OFSI's consolidated list "
            "ConList.xlsx instead",
        )


def _is_fcdo_summary(path: Path) -> bool:
    """An OpenDocument spreadsheet whose first row has the summary's columns (read as text: the
    cells' XML is not parsed, so nothing in the file is expanded or fetched)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.read("mimetype").strip() != _ODS_MIMETYPE:
                return False
            with archive.open("content.xml") as content:
                start = content.read(_HEADER_BYTES).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return False
    words = " ".join(_TAG.sub(" ", start).split())
    return all(column in words for column in _FCDO_SUMMARY_COLUMNS)
