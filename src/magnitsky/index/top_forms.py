"""Retrieval's arithmetic, compiled with numba: summing the weights of the keys a query shares
with each listed form, and keeping the best forms.

Done with numpy it was a concatenation of one posting slice per key, a ``bincount`` over every
form, and several passes over the result; as one compiled loop over the postings it is a
fraction of that. The weights are added in the same order as before, so the sums (and the
ranking) are the same.
"""

from __future__ import annotations

import numpy as np

from magnitsky.kernel_cache import kernel

_scores = np.zeros(0)  # the sums, all zeros between calls (see ``top_forms``)


def top_forms(
    numbers: np.ndarray,
    posting_offsets: np.ndarray,
    posting_forms: np.ndarray,
    key_weights: np.ndarray,
    n_forms: int,
    limit: int,
    floor_share: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The forms sharing the most key weight with the keys numbered in ``numbers``, best first,
    and those weights: the ``limit`` best and every form tied with the last of them (up to
    ``2 * limit``; among forms tied beyond that, the lowest-numbered), leaving out forms below
    ``floor_share`` of the best form's weight."""
    # One array of sums, reused (replaced when an index of another size asks): allocating and
    # scanning an array over every form cost more than the adding. Compiled code holds the
    # interpreter lock, so calls never overlap.
    global _scores
    if len(_scores) != n_forms:
        _scores = np.zeros(n_forms)
    scores = _scores
    return _top_forms(numbers, posting_offsets, posting_forms, key_weights, scores, limit, floor_share)


@kernel
def _top_forms(numbers, posting_offsets, posting_forms, key_weights, scores, limit, floor_share):
    """``top_forms``, adding into ``scores`` (all zeros) and leaving it all zeros again."""
    touched = np.empty(posting_offsets[numbers + 1].sum() - posting_offsets[numbers].sum(), dtype=np.int64)
    n_touched = 0
    for number in numbers:
        weight = key_weights[number]
        for position in range(posting_offsets[number], posting_offsets[number + 1]):
            form = posting_forms[position]
            score = scores[form]
            touched[n_touched] = form  # kept only if first touched: without a branch, a third faster
            n_touched += score == 0.0
            scores[form] = score + weight
    best = 0.0
    for t in range(n_touched):
        best = max(best, scores[touched[t]])
    floor = best * floor_share
    hits = np.empty(n_touched, dtype=np.int64)
    kept = np.empty(n_touched)
    n_kept = 0
    for t in range(n_touched):  # forms below the floor are left out; the sums go back to zero
        form = touched[t]
        if scores[form] >= floor:
            hits[n_kept] = form
            kept[n_kept] = scores[form]
            n_kept += 1
        scores[form] = 0.0
    hits, kept = hits[:n_kept], kept[:n_kept]
    if n_kept > limit:  # only the forms reaching the limit-th best sum are ranked
        last = np.partition(-kept, limit - 1)[limit - 1]
        reaching = -kept <= last
        hits, kept = hits[reaching], kept[reaching]
    by_form = np.argsort(hits)
    hits, kept = hits[by_form], kept[by_form]
    order = np.argsort(-kept, kind="mergesort")  # stable: ties stay in form order
    if len(order) > limit:
        last, end = kept[order[limit - 1]], limit
        while end < min(len(order), 2 * limit) and kept[order[end]] >= last:
            end += 1
        order = order[:end]
    return hits[order], kept[order]
