"""Entries a list repeats under one id: one subject listed once per programme, merged into one entry.

The EU's consolidated file lists a few subjects once per sanctions programme under the same
``logicalId`` (547, Sayed Esmatullah ASEM, under AFG with one set of names and birth places and
under TAQA with another). Stored as two entries they would be two listed persons: a hit on each,
two cases for one person, and each entry short of the facts the other holds. They are merged
into one entry holding every name, date, place and document of both, and both programmes.

Only a repeat that reads as the same subject is merged: the same schema, no programme in common
(the same programme twice is a second entry, not a second listing) and no contrary gender.
Anything else keeps both entries (the store then keeps the later under a suffixed id and says so).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from magnitsky.model.entity import Entity, Name, NameKind


@dataclass(frozen=True)
class Listing:
    """What tells whether two entries under one id are one subject listed twice; small, so the
    store holds one per entry of a whole list while it streams the entries."""

    schema: str
    programs: frozenset[str]
    gender: str | None

    @classmethod
    def of(cls, entity: Entity) -> Listing:
        return cls(entity.schema, frozenset(entity.programs), entity.gender)

    def same_subject(self, later: Listing) -> bool:
        """True when ``later``, an entry under the same id, is this subject listed under other programmes."""
        return (
            self.schema == later.schema
            and not self.programs & later.programs
            and (self.gender is None or later.gender is None or self.gender == later.gender)
        )

    def merged(self, later: Listing) -> Listing:
        return Listing(self.schema, self.programs | later.programs, self.gender or later.gender)


def merge_listings(first: Entity, later: Entity) -> Entity:
    """``first`` with every value of ``later`` added, each once, in the order listed.

    The first entry's primary name stays the primary (the entry keeps its caption); the later
    one's becomes an alias. The subject was listed on the earlier of the two dates and last
    updated on the later.
    """
    names = (*first.names, *(replace(n, kind=NameKind.ALIAS) if n.kind is NameKind.PRIMARY else n for n in later.names))
    values: dict[str, Any] = {
        f.name: tuple(dict.fromkeys((*getattr(first, f.name), *getattr(later, f.name))))
        for f in fields(Entity)
        if isinstance(getattr(first, f.name), tuple) and f.name != "names"
    }
    return replace(
        first,
        **values,
        names=_without_repeated_names(names),
        gender=first.gender or later.gender,
        listed_on=min(filter(None, (first.listed_on, later.listed_on)), default=None),
        updated_on=max(filter(None, (first.updated_on, later.updated_on)), default=None),
    )


def _without_repeated_names(names: tuple[Name, ...]) -> tuple[Name, ...]:
    """Each name once: a spelling both entries list is kept as the first lists it (a later alias
    equal to the primary is not kept beside it)."""
    kept: list[Name] = []
    seen: set[Name] = set()
    for name in names:
        key = replace(name, kind=NameKind.ALIAS)
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(kept)
