"""OFAC's classic XML: ``sdn.xml`` and the consolidated non-SDN ``consolidated.xml``.

Both files share one schema (root ``sdnList``, namespace ``http://tempuri.org/sdnList.xsd`` or
the Sanctions List Service's newer one): a ``publshInformation`` header (sic) and one
``sdnEntry`` per listed party, with names split into ``firstName``/``lastName``, aliases,
documents, addresses, birth facts and vessel details in nested lists.

OFAC mixes facts of very different kinds under one "ID type" label (passports, e-mail
addresses, "Gender", "Vessel Flag", "Secondary sanctions risk:" ...). The advanced XML uses the
same labels for its features, so the routing of a label to the right model field lives here in
:class:`EntityDraft` and :mod:`magnitsky.sources.ofac_advanced_xml` reuses it.

Which list a file is: the SDN and the consolidated files carry identical roots and headers, so it
is read from the entries' programs and directive labels (:mod:`magnitsky.sources.ofac_lists`),
never from the file name; a caller naming the list (``source=`` of
:func:`magnitsky.sources.registry.open_list`) is taken at its word. Only SDN entries are blocked,
so only they get the ``asset_freeze`` measure: the non-SDN lists impose narrower,
program-specific measures the file does not spell out.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from magnitsky.model import Address, DateValue, Entity, Identifier, Name, NameKind, Relation, parse_date, to_country
from magnitsky.sources.base import ListMeta, ParseError, Parser
from magnitsky.sources.common import build_entity, gender, identifier_type, make_name, unique
from magnitsky.sources.ofac_lists import LISTS, SDN, Tally, marks_non_sdn
from magnitsky.sources.xml import (
    child,
    children,
    expect_root,
    iter_elements,
    local,
    root_info,
    root_tag,
    text,
    texts,
)

_SCHEMATA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}

# Labels naming a property of the party rather than a document: kept in ``extra``.
_DESCRIPTIVE = re.compile(
    r"^(?:(?:other|former|previous) )?vessel (?:call sign|type|flag|owner|tonnage|"
    r"gross registered tonnage|year of build)$|^aircraft (?:model|operator|manufacture date)$|"
    r"^organization (?:established date|type:?)$|^target type$|^nationality of registration$",
    re.IGNORECASE,
)
_FLAG = re.compile(r"^(?:vessel flag|nationality of registration)$", re.IGNORECASE)
# Labels introducing a statement about the sanctions rather than an identifier.
_STATEMENT = re.compile(r"information|sanctions risk|prohibited|directive|determination|[:-]$", re.IGNORECASE)
_REGION = re.compile(r"^\s*Region:\s*(?P<name>.+)$", re.IGNORECASE)
_LINKED_TO = re.compile(r"Linked To:\s*([^;)]+)", re.IGNORECASE)
_CONTACTS = {"email address": "emails", "website": "websites", "phone number": "phones"}
# classic vesselInfo child -> the label OFAC uses for the same fact elsewhere
_VESSEL_LABELS = {
    "callSign": "Vessel Call Sign",
    "vesselType": "Vessel Type",
    "vesselFlag": "Vessel Flag",
    "vesselOwner": "Vessel Owner",
    "tonnage": "Vessel Tonnage",
    "grossRegisteredTonnage": "Vessel Gross Registered Tonnage",
}


# -- helpers shared with the advanced format ---------------------------------------------------


def open_root(path: Path, expected: str, first_texts: Set[str] = frozenset()) -> dict[str, str]:
    """Texts of ``first_texts`` near the top, after refusing a file whose root element is not
    ``expected``: another list's XML would otherwise stream through as zero entries."""
    expect_root(Path(path), expected, "an OFAC list in this format")
    return root_info(Path(path), first_texts)[2] if first_texts else {}


def fail(path: Path, el: etree._Element, message: str) -> ParseError:
    """A ParseError pointing at ``el`` by line and element name."""
    return ParseError(path, message, line=el.sourceline, where=f"<{local(el)}>")


