"""Conversion between our :class:`Entity` and FollowTheMoney (FtM) entities.

FtM is the interchange vocabulary OpenSanctions, Aleph and yente speak. One of our entities
becomes several FtM entities: the listed *thing* (Person, Company, Vessel, ...) plus the
entities FtM keeps apart from it - a ``Sanction`` for the listing, ``Identification``/``Passport``
and ``CryptoWallet`` for documents, ``Ownership``/``Directorship``/``Family``/``Associate``/
``UnknownLink`` for relations. ``from_ftm`` folds such a stream back into our entities.

Decisions (each one is also where a round trip can lose detail):

* **Ids.** FtM ids may only hold ``[0-9A-Za-z.-]``, so ``ofac_sdn:12345`` is not one. We write
  ``ofac-sdn-12345``: the source slugged, then the list key as is when it already is FtM-safe,
  else slugged with a short hash of the original appended so that keys which slug alike
  (``a b`` / ``a_b``) stay apart. Reading FtM, ``source_id`` is the FtM id: that is the key the
  FtM file itself keeps stable (OpenSanctions ids survive releases, merges are listed in
  ``referents``), while an entity consolidated from several lists has several or no
  ``Sanction.authorityId``; those are kept as ``extra`` ``("authority_id", ...)``.
* **Original-script names.** OpenSanctions carries native-script spellings in ``name`` or
  ``alias`` depending on the source, so reading we classify by script (``make_name``), not by
  property. Writing, ORIGINAL names go to ``alias`` so that ``name`` keeps the list's primary
  spelling for FtM's caption - unless the entity has no primary name, then its caption is the
  ``name``. A Latin-script name of kind ORIGINAL comes back as ALIAS.
* **Dates.** FtM dates are ISO prefixes, as ours are. FtM has no ranges or approximate dates: a
  range is written as every year it covers (``1965/1967`` -> 1965, 1966, 1967), which matches
  the same people in any FtM consumer but comes back as separate years; ``~`` is dropped.
* **Countries.** ``nationalities`` are Person ``nationality``; other schemata have no such
  property and write them as ``country``. Reading, ``nationality``/``citizenship`` are
  nationalities; ``country``/``jurisdiction``/``mainCountry``/``flag`` are ``countries``.
* **Identifiers** go to the thing's own property (``passportNumber``, ``idNumber``, ``imoNumber``
  ...) when its schema has one, and additionally to an ``Identification``/``Passport`` entity
  when there is more to say (issuing country, note) or no such property; that entity's ``type``
  carries our identifier type so it comes back exactly. IMO numbers are written ``IMO1234567``
  (FtM's convention) and read back as the digits.
* **Measures** are written as ``Sanction.provisions`` in words (``Asset freeze``) and read from
  provisions by keyword; a short provision no keyword knows becomes a snake_case measure.
* FtM cleans some values on the way out: phone numbers become E.164 (``+74950000000``), BICs
  are cut to the 8-character institution code (``DEUTDEFF500`` -> ``DEUTDEFF``).
* Not carried: ``Address.city``/``country`` (FtM ``address`` is the full text), ``extra``.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney import EntityProxy, model
from followthemoney.schema import Schema

from magnitsky.model.countries import to_country
from magnitsky.model.dates import DateValue, parse_date
from magnitsky.model.entity import SCHEMATA, Address, Entity, Identifier, Name, NameKind, Relation
from magnitsky.model.vocabulary import identifier_type, make_name

log = logging.getLogger(__name__)

# Our name kinds and the FtM name properties, both ways. ORIGINAL is written as an alias.
_NAME_PROPS = (
    ("name", NameKind.PRIMARY),
    ("alias", NameKind.ALIAS),
    ("weakAlias", NameKind.WEAK),
    ("previousName", NameKind.FORMER),
)
# Our identifier type -> the thing's FtM property for it.
_ID_PROPS = {
    "passport": "passportNumber",
    "national_id": "idNumber",
    "tax_id": "taxNumber",
    "imo": "imoNumber",
    "bic": "swiftBic",
    "registration": "registrationNumber",
    "email": "email",
    "website": "website",
    "phone": "phone",
}
# FtM identifier properties of a thing -> our identifier type (more than we write: OpenSanctions
# uses the Russian and other registry codes).
_PROP_IDS = {
    **{prop: kind for kind, prop in _ID_PROPS.items() if kind not in ("email", "website", "phone")},
    "socialSecurityNumber": "national_id",
    "innCode": "tax_id",
    "vatCode": "tax_id",
    "ogrnCode": "registration",
    "okpoCode": "registration",
    "leiCode": "registration",
    "dunsCode": "registration",
}
# Link schemata: (property naming one end, property naming the other, our relation kind seen
# from the first end, our relation kind seen from the other end).
_LINKS = {
    "Ownership": ("owner", "asset", "owns", "owned_by"),
    "Directorship": ("director", "organization", "director_of", "directed_by"),
    "Family": ("person", "relative", "family", "family"),
    "Associate": ("person", "associate", "associate", "associate"),
    "UnknownLink": ("subject", "object", "linked_to", "linked_to"),
}
# Non-thing schemata folded into the thing they reference, with the referencing properties.
_ADJUNCT_REFS = {
    "Sanction": ("entity",),
    "Identification": ("holder",),
    "Passport": ("holder",),
    "CryptoWallet": ("holder",),
    **{schema: ends[:2] for schema, ends in _LINKS.items()},
}
_MEASURE_KEYWORDS = (
    (re.compile(r"asset freeze|freez|\bblock", re.IGNORECASE), "asset_freeze"),
    (
        re.compile(
            r"travel ban|travel restriction|entry ban|visa ban|admission|prohibition of entry|"
            r"entry or transit",
            re.IGNORECASE,
        ),
        "travel_ban",
    ),
    (re.compile(r"arms embargo", re.IGNORECASE), "arms_embargo"),
)
_SHORT_PROVISION = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+){0,3}$")
_TOKEN = re.compile(r"^[a-z][a-z0-9_]*$")  # our own vocabulary (id type, relation kind) in FtM text
_UNSAFE_ID = re.compile(r"[^0-9A-Za-z.]+")
_IMO_PREFIX = re.compile(r"^IMO\s*", re.IGNORECASE)
DEFAULT_WINDOW = 10_000


# -- ids -------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return _UNSAFE_ID.sub("-", text).strip("-.")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def ftm_id(source: str, source_id: str) -> str:
    """A valid, stable FtM id for a list entry (see module docstring)."""
    key = _slug(source_id)
    if key != source_id or len(key) > 100:
        key = "-".join(filter(None, (key[:64].strip("-."), _digest(source_id))))
    return f"{_slug(source)}-{key}"


def entity_schema(ftm_schema: str | Schema | None) -> str | None:
    """Our schema for an FtM schema, or None when it is not a listable thing.

    PublicBody and other organisations become Organization; other legal entities LegalEntity.
    """
    schema = model.get(ftm_schema) if ftm_schema is not None else None
    if schema is None:
        return None
    if schema.name in SCHEMATA:
        return schema.name
    for parent in ("Organization", "LegalEntity"):
        if schema.is_a(parent):
            return parent
    return None


# -- Entity -> FtM ---------------------------------------------------------------------------


def to_ftm(entity: Entity) -> list[dict[str, Any]]:
    """The entity as FtM entity dicts: the thing first, then its sanction, documents and links."""
    thing_id = ftm_id(entity.source, entity.source_id)
    main = _thing(entity, thing_id)
    adjuncts = [
        _sanction(entity, thing_id),
        *_documents(entity, main, thing_id),
        *_links(entity, main.schema, thing_id),
    ]
    # the caption by our one rule (Entity.caption), as OpenSanctions writes it: with several
    # "name" values FtM would otherwise pick its own
    return [{**main.to_dict(), "caption": entity.caption}, *(proxy.to_dict() for proxy in adjuncts)]


def _put(proxy: EntityProxy, prop: str, values: Any) -> bool:
    """Add values if the schema has ``prop``; False when it has not, so callers can fall back."""
    if prop not in proxy.schema.properties:
        return False
    proxy.add(prop, values)
    return True


def _make(schema: str, entity_id: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    return proxy


def _thing(entity: Entity, thing_id: str) -> EntityProxy:
    proxy = _make(entity.schema, thing_id)
    _put_names(proxy, entity)
    _put(proxy, "birthDate", _ftm_dates(entity.birth_dates))
    _put(proxy, "deathDate", _ftm_dates(entity.death_dates))
    _put(proxy, "birthPlace", entity.birth_places)
    if not _put(proxy, "nationality", entity.nationalities):
        proxy.add("country", entity.nationalities)
    proxy.add("country", entity.countries)
    _put(proxy, "gender", entity.gender)
    _put(proxy, "address", [a.full for a in entity.addresses])
    _put(proxy, "position", entity.positions)
    _put(proxy, "title", entity.titles)
    _put(proxy, "email", entity.emails)
    _put(proxy, "website", entity.websites)
    _put(proxy, "phone", entity.phones)
    proxy.add("topics", "sanction")
    proxy.add("program", entity.programs)
    proxy.add("notes", entity.remarks)
    proxy.add("modifiedAt", entity.updated_on)
    return proxy


def _put_names(proxy: EntityProxy, entity: Entity) -> None:
    """Names by kind; name parts of the primary names as firstName/lastName/fatherName."""
    props = {kind: prop for prop, kind in _NAME_PROPS} | {NameKind.ORIGINAL: "alias"}
    has_primary = any(n.kind is NameKind.PRIMARY for n in entity.names)
    for name in entity.names:
        is_caption = not has_primary and name.full == entity.caption
        proxy.add("name" if is_caption else props[name.kind], name.full)
        if name.kind is NameKind.PRIMARY or is_caption:
            _put(proxy, "firstName", name.given)
            _put(proxy, "lastName", name.family)
            _put(proxy, "fatherName", name.patronymic)


def _ftm_dates(values: Iterable[DateValue]) -> list[str]:
    """ISO prefixes; a range becomes each year it covers (FtM has no ranges)."""
    out: list[str] = []
    for value in values:
        out.extend([value.start] if value.end is None else [str(y) for y in value.years()])
    return out


def _sanction(entity: Entity, thing_id: str) -> EntityProxy:
    proxy = _make("Sanction", f"{thing_id}-sanction")
    proxy.add("entity", thing_id)
    proxy.add("authority", entity.source)
    proxy.add("authorityId", entity.source_id)
    proxy.add("program", entity.programs)
    proxy.add("provisions", [m.replace("_", " ").capitalize() for m in entity.measures])
    proxy.add("listingDate", entity.listed_on)
    proxy.add("description", entity.legal_basis)
    return proxy


def _documents(entity: Entity, thing: EntityProxy, thing_id: str) -> Iterator[EntityProxy]:
    """Identifiers onto the thing's properties, plus document entities where they say more."""
    for ident in entity.identifiers:
        value = f"IMO{ident.value}" if ident.type == "imo" and ident.value.isdigit() else ident.value
        if ident.type == "crypto":
            yield _wallet(ident, thing_id)
            continue
        prop = _ID_PROPS.get(ident.type)
        placed = prop is not None and _put(thing, prop, value)
        if not placed or ident.country or ident.note:
            yield _document(ident, value, thing_id)


