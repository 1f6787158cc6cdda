"""The alignment bound's inner loops, compiled with numba.

Bounding a query's candidates (``match.bounds``) compares every query token with every token of
up to 160 candidate names, and tries the joins ``align`` would try. Written with numpy, that is
dozens of small array operations per query whose fixed costs dominate; written as plain loops and
compiled, it is a fraction of the time. Strings come in as code points: a padded int32 matrix
with a length per row. Similarities are computed the way rapidfuzz computes them (optimal string
alignment and Levenshtein distances, normalised by the longer length), so that the bound stays
above ``align``'s score; values below MIN_PAIR are never needed and come out as 0.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from magnitsky.index.letter_sets import letter_set
from magnitsky.match.alignment import (
    INITIAL_SIMILARITY,
    JOIN_SLACK,
    JOINED_FACTOR,
    JOINED_MIN,
    MIN_PAIR,
    MISSING_LISTED,
    MISSING_LISTED_ORGANISATION,
    MISSING_QUERY,
    SAME_SKELETON,
    SWAP,
)

SWAP_REACH = 0.75  # the lowest letter similarity a swap can have: one edit in four letters
NOT_COMPUTED = -1.0


@njit(cache=True)
def _pattern(a, la, out):
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


@njit(cache=True)
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


@njit(cache=True)
def _edit_distance_cells(a, la, b, lb, swaps):
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


@njit(cache=True)
def _osa_distance(a, la, pattern, fits, b, lb):
    """rapidfuzz ``OSA.distance``: edits, a swap of neighbours counting as one; bit-parallel when
    query token ``a`` ``fits`` its ``pattern``."""
    return _osa_distance_bits(pattern, la, b, lb) if fits else _edit_distance_cells(a, la, b, lb, True)


@njit(cache=True)
def _osa_similarity(a, la, pattern, fits, b, lb):
    """rapidfuzz ``OSA.normalized_similarity``."""
    longest = max(la, lb)
    if longest == 0:
        return 1.0
    return 1.0 - _osa_distance(a, la, pattern, fits, b, lb) / longest


@njit(cache=True)
def _levenshtein_similarity(a, la, b, lb):
    """rapidfuzz ``Levenshtein.normalized_similarity``."""
    longest = max(la, lb)
    if longest == 0:
        return 1.0
    return 1.0 - _edit_distance_cells(a, la, b, lb, False) / longest


@njit(cache=True)
def _joined_similarity(a, la, b, lb):
    """How alike tokens written together are, compared as spelled; 0 when they cannot reach
    MIN_PAIR (another first letter, or lengths too far apart for the edit distance to)."""
    if _same(a, la, b, lb):
        return 1.0
    if a[0] != b[0] or abs(la - lb) > JOIN_SLACK:
        return 0.0
    return _levenshtein_similarity(a, la, b, lb) * JOINED_FACTOR


@njit(cache=True)
def _same(a, la, b, lb):
    if la != lb:
        return False
    for i in range(la):
        if a[i] != b[i]:
            return False
    return True


@njit(cache=True)
def _bit_count(x):
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return (x * np.uint64(0x0101010101010101)) >> np.uint64(56)


@njit(cache=True)
def _could_reach_letters(la, a_letters, lb, b_letters, reach):
    """Whether two strings could be ``reach`` similar: each letter of one that the other lacks
    costs at least one edit (a swap moves letters, it brings in none), as does each letter of
    length difference."""
    edits = max(abs(la - lb), _bit_count(a_letters & ~b_letters), _bit_count(b_letters & ~a_letters))
    longest = max(la, lb)
    return longest == 0 or 1.0 - edits / longest >= reach


@njit(cache=True)
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
    query token ``a`` comes with the bit patterns of its letters and skeleton (``_pattern``), both
    tokens with their and their skeletons' letter sets (``index.letter_sets``)."""
    if la == 1 or lb == 1:
        if a[0] != b[0]:
            return 0.0
        return 1.0 if la == lb else INITIAL_SIMILARITY
    letters = 0.0
    if _could_reach_letters(la, a_letters, lb, b_letters, MIN_PAIR):
        letters = _osa_similarity(a, la, a_pattern, a_fits, b, lb)
    if letters == 1.0:
        return 1.0
    bound = letters
    if letters >= SWAP_REACH:
        bound = max(bound, SWAP)
    if bound < SAME_SKELETON and _could_reach_letters(
        la_skeleton, a_skeleton_letters, lb_skeleton, b_skeleton_letters, MIN_PAIR / SAME_SKELETON
    ):
        sounds = _osa_similarity(a_skeleton, la_skeleton, a_skeleton_pattern, a_skeleton_fits, b_skeleton, lb_skeleton)
        bound = max(bound, sounds * SAME_SKELETON)
    return bound if bound >= MIN_PAIR else 0.0