def require(path: Path, el: etree._Element, name: str) -> str:
    """Text of the child ``name``; a ParseError when the schema's required element is missing."""
    value = text(el, name)
    if value is None:
        raise fail(path, el, f"required element <{name}> is missing or empty")
    return value


def schema_for(party_type: str | None) -> str | None:
    """Model schema for OFAC's party type word (Individual/Entity/Vessel/Aircraft)."""
    return _SCHEMATA.get((party_type or "").strip().lower())


def address_country(value: str | None) -> str | None:
    """The country code of an address's country field. OFAC writes a region it names on its own as
    ``Region: Crimea`` (also Gaza, West Bank, Kafia Kingi ...): the region's country is that of the
    region's name. Russia-occupied Ukrainian territory (Crimea) counts as Ukraine, where OFAC puts
    its 177 other Crimea, Donetsk and Luhansk addresses (2025-12 add.csv); other sub-national
    territories (Jammu and Kashmir) keep no country rather than a guessed one."""
    if not value:
        return None
    region = _REGION.match(value)
    if region is None:
        return to_country(value)
    code = to_country(region["name"])
    if code and code.startswith("ua-"):
        return "ua"
    return code if code and "-" not in code else None


def alias_kind(alias_type: str | None, weak: bool) -> NameKind:
    """OFAC's a.k.a./f.k.a./n.k.a. plus its weak flag as a NameKind; weak wins, as OFAC advises
    screening only on strong aliases."""
    if weak:
        return NameKind.WEAK
    if (alias_type or "").strip().lower() == "f.k.a.":
        return NameKind.FORMER
    return NameKind.ALIAS


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def compact_period(first: tuple[int, int, int], last: tuple[int, int, int], approximate: bool) -> DateValue:
    """A date period at the precision OFAC meant: ``1 Jan 1967 .. 31 Dec 1967`` is the year 1967,
    ``1 Mar .. 31 Mar 1967`` is March 1967, whole years on both ends are a year range."""
    (y1, m1, d1), (y2, m2, d2) = first, last
    if first == last:
        return DateValue(_iso(*first), None, approximate)
    whole_years = (m1, d1, m2, d2) == (1, 1, 12, 31)
    if whole_years:
        return DateValue(f"{y1:04d}", None if y1 == y2 else f"{y2:04d}", approximate)
    if (y1, m1) == (y2, m2) and d1 == 1 and d2 == calendar.monthrange(y2, m2)[1]:
        return DateValue(f"{y1:04d}-{m1:02d}", None, approximate)
    return DateValue(_iso(*first), _iso(*last), approximate)


def _iso_parts(iso: str) -> tuple[int, int, int] | None:
    parts = iso.split("-")
    return (int(parts[0]), int(parts[1]), int(parts[2])) if len(parts) == 3 else None


def compact_date(value: DateValue) -> DateValue:
    """Same precision rule for a parsed classic date ("01 Jan 1976 to 31 Dec 1978" -> 1976/1978)."""
    first, last = _iso_parts(value.start), _iso_parts(value.end or "")
    if first and last:
        return compact_period(first, last, value.approximate)
    return value


def _key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


