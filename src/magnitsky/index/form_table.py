"""The index's name forms as padded numpy arrays, so many candidates can be bounded at once.

Scoring a candidate means aligning its tokens with the query's, which costs tens of microseconds
in Python. Most candidates that retrieval brings up (they share a trigram, or a common given
name) cannot come near a match; the matcher rules them out with an upper bound computed over
these arrays for all candidates of a query together (``match.bounds``). Row ``i`` describes form
``i`` of the index; unused token slots hold -1 (ids) or 0 (weights).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from magnitsky.index.forms import NameForm
from magnitsky.names import skeleton

INITIAL_WEIGHT = 0.3  # an initial carries this share of its full token's weight


def code_points(tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Tokens as a matrix of code points (int32, one row per token, padded with 0) and their
    lengths: how compiled code (``match.kernels``) reads strings."""
    lengths = np.asarray([len(t) for t in tokens], dtype=np.int32)
    codes = np.zeros((len(tokens), max(int(lengths.max(initial=0)), 1)), dtype=np.int32)
    for row, token in enumerate(tokens):
        codes[row, : len(token)] = np.frombuffer(token.encode("utf-32-le"), dtype=np.int32)
    return codes, lengths


def token_weights(tokens: Sequence[str], weight: Callable[[str], float]) -> list[float]:
    """How much each token of a name counts when scoring an alignment: its rarity among listed
    names, and a fraction of it for an initial ("d." says less than "dmitry")."""
    return [weight(t) * (INITIAL_WEIGHT if len(t) == 1 else 1.0) for t in tokens]


class FormTable:
    """Per form: ids into one vocabulary (as code points, with skeletons and lengths) of its tokens
    and of its tokens as spelled (joins are made of these), token weights and their sum, and
    the schema of its entity (as a number into ``schemata``) and whether it names an organisation."""

    def __init__(self, forms: Sequence[NameForm], schemata: Sequence[str], weight: Callable[[str], float],
                 organisations: frozenset[str]):
        vocabulary: dict[str, int] = {}
        width = max((len(f.tokens) for f in forms), default=1)
        shape = (len(forms), width)
        self.token_ids = np.full(shape, -1, dtype=np.int32)
        self.spelled_ids = np.full(shape, -1, dtype=np.int32)
        self.weights = np.zeros(shape, dtype=np.float32)
        self.row_weights: list[list[float]] = []  # the same weights as Python floats, for ``align``
        for row, form in enumerate(forms):
            n = len(form.tokens)
            self.token_ids[row, :n] = [vocabulary.setdefault(t, len(vocabulary)) for t in form.tokens]
            spelled = form.spelled or form.tokens
            self.spelled_ids[row, :n] = [vocabulary.setdefault(t, len(vocabulary)) for t in spelled]
            self.row_weights.append(token_weights(form.tokens, weight))
            self.weights[row, :n] = self.row_weights[-1]
        self.total_weight = self.weights.sum(axis=1)
        self.schemata = sorted(set(schemata))
        self.schema = np.asarray([self.schemata.index(s) for s in schemata], dtype=np.int8)
        self.organisation = np.isin(self.schema, [i for i, s in enumerate(self.schemata) if s in organisations])
        # the vocabulary's tokens and their skeletons as code points, for compiled comparisons
        self.letters, self.length = code_points(list(vocabulary))
        self.skeleton_letters, self.skeleton_length = code_points([skeleton(t) for t in vocabulary])

    def of_schemata(self, rows: np.ndarray, allowed: frozenset[str] | set[str]) -> np.ndarray:
        """Which of the forms numbered in ``rows`` belong to an entity of an ``allowed`` schema."""
        return np.asarray([s in allowed for s in self.schemata])[self.schema[rows]]
