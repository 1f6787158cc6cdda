"""FollowTheMoney entity streams, as OpenSanctions publishes them (``entities.ftm.json``).

One JSON object per line: ``id``, ``schema``, ``properties`` (every value a list of strings),
and in OpenSanctions exports also ``caption``, ``datasets``, ``referents``, ``first_seen``,
``last_seen``, ``last_change`` and ``target``. Listed things (Person, Company, Vessel, ...) come
with separate Sanction, Identification/Passport and link entities that point at them from
anywhere in the file, so the file is read twice: first only those adjunct entities are kept,
then the things are streamed and each is emitted complete (see
:func:`magnitsky.model.ftm.from_ftm`). Memory holds the adjuncts, never the things.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from followthemoney import model

from magnitsky.model import Entity
from magnitsky.model.ftm import entity_schema, from_ftm
from magnitsky.sources.base import ParseError, Parser


class FtmJsonParser(Parser):
    format = "ftm_json"
    source = "ftm"
    description = "FollowTheMoney entities as JSON lines (OpenSanctions entities.ftm.json)"

    def sniff(self, path: Path, head: str) -> bool:
        """The first non-empty line is a JSON object with ``schema`` and ``properties``.

        Checked by keys in the text, not by parsing: a long first line may be cut by the head
        limit."""
        first = next((line.strip() for line in head.splitlines() if line.strip()), "")
        return first.startswith("{") and '"schema"' in first and '"properties"' in first

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        return from_ftm(self._adjuncts_then_things(path), source, window=0)

    def _adjuncts_then_things(self, path: Path) -> Iterator[dict[str, Any]]:
        """Every record, adjuncts first: so each thing meets all its adjuncts on arrival.

        The first pass also validates the whole file before any entity is emitted."""
        yield from (record for record in _records(path) if not entity_schema(record["schema"]))
        yield from (record for record in _records(path) if entity_schema(record["schema"]))


def _records(path: Path) -> Iterator[dict[str, Any]]:
    """Every record of the file. A file with none is a list with nobody on it, which only the
    authority's own list may be (after its last designation is revoked): the store refuses such
    a version for any other source (``ListStore.load``, ``allow_empty``)."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            line = _decode(path, raw, number).strip()
            if line:
                yield _record(path, line, number)


def _decode(path: Path, raw: bytes, number: int) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
        raise ParseError(path, message, line=number) from None


def _record(path: Path, line: str, number: int) -> dict[str, Any]:
    """One line as an FtM entity dict, or a ParseError saying what is wrong with it."""
    try:
        record = orjson.loads(line)  # strict: a lone surrogate ("\\ud800") is not text, and no store can keep it
    except orjson.JSONDecodeError as exc:
        raise ParseError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", line=number) from None
    if not isinstance(record, dict):
        raise ParseError(path, "expected a JSON object (one FtM entity per line)", line=number)
    if not isinstance(record.get("id"), str) or not record["id"].strip():
        raise ParseError(path, "entity has no id", line=number)
    if not isinstance(record.get("properties"), dict):
        raise ParseError(path, f"entity {record['id']} has no properties object", line=number)
    schema = record.get("schema")
    if not isinstance(schema, str) or model.get(schema) is None:
        raise ParseError(path, f"unknown FollowTheMoney schema {schema!r}", line=number)
    return record