@dataclass
class EntityDraft:
    """Facts gathered for one party before they become an immutable :class:`Entity`."""

    names: list[Name] = field(default_factory=list)
    birth_dates: list[DateValue] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str | None] = field(default_factory=list)
    countries: list[str | None] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    gender: str | None = None
    listed_on: str | None = None

    def add_name(self, full: str | None, kind: NameKind, **parts: str | None) -> None:
        if name := make_name(full, kind, **parts):
            self.names.append(name)

    def add_remarks(self, remarks: str | None) -> None:
        """Keep OFAC's remarks and read the "(Linked To: X)" links out of them."""
        if not remarks:
            return
        self.remarks.append(remarks)
        for target in _LINKED_TO.findall(remarks):
            self.relations.append(Relation("linked_to", target.strip()))

    def add_fact(self, label: str, value: str | None, country: str | None = None, note: str | None = None) -> None:
        """Route one labelled OFAC fact (an idList entry or an advanced feature) to its field."""
        if not value:
            return
        lowered = label.strip().lower()
        if lowered == "gender":
            self.gender = gender(value) or self.gender
        elif lowered == "linked to":
            self.relations.append(Relation("linked_to", value))
        elif lowered in _CONTACTS:
            getattr(self, _CONTACTS[lowered]).append(value)
        elif _DESCRIPTIVE.match(lowered):
            self.extra.append((_key(label), value))
            if _FLAG.match(lowered):
                self.countries.append(to_country(value))
        elif _STATEMENT.search(lowered):
            self.remarks.append(f"{label.strip()} {value}")
        else:
            self.identifiers.append(_identifier(label, value, country, note))

    def build(
        self, path: Path, el: etree._Element, source: str, source_id: str, schema: str, measures: tuple[str, ...]
    ) -> Entity:
        return build_entity(
            path,
            el.sourceline,
            f"<{local(el)}>",
            source=source,
            source_id=source_id,
            schema=schema,
            names=unique(self.names),
            birth_dates=unique(self.birth_dates),
            birth_places=unique(self.birth_places),
            nationalities=unique(self.nationalities),
            countries=unique(self.countries),
            gender=self.gender,
            identifiers=unique(self.identifiers),
            addresses=unique(self.addresses),
            titles=unique(self.titles),
            measures=measures,
            programs=unique(self.programs),
            legal_basis=unique(self.legal_basis),
            listed_on=self.listed_on,
            remarks=unique(self.remarks),
            relations=unique(self.relations),
            emails=unique(self.emails),
            websites=unique(self.websites),
            phones=unique(self.phones),
            extra=unique(self.extra),
        )


def _identifier(label: str, value: str, country: str | None, note: str | None) -> Identifier:
    """An Identifier keeping OFAC's own label in the note; IMO numbers lose their "IMO" prefix."""
    kind = identifier_type(label)
    if kind == "imo":
        value = re.sub(r"^IMO\s*", "", value, flags=re.IGNORECASE)
    return Identifier(kind, value, country, "; ".join(p for p in (label.strip(), note) if p))


def id_note(issued: str | None, expires: str | None) -> str | None:
    """Issue and expiry dates of a document as a short note, or None."""
    parts = [f"issued {issued}" if issued else None, f"expires {expires}" if expires else None]
    return "; ".join(p for p in parts if p) or None


# -- the classic parser -------------------------------------------------------------------------


def _classic_date(raw: str | None) -> DateValue | None:
    """A classic date, with OFAC's whole-year ranges reduced to the year."""
    if not raw:
        return None
    value = parse_date(raw)
    return compact_date(value) if value else None