def _document(ident: Identifier, value: str, thing_id: str) -> EntityProxy:
    schema = "Passport" if ident.type == "passport" else "Identification"
    proxy = _make(schema, f"{thing_id}-id-{_digest(ident.type, ident.value, ident.country or '')}")
    proxy.add("holder", thing_id)
    proxy.add("number", value)
    proxy.add("type", ident.type)
    proxy.add("country", ident.country)
    proxy.add("description", ident.note)
    return proxy


def _wallet(ident: Identifier, thing_id: str) -> EntityProxy:
    proxy = _make("CryptoWallet", f"{thing_id}-wallet-{_digest(ident.value)}")
    proxy.add("holder", thing_id)
    proxy.add("publicKey", ident.value)
    proxy.add("currency", ident.note)
    return proxy


def _links(entity: Entity, thing_schema: Schema, thing_id: str) -> Iterator[EntityProxy]:
    for relation in entity.relations:
        other = ftm_id(entity.source, relation.target)
        schema, ours, theirs = _link_schema(relation.kind, thing_schema)
        ends = {ours: thing_id, theirs: other}
        role = relation.kind if schema == "UnknownLink" else ""
        # Both ends' listings state the same link: one id for it, whichever end wrote it.
        key = _digest(schema, role, *(f"{prop}={ref}" for prop, ref in sorted(ends.items())))
        proxy = _make(schema, f"{_slug(entity.source)}-{schema.lower()}-{key}")
        for prop, ref in ends.items():
            proxy.add(prop, ref)
        if role:
            proxy.add("role", role)
        if relation.share is not None:  # only Ownership can say it
            _put(proxy, "percentage", f"{relation.share:g}")
        yield proxy


