"""EU Financial Sanctions Files (FSF), XML export of the EU consolidated financial sanctions list.

Root ``export`` in namespace ``http://eu.europa.ec/fpi/fsd/export``; one ``sanctionEntity`` per
listed person or entity, keyed by its ``logicalId``. Nearly every fact is an attribute, and every
element carries ``regulationSummary`` children naming the act that introduced it.

Conventions this parser follows:

* The primary name is the first ``nameAlias`` in English, else in no marked language, else in
  Latin letters (the file's first alias is as often Bulgarian or Swedish); the others are
  aliases, weak when ``strong="false"``. Spellings in a non-Latin script (``nameLanguage`` RU, AR, ...) become
  ORIGINAL names with their script. ``function`` and ``title`` are positions and titles.
  ``firstName``/``lastName`` become given/family; ``middleName`` (a middle name, or a Russian
  patronymic -- the file does not say which) stays only in the full name.
* ``subjectType`` ``person`` is a Person, ``enterprise`` an Organization (the EU uses it for
  companies, banks, armed groups and state bodies alike); anything else a LegalEntity.
* Programs are the ``regulation`` ``programme`` codes (TAQA, PRK, RUS, ...); the legal basis is
  the regulations' ``numberTitle`` ("2019/555 (OJ L97)"). ``updated_on`` is the latest of their
  publication dates.
* Measures: the FSF file is the EU's *financial* sanctions list, so what it states is an asset
  freeze (and a ban on making funds available). EU travel bans live in the Council decisions and
  are not marked in this file, so only ``asset_freeze`` is stated.
* ``countryIso2Code="00"`` means UNKNOWN and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from magnitsky.model import Address, DateValue, Entity, Identifier, Name, NameKind, parse_date, to_country
from magnitsky.model.scripts import script_of
from magnitsky.sources.base import ListMeta, ParseError, Parser
from magnitsky.sources.common import build_entity, gender, identifier_type, iso_date, make_name, unique
from magnitsky.sources.xml import children, expect_root, iter_elements, text

ROOT = "export"
_NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
_SNIFF = re.compile(r"<(?:\w+:)?export\b[^>]*" + re.escape(_NAMESPACE))
_SCHEMA = {"person": "Person", "enterprise": "Organization"}
_MEASURES = ("asset_freeze",)
# identification flags worth telling a reviewer, in the file's own attribute names
_ID_FLAGS = {
    "knownFalse": "known false",
    "knownExpired": "known expired",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by issuer",
    "diplomatic": "diplomatic",
}


class EuXmlParser(Parser):
    format = "eu_xml"
    source = "eu_fsf"
    description = "EU Financial Sanctions Files consolidated list (XML)"

    def sniff(self, path: Path, head: str) -> bool:
        return bool(_SNIFF.search(head))

    def meta(self, path: Path) -> ListMeta:
        root = expect_root(path, ROOT, "an EU Financial Sanctions Files export")
        return ListMeta(self.source, self.format, iso_date(root.get("generationDate")), (path,))

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        expect_root(path, ROOT, "an EU Financial Sanctions Files export")
        for el in iter_elements(path, {"sanctionEntity"}):
            yield _entity(path, source, el)


def _attr(el: etree._Element, name: str) -> str | None:
    """An attribute with whitespace collapsed; None when absent or blank."""
    return " ".join((el.get(name) or "").split()) or None


def _country(el: etree._Element) -> str | None:
    return to_country(_attr(el, "countryIso2Code")) or to_country(_attr(el, "countryDescription"))


def _entity(path: Path, source: str, el: etree._Element) -> Entity:
    logical_id = _attr(el, "logicalId")
    if not logical_id:
        raise ParseError(path, "sanctionEntity has no logicalId", line=el.sourceline, where="sanctionEntity")
    aliases = children(el, "nameAlias")
    primary = _primary(aliases)
    subject = children(el, "subjectType")
    schema = _SCHEMA.get(_attr(subject[0], "code") or "", "LegalEntity") if subject else "LegalEntity"
    regulations = children(el, "regulation")
    return build_entity(
        path,
        el.sourceline,
        "sanctionEntity",
        source=source,
        source_id=logical_id,
        schema=schema,
        names=unique(_name(a, a is primary, schema) for a in aliases),
        birth_dates=unique(_birth_date(b) for b in children(el, "birthdate")),
        birth_places=unique(_place(b) for b in children(el, "birthdate")),
        nationalities=unique(_country(c) for c in children(el, "citizenship")),
        countries=unique(_country(a) for a in children(el, "address")),
        gender=next(filter(None, (gender(_attr(a, "gender")) for a in aliases)), None),
        identifiers=unique(_identifier(i) for i in children(el, "identification")),
        addresses=unique(_address(a) for a in children(el, "address")),
        positions=unique(_attr(a, "function") for a in aliases),
        titles=unique(_attr(a, "title") for a in aliases),
        measures=_MEASURES,
        programs=unique(_attr(r, "programme") for r in regulations),
        legal_basis=unique(_attr(r, "numberTitle") for r in regulations),
        listed_on=iso_date(_attr(el, "designationDate")),
        updated_on=max(unique(iso_date(_attr(r, "publicationDate")) for r in regulations), default=None),
        remarks=unique([_attr(el, "designationDetails"), *(text(r) for r in el.iter("{*}remark"))]),
        extra=(
            *(
                (key, value)
                for key, attr in (
                    ("eu_reference_number", "euReferenceNumber"),
                    ("un_reference_number", "unitedNationId"),
                )
                if (value := _attr(el, attr))
            ),
            *(("birth_date", words) for b in children(el, "birthdate") if (words := _open_range(b))),
        ),
    )


def _primary(aliases: list[etree._Element]) -> etree._Element | None:
    """The nameAlias that is the entry's name as listed: the first in English, else the first in no
    marked language, else the first in Latin letters. The file lists an entry's names in no useful
    order -- often a Bulgarian or Swedish copy first -- and marks none as the primary."""
    latin = [a for a in aliases if (full := _full_name(a)) and script_of(full) is None]
    for wanted in ("EN", None):
        chosen = next((a for a in latin if _attr(a, "nameLanguage") == wanted), None)
        if chosen is not None:
            return chosen
    return latin[0] if latin else None


def _full_name(alias: etree._Element) -> str:
    first, middle, last = (_attr(alias, a) for a in ("firstName", "middleName", "lastName"))
    return _attr(alias, "wholeName") or " ".join(filter(None, (first, middle, last)))


def _name(alias: etree._Element, primary: bool, schema: str) -> Name | None:
    """A nameAlias as a Name: the primary (see :func:`_primary`), else alias or (strong="false") weak."""
    first, last, full = _attr(alias, "firstName"), _attr(alias, "lastName"), _full_name(alias)
    if primary:
        kind = NameKind.PRIMARY
    else:
        kind = NameKind.WEAK if _attr(alias, "strong") == "false" else NameKind.ALIAS
    if schema != "Person":
        return make_name(full, kind)
    return make_name(full, kind, given=first, family=last)


def _birth_date(el: etree._Element) -> DateValue | None:
    """Full date, else year/month/day, else a year range; ``circa="true"`` makes it approximate."""
    year, month, day = (_attr(el, a) for a in ("year", "monthOfYear", "dayOfMonth"))
    date = parse_date(_attr(el, "birthdate"))
    if date is None and year:
        date = parse_date("-".join(filter(None, (year, month, day if month else None))))
    start, end = parse_date(_attr(el, "yearRangeFrom")), parse_date(_attr(el, "yearRangeTo"))
    if date is None and start and end and start.start <= end.start:
        date = DateValue(start.start, end.start)
    if date and _attr(el, "circa") == "true":
        return DateValue(date.start, date.end, approximate=True)
    return date


def _open_range(el: etree._Element) -> str | None:
    """A birth year range open at one end (``yearRangeTo="1980"`` alone: born in 1980 or before),
    which no date value can hold; kept in words rather than dropped."""
    if _birth_date(el) is not None:
        return None
    start, end = _attr(el, "yearRangeFrom"), _attr(el, "yearRangeTo")
    if bool(start) == bool(end):
        return None
    return f"{start} or later" if start else f"{end} or earlier"


def _place(el: etree._Element) -> str | None:
    """The place an element names (street..country), e.g. a birth place or an address line."""
    parts = [_attr(el, a) for a in ("street", "poBox", "place", "city", "zipCode", "region")]
    parts.append(_attr(el, "countryDescription") if _attr(el, "countryIso2Code") != "00" else None)
    return ", ".join(p for p in parts if p and p != "-") or None


def _address(el: etree._Element) -> Address | None:
    full = _place(el)
    return Address(full, _attr(el, "city"), _country(el)) if full else None


def _identifier(el: etree._Element) -> Identifier | None:
    number = _attr(el, "number") or _attr(el, "latinNumber")
    if not number:
        return None
    label = _attr(el, "identificationTypeDescription") or _attr(el, "identificationTypeCode")
    return Identifier(identifier_type(label), number, _country(el), _identifier_note(el, label) or None)


def _identifier_note(el: etree._Element, label: str | None) -> str:
    """The document's type as listed, issuer, validity and warning flags (false, lost, ...)."""
    valid = " to ".join(filter(None, (_attr(el, "validFrom"), _attr(el, "validTo"))))
    parts = [
        label,
        f"issued by {issuer}" if (issuer := _attr(el, "issuedBy")) else None,
        f"valid {valid}" if valid else None,
        f"name on document: {holder}" if (holder := _attr(el, "nameOnDocument")) else None,
        *(flag for attr, flag in _ID_FLAGS.items() if _attr(el, attr) == "true"),
    ]
    return "; ".join(filter(None, parts))
