"""Aligning the tokens of a query name with the tokens of a listed name.

Names differ in order ("KLYUEV Dmitry"), in what they leave out (patronymics, middle names), in
initials ("D. Klyuev"), in joins and splits ("Abdulrahman" / "Abdul Rahman"), in spelling
(typos; romanisation systems). Each query token is paired with at most one listed token by the
best similarity first; adjacent tokens may also pair as one joined token. Unpaired tokens cost a
penalty weighted by how informative the token is (a rare surname costs more than "al").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler, Levenshtein

from magnitsky.index.forms import NameForm

MIN_PAIR = 0.72  # below this two tokens are not the same name part
INITIAL_SIMILARITY = 0.9  # "d" for "dmitry": consistent, but says little
INITIAL_WEIGHT = 0.3  # an initial carries this share of its full token's weight
MISSING_QUERY = 0.45  # penalty scale for query tokens the listed name lacks
MISSING_LISTED = 0.22  # ... for listed tokens the query lacks (patronymics are often omitted)


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    listed: str
    similarity: float
    how: str  # exact | phonetic | initial | fuzzy | joined


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


def token_similarity(q: str, qkey: str, c: str, ckey: str) -> tuple[float, str]:
    """How alike two name tokens are, and why."""
    if q == c:
        return 1.0, "exact"
    if len(q) == 1 or len(c) == 1:
        if q[0] == c[0]:
            return INITIAL_SIMILARITY, "initial"
        return 0.0, "initial"
    if qkey == ckey and len(qkey) >= 2:
        return 0.94, "phonetic"
    shorter = min(len(q), len(c))
    if shorter <= 3:  # short tokens: only a single edit on a 3-letter token is tolerated
        sim = Levenshtein.normalized_similarity(q, c)
        return (sim * 0.95 if sim >= 0.66 else 0.0), "fuzzy"
    jw = JaroWinkler.normalized_similarity(q, c, prefix_weight=0.1)
    lev = Levenshtein.normalized_similarity(q, c)
    return max(jw * 0.97, lev), "fuzzy"


def align(query: NameForm, listed: NameForm, weight) -> Alignment:
    """Best pairing of ``query`` tokens with ``listed`` tokens; ``weight(token)`` gives informativeness."""
    options = _pair_options(query, listed)
    options.sort(key=lambda o: -o[0])
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[float, frozenset[int], frozenset[int], TokenPair]] = []
    for sim, qs, cs, pair in options:
        if sim < MIN_PAIR or qs & used_q or cs & used_c:
            continue
        used_q |= qs
        used_c |= cs
        pairs.append((sim, qs, cs, pair))
    return _score(query, listed, pairs, used_q, used_c, weight)


def _pair_options(query: NameForm, listed: NameForm) -> list:
    qt, qk, ct, ck = query.tokens, query.keys, listed.tokens, listed.keys
    options = []
    for i, q in enumerate(qt):
        for j, c in enumerate(ct):
            sim, how = token_similarity(q, qk[i], c, ck[j])
            if sim >= MIN_PAIR:
                options.append((sim, frozenset((i,)), frozenset((j,)), TokenPair(q, c, sim, how)))
    # joined / split tokens: "abdul rahman" ~ "abdulrahman"
    for i in range(len(qt) - 1):
        joined = qt[i] + qt[i + 1]
        for j, c in enumerate(ct):
            if len(c) >= 6 and (sim := _joined_similarity(joined, c)) >= MIN_PAIR:
                options.append((sim, frozenset((i, i + 1)), frozenset((j,)), TokenPair(f"{qt[i]} {qt[i+1]}", c, sim, "joined")))
    for j in range(len(ct) - 1):
        joined = ct[j] + ct[j + 1]
        for i, q in enumerate(qt):
            if len(q) >= 6 and (sim := _joined_similarity(q, joined)) >= MIN_PAIR:
                options.append((sim, frozenset((i,)), frozenset((j, j + 1)), TokenPair(q, f"{ct[j]} {ct[j+1]}", sim, "joined")))
    return options


def _joined_similarity(a: str, b: str) -> float:
    return 0.99 if a == b else Levenshtein.normalized_similarity(a, b) * 0.97


def _score(query: NameForm, listed: NameForm, pairs, used_q, used_c, weight) -> Alignment:
    def w(token: str) -> float:
        return weight(token) * (INITIAL_WEIGHT if len(token) == 1 else 1.0)

    matched_weight = sum(
        sum(w(query.tokens[i]) for i in qs) + sum(w(listed.tokens[j]) for j in cs)
        for _, qs, cs, _ in pairs
    )
    sim_sum = sum(
        sim * (sum(w(query.tokens[i]) for i in qs) + sum(w(listed.tokens[j]) for j in cs))
        for sim, qs, cs, _ in pairs
    )
    unmatched_q = [t for i, t in enumerate(query.tokens) if i not in used_q]
    unmatched_c = [t for j, t in enumerate(listed.tokens) if j not in used_c]
    if not pairs:
        return Alignment(0.0, [], unmatched_q, unmatched_c)
    base = sim_sum / matched_weight
    total_q = sum(w(t) for t in query.tokens)
    total_c = sum(w(t) for t in listed.tokens)
    missing_q = sum(w(t) for t in unmatched_q) / total_q if total_q else 0.0
    missing_c = sum(w(t) for t in unmatched_c) / total_c if total_c else 0.0
    score = base - MISSING_QUERY * missing_q - MISSING_LISTED * missing_c
    if all(p.how == "initial" for *_, p in pairs):
        score = min(score, 0.5)  # initials alone never identify anyone
    return Alignment(max(score, 0.0), [p for *_, p in pairs], unmatched_q, unmatched_c)
