"""OFSI (HM Treasury) Consolidated List of Financial Sanctions Targets, ``ConList.csv``.

This module only reads the CSV's rows (with the line each starts on, for errors); turning rows
into targets is :mod:`.ofsi_conlist`'s, shared with the same list published as ``ConList.xlsx``
(:mod:`.ofsi_xlsx`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from magnitsky.model import Entity
from magnitsky.sources import ofsi_conlist
from magnitsky.sources.base import ListMeta, ParseError, Parser
from magnitsky.sources.ofsi_conlist import Place


class OfsiCsvParser(Parser):
    format = "ofsi_csv"
    source = "uk_ofsi"
    description = "UK OFSI consolidated list (ConList.csv)"

    def sniff(self, path: Path, head: str) -> bool:
        """The header row (first or second line) starts with OFSI's ``Name 6`` and has ``Group ID``."""
        return any(line.startswith("Name 6,") and "Group ID" in line for line in head.splitlines()[:3])

    def meta(self, path: Path) -> ListMeta:
        """The publication date is the ``Last Updated`` line that opens the file."""
        _, first = next(_rows(path), (None, []))
        return ListMeta(self.source, self.format, ofsi_conlist.last_updated(first), (path,))

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        return ofsi_conlist.entities(path, source, _rows(path))


def _rows(path: Path) -> Iterator[tuple[Place, list[str]]]:
    """CSV rows with the line each starts on; bad bytes or quoting become a ParseError there."""
    line = 1
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            for row in reader:
                yield (line, None), row
                line = reader.line_num + 1
    except csv.Error as exc:
        raise ParseError(
            path, f"malformed CSV ({exc}); an unterminated quote or a truncated file?", line=line
        ) from None
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8 text ({exc.reason}) at or after this line", line=line) from None
