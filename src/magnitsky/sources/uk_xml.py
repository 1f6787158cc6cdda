"""The FCDO's UK Sanctions List, XML edition (``UK-Sanctions-List.xml``).

Root ``<Designations>`` with a ``<DateGenerated>`` (dd/mm/yyyy), then one ``<Designation>`` per
listed person, entity or ship, keyed by its ``<UniqueID>`` (``RUS0001``, ``AFG0006``). Unlike
OFSI's CSV, one designation carries all of its names, and it states the measures imposed
(``Asset freeze|Travel Ban|Trust services sanctions``), so they are read rather than assumed.

Layout quirks handled here: ``NameType`` comes in several casings ("Primary name", "ALias");
"Primary Name Variation" is an alias; ``AliasStrength`` "Low quality a.k.a" makes a weak alias;
dates of birth use ``dd``/``mm`` placeholders; IMO numbers may carry an ``IMO`` prefix. Children of
``PassportDetails`` and ``NationalIdentifierDetails`` are read whatever their element name, as the
schema has called them both ``Passport`` and ``PassportDetail``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from magnitsky.model import Address, Entity, Identifier, Name, NameKind, Relation
from magnitsky.sources.base import ListMeta, ParseError, Parser
from magnitsky.sources.common import best_names, build_entity, gender, identifier_type, make_name, unique
from magnitsky.sources.uk_common import SCHEMA_BY_GROUP_TYPE, country_code, iso_date, name_kind, uk_date, uk_name
from magnitsky.sources.xml import child, children, expect_root, iter_elements, local, root_info, text

_ROOT = re.compile(r"<Designations[\s>]")
_IMO = re.compile(r"(\d{7})")
_LABELLED = re.compile(r"^([A-Za-z][A-Za-z /.()-]{1,40}?)\s*[:\-]\s*(\S.*)$")
_EMAIL_SPLIT = re.compile(r"[;,\s]+")
_ADDRESS_PARTS = (
    "AddressLine1",
    "AddressLine2",
    "AddressLine3",
    "AddressLine4",
    "AddressLine5",
    "AddressLine6",
    "AddressPostalCode",
)
# Model names for measures whose published wording would make an awkward key.
_MEASURES = {
    "trust services sanctions": "trust_services",
    "director disqualification sanction": "director_disqualification",
}
# (container under <Individual>, number element, note element, model identifier type)
_DOCUMENTS = (
    ("PassportDetails", "PassportNumber", "PassportAdditionalInformation", "passport"),
    ("NationalIdentifierDetails", "NationalIdentifierNumber", "NationalIdentifierAdditionalInformation", "national_id"),
)
# Ship facts with no model field: (element path under <Ship>, extra key).
_SHIP_FACTS = (
    ("TypeOfShipDetails/TypeOfShip", "vessel_type"),
    ("TonnageOfShipDetails/TonnageOfShip", "tonnage"),
    ("LengthOfShipDetails/LengthOfShip", "length"),
    ("YearsBuilt/YearBuilt", "build_date"),
    ("PreviousFlags/PreviousFlag", "previous_flag"),
    ("CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip", "flag"),
)


class UkXmlParser(Parser):
    format = "uk_xml"
    source = "uk_fcdo"
    description = "UK Sanctions List (FCDO), XML"

    def sniff(self, path: Path, head: str) -> bool:
        return bool(_ROOT.search(head))

    def meta(self, path: Path) -> ListMeta:
        _, _, found = root_info(path, {"DateGenerated"})
        return ListMeta(self.source, self.format, iso_date(found.get("DateGenerated")), (path,))

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        expect_root(path, "Designations", "a UK Sanctions List")
        for number, designation in enumerate(iter_elements(path, {"Designation"}), start=1):
            yield _entity(path, source, designation, number)


def _entity(path: Path, source: str, el: etree._Element, number: int) -> Entity:
    unique_id = text(el, "UniqueID")
    where = f"Designation {unique_id}" if unique_id else f"Designation #{number}"
    if not unique_id:
        raise ParseError(path, "designation has no UniqueID", line=el.sourceline, where=where)
    kind = text(el, "IndividualEntityShip") or ""
    schema = SCHEMA_BY_GROUP_TYPE.get(kind.casefold())
    if schema is None:
        raise ParseError(path, f"unknown IndividualEntityShip {kind!r}", line=el.sourceline, where=where)
    individual = _first(el, "IndividualDetails", "Individual")
    addresses = _addresses(el)
    return build_entity(
        path,
        el.sourceline,
        where,
        source=source,
        source_id=unique_id,
        schema=schema,
        names=best_names(_names(el, schema == "Person")),
        birth_dates=unique(uk_date(d) for d in _texts(individual, "DOBs/DOB")),
        birth_places=unique(_birth_places(individual)),
        nationalities=unique(country_code(n) for n in _texts(individual, "Nationalities/Nationality")),
        countries=unique([*(a.country for a in addresses), *_flags(el)]),
        gender=next(filter(None, map(gender, _texts(individual, "Genders/Gender"))), None),
        identifiers=unique(_identifiers(el, individual)),
        addresses=addresses,
        positions=unique(_texts(individual, "Positions/Position")),
        titles=unique(_texts(el, "Titles/Title")),
        measures=_measures(el),
        programs=unique([text(el, "RegimeName")]),
        listed_on=iso_date(text(el, "DateDesignated")),
        updated_on=iso_date(text(el, "LastUpdated")),
        remarks=unique([text(el, "UKStatementofReasons"), text(el, "OtherInformation")]),
        relations=unique(_relations(el)),
        emails=unique(e for value in _texts(el, "EmailAddresses/EmailAddress") for e in _EMAIL_SPLIT.split(value)),
        websites=unique(_texts(el, "Websites/Website")),
        phones=unique(_texts(el, "PhoneNumbers/PhoneNumber")),
        extra=unique(_extra(el)),
    )


# -- small readers -----------------------------------------------------------------------------


def _first(el: etree._Element | None, *path: str) -> etree._Element | None:
    """The first element down a path of child names, or None."""
    for name in path:
        if el is None:
            return None
        el = child(el, name)
    return el


def _all(el: etree._Element | None, path: str) -> list[etree._Element]:
    """Every element at ``Container/Item`` under ``el`` (several containers are allowed)."""
    if el is None:
        return []
    container, item = path.split("/")
    return [c for box in children(el, container) for c in children(box, item)]


def _texts(el: etree._Element | None, path: str) -> list[str]:
    return [value for item in _all(el, path) if (value := text(item))]


def _names(el: etree._Element, person: bool) -> Iterator[Name | None]:
    for name in _all(el, "Names/Name"):
        kind = name_kind(text(name, "NameType"), text(name, "AliasStrength"))
        yield uk_name((text(name, f"Name{i}") for i in range(1, 7)), kind, person)
    for name in _all(el, "NonLatinNames/NonLatinName"):
        yield make_name(text(name, "NameNonLatinScript"), NameKind.ORIGINAL)


def _birth_places(individual: etree._Element | None) -> Iterator[str]:
    for location in _all(individual, "BirthDetails/Location"):
        place = ", ".join(filter(None, (text(location, "TownOfBirth"), text(location, "CountryOfBirth"))))
        if place:
            yield place


def _identifiers(el: etree._Element, individual: etree._Element | None) -> Iterator[Identifier]:
    yield from _documents(individual)
    for value in _texts(
        _first(el, "EntityDetails", "Entity"), "BusinessRegistrationNumbers/BusinessRegistrationNumber"
    ):
        yield _registration(value)
    for value in _texts(_first(el, "ShipDetails", "Ship"), "IMONumbers/IMONumber"):
        match = _IMO.search(value)
        yield Identifier("imo", match.group(1) if match else value)


def _documents(individual: etree._Element | None) -> Iterator[Identifier]:
    """Passports and national ids, whatever each document element is called (see module doc)."""
    if individual is None:
        return
    for container, number, note, kind in _DOCUMENTS:
        for details in children(individual, container):
            for document in details:
                if isinstance(document.tag, str) and (value := text(document, number)):
                    yield Identifier(kind, value, None, text(document, note))


def _registration(value: str) -> Identifier:
    """A business registration number, typed by its label when it has one (``INN: 7701...``)."""
    match = _LABELLED.match(value)
    if match and (kind := identifier_type(match.group(1))) != "other":
        return Identifier(kind, match.group(2), None, match.group(1))
    return Identifier("registration", value)


def _addresses(el: etree._Element) -> tuple[Address, ...]:
    out = []
    for address in _all(el, "Addresses/Address"):
        country = text(address, "AddressCountry")
        full = ", ".join(filter(None, [*(text(address, part) for part in _ADDRESS_PARTS), country]))
        if full:
            out.append(Address(full, None, country_code(country)))
    return unique(out)


def _flags(el: etree._Element) -> list[str | None]:
    ship = _first(el, "ShipDetails", "Ship")
    return [country_code(flag) for flag in _texts(ship, "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip")]


def _measures(el: etree._Element) -> tuple[str, ...]:
    """Measures from ``SanctionsImposed`` ("Asset freeze|Travel Ban"), else from the true flags of
    ``SanctionsImposedIndicators`` (``<AssetFreeze>true</AssetFreeze>``)."""
    imposed = [m for m in (text(el, "SanctionsImposed") or "").split("|") if m.strip()]
    if not imposed:
        indicators = child(el, "SanctionsImposedIndicators")
        imposed = [
            _words(local(flag))
            for flag in (indicators if indicators is not None else ())
            if isinstance(flag.tag, str) and (text(flag) or "").lower() == "true"
        ]
    return unique(_measure(m) for m in imposed)


def _words(camel: str) -> str:
    """``TravelBan`` -> ``travel ban``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", camel).lower()


