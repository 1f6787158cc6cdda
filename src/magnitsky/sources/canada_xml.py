"""Global Affairs Canada: Consolidated Canadian Autonomous Sanctions List (``sema-lmes.xml``).

One flat ``<data-set>`` of ``<record>`` elements covering the Special Economic Measures Act
(SEMA) regulations and the Justice for Victims of Corrupt Foreign Officials Act (JVCFOA). Each
record is a person (``LastName``/``GivenName``), an entity, or a ship (``EntityOrShip`` with a
ship type or IMO number). The publisher renamed every element to a bilingual form in 2025
(``LastName`` became ``LastName-NomDeFamille``, ``TitleOrShip`` became
``TitleOrShipType-TitreOuTypeDeNavire``); fields are matched on the English part before the
first hyphen, so both layouts read the same. The 2020 file's older names (``Entity``,
``DateOfBirth``, ``Title``) are mapped onto the current ones too.

Values are bilingual too: ``Russia / Russie``, ``Major General | major-général``; the English
half is kept. ``Country`` names the regulation a listing is made under, not anyone's nationality,
so it becomes the program (with ``SEMA`` or ``JVCFOA`` beside it, short codes to find the
regulations by), never a country of the entity. The file has no publication date.

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
from difflib import SequenceMatcher
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
# Element names of the older layouts that differ from the English part of the bilingual ones: the
# 2020 file has Entity, DateOfBirth and Title; files of the early 2020s TitleOrShip.
_RENAMED = {
    "Entity": "EntityOrShip",
    "DateOfBirth": "DateOfBirthOrShipBuildDate",
    "Title": "TitleOrShipType",
    "TitleOrShip": "TitleOrShipType",
}
_DATE_SPLIT = re.compile(r"\s*(?:[;,]|\bor\b)\s*")
_JVCFOA = re.compile(r"Corrupt Foreign Officials|JVCFO", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\(([A-Z]{3,})\)")
# How alike two spellings of a name part must be (difflib's ratio) to be variants of one another:
# "Andrei" and "Andrey" 0.83, "Andrii" 0.67; "Motorola" and "Arseny" 0.14. A last word taken for
# the surname must be closer: "Nikolaevich" is 0.67 from "STANKEVICH" by its ending alone.
_VARIANT, _SAME_SURNAME = 0.6, 0.75


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
    primary = _primary_name(fields, person)
    birth_dates, unread_dates = _dates(fields.get("DateOfBirthOrShipBuildDate")) if person else ((), ())
    return build_entity(
        path,
        record.sourceline,
        where,
        source=source,
        source_id="|".join((country, fields.get("Schedule", ""), item)),
        schema=schema,
        names=best_names([primary, *_aliases(fields.get("Aliases"), primary if person else None)]),
        birth_dates=birth_dates,
        identifiers=_imo(fields.get("ShipIMONumber")),
        titles=unique([_title(fields.get("TitleOrShipType"))]) if person else (),
        measures=("asset_freeze", "travel_ban") if person else ("asset_freeze",),
        programs=_programs(country),
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


def _aliases(text: str | None, person: Name | None = None) -> list[Name | None]:
    """Split the alias field into names, dropping language labels; see ``_ALIAS_SPLIT``. A
    person's aliases are often name *parts* (see :func:`_person_alias`)."""
    names: list[str] = []
    for part in _ALIAS_SPLIT.split(text or ""):
        part = _ALIAS_LABEL.sub("", part)
        if names and is_legal_form(part):  # "Lakhta Plaza, LLC": the form goes back on
            names[-1] = f"{names[-1]}, {part}"
        elif part:
            names.append(part)
    if person is None:
        return [make_name(n, NameKind.ALIAS) for n in names]
    return [_person_alias(n, person) for n in names]


def _person_alias(alias: str, primary: Name) -> Name | None:
    """A person's alias as a whole name. Canada writes other spellings of one part of the name
    in the alias field: ``Andrei`` for Andrey Igorevich AKIMOV, ``PASHENKO`` for Natalya
    Aleksandrovna PASHCHENKO, ``Sergei Nikolaevich`` for Sergey Nikolayevich STANKEVICH. Stored
    alone, such a part would match everyone of that first name perfectly, so it replaces the part
    it spells: the surname when written in capitals (as the list writes surnames), the given names
    when it resembles the first of them. An alias with a capitalised surname of its own, ending in
    a spelling of the surname, or of a listing whose surname is not in capitals (``Asma Fawaz Al
    Akhras`` for Asma Al Assad), is a whole name; a single word resembling no part is a nickname
    (``Motorola``, ``Givi``), kept as a weak alias.
    """
    words, given, family = alias.split(), (primary.given or "").split(), primary.family or ""
    capitals = [w for w in words if w.isupper() and len(w) > 1]
    if capitals and len(capitals) < len(words):
        return make_name(alias, NameKind.ALIAS)
    if capitals:
        return make_name(" ".join([*given, alias]), NameKind.ALIAS, given=primary.given, family=alias)
    if len(words) > 1 and (not family.isupper() or _alike(words[-1], family, _SAME_SURNAME)):
        return make_name(alias, NameKind.ALIAS)
    if given and _alike(words[0], given[0], _VARIANT):
        variant = " ".join([*words, *given[len(words) :]])
        return make_name(" ".join([variant, family]).strip(), NameKind.ALIAS, given=variant, family=family or None)
    return make_name(alias, NameKind.WEAK if len(words) == 1 else NameKind.ALIAS)


def _alike(one: str, other: str, ratio: float) -> bool:
    return SequenceMatcher(None, one.casefold(), other.casefold()).ratio() >= ratio


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


def _title(text: str | None) -> str | None:
    """The English half of a title: ``Major General | major-général`` now, ``Major General/major-général``
    in the 2020 layout."""
    return _english(_english(text, " | "), "/")


def _programs(country: str) -> tuple[str, ...]:
    """The regulation's label and a short code to find it by: ``SEMA`` for the country regulations
    under the Special Economic Measures Act, ``JVCFOA`` (and the label's own ``JVCFOR``) for the
    Justice for Victims of Corrupt Foreign Officials ("Magnitsky") regulations."""
    if _JVCFOA.search(country):
        return unique([country, "JVCFOA", *_ABBREVIATION.findall(country)])
    return (country, "SEMA")


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
