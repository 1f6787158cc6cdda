"""The letters of strings (as code points, ``form_table.code_points``) as 64-bit masks.

Two tokens that differ in many letters cannot be similar, whatever their order: each letter one
has and the other lacks costs at least one edit. The alignment bound tests that before computing
any edit distance, for every query token against every distinct token of up to 80 candidates, so
the listed tokens' masks are computed once, with the index (``FormTable``), not per comparison.
"""

from __future__ import annotations

import numpy as np

from magnitsky.kernel_cache import kernel


@kernel
def letter_set(a, la):
    """The letters of ``a`` as bits of a 64-bit mask (code point mod 64: two letters may share a
    bit, which only makes the test more lenient)."""
    mask = np.uint64(0)
    for i in range(la):
        mask |= np.uint64(1) << np.uint64(a[i] & 63)
    return mask


@kernel
def letter_sets(codes, lengths):
    """``letter_set`` of each row of a padded code point matrix."""
    out = np.empty(lengths.shape[0], dtype=np.uint64)
    for row in range(lengths.shape[0]):
        out[row] = letter_set(codes[row], lengths[row])
    return out
