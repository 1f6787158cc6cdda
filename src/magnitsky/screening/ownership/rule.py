"""The 50 percent rule as a fixed point over the ownership graph.

An entity is blocked when the shares its *blocked* direct owners hold add up to 50 % or more
(OFAC FAQ 398-401). Blocked owners are list entries under an asset freeze and, in turn, entities
the rule has blocked; so blocking spreads down chains of any depth (X owns 50 % of A, A owns 50 %
of B: B is blocked) and aggregates across owners (X and Y, both listed, own 25 % each). A stake
held by an entity that is *not* blocked does not count, however large its own owners' stakes:
OFAC's "indirectly" means through entities 50 % or more owned by blocked persons (FAQ 401), not
a product of percentages down the chain. Control without ownership (FAQ 398) is not ownership.

Blocking only ever adds entities, so the work list below reaches the fixed point after each
stake was looked at once; cycles stop because a blocked entity is never blocked again.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from magnitsky.screening.ownership.stakes import Evidence, Issue, Stake, percent

THRESHOLD = Decimal(50)
MAX_PATHS = 10  # ownership paths named per derived block (the first found, shortest chains first)


@dataclass(frozen=True)
class Step:
    """One link of an ownership path: ``owner`` holds ``share`` of the next entity."""

    owner: str
    share: Decimal
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class DerivedBlock:
    """An entity blocked by the rule: its blocked owners, their total, and why each is blocked."""

    entity_id: str
    blocked_share: Decimal  # total share held by blocked owners at the fixed point
    owners: tuple[Stake, ...]  # stakes of the blocked direct owners, largest first
    paths: tuple[tuple[Step, ...], ...]  # each from a listed (frozen) entity down to this one
    roots: tuple[str, ...]  # the listed entities every path starts from


@dataclass
class RuleResult:
    blocks: dict[str, DerivedBlock] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def merge_stakes(stakes: Iterable[Stake]) -> tuple[list[Stake], list[Issue]]:
    """One stake per (owner, owned) pair: the user's file over the lists, a stated share over an
    unknown one, else the larger share. Different stated shares are reported (``conflict``)."""
    merged: dict[tuple[str, str], Stake] = {}
    issues = []
    for stake in stakes:
        key = (stake.owner, stake.owned)
        known = merged.get(key)
        if known is None:
            merged[key] = stake
            continue
        if known.from_file != stake.from_file:
            chosen = known if known.from_file else stake
        elif stake.share is None or (known.share is not None and known.share >= stake.share):
            chosen = known
        else:
            chosen = stake
        if known.share is not None and stake.share is not None and known.share != stake.share:
            issues.append(
                Issue(
                    "conflict",
                    ", ".join(e.origin for e in (*known.evidence, *stake.evidence)),
                    f"{stake.owner} owning {stake.owned}: {percent(known.share)} and "
                    f"{percent(stake.share)} stated; {percent(chosen.share)} used",
                )
            )
        other = stake if chosen is known else known
        # The other statement is evidence for the share used only when it states the same share.
        agreeing = other.evidence if other.share == chosen.share else ()
        merged[key] = Stake(chosen.owner, chosen.owned, chosen.share, (*chosen.evidence, *agreeing), chosen.from_file)
    return list(merged.values()), issues


def apply_rule(stakes: Iterable[Stake], frozen: Iterable[str]) -> RuleResult:
    """Entities blocked because ``frozen`` entities (list entries under an asset freeze) and the
    entities blocked through them own 50 % or more of them, with the ownership paths.

    ``stakes`` should be merged (:func:`merge_stakes`). Unknown shares block nothing and are
    reported when the owner is blocked; totals above 100 % are reported and still applied.
    """
    result = RuleResult()
    held_by: dict[str, list[Stake]] = defaultdict(list)  # owner -> stakes it holds
    owned_by: dict[str, list[Stake]] = defaultdict(list)  # owned -> stakes in it
    for stake in stakes:
        held_by[stake.owner].append(stake)
        owned_by[stake.owned].append(stake)
    result.issues += _over_100(owned_by)
    roots = set(frozen)
    order = {entity_id: 0 for entity_id in roots}  # when each entity was found blocked
    totals: dict[str, Decimal] = defaultdict(Decimal)
    queue = deque(sorted(roots))
    while queue:
        owner = queue.popleft()
        for stake in held_by.get(owner, ()):
            if stake.share is None:
                result.issues.append(
                    Issue(
                        "unknown_share",
                        ", ".join(e.origin for e in stake.evidence),
                        f"blocked {owner} owns an unknown share of {stake.owned}; "
                        f"not counted (find the share to apply the 50% rule)",
                    )
                )
                continue
            totals[stake.owned] += stake.share
            if stake.owned not in order and totals[stake.owned] >= THRESHOLD:
                order[stake.owned] = len(order)
                queue.append(stake.owned)
    for entity_id in sorted(order, key=order.__getitem__):
        if entity_id not in roots:
            result.blocks[entity_id] = _block(entity_id, owned_by, order, roots)
    return result


def _over_100(owned_by: Mapping[str, list[Stake]]) -> list[Issue]:
    issues = []
    for owned, stakes in owned_by.items():
        total = sum((s.share for s in stakes if s.share is not None), Decimal(0))
        if total > 100:
            where = ", ".join(e.origin for s in stakes for e in s.evidence)
            issues.append(
                Issue(
                    "over_100",
                    where,
                    f"stakes in {owned} add up to {percent(total)}; the data contradicts itself (applied as stated)",
                )
            )
    return issues


def _block(entity_id: str, owned_by: Mapping[str, list[Stake]], order: dict[str, int], roots: set[str]) -> DerivedBlock:
    held = sorted(
        ((s.share, s) for s in owned_by[entity_id] if s.owner in order and s.share is not None),
        key=lambda held: (-held[0], held[1].owner),
    )
    paths = _paths(entity_id, owned_by, order, roots)
    return DerivedBlock(
        entity_id,
        sum((share for share, _ in held), Decimal(0)),
        tuple(stake for _, stake in held),
        tuple(sorted(paths, key=len)),
        tuple(dict.fromkeys(path[0].owner for path in sorted(paths, key=len))),
    )


def _paths(entity_id: str, owned_by: Mapping[str, list[Stake]], order: dict[str, int], roots: set[str]) -> list:
    """Up to MAX_PATHS paths up from ``entity_id`` through owners found blocked *before* it: the
    causal chains, which always end at a listed entity and cannot loop (each step goes back in
    time). Depth-first without recursion; a partial path is a linked list (step, rest) so that
    extending it costs nothing however deep the chain."""
    out: list[tuple[Step, ...]] = []
    stack: list[tuple[str | None, tuple | None]] = [(entity_id, None)]  # node None: a finished path
    while stack and len(out) < MAX_PATHS:
        node, below = stack.pop()
        if node is None:
            out.append(_unlink(below))
            continue
        causes = [
            (s.share, s) for s in owned_by[node] if s.share is not None and order.get(s.owner, len(order)) < order[node]
        ]
        causes.sort(key=lambda cause: order[cause[1].owner], reverse=True)  # the earliest is popped first
        for share, stake in causes:
            link = (Step(stake.owner, share, stake.evidence), below)
            stack.append((None if stake.owner in roots else stake.owner, link))
    return out


def _unlink(link: tuple | None) -> tuple[Step, ...]:
    steps = []
    while link is not None:
        steps.append(link[0])
        link = link[1]
    return tuple(steps)