def _link_schema(kind: str, thing_schema: Schema) -> tuple[str, str, str]:
    """(FtM link schema, property for our end, property for the other end) for a relation kind.

    Falls back to UnknownLink when the kind is not one of ours or our schema is outside the
    property's range (a Person cannot be an Ownership asset)."""
    for schema, (first, second, kind_first, kind_second) in _LINKS.items():
        for ours, theirs, kind_ours in ((first, second, kind_first), (second, first, kind_second)):
            prop = model.schemata[schema].properties[ours]
            if kind == kind_ours and thing_schema.is_a(prop.range):
                return schema, ours, theirs
    return "UnknownLink", "subject", "object"


# -- FtM -> Entity ---------------------------------------------------------------------------


def from_ftm(
    proxies: Iterable[dict[str, Any] | EntityProxy], source: str, window: int = DEFAULT_WINDOW
) -> Iterator[Entity]:
    """Fold a stream of FtM entities into our entities (things only; the rest is folded in).

    Memory trade-off: a thing is held back until ``window`` later things have arrived, so that
    Sanction, Identification and link entities following it within that distance are folded in;
    memory is ``window`` things plus the adjunct entities not yet claimed. Adjuncts arriving after
    their thing was emitted are lost (and counted in a warning). A caller that can order the
    stream adjuncts-first (the ``ftm_json`` parser reads the file twice) passes ``window=0``
    and loses nothing, holding only the adjuncts.
    """
    folder = _Folder(source, window)
    for item in proxies:
        yield from folder.add(item.to_dict() if isinstance(item, EntityProxy) else item)
    yield from folder.flush()


