"""Entities blocked by the ownership rule, made screenable like list entries.

Each derived block becomes an :class:`Entity` of source ``ownership`` whose ``source_id`` is the
blocked entity's own id (``ownership:ofac_sdn:123`` for a list entry without a freeze,
``ownership:FOO-HOLDING`` for a company of the ownership CSV). It carries the names, countries and
identifiers the list or the CSV gives, the measure ``asset_freeze``, the programs of the listed
owners it descends from, the ownership paths as remarks, and the whole derivation as JSON in
``extra`` so a screening hit on it can explain itself (:func:`derivation_of`).
"""

from __future__ import annotations

import json
from typing import Any

from magnitsky.model import Entity, Name, NameKind, Relation
from magnitsky.screening.ownership.stakes import Party

SOURCE = "ownership"
DERIVATION = "ownership_derivation"  # extra key holding the derivation as JSON
LEGAL_BASIS = (
    "Owned 50% or more, directly or indirectly, in the aggregate, by blocked persons "
    "(OFAC 50 Percent Rule, FAQ 398-401)"
)


def blocked_entity(derivation: dict[str, Any], base: Entity | Party) -> Entity:
    """The screenable entity for one derivation (see :mod:`.analysis`), described by ``base``."""
    if isinstance(base, Party):
        names = (Name(base.name), *(Name(alias, NameKind.ALIAS) for alias in base.aliases))
        facts: dict[str, Any] = {
            "schema": base.schema,
            "names": names,
            "countries": base.countries,
            "identifiers": base.identifiers,
        }
    else:
        facts = {
            "schema": base.schema,
            "names": base.names,
            "countries": base.countries,
            "nationalities": base.nationalities,
            "identifiers": base.identifiers,
            "addresses": base.addresses,
        }
    return Entity(
        source=SOURCE,
        source_id=derivation["entity_id"],
        measures=("asset_freeze",),
        programs=tuple(derivation["programs"]),
        legal_basis=(LEGAL_BASIS,),
        remarks=tuple(f"Blocked by ownership: {path['text']}" for path in derivation["paths"]),
        relations=tuple(Relation("owned_by", o["owner"], float(o["share"])) for o in derivation["owners"]),
        extra=(
            ("blocked_share", derivation["blocked_share"]),
            (DERIVATION, json.dumps(derivation, ensure_ascii=False, sort_keys=True)),
        ),
        **facts,
    )


def derivation_of(entity: Entity) -> dict[str, Any] | None:
    """Why ``entity`` is blocked by the ownership rule, or None when it is a list entry."""
    if entity.source != SOURCE:
        return None
    text = next((value for key, value in entity.extra if key == DERIVATION), None)
    return json.loads(text) if text else None
