"""Reading a bank's customer file: CSV, JSON lines or Parquet, with a column mapping.

The mapping says which column holds which screening property, e.g. ``name=full_name,
birthDate=dob,nationality=country,id=customer_no`` (properties as in a screening query:
``name``, ``firstName``, ``lastName``, ``birthDate``, ``nationality``, ``country``, ``idNumber``,
``gender``...). ``id`` names the customer's key column (default ``id``), ``schema`` an optional
column with Person/Company/...; without a mapping every other column is a property of its own
name, as in ``magnitsky batch``. A cell may hold several values separated by ``|``; in JSON
lines a value may also be a list, and FtM-style records (``{"id", "schema", "properties"}``) are
read as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from magnitsky.cases.errors import CaseError
from magnitsky.parquet import parquet_rows

_MULTI = "|"
SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json", ".parquet")


def parse_mapping(specs: list[str] | None) -> dict[str, str]:
    """``["name=full_name,birthDate=dob", "id=customer_no"]`` -> {property: column}."""
    mapping: dict[str, str] = {}
    for spec in specs or []:
        for part in spec.split(","):
            prop, sep, column = (p.strip() for p in part.partition("="))
            if not part.strip():
                continue
            if not sep or not prop or not column:
                raise CaseError(f"bad mapping {part.strip()!r}: write PROPERTY=COLUMN, e.g. name=full_name")
            if prop in mapping:
                raise CaseError(f"property {prop!r} is mapped twice")
            mapping[prop] = column
    return mapping


@dataclass(frozen=True)
class CustomerRecord:
    id: str
    schema: str | None
    properties: dict[str, list[str]]
    where: str  # file and line/row, for error messages


def read_customers(path: Path, mapping: dict[str, str] | None = None) -> Iterator[CustomerRecord]:
    """Every record of ``path`` as (id, schema, properties); a bad record raises naming its place.
    The file's type and existence are checked at once, its records as they are read."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CaseError(f"{path}: unknown file type {suffix!r}; use .csv, .jsonl or .parquet")
    if not path.is_file():
        raise CaseError(f"{path}: no such file")
    rows = {".csv": _csv_rows, ".parquet": _parquet_rows}.get(suffix, _jsonl_rows)(path)
    return _records(rows, dict(mapping or {}))


def _records(rows: Iterator[tuple[dict, str]], mapping: dict[str, str]) -> Iterator[CustomerRecord]:
    id_column, schema_column = mapping.pop("id", "id"), mapping.pop("schema", "schema")
    for row, where in rows:
        key = _values(row.get(id_column), where, id_column)
        if not key:
            raise CaseError(f"{where}: no customer id in column {id_column!r}")
        columns = mapping or {c: c for c in row if c not in (id_column, schema_column)}
        properties = {}
        for prop, column in columns.items():
            if column not in row and mapping:
                raise CaseError(f"{where}: no column {column!r} (mapped to {prop}); columns are {', '.join(row)}")
            if values := _values(row.get(column), where, column):
                properties[prop] = values
        schema = _values(row.get(schema_column), where, schema_column)
        yield CustomerRecord(key[0], schema[0] if schema else None, properties, where)


def _values(value: Any, where: str, column: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)):
            raise CaseError(f"{where}: column {column!r} holds a nested object; expected text")
        text = str(item)
        if "\x00" in text:  # in no name or id; PostgreSQL cannot store it (SQLite would, unlike the other)
            raise CaseError(f"{where}: column {column!r} holds a NUL character")
        out.extend(v.strip() for v in text.split(_MULTI) if v.strip())
    return out


def _csv_rows(path: Path) -> Iterator[tuple[dict, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        try:
            for number, row in enumerate(csv.DictReader(fh), 2):
                if None in row:
                    raise CaseError(f"{path}, line {number}: more cells than header columns")
                yield row, f"{path}, line {number}"
        except (UnicodeDecodeError, csv.Error) as exc:
            raise CaseError(f"{path}: unreadable CSV ({exc})") from None


def _jsonl_rows(path: Path) -> Iterator[tuple[dict, str]]:
    with open(path, encoding="utf-8") as fh:
        try:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}, line {number}"
                try:
                    record = orjson.loads(line)  # strict: a lone surrogate ("\\ud800") is not text
                except orjson.JSONDecodeError as exc:
                    raise CaseError(f"{where}: not valid JSON ({exc.msg})") from None
                if not isinstance(record, dict):
                    raise CaseError(f"{where}: each line must be a JSON object")
                if isinstance(record.get("properties"), dict):  # FtM style
                    record = {**{k: v for k, v in record.items() if k != "properties"}, **record["properties"]}
                yield record, where
        except UnicodeDecodeError as exc:
            raise CaseError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _parquet_rows(path: Path) -> Iterator[tuple[dict, str]]:
    for number, row in enumerate(parquet_rows(path, error=CaseError), start=1):
        yield row, f"{path}, row {number}"
