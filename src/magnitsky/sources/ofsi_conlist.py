"""OFSI's Consolidated List of Financial Sanctions Targets ("ConList"), whichever file it comes in.

OFSI (HM Treasury) published the same table as ``ConList.csv`` and ``ConList.xlsx``: a ``Last
Updated`` line, a header row, then one row per *name* of a target. A person with three spellings
and two dates of birth fills several rows that share one ``Group ID``. The file is sorted by
surname, not by group, so a target's rows are not always adjacent; the whole table is therefore
read into a dict of groups before anything is yielded. That costs memory in proportion to the
file (some 20,000 rows), a bounded price for never splitting one target into two entities; it also
means a malformed or truncated file fails before any entity is produced.

:mod:`.ofsi_csv` and :mod:`.ofsi_xlsx` only read rows; this module turns rows into entities, so both
files of the same list give the same entities.

Fields may list several values as ``(1) x (2) y``. The list does not say which measures apply:
every OFSI target is subject to an asset freeze, and travel bans are not recorded, so the measures
are ``asset_freeze`` only (the FCDO's UK Sanctions List XML, :mod:`.uk_xml`, states them all).
Programs are the regime's name and its short code (``Russia`` and ``RUS``), see
:func:`~magnitsky.sources.uk_common.regime_programs`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from magnitsky.model import Address, Entity, Identifier, Name, NameKind, to_country
from magnitsky.sources.base import ParseError
from magnitsky.sources.common import best_names, gender, make_name, unique
from magnitsky.sources.uk_common import (
    SCHEMA_BY_GROUP_TYPE,
    country_code,
    iso_date,
    name_kind,
    regime_programs,
    uk_date,
    uk_name,
)

Record = dict[str, str]
# Where a row is, for errors: a CSV names its line, a workbook its sheet row (line None, "row 7").
Place = tuple[int | None, str | None]

_REQUIRED = ("Name 6", "Name 1", "Group Type", "Alias Type", "Group ID")
_NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
_ADDRESS_PARTS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code")
# The national-id details column: "NI Details" in the CSV, spelt out in the workbook.
_NI_DETAILS = ("National Identification Details", "NI Details")
_NUMBERED = re.compile(r"\(\d{1,2}\)")
_COUNTRY_SUFFIX = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
# Cross-references written into "Other Information": "(UK Sanctions List Ref):AQD0183 (UN Ref):QDi.263"
# and, in older rows, "UN Ref IRi.018." opening the field. They link this target to the FCDO and UN
# lists; a few have a stray space ("CDi. 038"). A ref elsewhere in the text is another target's
# ("Listed as asset of ... UN Ref KPe.064").
_REFERENCES = re.compile(r"(?:^\s*|\()(UK Sanctions List Ref|UN Ref)\)?\s*:?\s*([A-Za-z]+\.? ?\d[\w.]*)")
_GENDER = re.compile(r"\(Gender\):\s*([A-Za-z]+)")
_REFERENCE_KEYS = {"UK Sanctions List Ref": "uk_sanctions_list_ref", "UN Ref": "un_ref"}


def is_header(cells: Iterable[str]) -> bool:
    """A ConList header row: it opens with ``Name 6`` and has a ``Group ID`` column."""
    cells = [cell.strip() for cell in cells]
    return bool(cells) and cells[0] == "Name 6" and "Group ID" in cells


def last_updated(first_row: list[str]) -> str | None:
    """The publication date the ``Last Updated,dd/mm/yyyy`` opening row gives, as an ISO date."""
    if len(first_row) > 1 and first_row[0].strip() == "Last Updated":
        return iso_date(first_row[1])
    return None


def entities(
    path: Path, source: str, rows: Iterator[tuple[Place, list[str]]], ragged: bool = False
) -> Iterator[Entity]:
    """The targets in a ConList table's rows (the ``Last Updated`` row, the header, the names).

    ``ragged``: a workbook does not store a row's trailing empty cells, so a short row is padded
    there; in a CSV a short row means a cut file and is refused."""
    for group_id, group in _groups(path, rows, ragged).items():
        yield _entity(path, source, group_id, group)


# -- reading -----------------------------------------------------------------------------------


def _header(path: Path, rows: Iterator[tuple[Place, list[str]]]) -> list[str]:
    """Skip the ``Last Updated`` row and check the header names the columns a target needs."""
    place, row = next(rows, ((1, None), None))
    if row and row[0].strip() == "Last Updated":
        place, row = next(rows, ((_next_line(place), None), None))
    if not row or not any(cell.strip() for cell in row):
        raise ParseError(path, "file is empty or has no header row", line=place[0], where=place[1])
    header = [cell.strip() for cell in row]
    while header and not header[-1]:  # a workbook's sheet may be wider than its table
        header.pop()
    if missing := [column for column in _REQUIRED if column not in header]:
        raise ParseError(
            path, f"not an OFSI ConList header; missing columns: {', '.join(missing)}", line=place[0], where=place[1]
        )
    return header


def _next_line(place: Place) -> int | None:
    return place[0] + 1 if place[0] is not None else None


def _records(path: Path, rows: Iterator[tuple[Place, list[str]]], ragged: bool) -> Iterator[tuple[Place, Record]]:
    header = _header(path, rows)
    width = len(header)
    for place, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if ragged and len(row) != width and not any(cell.strip() for cell in row[width:]):
            row = (row + [""] * width)[:width]
        if len(row) != width:
            raise ParseError(
                path, f"row has {len(row)} fields but the header has {width}", line=place[0], where=place[1]
            )
        yield place, {column: cell.strip() for column, cell in zip(header, row)}


def _groups(path: Path, rows: Iterator[tuple[Place, list[str]]], ragged: bool) -> dict[str, list[tuple[Place, Record]]]:
    """All rows by Group ID, groups in order of first appearance (see the module docstring)."""
    groups: dict[str, list[tuple[Place, Record]]] = {}
    for place, record in _records(path, rows, ragged):
        if not record["Group ID"]:
            raise ParseError(path, "row has no Group ID", line=place[0], where=place[1])
        groups.setdefault(record["Group ID"], []).append((place, record))
    return groups


# -- one target --------------------------------------------------------------------------------


def _entity(path: Path, source: str, group_id: str, rows: list[tuple[Place, Record]]) -> Entity:
    (line, at), first = rows[0]
    where = ", ".join(filter(None, (at, f"Group ID {group_id}")))
    schema = SCHEMA_BY_GROUP_TYPE.get(first["Group Type"].casefold())
    if schema is None:
        raise ParseError(path, f"unknown Group Type {first['Group Type']!r}", line=line, where=where)
    records = [record for _, record in rows]
    addresses = _collect(records, _addresses)
    try:
        return Entity(
            source=source,
            source_id=group_id,
            schema=schema,
            names=best_names(_collect(records, lambda r: _names(r, schema == "Person"))),
            birth_dates=_collect(records, lambda r: [uk_date(r.get("DOB"))]),
            gender=next(iter(_collect(records, _gender)), None),
            birth_places=_collect(records, _birth_places),
            nationalities=_collect(records, lambda r: map(country_code, _numbered(r.get("Nationality")))),
            countries=unique(a.country for a in addresses),
            identifiers=_collect(records, _identifiers),
            addresses=addresses,
            positions=_collect(records, lambda r: _numbered(r.get("Position"))),
            titles=_collect(records, lambda r: _numbered(r.get("Title"))),
            measures=("asset_freeze",),
            programs=_collect(records, lambda r: regime_programs(r.get("Regime"))),
            listed_on=min(_collect(records, lambda r: [iso_date(r.get("Listed On"))]), default=None),
            updated_on=max(_collect(records, lambda r: [iso_date(r.get("Last Updated"))]), default=None),
            remarks=_collect(records, lambda r: [r.get("Other Information")]),
            extra=_collect(records, _extra),
        )
    except ValueError as exc:  # e.g. a group whose rows carry no name at all
        raise ParseError(path, str(exc), line=line, where=where) from None


def _collect(records: list[Record], values: Callable[[Record], Iterable]) -> tuple:
    """Every distinct value ``values`` finds in any row of the group, in file order."""
    return unique(value for record in records for value in values(record))


def _numbered(text: str | None) -> list[str]:
    """``(1) Tikrit (2) Baghdad`` -> ``["Tikrit", "Baghdad"]``; an unnumbered value stays whole."""
    return [part.strip(" ,;") for part in _NUMBERED.split(text or "") if part.strip(" ,;")]


def _names(record: Record, person: bool) -> list[Name | None]:
    """The row's name from its six parts, and its non-Latin spelling, whose script is told from
    its characters (the list's ``Non-Latin Script Type`` is mostly empty and misspelt)."""
    kind = name_kind(record.get("Alias Type"), record.get("Alias Quality"))
    return [
        uk_name((record.get(part) for part in _NAME_PARTS), kind, person),
        make_name(record.get("Name Non-Latin Script"), NameKind.ORIGINAL),
    ]


def _gender(record: Record) -> list[str | None]:
    """The "(Gender):Male" note the workbook's Other Information carries for persons."""
    return [gender(value) for value in _GENDER.findall(record.get("Other Information") or "")]


def _birth_places(record: Record) -> list[str]:
    """One "town, country" place when the row names one of each; otherwise each value alone,
    since numbered towns and countries need not pair up."""
    towns, countries = _numbered(record.get("Town of Birth")), _numbered(record.get("Country of Birth"))
    if len(towns) <= 1 and len(countries) <= 1:
        return [", ".join(towns + countries)]
    return towns + countries


def _identifiers(record: Record) -> list[Identifier]:
    ni_details = next((record[column] for column in _NI_DETAILS if record.get(column)), None)
    return [
        *_documents("passport", record.get("Passport Number"), record.get("Passport Details")),
        *_documents("national_id", record.get("National Identification Number"), ni_details),
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
        (_REFERENCE_KEYS[label], value.replace(" ", "").rstrip("."))  # "CDi. 038" is CDi.038
        for label, value in _REFERENCES.findall(record.get("Other Information") or "")
    ]
    if designated := iso_date(record.get("UK Sanctions List Date Designated")):
        out.append(("date_designated", designated))
    out += [("nationality", n) for n in _numbered(record.get("Nationality")) if not country_code(n)]
    return out
