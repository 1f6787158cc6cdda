"""OFAC's advanced sanctions XML (``sdn_advanced.xml``, ``cons_advanced.xml``).

The advanced format is normalised: a party's facts point by ID into reference tables
(``ReferenceValueSets``: alias, feature, document, country, program ... types), into a table of
``Locations`` and from a table of ``IDRegDocuments``, and its programs and listing dates live in
``SanctionsEntries`` *after* all ``DistinctParties``. It is the only OFAC file with names in
their original script (Cyrillic, Arabic, Chinese ...), each a ``DocumentedName`` of its own.

Reading it in two streaming passes keeps memory flat on a file of 100+ MB:

1. the reference tables, locations, documents, relationships and sanctions entries are read into
   small lookup dicts (:class:`_Index`); parties stream past and are freed unread;
2. the parties stream again, each resolved against the index and yielded as an Entity; the pass
   stops at the first relationship or entry, so the tail sections are never built as a tree.

Measures: a party is blocked (``asset_freeze``) when its entry carries a "Block" measure or is on
the "SDN List". Which list a file is (store name ``ofac_sdn`` or ``ofac_cons``) is read from the
lists its sanctions entries name (:func:`magnitsky.sources.ofac_lists.by_list_names`), never from
its file name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from magnitsky.model import Address, DateValue, Entity, NameKind, Relation, to_country
from magnitsky.sources.base import ListMeta, Parser
from magnitsky.sources.ofac_lists import by_list_names
from magnitsky.sources.ofac_xml import (
    EntityDraft,
    alias_kind,
    compact_period,
    fail,
    id_note,
    open_root,
    schema_for,
)
from magnitsky.sources.xml import child, children, iter_elements, local, root_tag, text

_MARKERS = ("ADVANCED_XML", "un.org/sanctions/1.0", "ReferenceValueSets", "DistinctParties")
# Name part type -> position in the written full name ("Ivan Sergeyevich PETROV").
_PART_ORDER = {"first name": 0, "middle name": 1, "patronymic": 2, "matronymic": 3, "last name": 4, "maiden name": 5}
# Location part type -> position in the written address.
_LOCATION_ORDER = {"address1": 0, "address2": 1, "address3": 2, "city": 3, "state/province": 4, "postal code": 5}
_RELATION_KINDS = {"owned or controlled by": "owned_by", "family member of": "family", "associate of": "associate"}
# First elements of the sections after DistinctParties: pass 2 stops when one arrives.
_AFTER_PARTIES = ("ProfileRelationship", "SanctionsEntry")
_NATIONALITY = {"nationality country", "citizenship country", "nationality", "citizenship"}


class _Ref(NamedTuple):
    text: str
    attrib: dict[str, str]


class _Place(NamedTuple):
    full: str
    city: str | None
    country: str | None


@dataclass
class _Listing:
    """What a party's SanctionsEntries say: programs, legal bases, lists, blocking, first date."""

    programs: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    blocked: bool = False
    listed_on: str | None = None


