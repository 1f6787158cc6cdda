"""The user's ownership CSV (format in docs/ownership-csv.md): who owns what share of whom.

Strict like the own-list CSV it sits beside: every problem in the file - an unknown column, a
share of 150 or -5, a missing owner, an id used but never named, shares of one company adding up
to more than 100 - is collected with its line and reported together, and nothing is loaded. A
stake silently dropped could be a blocked company paid.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from magnitsky.errors import InputError
from magnitsky.model import SCHEMATA, Identifier
from magnitsky.screening.ownership.stakes import (
    Evidence,
    Party,
    Stake,
    parse_share,
    percent,
)
from magnitsky.sources.base import ParseError
from magnitsky.sources.csv_cells import CellError, CsvFile, countries, iso_prefix, multi

REQUIRED = ("owner", "owned", "share")
# Facts about a party defined in this file (not on a list); only for the owned side, except a name.
OWNED_COLUMNS = ("owned_name", "owned_schema", "owned_aliases", "owned_countries", "owned_registration", "owned_tax_id")
COLUMNS = (*REQUIRED, "evidence", "as_of", "owner_name", *OWNED_COLUMNS)
OWNABLE = tuple(s for s in SCHEMATA if s != "Person")
LISTED_ID = re.compile(r"^[a-z0-9_]+:\S.*$")  # source:source_id as the store writes it
LOCAL_ID = re.compile(r"^[^:\s](?:[^:]*[^:\s])?$")  # an id of this file: anything without ':'
MAX_ERRORS = 100
V = TypeVar("V")  # a fact remembered per party (its name, its details)


class OwnershipCsvError(InputError):
    """The file has errors; ``problems`` are (line, message) pairs, all of them up to MAX_ERRORS."""

    def __init__(self, path: Path | str, problems: list[tuple[int | None, str]]):
        self.path, self.problems = str(path), problems
        lines = [f"{self.path}{f', line {line}' if line else ''}: {message}" for line, message in problems]
        more = " (further errors not shown)" if len(problems) >= MAX_ERRORS else ""
        super().__init__(
            f"{len(problems)} error(s) in the ownership file{more}; nothing was loaded:\n" + "\n".join(lines)
        )


@dataclass(frozen=True)
class OwnershipFile:
    """A parsed ownership CSV: parties defined in it, and stakes between them and list entries."""

    name: str
    sha256: str
    parties: dict[str, Party]
    stakes: tuple[Stake, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sha256": self.sha256,
            "parties": [p.to_dict() for p in self.parties.values()],
            "stakes": [
                {
                    "owner": s.owner,
                    "owned": s.owned,
                    "share": str(s.share),
                    "evidence": [e.to_dict() for e in s.evidence],
                }
                for s in self.stakes
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OwnershipFile:
        parties = {p["id"]: Party.from_dict(p) for p in data["parties"]}
        stakes = tuple(
            Stake(s["owner"], s["owned"], Decimal(s["share"]), tuple(Evidence(**e) for e in s["evidence"]), True)
            for s in data["stakes"]
        )
        return cls(data["name"], data["sha256"], parties, stakes)


def read_ownership_csv(path: Path, listed_ids: Collection[str] | None = None) -> OwnershipFile:
    """Parse and check ``path``; raise :class:`OwnershipCsvError` (all problems) or ParseError.

    ``listed_ids``: the ids of the current list entries; a list id the file uses that is not
    among them is an error (without it, list ids are not checked)."""
    path = Path(path)
    table = CsvFile(path)
    header = _header(path, table)
    builder = _Builder(path, listed_ids)
    for start, cells in table.rows():
        if len(cells) > len(header):
            builder.error(start, f"{len(cells)} cells but the header has {len(header)} columns")
            continue
        builder.row(start, {column: " ".join(cell.split()) for column, cell in zip(header, cells)})
    return builder.finish(hashlib.sha256(path.read_bytes()).hexdigest())


def _header(path: Path, table: CsvFile) -> list[str]:
    header = table.header()
    if header is None:
        raise ParseError(path, "file is empty; the first line must be the header (owner,owned,share,...)")
    header = [c.strip().lower() for c in header]
    problems = []
    if unknown := [c for c in header if c not in COLUMNS]:
        problems.append(f"unknown column(s) {', '.join(map(repr, unknown))}; known columns: {', '.join(COLUMNS)}")
    if missing := [c for c in REQUIRED if c not in header]:
        problems.append(f"missing required column(s) {', '.join(missing)}")
    if repeated := sorted({c for c in header if header.count(c) > 1}):
        problems.append(f"column(s) {', '.join(repeated)} appear more than once")
    if problems:
        raise OwnershipCsvError(path, [(1, p) for p in problems])
    return header


class _Builder:
    """Collects rows into parties and stakes, and every problem with its line."""

    def __init__(self, path: Path, listed_ids: Collection[str] | None):
        self.path, self.name, self.listed_ids = path, path.name, listed_ids
        self.problems: list[tuple[int | None, str]] = []
        self.names: dict[str, tuple[str, int]] = {}  # local id -> (name, first line naming it)
        self.details: dict[str, tuple[tuple, int]] = {}  # local id -> (owned_* cells, line)
        self.used: dict[str, int] = {}  # local id -> first line using it
        self.stakes: dict[tuple[str, str], tuple[int, Stake]] = {}

    def error(self, line: int | None, message: str) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append((line, message))

    def row(self, line: int, row: dict[str, str]) -> None:
        owner, owned = self._id(line, row, "owner"), self._id(line, row, "owned")
        share = self._share(line, row.get("share", ""))
        as_of = self._cell(line, "as_of", row.get("as_of", ""), lambda c: iso_prefix(c) if c else None)
        if owner and owned and owner == owned:
            self.error(line, f"column owned: {owned!r} cannot own itself")
            return
        if owner:
            self._define(line, owner, row.get("owner_name", ""), {})
        if owned:
            self._define(line, owned, row.get("owned_name", ""), {c: row.get(c, "") for c in OWNED_COLUMNS[1:]})
        if not (owner and owned and share is not None):
            return
        if (owner, owned) in self.stakes:
            first = self.stakes[owner, owned][0]
            self.error(line, f"{owner!r} owning {owned!r} is already stated on line {first}; state each stake once")
            return
        evidence = Evidence(f"{self.name} line {line}", row.get("evidence") or None, as_of)
        self.stakes[owner, owned] = (line, Stake(owner, owned, share, (evidence,), True))

    def _id(self, line: int, row: dict[str, str], column: str) -> str | None:
        value = row.get(column, "")
        if not value:
            self.error(line, f"column {column}: missing; give a list entry (ofac_sdn:16399) or an id of this file")
            return None
        if LISTED_ID.match(value):
            if self.listed_ids is not None and value not in self.listed_ids:
                self.error(
                    line,
                    f"column {column}: {value!r} is not an entry of any loaded list (expected "
                    f"SOURCE:SOURCE_ID of a current list version, or an id defined in this file)",
                )
                return None
        elif LOCAL_ID.match(value):
            self.used.setdefault(value, line)
        else:
            self.error(
                line,
                f"column {column}: {value!r} is neither SOURCE:SOURCE_ID of a list entry nor an id "
                f"of this file (ids of this file contain no ':')",
            )
            return None
        return value

    def _share(self, line: int, text: str) -> Decimal | None:
        if not text:
            self.error(line, "column share: missing; give the owner's percentage, e.g. 50 or 12.5")
            return None
        return self._cell(line, "share", text, parse_share)

    def _cell(self, line: int, column: str, text: str, read):
        try:
            return read(text)
        except (ValueError, CellError) as exc:
            self.error(line, f"column {column}: {exc}")
            return None

    def _define(self, line: int, entity_id: str, name: str, facts: dict[str, str]) -> None:
        """Record the name and details a row gives a party of this file; list entries take
        theirs from the list. A party may be named on several rows, but always the same way."""
        given = [c for c, v in (("name", name), *facts.items()) if v]
        if LISTED_ID.match(entity_id):
            if given:
                self.error(
                    line,
                    f"{entity_id!r} is a list entry: its name and details come from the list "
                    f"(leave {', '.join(given)} empty)",
                )
            return
        details = tuple((c, v) for c, v in facts.items() if v)
        if name:
            self._once(self.names, line, entity_id, name, "named")
        if details:
            self._once(self.details, line, entity_id, details, "described")

    def _once(self, seen: dict[str, tuple[V, int]], line: int, entity_id: str, value: V, what: str) -> None:
        """Remember ``value`` for ``entity_id`` in ``seen``, or report a row giving another one."""
        first = seen.setdefault(entity_id, (value, line))
        if first[0] != value:
            self.error(line, f"{entity_id!r} is {what} differently on line {first[1]}; give it once, or identically")

    def _parties(self) -> dict[str, Party]:
        parties = {}
        for entity_id, (name, line) in self.names.items():
            facts, facts_line = self.details.get(entity_id, ((), line))
            if party := self._party(facts_line, entity_id, name, dict(facts)):
                parties[entity_id] = party
        return parties

    def _party(self, line: int, entity_id: str, name: str, facts: dict[str, str]) -> Party | None:
        schema = facts.get("owned_schema") or "Company"
        match = next((s for s in OWNABLE if s.lower() == schema.lower()), None)
        if match is None:
            self.error(line, f"column owned_schema: {schema!r} cannot be owned; use one of {', '.join(OWNABLE)}")
            return None
        codes = self._cell(line, "owned_countries", facts.get("owned_countries", ""), countries)
        identifiers = tuple(
            Identifier(kind, value)
            for column, kind in (("owned_registration", "registration"), ("owned_tax_id", "tax_id"))
            for value in multi(facts.get(column, ""))
        )
        return Party(entity_id, name, line, match, multi(facts.get("owned_aliases", "")), codes or (), identifiers)

    def finish(self, sha256: str) -> OwnershipFile:
        parties = self._parties()
        for entity_id, line in self.used.items():
            if entity_id not in self.names:
                self.error(
                    line,
                    f"{entity_id!r} is not a list entry (SOURCE:SOURCE_ID) and has no name in this "
                    f"file; give it one in owned_name or owner_name",
                )
        self._check_totals()
        if self.problems:
            raise OwnershipCsvError(self.path, sorted(self.problems, key=lambda p: p[0] or 0))
        stakes = tuple(stake for _, stake in sorted(self.stakes.values(), key=lambda item: item[0]))
        return OwnershipFile(self.name, sha256, parties, stakes)

    def _check_totals(self) -> None:
        by_owned: dict[str, list[tuple[int, Stake]]] = defaultdict(list)
        for line, stake in self.stakes.values():
            by_owned[stake.owned].append((line, stake))
        for owned, stakes in by_owned.items():
            total = sum((stake.share for _, stake in stakes if stake.share is not None), Decimal(0))
            if total > 100:
                lines = ", ".join(str(line) for line, _ in stakes)
                self.error(
                    stakes[-1][0],
                    f"the stakes in {owned!r} add up to {percent(total)} (lines {lines}); at most 100% can be owned",
                )
