"""The user's own list as a simple CSV (format documented in docs/own-list-csv.md).

Strict on purpose: this file is typed by people, so a misspelt column, an unknown country or a
date like ``01/02/1970`` is an error naming file, line and column rather than a value silently
dropped - a dropped birth date or nationality is a screening miss nobody notices.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from magnitsky.model import SCHEMATA, DateValue, Entity, Identifier, Name, NameKind
from magnitsky.sources.base import ParseError, Parser
from magnitsky.sources.common import make_name, unique
from magnitsky.sources.csv_cells import (
    SEPARATOR,
    CellError,
    CsvFile,
    countries,
    from_spreadsheet_safe,
    iso_prefix,
    multi,
)

REQUIRED = ("id", "name")
# No name, alias or remark a person types comes near this; a longer cell is a broken file (an
# unclosed quote swallowing the rest) or an attack, and would otherwise load as a list entry.
MAX_CELL_CHARS = 65_536
# Identifier columns -> model identifier type.
ID_COLUMNS = {"passport": "passport", "national_id": "national_id", "tax_id": "tax_id", "imo": "imo", "bic": "bic"}
NAME_COLUMNS = {
    "aliases": NameKind.ALIAS,
    "weak_aliases": NameKind.WEAK,
    "former_names": NameKind.FORMER,
    "original_names": NameKind.ORIGINAL,
}
PERSON_ONLY = ("birth_date", "birth_place", "gender")
_IMO = re.compile(r"^(?:IMO\s*)?(\d{7})$", re.IGNORECASE)
_BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")
_MEASURE = re.compile(r"^[a-z][a-z0-9_]*$")
_GENDERS = {"male": "male", "m": "male", "female": "female", "f": "female", "other": "other"}


class SimpleCsvParser(Parser):
    format = "simple_csv"
    source = "own_list"
    description = "Own list: simple UTF-8 CSV with id, name, aliases, birth_date, ... (docs/own-list-csv.md)"

    def sniff(self, path: Path, head: str) -> bool:
        """The header (first line) has ``id`` and ``name`` columns and is not OFSI's ConList."""
        first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
        columns = {c.strip().lower() for c in next(csv.reader([first]), [])}
        return {"id", "name"} <= columns and not {"name 6", "group id"} & columns

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        table = CsvFile(path)
        header = _header(path, table)
        seen: dict[str, int] = {}
        for start, cells in table.rows():
            if len(cells) > len(header):
                raise ParseError(path, f"{len(cells)} cells but the header has {len(header)} columns", line=start)
            if oversized := next((c for c, cell in zip(header, cells) if len(cell) > MAX_CELL_CHARS), None):
                message = f"a cell of over {MAX_CELL_CHARS:,} characters; no name or remark is that long"
                raise ParseError(path, message, line=start, where=f"column {oversized}")
            row = {column: from_spreadsheet_safe(cell.strip()) for column, cell in zip(header, cells)}
            entity = _entity(path, start, source, row)
            if entity.source_id in seen:
                message = f"duplicate id {entity.source_id!r} (first on line {seen[entity.source_id]})"
                raise ParseError(path, message, line=start, where="column id")
            seen[entity.source_id] = start
            yield entity


def _header(path: Path, table: CsvFile) -> list[str]:
    header = table.header()
    if header is None:
        raise ParseError(path, "file is empty")
    header = [c.strip().lower() for c in header]
    if unknown := [c for c in header if c not in COLUMNS]:
        raise ParseError(
            path, f"unknown column(s) {', '.join(map(repr, unknown))}; known columns: {', '.join(COLUMNS)}", line=1
        )
    if missing := [c for c in REQUIRED if c not in header]:
        raise ParseError(path, f"missing required column(s) {', '.join(missing)}", line=1)
    if repeated := unique(c for c in header if header.count(c) > 1):
        raise ParseError(path, f"column(s) {', '.join(repeated)} appear more than once", line=1)
    return header


def _entity(path: Path, line: int, source: str, row: dict[str, str]) -> Entity:
    """One row as an entity; a bad cell becomes a ParseError naming line and column."""

    def error(column: str, message: str) -> ParseError:
        return ParseError(path, message, line=line, where=f"column {column}")

    if not row.get("id"):
        raise error("id", "id is required")
    values = {}
    for column, read in _READERS.items():
        try:
            values[column] = read(row.get(column, ""))
        except CellError as exc:
            raise error(column, str(exc)) from None
    if values["schema"] != "Person" and (misplaced := [c for c in PERSON_ONLY if row.get(c)]):
        raise error(misplaced[0], f"{misplaced[0]} is only for schema Person, not {values['schema']}")
    return _build(source, row["id"], values)


def _build(source: str, source_id: str, v: dict) -> Entity:
    return Entity(
        source=source,
        source_id=source_id,
        schema=v["schema"],
        names=(v["name"], *(name for column in NAME_COLUMNS for name in v[column])),
        birth_dates=v["birth_date"],
        birth_places=v["birth_place"],
        nationalities=v["nationality"],
        countries=v["country"],
        gender=v["gender"],
        identifiers=tuple(Identifier(ID_COLUMNS[c], value) for c in ID_COLUMNS for value in v[c]),
        measures=v["measures"],
        programs=v["programs"],
        listed_on=v["listed_on"],
        remarks=v["remarks"],
    )