@njit(cache=True)
def query_letter_sets(codes, lengths):
    """The letter sets (``index.letter_sets``) of a query form's strings, indexed as its
    ``codes`` are ([written, spelled][token, skeleton][token number])."""
    sets = np.empty(lengths.shape, dtype=np.uint64)
    for side in range(2):
        for kind in range(2):
            for i in range(lengths.shape[2]):
                sets[side, kind, i] = letter_set(codes[side, kind, i], lengths[side, kind, i])
    return sets


@njit(cache=True)
def _apart(la, a_letters, la_skeleton, a_skeleton_letters, lb, b_letters, lb_skeleton, b_skeleton_letters):
    """Whether ``_token_bound`` of two tokens is 0 by their lengths and letter sets alone, as it
    is for most pairs: tested before calling it, whose string arguments (array views) cost more
    to pass than this test."""
    return (
        la > 1
        and lb > 1
        and not _could_reach_letters(la, a_letters, lb, b_letters, MIN_PAIR)
        and not _could_reach_letters(
            la_skeleton, a_skeleton_letters, lb_skeleton, b_skeleton_letters, MIN_PAIR / SAME_SKELETON
        )
    )


@njit(cache=True)
def _could_join(la, a_letters, lb, b_letters):
    """Whether strings with these lengths and letter sets could have a ``_joined_similarity`` of
    MIN_PAIR or more: checked before they are concatenated and compared cell by cell, which is
    what the joins cost (a hair of slack keeps a rounding at the border from skipping one)."""
    return _could_reach_letters(la, a_letters, lb, b_letters, MIN_PAIR / JOINED_FACTOR - 1e-9)


@njit(cache=True)
def _concatenate(a, la, b, lb, out):
    out[:la] = a[:la]
    out[la : la + lb] = b[:lb]
    return la + lb


@njit(cache=True)
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
        respelled[i] = not _same(s_codes[i], s_lengths[i], q_codes[i], q_lengths[i])
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
                        if _apart(
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
                            if _apart(
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
                        and _could_join(s_lengths[i], q_sets[1, 0, i], listed_length, letter_sets[v] | letter_sets[u])
                    ):
                        n = _concatenate(vocabulary[v], lv, vocabulary[u], vocabulary_lengths[u], right)
                        similarity = _joined_similarity(s_codes[i], s_lengths[i], right, n)
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
                    and _could_join(joined_length, joined_letters, lv, letter_sets[v])
                ):
                    n = _concatenate(s_codes[i], s_lengths[i], s_codes[i + 1], s_lengths[i + 1], left)
                    similarity = _joined_similarity(left, n, vocabulary[v], lv)
                    if similarity >= MIN_PAIR:
                        query_paired[i] = query_paired[i + 1] = listed_paired[j] = True
                        best = max(best, similarity)
                if j + 1 < n_slots:  # split in another place on each side: "wo nuk" ~ "won uk"
                    u = spelled_ids[row, j + 1]
                    if abs(lv + vocabulary_lengths[u] - joined_length) <= JOIN_SLACK and _could_join(
                        joined_length, joined_letters, lv + vocabulary_lengths[u], letter_sets[v] | letter_sets[u]
                    ):
                        n = _concatenate(s_codes[i], s_lengths[i], s_codes[i + 1], s_lengths[i + 1], left)
                        n2 = _concatenate(vocabulary[v], lv, vocabulary[u], vocabulary_lengths[u], right)
                        similarity = _joined_similarity(left, n, right, n2)
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
