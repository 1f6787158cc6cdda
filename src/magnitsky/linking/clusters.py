"""From pairwise links to the groups screening merges, honouring a reviewer's rejections.

Links are joined transitively (A = B and B = C make one group of three) but never across a
rejected pair: two groups are not joined when a reviewer said that any member of one is not a
member of the other. Confirmed links are joined first, then automatic ones, so a reviewer's word
wins over the rules where the two disagree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable


def groups(
    confirmed: Iterable[tuple[str, str]],
    automatic: Iterable[tuple[str, str]],
    rejected: Iterable[tuple[str, str]],
    present: Collection[str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Entry id -> the ids of its group (sorted, itself included), for entries linked to at least
    one other. ``present``: only these entries count (those of the lists screened now)."""
    refused = {frozenset(pair) for pair in rejected}
    members: dict[str, set[str]] = {}
    for left, right in [*confirmed, *automatic]:
        if present is not None and (left not in present or right not in present):
            continue
        first, second = members.get(left, {left}), members.get(right, {right})
        if first is second or any(frozenset((x, y)) in refused for x in first for y in second):
            continue
        joined = first | second
        for entry in joined:
            members[entry] = joined
    return {entry: tuple(sorted(group)) for entry, group in members.items()}