# -- cell readers: text -> value, or CellError ------------------------------------------------


def _schema(cell: str) -> str:
    if not cell:
        return "Person"
    for schema in SCHEMATA:
        if schema.lower() == cell.lower():
            return schema
    raise CellError(f"unknown schema {cell!r}; expected one of {', '.join(SCHEMATA)}")


def _primary(cell: str) -> Name:
    name = make_name(cell, NameKind.PRIMARY)
    if name is None:
        raise CellError("name is required")
    return name


def _names(kind: NameKind, cell: str) -> tuple[Name, ...]:
    return unique(make_name(text, kind) for text in multi(cell))


def _date_value(text: str) -> DateValue:
    """``1970``, ``~1970`` (approximate) or ``1965/1967`` (range), each part an ISO prefix."""
    approximate = text.startswith("~")
    start, _, end = text.lstrip("~").partition("/")
    value = DateValue(iso_prefix(start), iso_prefix(end) if end else None, approximate)
    if value.end and value.end < value.start:
        raise CellError(f"date range {text!r} ends before it starts")
    return value


def _gender(cell: str) -> str | None:
    if cell and cell.lower() not in _GENDERS:
        raise CellError(f"unknown gender {cell!r}; use male, female or other")
    return _GENDERS.get(cell.lower())


def _imo(cell: str) -> tuple[str, ...]:
    numbers = []
    for text in multi(cell):
        if not (match := _IMO.match(text)):
            raise CellError(f"{text!r} is not an IMO number (7 digits, optionally prefixed IMO)")
        numbers.append(match.group(1))
    return tuple(numbers)


def _bic(cell: str) -> tuple[str, ...]:
    codes = tuple(text.upper() for text in multi(cell))
    if bad := [code for code in codes if not _BIC.match(code)]:
        raise CellError(f"{bad[0]!r} is not a BIC (8 or 11 letters and digits)")
    return codes


def _measures(cell: str) -> tuple[str, ...]:
    measures = tuple(re.sub(r"[\s-]+", "_", text.lower()) for text in multi(cell))
    if bad := [m for m in measures if not _MEASURE.match(m)]:
        raise CellError(f"{bad[0]!r} is not a measure name like asset_freeze or travel_ban")
    return unique(measures)


def _dates(cell: str) -> tuple[DateValue, ...]:
    return unique(_date_value(text) for text in multi(cell))


def _text(cell: str) -> tuple[str, ...]:
    """A free-text cell: one value, ``|`` included (remarks are prose, not lists)."""
    return (" ".join(cell.split()),) if cell.strip() else ()


# column -> reader of its cell. Every column but id, whose checks need the whole file.
_READERS: dict[str, Callable[[str], Any]] = {
    "schema": _schema,
    "name": _primary,
    **{column: partial(_names, kind) for column, kind in NAME_COLUMNS.items()},
    "birth_date": _dates,
    "birth_place": multi,
    "nationality": countries,
    "country": countries,
    "gender": _gender,
    "passport": multi,
    "national_id": multi,
    "tax_id": multi,
    "imo": _imo,
    "bic": _bic,
    "programs": multi,
    "measures": _measures,
    "listed_on": lambda cell: iso_prefix(cell) if cell else None,
    "remarks": _text,
}
COLUMNS = ("id", *_READERS)


def to_row(entity: Entity) -> dict[str, str]:
    """``entity`` as a row of this format (the inverse of parsing, for ``magnitsky export``).

    The id is the entity's store id (``source:source_id``) so rows from several lists stay
    distinct. Facts the format has no column for (addresses, other identifier types, relations)
    are left out: export FollowTheMoney JSON for a lossless copy.
    """

    def join(values) -> str:
        return SEPARATOR.join(str(v).replace(SEPARATOR, "/") for v in values)

    def names(kind: NameKind) -> str:
        return join(n.full for n in entity.names if n.kind is kind)

    primary = entity.caption
    row = {
        "id": entity.id,
        "schema": entity.schema,
        "name": primary,
        **{column: names(kind) for column, kind in NAME_COLUMNS.items()},
        "birth_date": join(entity.birth_dates),
        "birth_place": join(entity.birth_places),
        "nationality": join(entity.nationalities),
        "country": join(entity.countries),
        "gender": entity.gender or "",
        **{column: join(i.value for i in entity.identifiers if i.type == kind) for column, kind in ID_COLUMNS.items()},
        "programs": join(entity.programs),
        "measures": join(entity.measures),
        "listed_on": entity.listed_on or "",
        "remarks": join(entity.remarks),
    }
    row["aliases"] = join(
        n.full for n in entity.names if n.kind is NameKind.ALIAS or (n.kind is NameKind.PRIMARY and n.full != primary)
    )
    return {column: row.get(column, "") for column in COLUMNS}