class _Folder:
    """Holds things and the adjunct entities pointing at them until the thing is emitted."""

    def __init__(self, source: str, window: int):
        self.source, self.window = source, window
        self.pending: OrderedDict[str, tuple[str, dict[str, Any]]] = OrderedDict()
        self.adjuncts: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def add(self, record: dict[str, Any]) -> Iterator[Entity]:
        name = record.get("schema")
        if not isinstance(name, str) or model.get(name) is None:
            raise ValueError(f"unknown FollowTheMoney schema {name!r} (entity {record.get('id')!r})")
        if schema := entity_schema(name):
            self.pending[record["id"]] = (schema, record)
        elif name in _ADJUNCT_REFS:
            slim = {"id": record.get("id"), "schema": name, "properties": record.get("properties", {})}
            for ref in _refs(slim, _ADJUNCT_REFS[name]):
                self.adjuncts[ref].append(slim)
        while len(self.pending) > self.window:
            yield from self._emit(*self.pending.popitem(last=False))

    def flush(self) -> Iterator[Entity]:
        while self.pending:
            yield from self._emit(*self.pending.popitem(last=False))
        if lost := {a["id"] for linked in self.adjuncts.values() for a in linked if self._unclaimed(a)}:
            log.warning(
                "%s: %d Sanction/Identification/link entities point at no entity of the stream "
                "or came after it was emitted (raise the window)",
                self.source,
                len(lost),
            )

    def _unclaimed(self, adjunct: dict[str, Any]) -> bool:
        """True when no entity it points at was emitted with it (a link to an entity outside
        the stream is normal as long as its other end was)."""
        return all(ref in self.adjuncts for ref in _refs(adjunct, _ADJUNCT_REFS[adjunct["schema"]]))

    def _emit(self, thing_id: str, pending: tuple[str, dict[str, Any]]) -> Iterator[Entity]:
        """Adjuncts are folded in id order, so the entity (and its fingerprint in the store)
        does not change when a publisher merely reorders its lines."""
        linked = sorted(self.adjuncts.pop(thing_id, []), key=lambda adjunct: adjunct["id"] or "")
        try:
            yield _entity(*pending, linked, self.source)
        except ValueError as exc:  # e.g. an Airplane with no name: nothing to screen against
            log.warning("%s: skipping FtM entity %s: %s", self.source, thing_id, exc)


