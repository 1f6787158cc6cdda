"""Who owns how much of what: the statements the ownership rule works on, and where each came from.

A :class:`Stake` is one owner's share of one owned entity, with the evidence for it: the list
entry that states it, or the file and line of the user's ownership CSV. Shares are
:class:`~decimal.Decimal` percentages so that 33.33 + 16.67 is exactly 50. Entities are named
by node id: a listed entity's ``source:source_id``, or the id a party has in the ownership CSV
(which never contains ``:``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from magnitsky.model import Entity, Identifier

# Relation kinds the parsers write: the entity owns the target / is owned by the target.
# (FtM Ownership -> owns/owned_by; UK Subsidiaries/ParentCompanies; OFAC advanced XML "Owned or
# Controlled By"; OFAC CSV vessel owner.) "linked_to" (OFAC "Linked To:") is not ownership.
OWNS_KINDS = frozenset({"owns"})
OWNED_BY_KINDS = frozenset({"owned_by"})


@dataclass(frozen=True)
class Evidence:
    """Where a stake is stated: ``ofac_sdn:123`` (a list entry) or ``own.csv line 4``."""

    origin: str
    text: str | None = None  # the CSV's evidence column, or the list relation kind
    as_of: str | None = None

    def __str__(self) -> str:
        return ", ".join(filter(None, (self.origin, self.text, f"as of {self.as_of}" if self.as_of else None)))

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("origin", self.origin), ("text", self.text), ("as_of", self.as_of)) if v}


@dataclass(frozen=True)
class Stake:
    owner: str
    owned: str
    share: Decimal | None  # percent; None when the source does not say
    evidence: tuple[Evidence, ...]
    from_file: bool = False  # stated in the user's ownership CSV (takes precedence over lists)


@dataclass(frozen=True)
class Party:
    """An entity defined in the ownership CSV, typically a company on no list."""

    id: str
    name: str
    line: int
    schema: str = "Company"
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "line": self.line,
            "schema": self.schema,
            "aliases": list(self.aliases),
            "countries": list(self.countries),
            "identifiers": [[i.type, i.value] for i in self.identifiers],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Party:
        return cls(
            data["id"],
            data["name"],
            data["line"],
            data["schema"],
            tuple(data["aliases"]),
            tuple(data["countries"]),
            tuple(Identifier(t, v) for t, v in data["identifiers"]),
        )


@dataclass(frozen=True)
class Issue:
    """A data problem the rule worked around: it names where, and says what was done."""

    kind: str  # unknown_share, invalid_share, unresolved, over_100, conflict, not_ownable
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "where": self.where, "message": self.message}


def parse_share(text: str) -> Decimal:
    """``50``, ``50.5`` or ``50 %`` as a percentage in (0, 100]; ValueError says what is wrong."""
    cleaned = text.strip().removesuffix("%").strip()
    try:
        share = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"share {text!r} is not a number (write a percentage such as 50 or 12.5)") from None
    if not share.is_finite() or share <= 0 or share > 100:
        raise ValueError(f"share {text!r} is not a percentage above 0 and at most 100")
    return share


def percent(share: Decimal | None) -> str:
    """``60`` for 60.0, ``12.5`` for 12.50, ``unknown`` for None: a share as people write it."""
    return "unknown" if share is None else f"{format(share.normalize(), 'f')}%"


def list_stakes(entities: Iterable[Entity]) -> Iterator[Stake | Issue]:
    """Stakes stated by list entries' ownership relations, targets resolved to node ids.

    A target is the other entry's key in the same list (FtM, OFAC advanced XML) or its name
    (UK XML, OFAC CSV vessel owner); one that names no entry, or several, is reported and left
    out. A share that is missing stays unknown (it blocks nothing); one outside (0, 100] is
    reported and treated as unknown.
    """
    entities = list(entities)
    by_id = {e.id: e for e in entities}
    by_name: dict[tuple[str, str], set[str]] = {}
    for entity in entities:
        for name in entity.names:
            by_name.setdefault((entity.source, _key(name.full)), set()).add(entity.id)
    for entity in entities:
        for relation in entity.relations:
            if relation.kind not in OWNS_KINDS | OWNED_BY_KINDS:
                continue
            other = _resolve(entity.source, relation.target, by_id, by_name)
            if other is None:
                yield Issue(
                    "unresolved",
                    entity.id,
                    f"{relation.kind} {relation.target!r}: no single entry of "
                    f"{entity.source} has that id or name; the stake is left out",
                )
                continue
            owner, owned = (entity.id, other) if relation.kind in OWNS_KINDS else (other, entity.id)
            share = None
            if relation.share is not None:
                try:
                    share = parse_share(repr(relation.share))
                except ValueError as exc:
                    yield Issue("invalid_share", entity.id, f"{exc}; treated as unknown")
            yield Stake(owner, owned, share, (Evidence(entity.id, relation.kind),))


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _resolve(source: str, target: str, by_id: dict, by_name: dict) -> str | None:
    if f"{source}:{target}" in by_id:
        return f"{source}:{target}"
    found = by_name.get((source, _key(target)), set())
    return next(iter(found)) if len(found) == 1 else None
