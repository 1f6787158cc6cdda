"""Upper bounds of name alignment scores, for all candidates of a query at once.

Retrieval brings up every listed form sharing a key with the query — a trigram, a common given
name — and aligning each one fully is what screening would spend most of its time on. Most
of them cannot come near a match, and that can be shown without aligning: a token that no listed
token resembles (similarity below MIN_PAIR, and no join possible) stays unpaired whatever the
alignment does, and the score can never exceed the best similarity of any pair. The bound counts
exactly that and is never lower than :func:`align`'s score: the matcher aligns only the
candidates whose bound reaches its floor, and its results stay the same.

The bound compares every query token with every token of up to 160 candidate names, and tries the
joins ``align`` would try. Written with numpy, that is dozens of small array operations per query
whose fixed costs dominate; written as plain loops compiled with numba (``alignment_bounds_kernel``),
it is a fraction of the time. Token similarities are rapidfuzz's (``string_distances``), so that
the bound stays above ``align``'s score; values below MIN_PAIR are never needed and come out as 0.
"""

from __future__ import annotations

import numpy as np

from magnitsky.index.form_table import FormTable
from magnitsky.kernel_cache import kernel
from magnitsky.match.alignment import (
    INITIAL_SIMILARITY,
    JOIN_SLACK,
    JOINED_MIN,
    MIN_PAIR,
    MISSING_LISTED,
    MISSING_LISTED_ORGANISATION,
    MISSING_QUERY,
    SAME_SKELETON,
    SWAP,
    apart,
    could_join,
    joined_similarity,
)
from magnitsky.match.alignment_kernel import QueryForm, query_letter_sets
from magnitsky.match.string_distances import concatenate, could_reach, osa_similarity, same

SWAP_REACH = 0.75  # the lowest letter similarity a swap can have: one edit in four letters
NOT_COMPUTED = -1.0

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