def _refs(record: dict[str, Any], props: Iterable[str]) -> list[str]:
    return [ref for prop in props for ref in _values(record, prop)]


def _values(record: dict[str, Any], prop: str) -> list[str]:
    return _clean(record.get("properties", {}).get(prop, []))


def _clean(values: Iterable[Any]) -> list[str]:
    """Whitespace-collapsed non-empty strings (hand-made FtM files are not always clean)."""
    return [" ".join(v.split()) for v in values if isinstance(v, str) and v.strip()]


def _unique(items: Iterable[Any]) -> tuple:
    return tuple(dict.fromkeys(item for item in items if item))


def _entity(schema: str, record: dict[str, Any], linked: list[dict[str, Any]], source: str) -> Entity:
    def get(*props: str) -> list[str]:
        return [v for prop in props for v in _values(record, prop)]

    sanctions = [a for a in linked if a["schema"] == "Sanction"]

    def sanction(*props: str) -> list[str]:
        return [v for s in sanctions for prop in props for v in _values(s, prop)]

    gender = next((g.lower() for g in get("gender") if g.lower() in ("male", "female", "other")), None)
    return Entity(
        source=source,
        source_id=record["id"],
        schema=schema,
        names=_names(record),
        birth_dates=_dates(get("birthDate")),
        birth_places=_unique(get("birthPlace")),
        death_dates=_dates(get("deathDate")),
        nationalities=_unique(map(to_country, get("nationality", "citizenship"))),
        countries=_unique(map(to_country, get("country", "jurisdiction", "mainCountry", "flag"))),
        gender=gender,
        identifiers=_identifiers(record, linked),
        addresses=tuple(Address(a) for a in _unique(get("address"))),
        positions=_unique(get("position")),
        titles=_unique(get("title")),
        measures=_measures(sanction("provisions")),
        programs=_unique(get("program") + sanction("program")),
        legal_basis=_unique(sanction("description")),
        listed_on=_earliest(sanction("listingDate") or sanction("startDate")),
        updated_on=_earliest(get("modifiedAt")),
        remarks=_unique(get("notes") + sanction("reason")),
        relations=_relations(record["id"], linked),
        emails=_unique(get("email")),
        websites=_unique(get("website")),
        phones=_unique(get("phone")),
        extra=_extra(record, sanction("authorityId")),
    )


def _names(record: dict[str, Any]) -> tuple[Name, ...]:
    """Names by property; the FtM name parts go onto the primary name when it is the only one."""
    primaries = _values(record, "name") or _clean([record.get("caption")])
    parts = {}
    if len(primaries) == 1:
        for part, prop in (("given", "firstName"), ("family", "lastName"), ("patronymic", "fatherName")):
            if len(found := _values(record, prop)) == 1:
                parts[part] = found[0]
    names = [make_name(primaries[0], NameKind.PRIMARY, **parts)] if primaries else []
    names += [make_name(full, NameKind.PRIMARY) for full in primaries[1:]]
    for prop, kind in _NAME_PROPS[1:]:
        names += [make_name(full, kind) for full in _values(record, prop)]
    unique: dict[str, Name] = {}
    for name in names:
        if name and name.full not in unique:
            unique[name.full] = name
    return tuple(unique.values())


