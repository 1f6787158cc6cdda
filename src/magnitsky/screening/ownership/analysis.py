"""Applying the ownership rule to the loaded lists and the user's ownership file.

The lists say who is under an asset freeze (per :class:`MeasuresTable`: stated measures, or the
per-program table for OFAC) and some ownership (FtM Ownership, UK parent companies and
subsidiaries, OFAC "owned or controlled by"); the user's file adds stakes and the companies on no
list. :func:`analyse` puts them together and describes every derived block in words and JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from magnitsky.model import Entity
from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.ownership.csv_file import OwnershipFile
from magnitsky.screening.ownership.entities import LEGAL_BASIS, blocked_entity
from magnitsky.screening.ownership.rule import DerivedBlock, apply_rule, merge_stakes
from magnitsky.screening.ownership.stakes import (
    Issue,
    Party,
    Stake,
    list_stakes,
    percent,
)


@dataclass(frozen=True)
class OwnershipAnalysis:
    derivations: tuple[dict[str, Any], ...]  # one per derived block, in the order they were found
    issues: tuple[Issue, ...]
    bases: dict[str, Entity | Party]  # entity id -> what describes it

    def entities(self) -> list[Entity]:
        """The derived blocks as screenable entities (source ``ownership``)."""
        return [blocked_entity(d, self.bases[d["entity_id"]]) for d in self.derivations]

    def to_dict(self) -> dict[str, Any]:
        return {"rule": LEGAL_BASIS, "blocked": list(self.derivations), "issues": [i.to_dict() for i in self.issues]}


def analyse(
    entities: Iterable[Entity], ownership: OwnershipFile | None = None, measures: MeasuresTable | None = None
) -> OwnershipAnalysis:
    """Derived blocks over the list ``entities`` (all current versions) and ``ownership``."""
    measures = measures or MeasuresTable.load()
    listed = {entity.id: entity for entity in entities}
    frozen = {}
    for entity_id, entity in listed.items():
        applied = measures.for_entity(entity)
        if applied.freeze:
            frozen[entity_id] = "; ".join(applied.basis)
    found = list(list_stakes(listed.values()))
    stakes = [s for s in found if isinstance(s, Stake)] + list(ownership.stakes if ownership else ())
    merged, issues = merge_stakes(stakes)
    issues = [i for i in found if isinstance(i, Issue)] + issues
    merged, not_ownable = _ownable(merged, listed)
    result = apply_rule(merged, frozen)
    bases: dict[str, Entity | Party] = {**(ownership.parties if ownership else {}), **listed}
    describe = _Describer(bases, frozen, result.blocks)
    derivations = tuple(describe(block) for block in result.blocks.values())
    return OwnershipAnalysis(derivations, tuple(issues + not_ownable + result.issues), bases)


def _ownable(stakes: list[Stake], listed: dict[str, Entity]) -> tuple[list[Stake], list[Issue]]:
    """Stakes in people are list data errors (a person cannot be owned): reported, left out."""
    kept, issues = [], []
    for stake in stakes:
        if stake.owned in listed and listed[stake.owned].schema == "Person":
            issues.append(
                Issue(
                    "not_ownable",
                    ", ".join(e.origin for e in stake.evidence),
                    f"{stake.owned} is a person and cannot be owned; stake left out",
                )
            )
        else:
            kept.append(stake)
    return kept, issues


class _Describer:
    """A derived block in words and JSON: owners, paths from listed entities, programs."""

    def __init__(self, bases: dict[str, Entity | Party], frozen: dict[str, str], blocks: dict[str, DerivedBlock]):
        self.bases, self.frozen, self.blocks = bases, frozen, blocks

    def caption(self, entity_id: str) -> str:
        base = self.bases.get(entity_id)
        return base.caption if isinstance(base, Entity) else base.name if base else entity_id

    def label(self, entity_id: str) -> str:
        status = "listed, asset freeze" if entity_id in self.frozen else "blocked by ownership"
        return f"{self.caption(entity_id)} [{entity_id}, {status}]"

    def __call__(self, block: DerivedBlock) -> dict[str, Any]:
        entity_id = block.entity_id
        base = self.bases.get(entity_id)
        return {
            "entity_id": entity_id,
            "caption": self.caption(entity_id),
            "schema": base.schema if base else "LegalEntity",
            "listed": isinstance(base, Entity),  # a list entry without an asset freeze of its own
            "blocked_share": percent(block.blocked_share),
            "owners": [self.owner(stake) for stake in block.owners],
            "paths": [self.path(path, entity_id) for path in block.paths],
            "roots": [
                {"entity_id": root, "caption": self.caption(root), "basis": self.frozen[root]} for root in block.roots
            ],
            "programs": self.programs(entity_id),
        }

    def owner(self, stake: Stake) -> dict[str, Any]:
        return {
            "owner": stake.owner,
            "caption": self.caption(stake.owner),
            "share": None if stake.share is None else format(stake.share.normalize(), "f"),
            "blocked_as": "listed" if stake.owner in self.frozen else "ownership",
            "evidence": [e.to_dict() for e in stake.evidence],
        }

    def path(self, steps, entity_id: str) -> dict[str, Any]:
        parts = [self.label(steps[0].owner)]
        targets = [step.owner for step in steps[1:]] + [entity_id]
        for step, target in zip(steps, targets):
            sources = "; ".join(map(str, step.evidence))
            parts.append(f"--{percent(step.share)}--> {self.caption(target)} [{target}] ({sources})")
        return {
            "text": " ".join(parts),
            "steps": [
                {
                    "owner": step.owner,
                    "caption": self.caption(step.owner),
                    "share": format(step.share.normalize(), "f"),
                    "owned": target,
                    "evidence": [e.to_dict() for e in step.evidence],
                }
                for step, target in zip(steps, targets)
            ],
        }

    def programs(self, entity_id: str) -> list[str]:
        """Programs of every listed entity the block descends from through blocked owners."""
        programs: dict[str, None] = {}
        seen, todo = {entity_id}, [entity_id]
        while todo:
            for stake in self.blocks[todo.pop()].owners:
                if stake.owner in seen:
                    continue
                seen.add(stake.owner)
                if stake.owner in self.blocks:
                    todo.append(stake.owner)
                elif isinstance(base := self.bases.get(stake.owner), Entity):
                    programs.update(dict.fromkeys(base.programs))
        return list(programs)
