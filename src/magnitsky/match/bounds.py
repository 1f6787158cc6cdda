"""Upper bounds of name alignment scores, for all candidates of a query at once.

Retrieval brings up every listed form sharing a key with the query — a trigram, a common given
name — and aligning each one fully is what screening would spend most of its time on. Most
of them cannot come near a match, and that can be shown without aligning: a token that no listed
token resembles (similarity below MIN_PAIR, and no join possible) stays unpaired whatever the
alignment does, and the score can never exceed the best similarity of any pair. The bound counts
exactly that (compiled, in ``match.kernels``) and is never lower than :func:`align`'s score: the
matcher aligns only the candidates whose bound reaches its floor, and its results stay the same.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from magnitsky.index.form_table import FormTable
from magnitsky.match.alignment_kernel import QueryForm
from magnitsky.match.kernels import alignment_bounds_kernel

_local = np.zeros(0, dtype=np.int32)  # the kernel's token numbering, all -1 between calls


def query_bounds(query: QueryForm, rows: np.ndarray, table: FormTable) -> np.ndarray:
    """For each listed form numbered in ``rows``, a score the alignment of ``query`` (prepared by
    ``alignment_kernel.query_form``; the matcher aligns it next) with it cannot exceed."""
    # One array, reused (replaced when a table with a larger vocabulary asks), as in
    # ``index.top_forms``: compiled code holds the interpreter lock, so calls never overlap.
    global _local
    if len(_local) < len(table.length):
        _local = np.full(len(table.length), -1, dtype=np.int32)
    return alignment_bounds_kernel(
        query.codes,
        query.lengths,
        query.patterns,
        query.fits,
        query.weights,
        np.asarray(rows, dtype=np.intp),
        table.token_ids,
        table.spelled_ids,
        table.weights,
        table.total_weight,
        table.organisation,
        table.letters,
        table.length,
        table.skeleton_letters,
        table.skeleton_length,
        table.letter_sets,
        table.skeleton_letter_sets,
        _local,
    )


@njit(cache=True)
def reaching(rows: np.ndarray, bounds: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """The ``rows`` whose bound reaches ``floor``, and those bounds, highest first (equal bounds
    in the order given): one compiled call instead of half a dozen small numpy ones per query."""
    keep = np.flatnonzero(bounds >= floor)
    order = keep[np.argsort(-bounds[keep], kind="mergesort")]
    return rows[order], bounds[order]