@kernel
def reaching(rows: np.ndarray, bounds: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """The ``rows`` whose bound reaches ``floor``, and those bounds, highest first (equal bounds
    in the order given): one compiled call instead of half a dozen small numpy ones per query."""
    keep = np.flatnonzero(bounds >= floor)
    order = keep[np.argsort(-bounds[keep], kind="mergesort")]
    return rows[order], bounds[order]


@kernel
def _token_bound(
    a,
    la,
    a_letters,
    a_pattern,
    a_fits,
    a_skeleton,
    la_skeleton,
    a_skeleton_letters,
    a_skeleton_pattern,
    a_skeleton_fits,
    b,
    lb,
    b_letters,
    b_skeleton,
    lb_skeleton,
    b_skeleton_letters,
):
    """At least ``alignment_kernel._token_similarity`` of two tokens, or 0 when that is below MIN_PAIR;
    query token ``a`` comes with the bit patterns of its letters and skeleton (``pattern``), both
    tokens with their and their skeletons' letter sets (``index.letter_sets``)."""
    if la == 1 or lb == 1:
        if a[0] != b[0]:
            return 0.0
        return 1.0 if la == lb else INITIAL_SIMILARITY
    letters = 0.0
    if could_reach(la, a_letters, lb, b_letters, MIN_PAIR):
        letters = osa_similarity(a, la, a_pattern, a_fits, b, lb)
    if letters == 1.0:
        return 1.0
    bound = letters
    if letters >= SWAP_REACH:
        bound = max(bound, SWAP)
    if bound < SAME_SKELETON and could_reach(
        la_skeleton, a_skeleton_letters, lb_skeleton, b_skeleton_letters, MIN_PAIR / SAME_SKELETON
    ):
        sounds = osa_similarity(a_skeleton, la_skeleton, a_skeleton_pattern, a_skeleton_fits, b_skeleton, lb_skeleton)
        bound = max(bound, sounds * SAME_SKELETON)
    return bound if bound >= MIN_PAIR else 0.0


@kernel
def alignment_bounds_kernel(
    codes,
    lengths,
    patterns,
    fits,
    q_weights,  # the query form (``alignment_kernel.QueryForm``)
    rows,
    token_ids,
    spelled_ids,
    weights,
    total_weight,
    organisation,
    vocabulary,
    vocabulary_lengths,
    skeletons,
    skeleton_lengths,
    letter_sets,
    skeleton_letter_sets,
    local,
):
    """For each listed form in ``rows``: a score the query's alignment with it cannot exceed.
    ``local`` has an entry per vocabulary token, all -1, and is left so."""
    n_query, width = codes.shape[2], token_ids.shape[1]
    q_codes, q_lengths, q_skeletons, q_skeleton_lengths = codes[0, 0], lengths[0, 0], codes[0, 1], lengths[0, 1]
    s_codes, s_lengths, s_skeletons, s_skeleton_lengths = codes[1, 0], lengths[1, 0], codes[1, 1], lengths[1, 1]
    # token similarities are memoised per distinct candidate token: many candidates share them;
    # ``local`` numbers those tokens (reused between calls: filling an array over the whole
    # vocabulary cost more than the numbering)
    n_local = 0
    for row in rows:
        for slot in range(width):
            if token_ids[row, slot] < 0:  # the padding after the form's last token
                break
            for vocabulary_id in (token_ids[row, slot], spelled_ids[row, slot]):
                if local[vocabulary_id] < 0:
                    local[vocabulary_id] = n_local
                    n_local += 1
    memo = np.full((2, n_query, max(n_local, 1)), NOT_COMPUTED)
    respelled = np.empty(n_query, dtype=np.bool_)  # a given name whose class differs from its spelling
    q_sets = query_letter_sets(codes, lengths)
    for i in range(n_query):
        respelled[i] = not same(s_codes[i], s_lengths[i], q_codes[i], q_lengths[i])
    query_total = q_weights.sum()
    longest = codes.shape[3] * 2 + vocabulary.shape[1] * 2 + 2
    left = np.empty(longest, dtype=np.int32)
    right = np.empty(longest, dtype=np.int32)
    query_paired = np.empty(n_query, dtype=np.bool_)
    listed_paired = np.empty(width, dtype=np.bool_)
    out = np.zeros(rows.shape[0])
    for k in range(rows.shape[0]):
        row = rows[k]
        query_paired[:] = False
        listed_paired[:] = False
        best = 0.0
        n_slots = 0
        while n_slots < width and token_ids[row, n_slots] >= 0:
            n_slots += 1
        for j in range(n_slots):
            v, w = token_ids[row, j], spelled_ids[row, j]
            for i in range(n_query):
                m = local[v]
                if memo[0, i, m] == NOT_COMPUTED:
                    memo[0, i, m] = (
                        0.0
                        if apart(
                            q_lengths[i],
                            q_sets[0, 0, i],
                            q_skeleton_lengths[i],
                            q_sets[0, 1, i],
                            vocabulary_lengths[v],
                            letter_sets[v],
                            skeleton_lengths[v],
                            skeleton_letter_sets[v],
                        )
                        else _token_bound(
                            q_codes[i],
                            q_lengths[i],
                            q_sets[0, 0, i],
                            patterns[0, 0, i],
                            fits[0, 0, i],
                            q_skeletons[i],
                            q_skeleton_lengths[i],
                            q_sets[0, 1, i],
                            patterns[0, 1, i],
                            fits[0, 1, i],
                            vocabulary[v],
                            vocabulary_lengths[v],
                            letter_sets[v],
                            skeletons[v],
                            skeleton_lengths[v],
                            skeleton_letter_sets[v],
                        )
                    )
                similarity = memo[0, i, m]
                if w != v or respelled[i]:
                    m = local[w]  # given names: also compared as spelled
                    if memo[1, i, m] == NOT_COMPUTED:
                        memo[1, i, m] = (
                            0.0
                            if apart(
                                s_lengths[i],
                                q_sets[1, 0, i],
                                s_skeleton_lengths[i],
                                q_sets[1, 1, i],
                                vocabulary_lengths[w],
                                letter_sets[w],
                                skeleton_lengths[w],
                                skeleton_letter_sets[w],
                            )
                            else _token_bound(
                                s_codes[i],
                                s_lengths[i],
                                q_sets[1, 0, i],
                                patterns[1, 0, i],
                                fits[1, 0, i],
                                s_skeletons[i],
                                s_skeleton_lengths[i],
                                q_sets[1, 1, i],
                                patterns[1, 1, i],
                                fits[1, 1, i],
                                vocabulary[w],
                                vocabulary_lengths[w],
                                letter_sets[w],
                                skeletons[w],
                                skeleton_lengths[w],
                                skeleton_letter_sets[w],
                            )
                        )
                    similarity = max(similarity, memo[1, i, m])
                if similarity >= MIN_PAIR:
                    query_paired[i] = True
                    listed_paired[j] = True
                    best = max(best, similarity)
        # joins, compared as spelled ("abdul rahman" ~ "abdulrahman"), as ``align`` tries them
        for i in range(n_query):
            for j in range(n_slots):
                v = spelled_ids[row, j]
                lv = vocabulary_lengths[v]
                if j + 1 < n_slots and s_lengths[i] >= JOINED_MIN:  # two listed tokens as one query token
                    u = spelled_ids[row, j + 1]
                    listed_length = lv + vocabulary_lengths[u]
                    if (
                        vocabulary[v, 0] == s_codes[i, 0]
                        and abs(listed_length - s_lengths[i]) <= JOIN_SLACK
                        and could_join(s_lengths[i], q_sets[1, 0, i], listed_length, letter_sets[v] | letter_sets[u])
                    ):
                        n = concatenate(vocabulary[v], lv, vocabulary[u], vocabulary_lengths[u], right)
                        similarity = joined_similarity(s_codes[i], s_lengths[i], right, n)
                        if similarity >= MIN_PAIR:
                            query_paired[i] = listed_paired[j] = listed_paired[j + 1] = True
                            best = max(best, similarity)
                if i + 1 >= n_query or vocabulary[v, 0] != s_codes[i, 0]:
                    continue
                joined_length = s_lengths[i] + s_lengths[i + 1]
                joined_letters = q_sets[1, 0, i] | q_sets[1, 0, i + 1]
                if (
                    lv >= JOINED_MIN
                    and abs(lv - joined_length) <= JOIN_SLACK  # two query tokens as one
                    and could_join(joined_length, joined_letters, lv, letter_sets[v])
                ):
                    n = concatenate(s_codes[i], s_lengths[i], s_codes[i + 1], s_lengths[i + 1], left)
                    similarity = joined_similarity(left, n, vocabulary[v], lv)
                    if similarity >= MIN_PAIR:
                        query_paired[i] = query_paired[i + 1] = listed_paired[j] = True
                        best = max(best, similarity)
                if j + 1 < n_slots:  # split in another place on each side: "wo nuk" ~ "won uk"
                    u = spelled_ids[row, j + 1]
                    if abs(lv + vocabulary_lengths[u] - joined_length) <= JOIN_SLACK and could_join(
                        joined_length, joined_letters, lv + vocabulary_lengths[u], letter_sets[v] | letter_sets[u]
                    ):
                        n = concatenate(s_codes[i], s_lengths[i], s_codes[i + 1], s_lengths[i + 1], left)
                        n2 = concatenate(vocabulary[v], lv, vocabulary[u], vocabulary_lengths[u], right)
                        similarity = joined_similarity(left, n, right, n2)
                        if similarity >= MIN_PAIR:
                            query_paired[i] = query_paired[i + 1] = True
                            listed_paired[j] = listed_paired[j + 1] = True
                            best = max(best, similarity)
        if best <= 0.0:
            continue
        missing_query = 0.0
        for i in range(n_query):
            if not query_paired[i]:
                missing_query += q_weights[i]
        missing_listed = 0.0
        for j in range(n_slots):
            if not listed_paired[j]:
                missing_listed += weights[row, j]
        listed_total = total_weight[row] if total_weight[row] > 0 else 1.0
        penalty = MISSING_LISTED_ORGANISATION if organisation[row] else MISSING_LISTED
        bound = best - MISSING_QUERY * missing_query / query_total - penalty * missing_listed / listed_total
        out[k] = max(bound, 0.0)
    for row in rows:
        for slot in range(width):
            if token_ids[row, slot] < 0:
                break
            local[token_ids[row, slot]] = local[spelled_ids[row, slot]] = -1
    return out
