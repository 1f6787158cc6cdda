"""Reading the CSV files people type themselves: the own list and the ownership file.

Both are strict, UTF-8, with several values in a cell separated by ``|``. These readers turn
bytes into rows with the line each starts on, and cells into values, so that a bad byte, a broken
quote or a bad value is reported at its line (and, by the caller, its column) rather than dropped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from magnitsky.model import to_country
from magnitsky.sources.base import ParseError
from magnitsky.sources.common import unique

SEPARATOR = "|"
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# What makes a spreadsheet read a cell as a formula (or as one after a stripped blank): OWASP's
# list, with the full-width forms some spreadsheets also accept.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class CellError(ValueError):
    """A bad value in one cell; the caller adds file, line and column."""


def spreadsheet_safe(value):
    """``value`` as a CSV cell a spreadsheet shows as text and never runs.

    Exported cells carry text from outside (a payer name from another bank, a list entry, a
    customer record); ``=HYPERLINK(...)`` opened in a spreadsheet would become a live link or a
    formula. A leading apostrophe is the spreadsheet's own "this is text" mark; non-text values
    (scores, counts) pass unchanged. :func:`from_spreadsheet_safe` undoes it on reading.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_row(row: dict) -> dict:
    """Every cell of a CSV row made :func:`spreadsheet_safe`."""
    return {key: spreadsheet_safe(value) for key, value in row.items()}


def from_spreadsheet_safe(cell: str) -> str:
    """A cell as written before :func:`spreadsheet_safe`, so an exported list loads back unchanged."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


class CsvFile:
    """A typed CSV file read row by row: its header, then each non-blank row with the line it starts on.

    Bytes are decoded line by line, so a non-UTF-8 byte is reported at its line; a byte-order
    mark is dropped. A file whose last line has no line break is read like any other (Excel and
    many editors save it so), but that line is where a download or copy cut off part way ends, so
    it must look complete: a quoted cell left open, or fewer cells than the header has columns,
    is refused at its line rather than loaded as a shorter record of a shorter list.
    """

    def __init__(self, path: Path, delimiter: str = ","):
        self.path = path
        self._ends_without_break = False
        self._reader = csv.reader(self._lines(), delimiter=delimiter, strict=True)
        self._width = 0

    def header(self) -> list[str] | None:
        """The first row's cells, None for an empty file."""
        header = next(self._rows(), None)
        self._width = len(header or ())
        return header

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line the row starts on, cells) of each non-blank row after the header; a quoted cell
        may span lines, so the start is not the reader's current line."""
        line = self._reader.line_num
        for cells in self._rows():
            start, line = line + 1, self._reader.line_num
            if self._ends_without_break and len(cells) < self._width:
                message = (
                    f"the last line has no line break and {len(cells)} of the header's {self._width} cells: "
                    "the file may have been cut off; if it is complete, end it with a line break"
                )
                raise ParseError(self.path, message, line=start)
            if any(c.strip() for c in cells):
                yield start, cells

    def _rows(self) -> Iterator[list[str]]:
        """The reader's rows, its errors (a broken quote) as a ParseError at their line."""
        try:
            yield from self._reader
        except csv.Error as exc:
            reason = str(exc)
            if "unexpected end of data" in reason:
                reason = "the file ends inside a quoted cell (its quote is never closed); it may have been cut off"
            raise ParseError(self.path, f"malformed CSV: {reason}", line=self._reader.line_num) from None

    def _lines(self) -> Iterator[str]:
        with open(self.path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                self._ends_without_break = not raw.endswith((b"\n", b"\r"))
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ParseError(
                        self.path,
                        f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1}); save the file as UTF-8",
                        line=number,
                    ) from None
                yield text.removeprefix("\ufeff") if number == 1 else text


def multi(cell: str) -> tuple[str, ...]:
    """The values of a ``|``-separated cell, whitespace collapsed, each once."""
    return unique(" ".join(part.split()) for part in cell.split(SEPARATOR))


def iso_prefix(text: str) -> str:
    """An ISO date prefix (``1970``, ``1970-02``, ``1970-02-28``) that is a real date."""
    if not _ISO.match(text):
        raise CellError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        raise CellError(f"{text!r} is not a real date") from None
    return text


def countries(cell: str) -> tuple[str, ...]:
    """ISO codes of the countries in a ``|``-separated cell; an unknown one is an error."""
    codes = []
    for text in multi(cell):
        if not (code := to_country(text)):
            raise CellError(f"unknown country {text!r}; use an ISO code (RU) or a country name")
        codes.append(code)
    return unique(codes)
