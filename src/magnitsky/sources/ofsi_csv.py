"""OFSI (HM Treasury) Consolidated List of Financial Sanctions Targets, ``ConList.csv``.

The file opens with a ``Last Updated,dd/mm/yyyy`` line, then a header row, then one row per
*name* of a target: a person with three spellings and two dates of birth fills several rows that
share one ``Group ID``. The published file is sorted by surname, not by group, so a target's rows
are not always adjacent; the parser therefore reads the whole file into a dict of groups before
yielding anything. That costs memory in proportion to the file (about 5 MB, some 20,000 rows), a
bounded and acceptable price for never splitting one target into two entities; it also means a
malformed or truncated file fails before any entity is produced.

Fields may list several values as ``(1) x (2) y``. The CSV does not say which measures apply:
every OFSI target is subject to an asset freeze, and travel bans are not recorded, so the measures
are ``asset_freeze`` only (the FCDO's UK Sanctions List XML, :mod:`.uk_xml`, states them all).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from magnitsky.model import Address, Entity, Identifier, Name, NameKind, to_country
from magnitsky.sources.base import ListMeta, ParseError, Parser
from magnitsky.sources.common import best_names, make_name, unique
from magnitsky.sources.uk_common import SCHEMA_BY_GROUP_TYPE, country_code, iso_date, name_kind, uk_date, uk_name

Record = dict[str, str]

_REQUIRED = ("Name 6", "Name 1", "Group Type", "Alias Type", "Group ID")
_NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
_ADDRESS_PARTS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code")
_NUMBERED = re.compile(r"\(\d{1,2}\)")
_COUNTRY_SUFFIX = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
# Cross-references written into "Other Information": "(UK Sanctions List Ref):AQD0183 (UN Ref):QDi.263"
# and, in older rows, "UN Ref IRi.018.". They link this target to the FCDO and UN lists.
_REFERENCES = re.compile(r"\(?(UK Sanctions List Ref|UN Ref)\)?\s*:?\s*([A-Za-z]+\.?\d[\w.]*)")
_REFERENCE_KEYS = {"UK Sanctions List Ref": "uk_sanctions_list_ref", "UN Ref": "un_ref"}


class OfsiCsvParser(Parser):
    format = "ofsi_csv"
    source = "uk_ofsi"
    description = "UK OFSI consolidated list (ConList.csv)"

    def sniff(self, path: Path, head: str) -> bool:
        """The header row (first or second line) starts with OFSI's ``Name 6`` and has ``Group ID``."""
        return any(line.startswith("Name 6,") and "Group ID" in line for line in head.splitlines()[:3])

    def meta(self, path: Path) -> ListMeta:
        """The publication date is the ``Last Updated`` line that opens the file."""
        _, first = next(_rows(path), (1, []))
        published = iso_date(first[1]) if len(first) > 1 and first[0].strip() == "Last Updated" else None
        return ListMeta(self.source, self.format, published, (path,))

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        for group_id, rows in _groups(path).items():
            yield _entity(path, source, group_id, rows)


