"""OFSI (HM Treasury) Consolidated List of Financial Sanctions Targets, ``ConList.xlsx``: the 2022
format as OFSI published it, one sheet (``Data``) holding the same table as ``ConList.csv``.

The workbook spells one column out (``National Identification Details`` for the CSV's ``NI
Details``); otherwise rows become targets exactly as the CSV's do, by :mod:`.ofsi_conlist`.
Errors name the sheet row (``row 7``), which is what a reader opening the file in a spreadsheet sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from magnitsky.model import Entity
from magnitsky.sources import ofsi_conlist
from magnitsky.sources.base import ListMeta, Parser
from magnitsky.sources.ofsi_conlist import Place
from magnitsky.sources.xlsx import first_rows, is_workbook, sheet_rows


class OfsiXlsxParser(Parser):
    format = "ofsi_xlsx"
    source = "uk_ofsi"
    description = "UK OFSI consolidated list (ConList.xlsx)"

    def sniff(self, path: Path, head: str) -> bool:
        """A workbook whose first or second row is the ConList header."""
        return is_workbook(head) and any(ofsi_conlist.is_header(row) for row in first_rows(path)[:2])

    def meta(self, path: Path) -> ListMeta:
        """The publication date is the ``Last Updated`` row that opens the sheet."""
        rows = first_rows(path)
        return ListMeta(self.source, self.format, ofsi_conlist.last_updated(list(rows[0]) if rows else []), (path,))

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        return ofsi_conlist.entities(path, source, _rows(path), ragged=True)


def _rows(path: Path) -> Iterator[tuple[Place, list[str]]]:
    for number, row in sheet_rows(path):
        yield (None, f"row {number}"), row
