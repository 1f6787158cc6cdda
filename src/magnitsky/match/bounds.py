"""Upper bounds of name alignment scores, for all candidates of a query at once.

Retrieval brings up every listed form sharing a key with the query — a trigram, a common given
name — and aligning each one in Python is what screening spends most of its time on. Most of
them cannot come near a match, and that can be shown without aligning: a token that no listed
token resembles (similarity below MIN_PAIR, and no join possible) stays unpaired whatever the
alignment does, and the score can never exceed the best similarity of any pair. The bound below
counts exactly that, vectorised over the candidates (numpy, and rapidfuzz's ``cdist`` for the
letter and sound similarities), and is never lower than :func:`align`'s score: the matcher
aligns only the candidates whose bound reaches its floor, and its results stay the same.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from magnitsky.index.form_table import FormTable, token_weights
from magnitsky.index.forms import NameForm
from magnitsky.match.alignment import (
    INITIAL_SIMILARITY,
    JOINED_MIN,
    MIN_PAIR,
    MISSING_LISTED,
    MISSING_LISTED_ORGANISATION,
    MISSING_QUERY,
    SAME_SKELETON,
    SWAP,
    joined_similarity,
)
from magnitsky.names import skeleton

SWAP_REACH = 0.75  # the lowest letter similarity a swap can have: one edit in four letters
JOIN_SLACK = 2  # a joined pair is compared only within this many letters of length


def alignment_bounds(query: NameForm, rows: np.ndarray, table: FormTable, weight: Callable[[str], float]) -> np.ndarray:
    """For each listed form numbered in ``rows``, a score ``align(query, form)`` cannot exceed."""
    ids, spelled_ids = table.token_ids[rows], table.spelled_ids[rows]  # candidates x slots
    similarity = _similarity(query.tokens, ids, table)  # query token x candidate x slot
    spelled = query.spelled or query.tokens
    if spelled != query.tokens or (spelled_ids != ids).any():  # given names: also compared as spelled
        similarity = np.maximum(similarity, _similarity(spelled, spelled_ids, table))
    pairable = similarity >= MIN_PAIR
    query_paired = pairable.any(axis=2)
    listed_paired = pairable.any(axis=0)
    best = np.where(pairable, similarity, 0.0).max(axis=(0, 2))
    query_joined, listed_joined, joined_best = _possible_joins(query, rows, table)
    best = np.maximum(best, joined_best)
    query_paired |= query_joined
    listed_paired |= listed_joined

    query_weights = np.asarray(token_weights(query.tokens, weight), dtype=np.float32)
    missing_query = (query_weights[:, None] * ~query_paired).sum(axis=0) / query_weights.sum()
    listed_total = table.total_weight[rows]
    missing_listed = (table.weights[rows] * ~listed_paired).sum(axis=1) / np.where(listed_total > 0, listed_total, 1.0)
    penalty = np.where(table.organisation[rows], MISSING_LISTED_ORGANISATION, MISSING_LISTED)
    bound = best - MISSING_QUERY * missing_query - penalty * missing_listed
    return np.where(best > 0, np.maximum(bound, 0.0), 0.0)


def _similarity(tokens: tuple[str, ...], ids: np.ndarray, table: FormTable) -> np.ndarray:
    """query token x candidate x slot: at least the similarity of the tokens there."""
    valid = ids >= 0
    vocabulary, inverse = np.unique(ids[valid], return_inverse=True)
    similarity = np.zeros((len(tokens), *ids.shape), dtype=np.float32)
    similarity[:, valid] = _token_similarity_bounds(tokens, vocabulary, table)[:, inverse]
    return similarity


def _token_similarity_bounds(tokens: tuple[str, ...], vocabulary: np.ndarray, table: FormTable) -> np.ndarray:
    """query token x vocabulary token: at least ``token_similarity`` of the two (see there)."""
    letters = cdist(tokens, table.vocabulary[vocabulary], scorer=OSA.normalized_similarity, dtype=np.float32)
    sounds = cdist([skeleton(t) for t in tokens], table.skeletons[vocabulary],
                   scorer=OSA.normalized_similarity, dtype=np.float32)
    bound = np.maximum(letters, sounds * SAME_SKELETON)
    bound = np.where(letters >= SWAP_REACH, np.maximum(bound, SWAP), bound)
    query_first = np.asarray([ord(t[0]) for t in tokens])
    query_initial = np.asarray([len(t) == 1 for t in tokens])
    initial = query_initial[:, None] | (table.length[vocabulary] == 1)[None, :]
    same_first = query_first[:, None] == table.first[vocabulary][None, :]
    bound = np.where(initial, np.where(same_first, INITIAL_SIMILARITY, 0.0), bound)
    bound[letters == 1.0] = 1.0
    return bound


def _possible_joins(query: NameForm, rows: np.ndarray, table: FormTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The join options ``align`` would consider ("abdul rahman" ~ "abdulrahman"): which query
    tokens (query token x candidate) and listed tokens (candidate x slot) they may pair, and the
    best join similarity per candidate. Numpy finds the pairs with the same first letter and
    lengths within JOIN_SLACK (all others score 0); only those are compared letter by letter."""
    spelled_ids = table.spelled_ids[rows]
    first, length = table.first[spelled_ids], table.length[spelled_ids]
    spelled = query.spelled or query.tokens
    query_first = np.asarray([ord(t[0]) for t in spelled])
    query_length = np.asarray([len(t) for t in spelled])
    query_joined = np.zeros((len(spelled), len(rows)), dtype=bool)
    listed_joined = np.zeros(first.shape, dtype=bool)
    best = np.zeros(len(rows))
    vocabulary = table.vocabulary
    if first.shape[1] > 1:  # two listed tokens written as one query token
        hit = (
            (first[None, :, 1:] >= 0)
            & (first[None, :, :-1] == query_first[:, None, None])
            & (np.abs(length[None, :, :-1] + length[None, :, 1:] - query_length[:, None, None]) <= JOIN_SLACK)
            & (query_length >= JOINED_MIN)[:, None, None]
        )
        for i, k, j in zip(*(axis.tolist() for axis in np.nonzero(hit))):
            joined = vocabulary[spelled_ids[k, j]] + vocabulary[spelled_ids[k, j + 1]]
            if (similarity := joined_similarity(spelled[i], joined)) >= MIN_PAIR:
                query_joined[i, k] = listed_joined[k, j] = listed_joined[k, j + 1] = True
                best[k] = max(best[k], similarity)
    if len(spelled) > 1:  # two query tokens written as one listed token
        hit = (
            (first[None] == query_first[:-1, None, None])
            & (np.abs(length[None] - (query_length[:-1] + query_length[1:])[:, None, None]) <= JOIN_SLACK)
            & (length >= JOINED_MIN)[None]
        )
        for i, k, j in zip(*(axis.tolist() for axis in np.nonzero(hit))):
            if (similarity := joined_similarity(spelled[i] + spelled[i + 1], vocabulary[spelled_ids[k, j]])) >= MIN_PAIR:
                query_joined[i, k] = query_joined[i + 1, k] = listed_joined[k, j] = True
                best[k] = max(best[k], similarity)
        if first.shape[1] > 1:  # split in another place on each side: "wo nuk" ~ "won uk"
            hit = (
                (first[None, :, 1:] >= 0)
                & (first[None, :, :-1] == query_first[:-1, None, None])
                & (np.abs(length[None, :, :-1] + length[None, :, 1:]
                          - (query_length[:-1] + query_length[1:])[:, None, None]) <= JOIN_SLACK)
            )
            for i, k, j in zip(*(axis.tolist() for axis in np.nonzero(hit))):
                joined = vocabulary[spelled_ids[k, j]] + vocabulary[spelled_ids[k, j + 1]]
                if (similarity := joined_similarity(spelled[i] + spelled[i + 1], joined)) >= MIN_PAIR:
                    query_joined[i, k] = query_joined[i + 1, k] = listed_joined[k, j] = listed_joined[k, j + 1] = True
                    best[k] = max(best[k], similarity)
    return query_joined, listed_joined, best