# -- reading -----------------------------------------------------------------------------------


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line each starts on; bad bytes or quoting become a ParseError there."""
    line = 1
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            for row in reader:
                yield line, row
                line = reader.line_num + 1
    except csv.Error as exc:
        raise ParseError(
            path, f"malformed CSV ({exc}); an unterminated quote or a truncated file?", line=line
        ) from None
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8 text ({exc.reason}) at or after this line", line=line) from None


def _header(path: Path, rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    """Skip the ``Last Updated`` line and check the header names the columns a target needs."""
    line, row = next(rows, (1, None))
    if row and row[0].strip() == "Last Updated":
        line, row = next(rows, (line + 1, None))
    if not row:
        raise ParseError(path, "file is empty or has no header row", line=line)
    header = [cell.strip() for cell in row]
    if missing := [column for column in _REQUIRED if column not in header]:
        raise ParseError(path, f"not an OFSI ConList header; missing columns: {', '.join(missing)}", line=line)
    return header


def _records(path: Path) -> Iterator[tuple[int, Record]]:
    rows = _rows(path)
    header = _header(path, rows)
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ParseError(path, f"row has {len(row)} fields but the header has {len(header)}", line=line)
        yield line, {column: cell.strip() for column, cell in zip(header, row)}


def _groups(path: Path) -> dict[str, list[tuple[int, Record]]]:
    """All rows by Group ID, groups in order of first appearance (see the module docstring)."""
    groups: dict[str, list[tuple[int, Record]]] = {}
    for line, record in _records(path):
        if not record["Group ID"]:
            raise ParseError(path, "row has no Group ID", line=line)
        groups.setdefault(record["Group ID"], []).append((line, record))
    return groups


# -- one target --------------------------------------------------------------------------------


def _entity(path: Path, source: str, group_id: str, rows: list[tuple[int, Record]]) -> Entity:
    line, first = rows[0]
    schema = SCHEMA_BY_GROUP_TYPE.get(first["Group Type"].casefold())
    if schema is None:
        raise ParseError(path, f"unknown Group Type {first['Group Type']!r}", line=line, where=f"Group ID {group_id}")
    records = [record for _, record in rows]
    addresses = _collect(records, _addresses)
    try:
        return Entity(
            source=source,
            source_id=group_id,
            schema=schema,
            names=best_names(_collect(records, lambda r: _names(r, schema == "Person"))),
            birth_dates=_collect(records, lambda r: [uk_date(r.get("DOB"))]),
            birth_places=_collect(records, _birth_places),
            nationalities=_collect(records, lambda r: map(country_code, _numbered(r.get("Nationality")))),
            countries=unique(a.country for a in addresses),
            identifiers=_collect(records, _identifiers),
            addresses=addresses,
            positions=_collect(records, lambda r: _numbered(r.get("Position"))),
            titles=_collect(records, lambda r: _numbered(r.get("Title"))),
            measures=("asset_freeze",),
            programs=_collect(records, lambda r: [r.get("Regime")]),
            listed_on=min(_collect(records, lambda r: [iso_date(r.get("Listed On"))]), default=None),
            updated_on=max(_collect(records, lambda r: [iso_date(r.get("Last Updated"))]), default=None),
            remarks=_collect(records, lambda r: [r.get("Other Information")]),
            extra=_collect(records, _extra),
        )
    except ValueError as exc:  # e.g. a group whose rows carry no name at all
        raise ParseError(path, str(exc), line=line, where=f"Group ID {group_id}") from None


def _collect(records: list[Record], values: Callable[[Record], Iterable]) -> tuple:
    """Every distinct value ``values`` finds in any row of the group, in file order."""
    return unique(value for record in records for value in values(record))


def _numbered(text: str | None) -> list[str]:
    """``(1) Tikrit (2) Baghdad`` -> ``["Tikrit", "Baghdad"]``; an unnumbered value stays whole."""
    return [part.strip(" ,;") for part in _NUMBERED.split(text or "") if part.strip(" ,;")]


def _names(record: Record, person: bool) -> list[Name | None]:
    kind = name_kind(record.get("Alias Type"), record.get("Alias Quality"))
    return [
        uk_name((record.get(part) for part in _NAME_PARTS), kind, person),
        make_name(record.get("Name Non-Latin Script"), NameKind.ORIGINAL),
    ]


def _birth_places(record: Record) -> list[str]:
    """One "town, country" place when the row names one of each; otherwise each value alone,
    since numbered towns and countries need not pair up."""
    towns, countries = _numbered(record.get("Town of Birth")), _numbered(record.get("Country of Birth"))
    if len(towns) <= 1 and len(countries) <= 1:
        return [", ".join(towns + countries)]
    return towns + countries


def _identifiers(record: Record) -> list[Identifier]:
    return [
        *_documents("passport", record.get("Passport Number"), record.get("Passport Details")),
        *_documents("national_id", record.get("National Identification Number"), record.get("NI Details")),
    ]


def _documents(kind: str, numbers: str | None, details: str | None) -> list[Identifier]:
    """Document numbers with their details; numbered details pair with numbered numbers."""
    numbers_list, details_list = _numbered(numbers), _numbered(details)
    notes: list[str | None] = list(details_list)
    if len(details_list) != len(numbers_list):
        notes = ["; ".join(details_list) or None] * len(numbers_list)
    return [_document(kind, number, note) for number, note in zip(numbers_list, notes)]


def _document(kind: str, number: str, note: str | None) -> Identifier:
    """Split a trailing country off a number: ``3520025509842-7 (Pakistani)``."""
    match = _COUNTRY_SUFFIX.match(number)
    if match and (country := to_country(match.group(2))):
        return Identifier(kind, match.group(1), country, note)
    return Identifier(kind, number, None, note)


def _addresses(record: Record) -> list[Address]:
    parts = [record.get(part) for part in _ADDRESS_PARTS] + [record.get("Country")]
    full = ", ".join(part for part in parts if part)
    return [Address(full, None, country_code(record.get("Country")))] if full else []


def _extra(record: Record) -> list[tuple[str, str]]:
    """Facts with no model field: cross-list references, the FCDO designation date, and
    nationalities no country code could be found for (kept rather than dropped)."""
    out = [
        (_REFERENCE_KEYS[label], value.rstrip("."))
        for label, value in _REFERENCES.findall(record.get("Other Information") or "")
    ]
    if designated := iso_date(record.get("UK Sanctions List Date Designated")):
        out.append(("date_designated", designated))
    out += [("nationality", n) for n in _numbered(record.get("Nationality")) if not country_code(n)]
    return out
