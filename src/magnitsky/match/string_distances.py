"""String distances on code points, compiled with numba, as rapidfuzz computes them.

The alignment (``alignment_kernel``) and its bound (``bounds``) compare tokens inside compiled
loops, where rapidfuzz cannot be called. These are its optimal string alignment and Levenshtein
distances and normalised similarities, with the same results: strings come in as code points (a
padded int32 matrix row with a length), a query token that fits 64 ASCII letters is compared
bit-parallel through its ``pattern``, any other cell by cell. ``could_reach`` tells from letter
sets alone (``index.letter_sets``) that two strings cannot be similar enough, before paying for
a distance.
"""

from __future__ import annotations

import numpy as np

from magnitsky.kernel_cache import kernel

# edit_distance's ``swaps`` as its callers pass it: a numpy bool, as numba compiles a kernel once per
# distinct literal argument (True and False were two compilations) and once per type.
WITH_SWAPS, NO_SWAPS = np.bool_(True), np.bool_(False)


@kernel
def pattern(a, la, out):
    """Bit masks of where each character occurs in ``a`` (bit i: position i), into ``out`` (128
    zeros): the bit-parallel distance's view of the query token. False when ``a`` does not fit
    (longer than 64, or not ASCII) and the distance must be computed cell by cell."""
    if la > 64:
        return False
    for i in range(la):
        if a[i] >= 128:
            return False
        out[a[i]] |= np.uint64(1) << np.uint64(i)
    return True


@kernel
def _osa_distance_bits(pattern, la, b, lb):
    """Optimal string alignment distance in one pass over ``b`` (Hyyrö 2003: the Levenshtein
    bit-vector algorithm with transpositions), for a query token of at most 64 ASCII letters
    given as its ``pattern``."""
    if la == 0:
        return lb
    one = np.uint64(1)
    last = one << np.uint64(la - 1)
    vp, vn, d0, previous = ~np.uint64(0), np.uint64(0), np.uint64(0), np.uint64(0)
    distance = la
    for j in range(lb):
        pm = pattern[b[j]] if b[j] < 128 else np.uint64(0)
        transposed = (((~d0) & pm) << one) & previous
        d0 = (((pm & vp) + vp) ^ vp) | pm | vn | transposed
        hp = vn | ~(d0 | vp)
        hn = d0 & vp
        if hp & last:
            distance += 1
        elif hn & last:
            distance -= 1
        hp = (hp << one) | one
        hn = hn << one
        vp = hn | ~(d0 | hp)
        vn = hp & d0
        previous = pm
    return distance


@kernel
def edit_distance(a, la, b, lb, swaps):
    """Levenshtein distance cell by cell, with ``swaps`` the optimal string alignment distance (a
    swap of neighbours counting as one edit): for tokens the bit vectors cannot hold, and joins."""
    before = np.empty(lb + 1, dtype=np.int32)
    previous = np.arange(lb + 1).astype(np.int32)
    current = np.empty(lb + 1, dtype=np.int32)
    for i in range(1, la + 1):
        current[0] = i
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if swaps and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        before, previous, current = previous, current, before
    return previous[lb]


@kernel
def osa_distance(a, la, pattern, fits, b, lb):
    """rapidfuzz ``OSA.distance``: edits, a swap of neighbours counting as one; bit-parallel when
    query token ``a`` ``fits`` its ``pattern``."""
    return _osa_distance_bits(pattern, la, b, lb) if fits else edit_distance(a, la, b, lb, WITH_SWAPS)


@kernel
def osa_similarity(a, la, pattern, fits, b, lb):
    """rapidfuzz ``OSA.normalized_similarity``."""
    longest = max(la, lb)
    if longest == 0:
        return 1.0
    return 1.0 - osa_distance(a, la, pattern, fits, b, lb) / longest


@kernel
def levenshtein_similarity(a, la, b, lb):
    """rapidfuzz ``Levenshtein.normalized_similarity``."""
    longest = max(la, lb)
    if longest == 0:
        return 1.0
    return 1.0 - edit_distance(a, la, b, lb, NO_SWAPS) / longest


@kernel
def same(a, la, b, lb):
    if la != lb:
        return False
    for i in range(la):
        if a[i] != b[i]:
            return False
    return True


@kernel
def concatenate(a, la, b, lb, out):
    out[:la] = a[:la]
    out[la : la + lb] = b[:lb]
    return la + lb


@kernel
def _bit_count(x):
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


@kernel
def could_reach(la, a_letters, lb, b_letters, reach):
    """Whether two strings could be ``reach`` similar: each letter of one that the other lacks
    costs at least one edit (a swap moves letters, it brings in none), as does each letter of
    length difference."""
    edits = max(abs(la - lb), _bit_count(a_letters & ~b_letters), _bit_count(b_letters & ~a_letters))
    longest = max(la, lb)
    return longest == 0 or 1.0 - edits / longest >= reach
