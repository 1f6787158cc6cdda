"""A listed entity and its parts, as every parser produces them and every later layer reads them.

The shape is FollowTheMoney's vocabulary made explicit: a name knows whether it is the primary
name, an alias, a weak (low-quality) alias, a former name or an original-script spelling; an
identifier knows its type and issuing country; the entity knows where it came from (``source``
and the list's own key ``source_id``). Entities are immutable and serialise to plain JSON so the
store can hash them and diff versions field by field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from functools import cached_property
from typing import Any

from magnitsky.model.dates import DateValue

# FollowTheMoney schemata a list entry can be.
SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")


class NameKind(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"  # a.k.a., strong alias
    WEAK = "weak"  # low-quality alias: nicknames, short forms a list flags as weak
    FORMER = "former"  # f.k.a., previous name
    ORIGINAL = "original"  # the name in its original script (Клюев, محمد)


@dataclass(frozen=True)
class Name:
    full: str
    kind: NameKind = NameKind.PRIMARY
    script: str | None = None  # ISO 15924 code, e.g. "Cyrl", "Arab"; None when Latin or unknown
    given: str | None = None  # given name(s) when the list splits them
    family: str | None = None  # surname when the list splits it
    patronymic: str | None = None


@dataclass(frozen=True)
class Identifier:
    """A document or registry number: passport, national_id, tax_id, imo, bic, crypto, ..."""

    type: str
    value: str
    country: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Address:
    full: str
    city: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Relation:
    """A link the list states to another entry: ``linked_to``, ``owned_by``, ``family`` ...

    ``target`` is the other entry's source_id when the list gives it, else its name.
    ``share`` is an ownership percentage when known.
    """

    kind: str
    target: str
    share: float | None = None


@dataclass(frozen=True)
class Entity:
    source: str  # the list this came from, e.g. "ofac_sdn", "un_sc"
    source_id: str  # the list's own key (OFAC uid, UN reference number, EU logicalId, ...)
    schema: str  # one of SCHEMATA
    names: tuple[Name, ...]
    birth_dates: tuple[DateValue, ...] = ()
    birth_places: tuple[str, ...] = ()
    death_dates: tuple[DateValue, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO codes: nationality and citizenship
    countries: tuple[str, ...] = ()  # other country links: residence, jurisdiction, flag
    gender: str | None = None  # "male" / "female" / "other"
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    positions: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()  # asset_freeze, travel_ban, arms_embargo, ...
    programs: tuple[str, ...] = ()  # list programs/regimes: MAGNIT, GLOMAG, SDGT, ISIL (Da'esh)...
    legal_basis: tuple[str, ...] = ()
    listed_on: str | None = None
    updated_on: str | None = None
    remarks: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    emails: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # list-specific facts: ("vessel_type", "Tanker"), ...

    def __post_init__(self) -> None:
        if self.schema not in SCHEMATA:
            raise ValueError(f"unknown schema {self.schema!r}; expected one of {SCHEMATA}")
        if not self.source_id:
            raise ValueError("an entity needs its list's own identifier (source_id)")
        if not any(n.full.strip() for n in self.names):
            raise ValueError(f"{self.source}:{self.source_id} has no name")

    @cached_property
    def id(self) -> str:
        """Stable id across versions: ``source:source_id`` (kept: screening asks for it for
        every candidate)."""
        return f"{self.source}:{self.source_id}"

    @cached_property
    def country_codes(self) -> frozenset[str]:
        """Nationalities and other country links together (kept: screening compares them with
        every customer's)."""
        return frozenset(self.nationalities) | frozenset(self.countries)

    @property
    def caption(self) -> str:
        """The entry's name for people to read, by :func:`caption_of`."""
        return caption_of(self.names)

    def names_of(self, *kinds: NameKind) -> list[str]:
        return [n.full for n in self.names if n.kind in kinds]

    # -- serialisation -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; empty fields are left out so diffs and hashes stay small."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, (), ""):
                continue
            if f.name in ("birth_dates", "death_dates"):
                value = [str(v) for v in value]
            elif f.name == "extra":
                value = [list(kv) for kv in value]
            elif isinstance(value, tuple):
                value = [_strip(asdict(v)) if hasattr(v, "__dataclass_fields__") else v for v in value]
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        kwargs: dict[str, Any] = dict(data)
        kwargs["names"] = tuple(Name(**{**n, "kind": NameKind(n.get("kind", "primary"))}) for n in data["names"])
        for key in ("birth_dates", "death_dates"):
            kwargs[key] = tuple(DateValue.from_str(v) for v in data.get(key, ()))
        for key, kind in (("identifiers", Identifier), ("addresses", Address), ("relations", Relation)):
            kwargs[key] = tuple(kind(**v) for v in data.get(key, ()))
        kwargs["extra"] = tuple(tuple(kv) for kv in data.get("extra", ()))
        for f in fields(cls):
            if isinstance(kwargs.get(f.name), list):
                kwargs[f.name] = tuple(kwargs[f.name])
        return cls(**kwargs)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def fingerprint(self) -> str:
        """Content hash: equal for two versions of an entry exactly when nothing in it changed."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def caption_of(names: Sequence[Name]) -> str:
    """The one rule for the name an entry is shown by, whatever its list: the list's own primary
    name; else the first name in Latin letters (a list whose primary is in another script, such
    as DFAT's few Arabic primaries, gives its transliteration too); else the first name.

    Every front end (CLI, API, web pages, exports, the store's captions) reads
    :attr:`Entity.caption`, so two listings of one person are captioned alike by every one.
    """
    primary = next((n for n in names if n.kind is NameKind.PRIMARY), None)
    latin = primary or next((n for n in names if n.script is None), None)
    return (latin or names[0]).full


def _strip(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}
