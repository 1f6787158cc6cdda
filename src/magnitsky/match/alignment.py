"""Aligning the tokens of a query name with the tokens of a listed name.

Names differ in order ("KLYUEV Dmitry"), in what they leave out (patronymics, middle names), in
initials ("D. Klyuev"), in joins and splits ("Abdulrahman" / "Abdul Rahman"), in spelling
(typos; romanisation systems). Each query token is paired with at most one listed token by the
best similarity first; adjacent tokens may also pair as one joined token. Unpaired tokens cost a
penalty weighted by how informative the token is (a rare surname costs more than "al").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from magnitsky.index.forms import NameForm
from magnitsky.names import skeleton

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
MISSING_LISTED_ORGANISATION = 0.35  # a company name missing a distinctive word is another company
ONE_PART_CAP = 0.8  # one matching name part (a surname alone) never identifies a person
SHORT_NAME_LETTERS = 8  # a name this short ("Li Cai", "Jun Cheng") is shared by very many people
SHORT_NAME_CAP = 0.84  # ... so it alerts only when spelled exactly as listed


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    listed: str
    similarity: float
    how: str  # exact | transliteration | initial | swap | fuzzy | joined


@dataclass(slots=True)
class Alignment:
    score: float
    pairs: list[TokenPair] = field(default_factory=list)
    unmatched_query: list[str] = field(default_factory=list)
    unmatched_listed: list[str] = field(default_factory=list)

    def explain(self) -> dict:
        return {
            "score": round(self.score, 4),
            "tokens": [
                {"query": p.query, "list": p.listed, "similarity": round(p.similarity, 3), "how": p.how}
                for p in self.pairs
            ],
            "unmatched_query": self.unmatched_query,
            "unmatched_list": self.unmatched_listed,
        }


@lru_cache(maxsize=500_000)
def token_similarity(q: str, c: str) -> tuple[float, str]:
    """How alike two name tokens are, and why."""
    if q == c:
        return 1.0, "exact"
    if len(q) == 1 or len(c) == 1:
        if q[0] == c[0]:
            return INITIAL_SIMILARITY, "initial"
        return 0.0, "initial"
    letters = OSA.normalized_similarity(q, c)  # edits, a swap of neighbours counting as one
    if min(len(q), len(c)) >= 4 and OSA.distance(q, c) == 1 and Levenshtein.distance(q, c) == 2:
        return SWAP, "swap"  # "pree"/"pere": a slip of the keyboard, not another name
    sq, sc = skeleton(q), skeleton(c)
    if sq == sc:
        return max(SAME_SKELETON, letters), "transliteration"
    sounds = OSA.normalized_similarity(sq, sc) * SAME_SKELETON
    if sounds > letters:
        return sounds, "transliteration"
    return letters, "fuzzy"


def evidence_of(similarity: float) -> float:
    """How much a token pair of this similarity supports "same name": linear above CONFIDENT,
    falling twice as fast below it, so "nicole"/"nicolas" (0.71) cannot carry a match."""
    if similarity >= CONFIDENT:
        return similarity
    return max(0.0, similarity - 2 * (CONFIDENT - similarity))


def align(query: NameForm, listed: NameForm, query_weights, listed_weights, organisation: bool = False) -> Alignment:
    """Best pairing of ``query`` tokens with ``listed`` tokens; the weights (``token_weights``)
    say how informative each token is."""
    options = _pair_options(query, listed)
    options.sort(key=lambda o: (-o[0], -o[1]))  # ties: the pair covering more tokens
    used_q = used_c = 0  # bit i set: token i is paired
    chosen = []
    for option in options:
        if option[2] & used_q or option[3] & used_c:
            continue
        used_q |= option[2]
        used_c |= option[3]
        chosen.append(option)
    return _score(query, listed, chosen, used_q, used_c, query_weights, listed_weights, organisation)


def _pair_options(query: NameForm, listed: NameForm) -> list[tuple]:
    """Every pairing worth considering, as (similarity, tokens covered, query bits, listed bits,
    query text, listed text, how); ``TokenPair`` objects are made only for the chosen ones."""
    qt, ct = query.tokens, listed.tokens
    qs, cs = query.spelled or qt, listed.spelled or ct
    options = []
    for i, q in enumerate(qt):
        for j, c in enumerate(ct):
            sim, how = token_similarity(q, c)
            shown = q, c
            if sim < 1.0 and (qs[i] != q or cs[j] != c):  # a given name with a typo ("mhamed") is in no
                as_spelled = token_similarity(qs[i], cs[j])  # class ("muhammad"): compare as spelled too
                if as_spelled[0] > sim:
                    (sim, how), shown = as_spelled, (qs[i], cs[j])
            if sim >= MIN_PAIR:
                options.append((sim, 2, 1 << i, 1 << j, *shown, how))
    # joined / split tokens: "abdul rauf" ~ "abdulrauf", compared as spelled (not as "abd rauf")
    for i in range(len(qs) - 1):
        joined = qs[i] + qs[i + 1]
        for j, c in enumerate(cs):
            if len(c) >= JOINED_MIN and (sim := joined_similarity(joined, c)) >= MIN_PAIR:
                options.append((sim, 3, 3 << i, 1 << j, f"{qs[i]} {qs[i+1]}", c, "joined"))
    for j in range(len(cs) - 1):
        joined = cs[j] + cs[j + 1]
        for i, q in enumerate(qs):
            if len(q) >= JOINED_MIN and (sim := joined_similarity(q, joined)) >= MIN_PAIR:
                options.append((sim, 3, 1 << i, 3 << j, q, f"{cs[j]} {cs[j+1]}", "joined"))
    # two tokens split in another place on each side: "wo nuk" ~ "won uk" (Korean syllables)
    for i in range(len(qs) - 1):
        joined = qs[i] + qs[i + 1]
        for j in range(len(cs) - 1):
            if len(qs[i]) != len(cs[j]) and (sim := joined_similarity(joined, cs[j] + cs[j + 1])) >= MIN_PAIR:
                options.append((sim, 4, 3 << i, 3 << j, f"{qs[i]} {qs[i+1]}", f"{cs[j]} {cs[j+1]}", "joined"))
    return options


def joined_similarity(a: str, b: str) -> float:
    """Similarity of tokens written together, compared as spelled."""
    if a == b:
        return 1.0
    if a[0] != b[0] or abs(len(a) - len(b)) > JOIN_SLACK:  # cannot reach MIN_PAIR: skip the edit distance
        return 0.0
    return Levenshtein.normalized_similarity(a, b) * JOINED_FACTOR


def _score(query: NameForm, listed: NameForm, chosen, used_q: int, used_c: int, wq, wc, organisation: bool) -> Alignment:
    unmatched_q = [t for i, t in enumerate(query.tokens) if not used_q >> i & 1]
    unmatched_c = [t for j, t in enumerate(listed.tokens) if not used_c >> j & 1]
    if not chosen:
        return Alignment(0.0, [], unmatched_q, unmatched_c)
    matched_weight = sim_sum = 0.0
    for sim, _, q_bits, c_bits, *_ in chosen:
        pair_weight = _bits_sum(wq, q_bits) + _bits_sum(wc, c_bits)
        matched_weight += pair_weight
        sim_sum += evidence_of(sim) * pair_weight
    base = sim_sum / matched_weight
    total_q, total_c = sum(wq), sum(wc)
    missing_q = _bits_sum(wq, ~used_q & ((1 << len(wq)) - 1)) / total_q if total_q else 0.0
    missing_c = _bits_sum(wc, ~used_c & ((1 << len(wc)) - 1)) / total_c if total_c else 0.0
    missing_listed = MISSING_LISTED_ORGANISATION if organisation else MISSING_LISTED
    score = base - MISSING_QUERY * missing_q - missing_listed * missing_c
    hows = [option[6] for option in chosen]
    if all(how == "initial" for how in hows):
        score = min(score, 0.5)  # initials alone never identify anyone
    elif not organisation and len(chosen) == 1 and len(listed.tokens) > 1 and chosen[0][3].bit_count() == 1:
        score = min(score, ONE_PART_CAP)
    if sum(map(len, query.tokens)) <= SHORT_NAME_LETTERS and any(how not in ("exact", "initial", "swap") for how in hows):
        score = min(score, SHORT_NAME_CAP)
    pairs = [TokenPair(q, c, sim, how) for sim, _, _, _, q, c, how in chosen]
    return Alignment(max(score, 0.0), pairs, unmatched_q, unmatched_c)


def _bits_sum(weights, bits: int) -> float:
    """The sum of ``weights[i]`` for every bit i set in ``bits``."""
    total = 0.0
    i = 0
    while bits:
        if bits & 1:
            total += weights[i]
        bits >>= 1
        i += 1
    return total
