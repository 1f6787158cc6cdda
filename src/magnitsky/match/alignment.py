"""Aligning the tokens of a query name with the tokens of a listed name.

Names differ in order ("KLYUEV Dmitry"), in what they leave out (patronymics, middle names), in
initials ("D. Klyuev"), in joins and splits ("Abdulrahman" / "Abdul Rahman"), in spelling
(typos; romanisation systems). Each query token is paired with at most one listed token by the
best similarity first; adjacent tokens may also pair as one joined token. Unpaired tokens cost a
penalty weighted by how informative the token is (a rare surname costs more than "al").

This module holds the rules' constants, the explanation types and the compiled rules the
alignment and its bound (``bounds``) share; the alignment itself is compiled
(``alignment_kernel``: ``align`` for one pair, ``align_rows`` for many).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from magnitsky.kernel_cache import kernel
from magnitsky.match.string_distances import could_reach, levenshtein_similarity, same

MIN_PAIR = 0.7  # below this two tokens are not the same name part
SAME_SKELETON = 0.96  # klyuev / kliuev / kljujew: one name in two romanisation systems
CONFIDENT = 0.8  # typos in real names stay above this; different names mostly fall below
SWAP = 0.88  # two neighbouring letters swapped
JOINED_MIN = 4  # shortest token considered as two joined ones ("koko" = "ko ko")
JOIN_SLACK = 2  # joined tokens whose lengths differ by more cannot reach MIN_PAIR
JOINED_FACTOR = 0.97  # a join is a little less sure than the same letters as one token
INITIAL_SIMILARITY = 0.9  # "d" for "dmitry": consistent, but says little
MISSING_QUERY = 0.45  # penalty scale for query tokens the listed name lacks
MISSING_LISTED = 0.22  # ... for listed tokens the query lacks (patronymics are often omitted)
MISSING_LISTED_ORGANISATION = 0.45  # a company name missing a distinctive word is another company
ONE_PART_CAP = 0.8  # one matching name part (a surname alone; GREEN of GREEN SHIPPING) identifies no one
SHORT_NAME_LETTERS = 8  # a name this short ("Li Cai", "Jun Cheng") is shared by very many people
SHORT_NAME_CAP = 0.84  # ... so it alerts only when spelled exactly as listed
# A spelling a person's name is not written in (a romanisation of Hangul, Han, Arabic, Cyrillic; a
# national transliteration read as English) is a guess (``alignment_kernel._holds``). A company's name
# is a brand, not one of a small stock of names: its romanisations are not held.
GENERATED_CAP = 0.84  # a person's name matched only through a spelling it is not written in, not holding alone
CORROBORATING_WORDS = 2  # ... holds with this many words (not particles) paired closely, at most one loose
PARTICLE_LETTERS = 2  # a word this short (al, el, ul) is a particle: it corroborates nothing
# A company's short name is a brand, not a name shared by thousands: one slip in it (KRYMTETS /
# KYMTETS, ROSBANK / ROSBWANK) or words run together (GARANT-SV / GARANTSV) still alert.
SHORT_COMPANY_SLIP = 0.85  # a short company name's pairs less alike than this are held to SHORT_NAME_CAP
# A letter dropped from a listed company word of five letters or more is a slip (KAMAZ / KAAZ), as
# is one added to it (KRYMTETS / KRYMTTETS) or changed (SASTA / SAMTA); added to a word of four it
# makes another name as often as not (STAR / SITAR, UKON / CUKON), as one changed does in words of
# four (PLAZ / PLAN) and, at the first letter, which people seldom mistype (the reason Jaro-Winkler
# favours a shared start), in words of five (DORIS / GORIS). A one-word company name spelled as a
# word of another listed name is not taken for a slip either (``company_names``).
SLIP_LISTED_MIN = 5  # a listed company word this long or longer can be met with a slip
SLIP_CHANGED_MIN = 5  # ... one with a letter changed from this many letters
SLIP_FIRST_LETTER_MAX = 5  # ... and up to this many, not at its first letter


# By what rule a person's name matched through a generated spelling held on its own (``alignment_kernel._holds``)
NOT_HELD, HELD, WORD_ADDED, SYLLABLE_LEFT_OUT = range(4)


class HeldBy(StrEnum):
    """The rule that let a name of syllables match with a word over on one side, for its explanation."""

    WORD_ADDED = "a word added inside the listed name, every listed word paired exactly and in order (a middle name)"
    SYLLABLE_LEFT_OUT = (
        "a syllable of the listed given name, written as a word of its own, left out, every other word paired"
        " exactly and in order (a Korean given name, or a person listed for North Korea)"
    )

    @classmethod
    def of(cls, held: int) -> HeldBy | None:
        """The rule numbered ``held`` (``_holds``' result), None for none of these."""
        return {WORD_ADDED: cls.WORD_ADDED, SYLLABLE_LEFT_OUT: cls.SYLLABLE_LEFT_OUT}.get(held)


class Resemblance(StrEnum):
    """How the tokens of a pair are alike."""

    EXACT = "exact"
    INITIAL = "initial"  # "d" for "dmitry"
    SWAP = "swap"  # two neighbouring letters swapped
    TRANSLITERATION = "transliteration"  # the same skeleton: one name in two romanisation systems
    FUZZY = "fuzzy"  # alike letter by letter
    JOINED = "joined"  # two tokens on one side written as one on the other
    SLIP = "slip"  # a company's name with one letter added, dropped or changed ("kymtets"/"krymtets")


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    listed: str
    similarity: float
    how: Resemblance


@dataclass(slots=True)
class Alignment:
    score: float
    pairs: list[TokenPair] = field(default_factory=list)
    unmatched_query: list[str] = field(default_factory=list)
    unmatched_listed: list[str] = field(default_factory=list)
    held_by: HeldBy | None = None  # the rule that let a word over on one side hold (``HeldBy``)


@kernel
def evidence_of(similarity: float) -> float:
    """How much a token pair of this similarity supports "same name": linear above CONFIDENT,
    falling twice as fast below it, so "nicole"/"nicolas" (0.71) cannot carry a match."""
    if similarity >= CONFIDENT:
        return similarity
    return max(0.0, similarity - 2 * (CONFIDENT - similarity))


@kernel
def joined_similarity(a, la, b, lb):
    """How alike tokens written together are, compared as spelled; 0 when they cannot reach
    MIN_PAIR (another first letter, or lengths too far apart for the edit distance to)."""
    if same(a, la, b, lb):
        return 1.0
    if a[0] != b[0] or abs(la - lb) > JOIN_SLACK:
        return 0.0
    return levenshtein_similarity(a, la, b, lb) * JOINED_FACTOR


@kernel
def could_join(la, a_letters, lb, b_letters):
    """Whether strings with these lengths and letter sets could have a ``joined_similarity`` of
    MIN_PAIR or more: checked before they are concatenated and compared cell by cell, which is
    what the joins cost (a hair of slack keeps a rounding at the border from skipping one)."""
    return could_reach(la, a_letters, lb, b_letters, MIN_PAIR / JOINED_FACTOR - 1e-9)


@kernel
def apart(la, a_letters, la_skeleton, a_skeleton_letters, lb, b_letters, lb_skeleton, b_skeleton_letters):
    """Whether two tokens cannot pair (``bounds``' token bound is 0) by their lengths and letter sets alone, as it
    is for most pairs: tested before calling it, whose string arguments (array views) cost more
    to pass than this test."""
    return (
        la > 1
        and lb > 1
        and not could_reach(la, a_letters, lb, b_letters, MIN_PAIR)
        and not could_reach(la_skeleton, a_skeleton_letters, lb_skeleton, b_skeleton_letters, MIN_PAIR / SAME_SKELETON)
    )
