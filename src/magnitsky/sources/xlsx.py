"""Reading list files published as Excel workbooks (``.xlsx``): the UK's OFSI ConList and
Australia's DFAT consolidated list.

openpyxl runs in read-only mode, which streams a sheet's rows from the zipped XML instead of
building the whole workbook in memory. Cells come back as text: lists put dates and numbers in
text cells, but a cell Excel typed as a date or number is written back the way the list writes it
(a date day-first, an integral number without ``.0``), so parsers see one kind of value. A file
that is not a workbook, or is a damaged one, becomes a :class:`ParseError` naming the file.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Generator
from contextlib import closing
from functools import lru_cache
from pathlib import Path

from magnitsky.sources.base import ParseError

ZIP_MAGIC = "PK\x03\x04"
_SNIFF_ROWS = 5


def is_workbook(head: str) -> bool:
    """True when the file's head is a zip archive (an .xlsx is one); the sheet decides the rest."""
    return head.startswith(ZIP_MAGIC)


def cell_text(value: object) -> str:
    """A cell as the list's text: empty for a blank cell, dates day-first, whole numbers bare."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(path: Path, sheet: str | None = None) -> Generator[tuple[int, list[str]], None, None]:
    """Rows of ``sheet`` (else the first) as text cells, with their 1-based row numbers."""
    import openpyxl  # only workbook lists need it; importing it costs a fifth of a second

    # Opened as a file, not by name: openpyxl refuses a name not ending in .xlsx, and a list is
    # told by its content (a workbook saved as "list.bin" or downloaded without a suffix is read).
    with open(path, "rb") as fh:
        try:
            workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise ParseError(path, f"not a readable .xlsx workbook ({exc})") from None
        try:
            if sheet is not None and sheet not in workbook.sheetnames:
                sheets = ", ".join(workbook.sheetnames)
                raise ParseError(path, f"workbook has no sheet {sheet!r} (its sheets: {sheets})")
            worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
            try:
                for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
                    yield number, [cell_text(value) for value in row]
            except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
                raise ParseError(path, f"damaged .xlsx workbook ({exc})") from None
        finally:
            workbook.close()


def first_rows(path: Path) -> tuple[tuple[str, ...], ...]:
    """The first few rows of the first sheet, for telling one workbook list from another; an
    unreadable workbook has none."""
    stat = path.stat()
    return _first_rows(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _first_rows(path: str, mtime: int, size: int) -> tuple[tuple[str, ...], ...]:
    """Cached per file version: every workbook parser sniffs the same file in turn."""
    rows: list[tuple[str, ...]] = []
    try:
        with closing(sheet_rows(Path(path))) as reader:
            for number, row in reader:
                rows.append(tuple(row))
                if number >= _SNIFF_ROWS:
                    break
    except ParseError:
        return ()
    return tuple(rows)