def _ymd(el: etree._Element | None) -> tuple[int, int, int] | None:
    """A Year/Month/Day element as a tuple; None when it is not a usable calendar date."""
    try:
        year, month, day = int(text(el, "Year") or ""), int(text(el, "Month") or 1), int(text(el, "Day") or 1)
    except ValueError:
        return None
    return (year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _bound(el: etree._Element | None, *names: str) -> tuple[int, int, int] | None:
    for name in names:
        if el is not None and (value := _ymd(child(el, name))):
            return value
    return None


def _period(el: etree._Element | None) -> DateValue | None:
    """A DatePeriod (Start and End, each a From..To window) at the precision it encodes."""
    if el is None:
        return None
    start, end = child(el, "Start"), child(el, "End")
    first = _bound(start, "From", "To")
    if first is None:
        return None
    last = _bound(end, "To", "From") or _bound(start, "To", "From") or first
    approximate = any(b is not None and b.get("Approximate") == "true" for b in (start, end))
    return compact_period(first, last, approximate)


def _iso_date(el: etree._Element | None) -> str | None:
    value = _ymd(el)
    return f"{value[0]:04d}-{value[1]:02d}-{value[2]:02d}" if value else None


@dataclass
class _Index:
    """Everything a party points at, read in pass 1. All of it is small next to the parties."""

    path: Path
    refs: dict[str, dict[str, _Ref]] = field(default_factory=dict)
    places: dict[str, _Place] = field(default_factory=dict)
    documents: dict[str, list[tuple[str, str | None, str | None, str | None]]] = field(default_factory=dict)
    relations: dict[str, list[Relation]] = field(default_factory=dict)
    listings: dict[str, _Listing] = field(default_factory=dict)

    def read(self) -> _Index:
        # DistinctParty is asked for only so the streaming reader frees each party as it passes.
        handlers = {
            "ReferenceValueSets": self._refs,
            "Location": self._location,
            "IDRegDocument": self._document,
            "ProfileRelationship": self._relation,
            "SanctionsEntry": self._entry,
            "DistinctParty": lambda el: None,
        }
        for el in iter_elements(self.path, set(handlers)):
            handlers[local(el)](el)
        return self

    # -- lookups ---------------------------------------------------------------------------------

    def ref(self, kind: str, ref_id: str | None) -> _Ref | None:
        return self.refs.get(kind, {}).get(ref_id or "")

    def label(self, kind: str, ref_id: str | None) -> str | None:
        found = self.ref(kind, ref_id)
        return found.text if found else None

    def country(self, country_id: str | None) -> str | None:
        found = self.ref("Country", country_id)
        return to_country(found.attrib.get("ISO2") or found.text) if found else None

    # -- pass 1 readers --------------------------------------------------------------------------

    def _refs(self, el: etree._Element) -> None:
        """Every table of ReferenceValueSets, keyed by value element name then ID."""
        for table in el:
            for value in table:
                if isinstance(value.tag, str) and value.get("ID"):
                    kind = self.refs.setdefault(local(value), {})
                    kind[value.get("ID")] = _Ref(" ".join((value.text or "").split()), dict(value.attrib))

    def _location(self, el: etree._Element) -> None:
        parts = []
        for part in children(el, "LocationPart"):
            label = (self.label("LocPartType", part.get("LocPartTypeID")) or "").lower()
            values = children(part, "LocationPartValue")
            primary = next((v for v in values if v.get("Primary") == "true"), values[0] if values else None)
            if primary is not None and (value := text(primary, "Value")):
                parts.append((_LOCATION_ORDER.get(label, len(_LOCATION_ORDER)), label, value))
        parts.sort(key=lambda p: p[0])
        country_el = child(el, "LocationCountry")
        country_id = country_el.get("CountryID") if country_el is not None else None
        written = [value for _, _, value in parts] + [self.label("Country", country_id)]
        city = next((value for _, label, value in parts if label == "city"), None)
        self.places[el.get("ID", "")] = _Place(", ".join(w for w in written if w), city, self.country(country_id))

    def _document(self, el: etree._Element) -> None:
        dates = {
            (self.label("IDRegDocDateType", d.get("IDRegDocDateTypeID")) or "").lower(): _period(child(d, "DatePeriod"))
            for d in children(el, "DocumentDate")
        }
        issued, expires = dates.get("issue date"), dates.get("expiration date")
        note = id_note(str(issued) if issued else None, str(expires) if expires else None)
        label = self.label("IDRegDocType", el.get("IDRegDocTypeID")) or ""
        number = text(el, "IDRegistrationNo")
        country = self.country(el.get("IssuedBy-CountryID"))
        self.documents.setdefault(el.get("IdentityID", ""), []).append((label, number, country, note))

    def _relation(self, el: etree._Element) -> None:
        source, target = el.get("From-ProfileID"), el.get("To-ProfileID")
        if not source or not target:
            raise fail(self.path, el, "relationship without From-ProfileID/To-ProfileID")
        label = (self.label("RelationType", el.get("RelationTypeID")) or "related to").strip().lower()
        kind = _RELATION_KINDS.get(label, "_".join(label.split()))
        self.relations.setdefault(source, []).append(Relation(kind, target))

    def _entry(self, el: etree._Element) -> None:
        profile_id = el.get("ProfileID")
        if not profile_id:
            raise fail(self.path, el, "sanctions entry without ProfileID")
        listing = self.listings.setdefault(profile_id, _Listing())
        listing.lists.extend(filter(None, [self.label("List", el.get("ListID"))]))
        for event in children(el, "EntryEvent"):
            dates = filter(None, [listing.listed_on, _iso_date(child(event, "Date"))])
            listing.listed_on = min(dates, default=None)
            listing.legal_basis.extend(filter(None, [self.label("LegalBasis", event.get("LegalBasisID"))]))
        for measure in children(el, "SanctionsMeasure"):
            kind = (self.label("SanctionsType", measure.get("SanctionsTypeID")) or "").lower()
            if kind == "program":
                listing.programs.extend(filter(None, [text(measure, "Comment")]))
            elif "block" in kind:
                listing.blocked = True


class OfacAdvancedXmlParser(Parser):
    format = "ofac_advanced_xml"
    source = "ofac_sdn"
    description = "OFAC SDN / consolidated list, advanced XML with original-script names (sdn_advanced.xml)"

    def sniff(self, path: Path, head: str) -> bool:
        return root_tag(head) == "Sanctions" and any(marker in head for marker in _MARKERS)

    def meta(self, path: Path) -> ListMeta:
        return self._meta(path, by_list_names(Path(path), _entry_lists(Path(path))))

    def meta_named(self, path: Path, source: str) -> ListMeta:
        return self._meta(path, source)

    def _meta(self, path: Path, source: str) -> ListMeta:
        found = open_root(path, "Sanctions", {"Year", "Month", "Day"})  # DateOfIssue comes first
        return ListMeta(source, self.format, _iso_date_from(found), (Path(path),))

    def parse(self, path: Path, source: str) -> Iterator[Entity]:
        path = Path(path)
        open_root(path, "Sanctions")
        index = _Index(path).read()
        for el in iter_elements(path, {"DistinctParty", *_AFTER_PARTIES}):
            if local(el) != "DistinctParty":
                return  # pass 1 has read (and checked) the rest; building it as a tree only costs memory
            yield _PartyReader(index, el).entity(source)


def _entry_lists(path: Path) -> Iterator[str]:
    """The name of the list each SanctionsEntry is on ("SDN List", "Consolidated List" ...)."""
    open_root(path, "Sanctions")
    names: dict[str, str] = {}
    for el in iter_elements(path, {"List", "SanctionsEntry", "DistinctParty"}):
        if local(el) == "List" and el.get("ID"):
            names[el.get("ID", "")] = " ".join((el.text or "").split())
        elif local(el) == "SanctionsEntry":
            yield names.get(el.get("ListID", ""), "")


def _iso_date_from(found: dict[str, str]) -> str | None:
    try:
        return f"{int(found['Year']):04d}-{int(found['Month']):02d}-{int(found['Day']):02d}"
    except (KeyError, ValueError):
        return None


class _PartyReader:
    """Resolves one DistinctParty against the index into an Entity."""

    def __init__(self, index: _Index, party: etree._Element):
        self.index, self.party, self.draft = index, party, EntityDraft()

    def entity(self, source: str) -> Entity:
        path, party = self.index.path, self.party
        source_id = party.get("FixedRef")
        profile = child(party, "Profile")
        if not source_id or profile is None:
            raise fail(path, party, "party without FixedRef or Profile")
        schema = self._schema(profile, source_id)
        for identity in children(profile, "Identity"):
            self._names(identity, schema == "Person")
            for document in self.index.documents.get(identity.get("ID", ""), ()):
                self.draft.add_fact(*document)
        for feature in children(profile, "Feature"):
            label = self.index.label("FeatureType", feature.get("FeatureTypeID")) or "feature"
            for version in children(feature, "FeatureVersion"):
                self._feature(label, version)
        self.draft.relations.extend(self.index.relations.get(source_id, ()))
        return self.draft.build(path, party, source, source_id, schema, self._listing(source_id))

    def _schema(self, profile: etree._Element, source_id: str) -> str:
        """Schema from the party subtype, or from its party type when the subtype is "Unknown"."""
        sub = self.index.ref("PartySubType", profile.get("PartySubTypeID"))
        schema = None
        if sub is not None:
            schema = schema_for(sub.text) or schema_for(self.index.label("PartyType", sub.attrib.get("PartyTypeID")))
        if schema is None:
            raise fail(
                self.index.path, profile, f"party {source_id}: unknown PartySubTypeID {profile.get('PartySubTypeID')!r}"
            )
        return schema

    def _listing(self, source_id: str) -> tuple[str, ...]:
        """Copy the party's sanctions entries into the draft; return its measures."""
        listing = self.index.listings.get(source_id, _Listing())
        self.draft.programs.extend(listing.programs)
        self.draft.legal_basis.extend(listing.legal_basis)
        self.draft.extra.extend(("list", name) for name in listing.lists)
        self.draft.listed_on = listing.listed_on
        return ("asset_freeze",) if listing.blocked or "SDN List" in listing.lists else ()

    def _names(self, identity: etree._Element, person: bool) -> None:
        groups = {
            g.get("ID"): (self.index.label("NamePartType", g.get("NamePartTypeID")) or "").lower()
            for g in identity.iter("{*}NamePartGroup")
        }
        for alias in children(identity, "Alias"):
            alias_type = self.index.label("AliasType", alias.get("AliasTypeID"))
            if (alias_type or "").lower() == "name":
                kind = NameKind.PRIMARY
            else:
                kind = alias_kind(alias_type, alias.get("LowQuality") == "true")
            for name in children(alias, "DocumentedName"):
                self._documented_name(name, groups, kind, person)

    def _documented_name(self, name: etree._Element, groups: dict, kind: NameKind, person: bool) -> None:
        """One spelling of a name: its parts ordered as written, split into given/family for persons."""
        parts = [
            (groups.get(v.get("NamePartGroupID"), ""), value)
            for v in name.iter("{*}NamePartValue")
            if (value := text(v))
        ]
        ordered = sorted(parts, key=lambda p: _PART_ORDER.get(p[0], len(_PART_ORDER)))
        full = " ".join(value for _, value in ordered)
        if not person:
            self.draft.add_name(full, kind)
            return

        def joined(*types: str) -> str | None:
            return " ".join(value for t, value in ordered if t in types) or None

        self.draft.add_name(
            full,
            kind,
            given=joined("first name", "middle name"),
            family=joined("last name"),
            patronymic=joined("patronymic"),
        )

    def _feature(self, label: str, version: etree._Element) -> None:
        """Route one feature version: birth facts, nationality, address, title, else a labelled fact."""
        value, date, place = self._version_value(version)
        key, draft = label.strip().lower(), self.draft
        if key == "birthdate":
            draft.birth_dates.extend(filter(None, [date]))
        elif key == "place of birth":
            draft.birth_places.extend(filter(None, [place.full if place else value]))
        elif key in _NATIONALITY:
            draft.nationalities.append(place.country if place else to_country(value))
        elif key == "location" and place:
            draft.addresses.append(Address(place.full, place.city, place.country))
            draft.countries.append(place.country)
        elif key == "title":
            draft.titles.extend(filter(None, [value]))
        else:
            shown = value or (str(date) if date else None) or (place.full if place else None)
            draft.add_fact(label, shown, place.country if place else None)

    def _version_value(self, version: etree._Element) -> tuple[str | None, DateValue | None, _Place | None]:
        """A feature version's text (or referenced value), date period and location."""
        detail = child(version, "VersionDetail")
        value = None
        if detail is not None:
            value = text(detail) or self.index.label("DetailReference", detail.get("DetailReferenceID"))
        located = child(version, "VersionLocation")
        place = self.index.places.get(located.get("LocationID", "")) if located is not None else None
        return value, _period(child(version, "DatePeriod")), place
