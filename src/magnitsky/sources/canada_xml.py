"""Global Affairs Canada: Consolidated Canadian Autonomous Sanctions List (``sema-lmes.xml``).

One flat ``<data-set>`` of ``<record>`` elements covering the Special Economic Measures Act
(SEMA) regulations and the Justice for Victims of Corrupt Foreign Officials Act (JVCFOA). Each
record is a person (``LastName``/``GivenName``), an entity, or a ship (``EntityOrShip`` with a
ship type or IMO number). The publisher renamed every element to a bilingual form in 2025
(``LastName`` became ``LastName-NomDeFamille``, ``TitleOrShip`` became
``TitleOrShipType-TitreOuTypeDeNavire``); fields are matched on the English part before the
first hyphen, so both layouts read the same.

Values are bilingual too: ``Russia / Russie``, ``Major General | major-général``; the English
half is kept. ``Country`` names the regulation a listing is made under, not anyone's nationality,
so it becomes the program, never a country of the entity. The file has no publication date.

Canada publishes no record identifier: a listing is cited as item N of a schedule of the
regulations for a country, and that citation is unique in the list. ``source_id`` is therefore
``"<Country (English)>|<Schedule>|<Item>"`` (the schedule is empty for JVCFOA listings, which have
none), e.g. ``Russia|1, Part 1|94``; a repeated key is refused rather than silently merged.

Measures: a listing prohibits dealings in the person's property (an asset freeze) and makes a
listed foreign national inadmissible to Canada (a travel ban), under both Acts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from magnitsky.model import DateValue, Entity, Identifier, Name, NameKind, parse_date
from magnitsky.model.legal_forms import is_legal_form
from magnitsky.sources.base import ParseError, Parser
from magnitsky.sources.common import best_names, build_entity, iso_date, make_name, unique
from magnitsky.sources.xml import expect_root, iter_elements, local

_ROOT = re.compile(r"<data-set[\s>]")
_IMO = re.compile(r"^(?:IMO\s*)?(\d{7})$", re.IGNORECASE)
# Alias lists separate names with ";" or ","; a language label ("Russian: ") may open a name.
_ALIAS_SPLIT = re.compile(r"\s*[;,]\s*")
_ALIAS_LABEL = re.compile(r"^[A-Z][a-z]+:\s*")
# Element names of the pre-2025 layout that differ from the English part of the bilingual ones.
_RENAMED = {"TitleOrShip": "TitleOrShipType"}
_DATE_SPLIT = re.compile(r"\s*(?:[;,]|\bor\b)\s*")
_JVCFOA = re.compile(r"Corrupt Foreign Officials|JVCFO", re.IGNORECASE)


class CanadaXmlParser(Parser):
    format = "canada_xml"
    source = "ca_sema"
    description = "Canada consolidated autonomous sanctions list, SEMA and JVCFOA (sema-lmes.xml)"

    def sniff(self, path: Path, head: str) -> bool:
        return bool(_ROOT.search(head)) and "<record" in head

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        expect_root(path, "data-set", "a Canadian sanctions list")
        seen: dict[str, int] = {}  # source_id -> record number, to name both sides of a repeat
        for number, record in enumerate(iter_elements(path, {"record"}), start=1):
            entity = _entity(path, source, record, number)
            if entity.source_id in seen:
                raise ParseError(
                    path,
                    f"listing {entity.source_id!r} appears twice (also record #{seen[entity.source_id]})",
                    line=record.sourceline,
                    where=f"record #{number}",
                )
            seen[entity.source_id] = number
            yield entity


def _fields(record: etree._Element) -> dict[str, str]:
    """The record's non-empty fields keyed by the English element name (``LastName``), with
    whitespace (the publisher pads with no-break spaces and wraps lines) collapsed."""
    out = {}
    for child in record:
        if isinstance(child.tag, str) and child.text and (value := " ".join(child.text.split())):
            name = local(child).split("-")[0]
            out[_RENAMED.get(name, name)] = value
    return out


def _english(value: str | None, separator: str = " / ") -> str | None:
    """The English half of a bilingual value (``Belarus / Bélarus`` -> ``Belarus``)."""
    if not value:
        return None
    return value.split(separator)[0].strip() or None


def _entity(path: Path, source: str, record: etree._Element, number: int) -> Entity:
    fields = _fields(record)
    where = f"record #{number}"
    country, item = _english(fields.get("Country")), fields.get("Item")
    if not country or not item:
        raise ParseError(
            path, "record lacks its Country or Item, which identify a listing", line=record.sourceline, where=where
        )
    schema = _schema(fields)
    person = schema == "Person"
    birth_dates, unread_dates = _dates(fields.get("DateOfBirthOrShipBuildDate")) if person else ((), ())
    return build_entity(
        path,
        record.sourceline,
        where,
        source=source,
        source_id="|".join((country, fields.get("Schedule", ""), item)),
        schema=schema,
        names=best_names([_primary_name(fields, person), *_aliases(fields.get("Aliases"))]),
        birth_dates=birth_dates,
        identifiers=_imo(fields.get("ShipIMONumber")),
        titles=unique([_english(fields.get("TitleOrShipType"), " | ")]) if person else (),
        measures=("asset_freeze", "travel_ban") if person else ("asset_freeze",),
        programs=(country,),
        legal_basis=(_act(country),),
        listed_on=iso_date(fields.get("DateOfListing")),
        remarks=tuple(f"Date of birth: {text}" for text in unread_dates),
        extra=_extra(fields, schema),
    )


def _schema(fields: dict[str, str]) -> str:
    if "LastName" in fields or "GivenName" in fields:
        return "Person"
    if "ShipIMONumber" in fields or "TitleOrShipType" in fields:
        return "Vessel"
    return "Organization"


def _primary_name(fields: dict[str, str], person: bool) -> Name | None:
    if not person:
        return make_name(fields.get("EntityOrShip"))
    given, family = fields.get("GivenName"), fields.get("LastName")
    return make_name(" ".join(p for p in (given, family) if p), given=given, family=family)


def _aliases(text: str | None) -> list[Name | None]:
    """Split the alias field into names, dropping language labels; see ``_ALIAS_SPLIT``."""
    names: list[str] = []
    for part in _ALIAS_SPLIT.split(text or ""):
        part = _ALIAS_LABEL.sub("", part)
        if names and is_legal_form(part):  # "Lakhta Plaza, LLC": the form goes back on
            names[-1] = f"{names[-1]}, {part}"
        elif part:
            names.append(part)
    return [make_name(n, NameKind.ALIAS) for n in names]


def _dates(text: str | None) -> tuple[tuple[DateValue, ...], tuple[str, ...]]:
    """Birth dates, and the text of any the parser cannot read (kept as a remark, not lost).
    A few records give two candidate dates in one field."""
    if not text:
        return (), ()
    if whole := parse_date(text):
        return (whole,), ()
    parts = [p for p in _DATE_SPLIT.split(text) if p]
    dates = [parse_date(p) for p in parts]
    if all(dates):
        return unique(dates), ()
    return unique(d for d in dates if d), (text,)


def _imo(text: str | None) -> tuple[Identifier, ...]:
    match = _IMO.match(text or "")
    return (Identifier("imo", match.group(1)),) if match else ()


def _act(country: str) -> str:
    if _JVCFOA.search(country):
        return "Justice for Victims of Corrupt Foreign Officials Act"
    return "Special Economic Measures Act"


def _extra(fields: dict[str, str], schema: str) -> tuple[tuple[str, str], ...]:
    """The citation (schedule and item) and ship facts, which have no model field; an IMO
    column holding something other than an IMO number is kept verbatim."""
    out = [("schedule", fields.get("Schedule")), ("item", fields.get("Item"))]
    if schema == "Vessel":
        out += [
            ("vessel_type", _english(fields.get("TitleOrShipType"), " | ")),
            ("build_date", fields.get("DateOfBirthOrShipBuildDate")),
        ]
    if (imo := fields.get("ShipIMONumber")) and not _IMO.match(imo):
        out.append(("imo_text", imo))
    return tuple((key, value) for key, value in out if value)