def _dates(values: Iterable[str]) -> tuple[DateValue, ...]:
    return _unique(parse_date(v) for v in values)


def _earliest(values: Iterable[str]) -> str | None:
    starts = [d.start for d in _dates(values)]
    return min(starts) if starts else None


def _identifiers(record: dict[str, Any], linked: list[dict[str, Any]]) -> tuple[Identifier, ...]:
    """Document entities first (they know the issuing country), then the thing's own id
    properties for numbers no document gave."""
    found = [ident for adjunct in linked if (ident := _document_identifier(adjunct))]
    seen = {ident.value for ident in found}
    for prop, kind in _PROP_IDS.items():
        for value in _values(record, prop):
            value = _IMO_PREFIX.sub("", value) if kind == "imo" else value
            if value not in seen:
                seen.add(value)
                found.append(Identifier(kind, value))
    return tuple(found)


def _document_identifier(adjunct: dict[str, Any]) -> Identifier | None:
    schema = adjunct["schema"]
    if schema == "CryptoWallet":
        keys, note = _values(adjunct, "publicKey"), _values(adjunct, "currency")
        return Identifier("crypto", keys[0], note=note[0] if note else None) if keys else None
    if schema not in ("Identification", "Passport"):
        return None
    numbers = _values(adjunct, "number") or _values(adjunct, "passportNumber")
    if not numbers:
        return None
    label = next(iter(_values(adjunct, "type")), schema)
    kind = label if _TOKEN.match(label) else identifier_type(label)
    value = _IMO_PREFIX.sub("", numbers[0]) if kind == "imo" else numbers[0]
    countries = [to_country(c) for c in _values(adjunct, "country")]
    notes = _values(adjunct, "description") or _values(adjunct, "summary")
    return Identifier(kind, value, countries[0] if countries else None, notes[0] if notes else None)


def _measures(provisions: Iterable[str]) -> tuple[str, ...]:
    """Measures named by keyword; a short provision no keyword knows becomes its snake_case."""
    out = []
    for text in provisions:
        known = [measure for pattern, measure in _MEASURE_KEYWORDS if pattern.search(text)]
        if not known and _SHORT_PROVISION.match(text):
            known = [text.lower().replace(" ", "_")]
        out += known
    return _unique(out)


def _relations(thing_id: str, linked: list[dict[str, Any]]) -> tuple[Relation, ...]:
    out = []
    for adjunct in linked:
        if adjunct["schema"] not in _LINKS:
            continue
        first, second, kind_first, kind_second = _LINKS[adjunct["schema"]]
        role = next(iter(_values(adjunct, "role")), "")
        share = _share(_values(adjunct, "percentage"))
        for ours, theirs, kind in ((first, second, kind_first), (second, first, kind_second)):
            if thing_id in _values(adjunct, ours):
                # Our own kinds (written by to_ftm) come back from UnknownLink's role.
                kind = role if adjunct["schema"] == "UnknownLink" and _TOKEN.match(role) else kind
                out += [Relation(kind, other, share) for other in _values(adjunct, theirs)]
    return _unique(out)


def _share(values: list[str]) -> float | None:
    try:
        return float(values[0].rstrip("%")) if values else None
    except ValueError:
        return None


def _extra(record: dict[str, Any], authority_ids: list[str]) -> tuple[tuple[str, str], ...]:
    """OpenSanctions' record-level facts worth keeping: its datasets, the ids merged into this
    one (``referents``, so the store can follow merges), topics, and non-target status
    (``target: false`` marks an entity included only as related to a listed one)."""
    pairs = [("authority_id", v) for v in authority_ids]
    pairs += [("topic", v) for v in _values(record, "topics")]
    pairs += [("dataset", v) for v in record.get("datasets", [])]
    pairs += [("referent", v) for v in record.get("referents", [])]
    if record.get("target") is False:
        pairs.append(("target", "false"))
    return _unique(pairs)