class OfacXmlParser(Parser):
    format = "ofac_xml"
    source = "ofac_sdn"
    description = "OFAC SDN / consolidated list, classic XML (sdn.xml, consolidated.xml)"

    def sniff(self, path: Path, head: str) -> bool:
        return root_tag(head) == "sdnList"

    def meta(self, path: Path) -> ListMeta:
        return self._meta(path, self.which_list(path))

    def meta_named(self, path: Path, source: str) -> ListMeta:
        return self._meta(path, source)

    def _meta(self, path: Path, source: str) -> ListMeta:
        found = open_root(path, "sdnList", {"Publish_Date"})
        published = parse_date(found.get("Publish_Date"), month_first=True)
        return ListMeta(source, self.format, published.start if published else None, (Path(path),))

    def which_list(self, path: Path) -> str:
        """SDN or consolidated, from the entries' programs and document labels."""
        path = Path(path)
        open_root(path, "sdnList")
        tally = Tally()
        for el in iter_elements(path, {"sdnEntry"}):
            labels = [text(doc, "idType") or "" for doc in _items(el, "idList", "id")]
            tally.add(marks_non_sdn(texts(el, "program"), labels))
        return tally.verdict(path)

    def stated_count(self, path: Path) -> int | None:
        found = open_root(path, "sdnList", {"Record_Count"}).get("Record_Count", "")
        return int(found) if found.isdigit() else None

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        path = Path(path)
        open_root(path, "sdnList")
        listed = source if source in LISTS else self.which_list(path)
        measures = ("asset_freeze",) if listed == SDN else ()
        for el in iter_elements(path, {"sdnEntry"}):
            yield self._entity(path, el, source, measures)

    def _entity(self, path: Path, el: etree._Element, source: str, measures: tuple[str, ...]) -> Entity:
        uid = require(path, el, "uid")
        sdn_type = require(path, el, "sdnType")
        schema = schema_for(sdn_type)
        if schema is None:
            raise fail(path, el, f"entry {uid}: unknown sdnType {sdn_type!r}")
        draft = EntityDraft()
        self._names(path, el, draft, schema == "Person")
        self._documents(el, draft)
        self._places(el, draft)
        self._personal(el, draft)
        self._vessel(el, draft)
        draft.programs.extend(t for p in children(el, "programList") for t in texts(p, "program"))
        draft.titles.extend(filter(None, [text(el, "title")]))
        draft.add_remarks(text(el, "remarks"))
        return draft.build(path, el, source, uid, schema, measures)

    def _names(self, path: Path, el: etree._Element, draft: EntityDraft, person: bool) -> None:
        _add_split_name(draft, text(el, "firstName"), require(path, el, "lastName"), NameKind.PRIMARY, person)
        for aka in _items(el, "akaList", "aka"):
            kind = alias_kind(text(aka, "type"), (text(aka, "category") or "").lower() == "weak")
            _add_split_name(draft, text(aka, "firstName"), text(aka, "lastName"), kind, person)

    def _documents(self, el: etree._Element, draft: EntityDraft) -> None:
        for doc in _items(el, "idList", "id"):
            note = id_note(_date_text(text(doc, "issueDate")), _date_text(text(doc, "expirationDate")))
            draft.add_fact(text(doc, "idType") or "", text(doc, "idNumber"), to_country(text(doc, "idCountry")), note)

    def _places(self, el: etree._Element, draft: EntityDraft) -> None:
        for addr in _items(el, "addressList", "address"):
            parts = [
                text(addr, n)
                for n in ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
            ]
            full = ", ".join(p for p in parts if p)
            country = address_country(text(addr, "country"))
            if full:
                draft.addresses.append(Address(full, text(addr, "city"), country))
            draft.countries.append(country)

    def _personal(self, el: etree._Element, draft: EntityDraft) -> None:
        for listing, item in (("nationalityList", "nationality"), ("citizenshipList", "citizenship")):
            draft.nationalities.extend(to_country(text(n, "country")) for n in _items(el, listing, item))
        for dob in _items(el, "dateOfBirthList", "dateOfBirthItem"):
            raw = text(dob, "dateOfBirth")
            if value := _classic_date(raw):
                draft.birth_dates.append(value)
            elif raw:
                draft.extra.append(("birth_date_text", raw))
        draft.birth_places.extend(
            p for item in _items(el, "placeOfBirthList", "placeOfBirthItem") if (p := text(item, "placeOfBirth"))
        )

    def _vessel(self, el: etree._Element, draft: EntityDraft) -> None:
        info = child(el, "vesselInfo")
        if info is None:
            return
        for name, label in _VESSEL_LABELS.items():
            draft.add_fact(label, text(info, name))


def _add_split_name(draft: EntityDraft, first: str | None, last: str | None, kind: NameKind, person: bool) -> None:
    """OFAC writes "firstName lastName" order in print; parts are kept only for persons."""
    full = " ".join(p for p in (first, last) if p)
    if person:
        draft.add_name(full, kind, given=first, family=last)
    else:
        draft.add_name(full, kind)


def _items(el: etree._Element, listing: str, item: str) -> list[etree._Element]:
    return [i for lst in children(el, listing) for i in children(lst, item)]


def _date_text(raw: str | None) -> str | None:
    """A document date as ISO when readable, else as written."""
    value = _classic_date(raw)
    return str(value) if value else raw