def _measure(label: str) -> str:
    key = " ".join(label.lower().split())
    return _MEASURES.get(key) or re.sub(r"[^a-z0-9]+", "_", key).strip("_")


def _relations(el: etree._Element) -> Iterator[Relation]:
    entity, ship = _first(el, "EntityDetails", "Entity"), _first(el, "ShipDetails", "Ship")
    for kind, details, path in (
        ("owned_by", entity, "ParentCompanies/ParentCompany"),
        ("owns", entity, "Subsidiaries/Subsidiary"),
        ("operated_by", ship, "CurrentOwnerOperators/CurrentOwnerOperator"),
        ("formerly_operated_by", ship, "PreviousOwnerOperators/PreviousOwnerOperator"),
    ):
        for target in _texts(details, path):
            yield Relation(kind, target)


def _extra(el: etree._Element) -> Iterable[tuple[str, str]]:
    """Cross-list keys (OFSI group, UN reference), who designated, and entity/ship facts."""
    for key, name in (
        ("ofsi_group_id", "OFSIGroupID"),
        ("un_ref", "UNReferenceNumber"),
        ("designation_source", "DesignationSource"),
    ):
        if value := text(el, name):
            yield key, value
    for value in _texts(_first(el, "EntityDetails", "Entity"), "TypeOfEntities/TypeOfEntity"):
        yield "entity_type", value
    ship = _first(el, "ShipDetails", "Ship")
    for path, key in _SHIP_FACTS:
        for value in _texts(ship, path):
            yield key, value
