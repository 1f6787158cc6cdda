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
from magnitsky.index.letter_sets import letter_sets
from magnitsky.kernel_cache import kernel
from magnitsky.names import skeleton

INITIAL_WEIGHT = 0.3  # an initial carries this share of its full token's weight


def code_points(tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Tokens as a matrix of code points (int32, one row per token, padded with 0) and their
    lengths: how compiled code (``match.string_distances``) reads strings. All tokens are encoded at once
    and laid out by compiled code: a query's tokens are converted per query form, and per token
    numpy's call costs would be most of the time."""
    lengths = np.fromiter(map(len, tokens), dtype=np.int32, count=len(tokens))
    return _padded(np.frombuffer("".join(tokens).encode("utf-32-le"), dtype=np.int32), lengths), lengths


@kernel
def _padded(flat, lengths):
    """Strings given one after another in ``flat`` as rows of a matrix, padded with 0."""
    width = 1
    for length in lengths:
        width = max(width, length)
    codes = np.zeros((lengths.shape[0], width), dtype=np.int32)
    start = 0
    for row in range(lengths.shape[0]):
        codes[row, : lengths[row]] = flat[start : start + lengths[row]]
        start += lengths[row]
    return codes


def token_weights(tokens: Sequence[str], weight: Callable[[str], float]) -> list[float]:
    """How much each token of a name counts when scoring an alignment: its rarity among listed
    names, and a fraction of it for an initial ("d." says less than "dmitry")."""
    return [weight(t) * (INITIAL_WEIGHT if len(t) == 1 else 1.0) for t in tokens]


class FormTable:
    """Per form: ids into one vocabulary (as code points, with skeletons and lengths) of its tokens
    and of its tokens as spelled (joins are made of these), token weights and their sum, and
    the schema of its entity (as a number into ``schemata``), whether it names an organisation, and
    whether a query may leave out a syllable of its given name (``syllable_may_drop``: a Korean
    given name written syllable by syllable, ``name_index.syllable_may_drop``)."""

    def __init__(
        self,
        forms: Sequence[NameForm],
        schemata: Sequence[str],
        weight: Callable[[str], float],
        organisations: frozenset[str],
        syllable_may_drop: Sequence[bool] = (),
    ):
        vocabulary: dict[str, int] = {}
        width = max((len(f.tokens) for f in forms), default=1)
        shape = (len(forms), width)
        self.token_ids = np.full(shape, -1, dtype=np.int32)
        self.spelled_ids = np.full(shape, -1, dtype=np.int32)
        weights = np.zeros(shape)
        for row, form in enumerate(forms):
            n = len(form.tokens)
            self.token_ids[row, :n] = [vocabulary.setdefault(t, len(vocabulary)) for t in form.tokens]
            spelled = form.spelled or form.tokens
            self.spelled_ids[row, :n] = [vocabulary.setdefault(t, len(vocabulary)) for t in spelled]
            weights[row, :n] = token_weights(form.tokens, weight)
        self._set_weights(weights)
        self.schemata = sorted(set(schemata))
        self.schema = np.asarray([self.schemata.index(s) for s in schemata], dtype=np.int8)
        self.organisation = np.isin(self.schema, [i for i, s in enumerate(self.schemata) if s in organisations])
        self.syllable_may_drop = np.zeros(len(forms), dtype=bool)
        self.syllable_may_drop[: len(syllable_may_drop)] = syllable_may_drop
        # the vocabulary's tokens and their skeletons as code points, for compiled comparisons
        self.letters, self.length = code_points(list(vocabulary))
        self.skeleton_letters, self.skeleton_length = code_points([skeleton(t) for t in vocabulary])
        self.letter_sets = letter_sets(self.letters, self.length)
        self.skeleton_letter_sets = letter_sets(self.skeleton_letters, self.skeleton_length)

    @classmethod
    def of_form(
        cls, form: NameForm, weights: Sequence[float], organisation: bool, syllable_may_drop: bool = False
    ) -> FormTable:
        """A table of the one ``form``, its tokens weighing ``weights``: a name to align that is
        not in the index."""
        # one schema, "", which is an organisation's or not; the weights are set below
        table = cls([form], [""], lambda _: 0.0, frozenset({""} if organisation else ()), [syllable_may_drop])
        row_weights = np.zeros_like(table.row_weights)
        row_weights[0, : len(form.tokens)] = weights[: len(form.tokens)]
        table._set_weights(row_weights)
        return table

    def _set_weights(self, weights: np.ndarray) -> None:
        """The forms' token weights: in float64 for alignments (``row_weights``: their scores add
        them up as Python floats), in float32 with their sums for the bound (``weights``)."""
        self.row_weights = weights
        self.weights = weights.astype(np.float32)
        self.total_weight = self.weights.sum(axis=1)

    def schemata_allowed(self, allowed: frozenset[str] | set[str]) -> np.ndarray:
        """Per schema number, whether it is ``allowed``: ``mask[table.schema[rows]]`` says which
        of the forms numbered in ``rows`` belong to an entity of an allowed schema."""
        return np.asarray([s in allowed for s in self.schemata], dtype=bool)
