"""Which pairs of entries are worth comparing: those sharing a blocking key, never all pairs.

An entry is filed under its whole-name keys, its two-token keys and its document numbers; only
entries of different lists filed under one key are compared. A key on more than ``MAX_BLOCK``
entries ("mohammed ali", "ivanovich alexander") says nothing about identity: it is skipped, and
the pair is still found through a rarer key it shares (the family name with a given name).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from magnitsky.linking.profile import Profile

MAX_BLOCK = 40  # entries under one key, of all lists together


def candidate_pairs(profiles: Sequence[Profile]) -> Iterator[tuple[int, int]]:
    """Each pair (by position in ``profiles``, lower first) of entries of different lists and the
    same kind that share a key; each pair once."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, entry in enumerate(profiles):
        for key in entry.name_keys() | entry.pair_keys():
            blocks[(entry.group, key)].append(number)
        for kind, value in entry.documents:
            blocks[(entry.group, f"#{kind}:{value}")].append(number)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for i, first in enumerate(members):
            source = profiles[first].entity.source
            for second in members[i + 1 :]:
                if profiles[second].entity.source == source or (first, second) in seen:
                    continue
                seen.add((first, second))
                yield first, second
