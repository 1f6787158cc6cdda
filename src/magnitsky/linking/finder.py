"""Linking every entry of the screened lists: profiles, candidate pairs, judgements."""

from __future__ import annotations

from collections import Counter

from magnitsky.index import NameIndex
from magnitsky.linking.blocking import candidate_pairs
from magnitsky.linking.evidence import PairJudgement, judge_pair
from magnitsky.linking.profile import profiles


def find_links(index: NameIndex) -> list[PairJudgement]:
    """Every pair of entries (of different lists) in ``index`` that evidence links or proposes,
    sorted. The index is the screening index of the same entries (its name forms are reused)."""
    found = profiles(index)
    name_counts = Counter(key for entry in found for key in entry.name_keys())
    judged = (judge_pair(found[a], found[b], name_counts) for a, b in candidate_pairs(found))
    return sorted((j for j in judged if j is not None), key=lambda j: (j.left, j.right))
