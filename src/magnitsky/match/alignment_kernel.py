"""Name alignment (``alignment.align``), compiled with numba.

A screened customer's best candidates are aligned token by token: every query token against
every listed token, both ways of joining neighbours, a greedy pick of the best pairs and a score.
In Python that was a fifth of screening time; here a query form is aligned with all its candidates
in one call. The query form is converted once (``QueryForm``: code points, skeletons, bit
patterns, weights, also what the bound kernel reads); listed forms are read from the index's
``FormTable`` by row. Results are those of the Python rules exactly: rapidfuzz's similarities
(``kernels``), floats added in the same order, ties broken by the order pairs are generated in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from magnitsky.index.form_table import FormTable, code_points
from magnitsky.index.forms import NameForm
from magnitsky.index.letter_sets import letter_set
from magnitsky.kernel_cache import kernel
from magnitsky.match.alignment import (
    CORROBORATING_WORDS,
    GENERATED_CAP,
    HELD,
    INITIAL_SIMILARITY,
    JOINED_MIN,
    MIN_PAIR,
    MISSING_LISTED,
    MISSING_LISTED_ORGANISATION,
    MISSING_QUERY,
    NOT_HELD,
    ONE_PART_CAP,
    PARTICLE_LETTERS,
    SAME_SKELETON,
    SHORT_COMPANY_SLIP,
    SHORT_NAME_CAP,
    SHORT_NAME_LETTERS,
    SLIP_CHANGED_MIN,
    SLIP_FIRST_LETTER_MAX,
    SLIP_LISTED_MIN,
    SWAP,
    SYLLABLE_LEFT_OUT,
    WORD_ADDED,
    Alignment,
    HeldBy,
    Resemblance,
    TokenPair,
    apart,
    could_join,
    evidence_of,
    joined_similarity,
)
from magnitsky.match.string_distances import (
    NO_SWAPS,
    concatenate,
    edit_distance,
    osa_distance,
    osa_similarity,
    pattern,
    same,
)
from magnitsky.names import skeleton

HOWS = tuple(Resemblance)  # ``TokenPair.how`` by the kernel's number for it
EXACT, INITIAL, SWAPPED, TRANSLITERATION, FUZZY, JOINED, SLIPPED = range(len(HOWS))
# a chosen pair, as the kernel gives it: its first query token and how many, the same of the
# listed form, how the tokens are alike, and whether they are shown as spelled
FIRST_QUERY, QUERY_TOKENS, FIRST_LISTED, LISTED_TOKENS, HOW, AS_SPELLED = range(6)
# Arguments the kernels pass to the kernels they call, typed as numpy scalars: numba compiles a
# kernel once per distinct literal argument (``_option(..., 1, j, 2, ...)`` and ``(..., 2, j, 1, ...)``
# were two compilations each; a count starting at 0 one more), once per type for these.
ZERO, ONE, TWO, AS_JOINED = np.int64(0), np.int64(1), np.int64(2), np.int64(JOINED)
YES = np.bool_(True)
FIRST_SIDE, SECOND_SIDE = np.int64(0), np.int64(1)


@dataclass(frozen=True, slots=True)
class QueryForm:
    """A query name form as the compiled code reads it, made once per query. ``codes`` (int32
    code points, padded with 0) and ``lengths`` are indexed [written, spelled][token, skeleton]
    [token number], as are ``patterns`` (``string_distances.pattern``) and ``fits``; ``weights`` are the
    tokens' (``token_weights``)."""

    form: NameForm
    codes: np.ndarray
    lengths: np.ndarray
    patterns: np.ndarray
    fits: np.ndarray
    weights: np.ndarray
    generated: bool = False  # a spelling the query name does not have as written (``forms.generated_forms``)
    syllabic: bool = False  # ... romanised from syllables (``forms.made_of_syllables``)
    written: bool = False  # the name as written in Latin letters, word for word (``forms.written_word_for_word``)


def query_form(
    form: NameForm, weights, generated: bool = False, syllabic: bool = False, written: bool = False
) -> QueryForm:
    """``form`` converted for the kernels, its tokens weighing ``weights``; ``generated``: a spelling
    the name is not written in, whose matches must hold on their own (``alignment.GENERATED_CAP``),
    ``syllabic``: romanised from a syllabic script, ``written``: the name as written in Latin letters."""
    tokens = form.tokens
    spelled = form.spelled or tokens
    skeletons = {token: skeleton(token) for token in {*tokens, *spelled}}
    strings = [*tokens, *(skeletons[t] for t in tokens), *spelled, *(skeletons[t] for t in spelled)]
    codes, lengths = code_points(strings)
    codes, lengths = codes.reshape(2, 2, len(tokens), -1), lengths.reshape(2, 2, len(tokens))
    patterns, fits = _patterns(codes, lengths)
    return QueryForm(
        form, codes, lengths, patterns, fits, np.asarray(weights, dtype=np.float64), generated, syllabic, written
    )


@kernel
def _patterns(codes, lengths):
    """The bit patterns (``string_distances.pattern``) of all the query form's strings, and whether each
    fits its pattern."""
    patterns = np.zeros((*lengths.shape, 128), dtype=np.uint64)
    fits = np.empty(lengths.shape, dtype=np.bool_)
    for side in range(2):
        for kind in range(2):
            for i in range(lengths.shape[2]):
                fits[side, kind, i] = pattern(codes[side, kind, i], lengths[side, kind, i], patterns[side, kind, i])
    return patterns, fits


@kernel
def query_letter_sets(codes, lengths):
    """The letter sets (``index.letter_sets``) of a query form's strings, indexed as its
    ``codes`` are ([written, spelled][token, skeleton][token number])."""
    sets = np.empty(lengths.shape, dtype=np.uint64)
    for side in range(2):
        for kind in range(2):
            for i in range(lengths.shape[2]):
                sets[side, kind, i] = letter_set(codes[side, kind, i], lengths[side, kind, i])
    return sets


@dataclass(frozen=True, slots=True)
class Aligned:
    """A query form's alignments with listed forms, as the kernel gives them: per listed form
    its score and its chosen pairs (``counts`` of them), best first, as rows of ``pairs`` (fields
    FIRST_QUERY ... AS_SPELLED) with their ``similarities``, and by what rule a match through a
    generated spelling held (``helds``: NOT_HELD ... SYLLABLE_LEFT_OUT, ``_holds``)."""

    scores: np.ndarray
    counts: np.ndarray
    pairs: np.ndarray
    similarities: np.ndarray
    helds: np.ndarray

    def alignment(self, k: int, query: NameForm, listed: NameForm) -> Alignment:
        """The ``k``-th listed form's alignment, with its tokens' texts: joined tokens and pairs
        that only match as spelled are shown as spelled."""
        qt, ct = query.tokens, listed.tokens
        qs, cs = query.spelled or qt, listed.spelled or ct
        used_q, used_c = [False] * len(qt), [False] * len(ct)
        pairs = []
        count = self.counts[k]
        for (q, nq, c, nc, how, as_spelled), similarity in zip(
            self.pairs[k, :count].tolist(), self.similarities[k, :count].tolist()
        ):
            used_q[q : q + nq] = [True] * nq
            used_c[c : c + nc] = [True] * nc
            pairs.append(
                TokenPair(
                    " ".join((qs if as_spelled else qt)[q : q + nq]),
                    " ".join((cs if as_spelled else ct)[c : c + nc]),
                    similarity,
                    HOWS[how],
                )
            )
        return Alignment(
            float(self.scores[k]),
            pairs,
            [t for t, used in zip(qt, used_q) if not used],
            [t for t, used in zip(ct, used_c) if not used],
            HeldBy.of(int(self.helds[k])),
        )


def align(
    query: NameForm,
    listed: NameForm,
    query_weights,
    listed_weights,
    organisation: bool = False,
    generated: bool = False,
    syllabic: bool = False,
    written: bool = False,
    syllable_may_drop: bool = False,
) -> Alignment:
    """Best pairing of ``query`` tokens with ``listed`` tokens; the weights (``token_weights``)
    say how informative each token is; ``syllable_may_drop``: the listed name's given name may lose
    a syllable (``FormTable.syllable_may_drop``). Screening aligns many listed forms at once
    (``align_rows``); this aligns one pair of forms the same way."""
    table = FormTable.of_form(listed, listed_weights, organisation, syllable_may_drop)
    prepared = query_form(query, query_weights, generated, syllabic, written)
    return align_rows(prepared, np.zeros(1, dtype=np.intp), table).alignment(0, query, listed)


def align_rows(query: QueryForm, rows: np.ndarray, table: FormTable) -> Aligned:
    """``query``'s alignments with the listed forms numbered in ``rows``."""
    return Aligned(
        *_align_kernel(
            query.codes,
            query.lengths,
            query.patterns,
            query.fits,
            query.weights,
            query.generated,
            query.syllabic,
            query.written,
            rows,
            table.token_ids,
            table.spelled_ids,
            table.row_weights,
            table.organisation,
            table.syllable_may_drop,
            table.letters,
            table.length,
            table.skeleton_letters,
            table.skeleton_length,
            table.letter_sets,
            table.skeleton_letter_sets,
        )
    )


@kernel
def _align_kernel(
    codes,
    lengths,
    patterns,
    fits,
    q_weights,
    generated,
    syllabic,
    written,
    rows,
    token_ids,
    spelled_ids,
    weights,
    organisation,
    syllable_may_drop,
    vocabulary,
    vocabulary_lengths,
    skeletons,
    skeleton_lengths,
    letter_sets,
    skeleton_letter_sets,
):
    """For each listed form in ``rows``: ``align``'s score and chosen pairs (``Aligned``)."""
    n_query, width = lengths.shape[2], token_ids.shape[1]
    q_sets = query_letter_sets(codes, lengths)
    short_name = lengths[0, 0].sum() <= SHORT_NAME_LETTERS  # "Li Cai": shared by very many people
    most = 4 * n_query * width  # pairs, joins either way, and joins on both sides
    sims = np.empty(most)
    facts = np.empty((most, 7), dtype=np.int32)  # tokens covered, then a pair's fields
    order = np.empty(most, dtype=np.intp)
    left = np.empty(codes.shape[3] * 2, dtype=np.int32)
    right = np.empty(vocabulary.shape[1] * 2, dtype=np.int32)
    used_q = np.empty(n_query, dtype=np.bool_)
    used_c = np.empty(width, dtype=np.bool_)
    scores = np.zeros(rows.shape[0])
    counts = np.zeros(rows.shape[0], dtype=np.int32)
    pairs = np.zeros((rows.shape[0], n_query, 6), dtype=np.int32)
    similarities = np.zeros((rows.shape[0], n_query))
    helds = np.zeros(rows.shape[0], dtype=np.int8)
    for k in range(rows.shape[0]):
        row = rows[k]
        n_listed = 0
        while n_listed < width and token_ids[row, n_listed] >= 0:
            n_listed += 1
        n = _options(
            codes,
            lengths,
            patterns,
            fits,
            q_sets,
            token_ids[row],
            spelled_ids[row],
            n_listed,
            vocabulary,
            vocabulary_lengths,
            skeletons,
            skeleton_lengths,
            letter_sets,
            skeleton_letter_sets,
            left,
            right,
            sims,
            facts,
            organisation[row],
        )
        _rank(sims, facts, n, order)
        used_q[:] = False
        used_c[:] = False
        count = ZERO
        for o in order[:n]:  # greedily, best first: each token in one pair at most
            if _any(used_q, facts[o, 1], facts[o, 2]) or _any(used_c, facts[o, 3], facts[o, 4]):
                continue
            used_q[facts[o, 1] : facts[o, 1] + facts[o, 2]] = True
            used_c[facts[o, 3] : facts[o, 3] + facts[o, 4]] = True
            pairs[k, count] = facts[o, 1:]
            similarities[k, count] = sims[o]
            count += 1
        counts[k] = count
        if count:
            held = HELD
            if generated and not organisation[row]:
                held = _holds(
                    pairs[k],
                    similarities[k],
                    count,
                    used_q,
                    used_c,
                    n_listed,
                    syllabic,
                    written,
                    syllable_may_drop[row],
                    codes,
                    lengths,
                    token_ids[row],
                    spelled_ids[row],
                    vocabulary,
                    vocabulary_lengths,
                )
            helds[k] = held
            scores[k] = _score(
                pairs[k],
                similarities[k],
                count,
                used_q,
                used_c,
                q_weights,
                weights[row],
                n_listed,
                lengths[0, 0],
                organisation[row],
                short_name,
                held,
            )
    return scores, counts, pairs, similarities, helds


@kernel
def _token_similarity(codes, lengths, patterns, fits, side, i, b, lb, b_skeleton, lb_skeleton, slips):
    """How alike query token ``i`` (``side`` 0: as written, 1: as spelled) and token ``b`` are,
    and why (a number into HOWS); with ``slips`` (company names), one letter added, dropped or
    changed counts as a swap does (``_slip``)."""
    a, la = codes[side, 0, i], lengths[side, 0, i]
    if same(a, la, b, lb):
        return 1.0, EXACT
    if la == 1 or lb == 1:
        return INITIAL_SIMILARITY if a[0] == b[0] else 0.0, INITIAL
    distance = osa_distance(a, la, patterns[side, 0, i], fits[side, 0, i], b, lb)
    slipped = False
    letters = 1.0 - distance / max(la, lb)  # edits, a swap of neighbours counting as one
    if min(la, lb) >= 4 and distance == 1:
        if edit_distance(a, la, b, lb, NO_SWAPS) == 2:
            return SWAP, SWAPPED  # "pree"/"pere": a slip of the keyboard, not another name
        if slips and _slip(a, la, b, lb):
            if letters < SWAP:
                return SWAP, SLIPPED  # "kymtets"/"krymtets", "sasta"/"samta": a company's name is a brand
            slipped = True  # "mehanika"/"mekhanika": one letter, whatever the sounds
    a_skeleton, la_skeleton = codes[side, 1, i], lengths[side, 1, i]
    if same(a_skeleton, la_skeleton, b_skeleton, lb_skeleton):
        return max(SAME_SKELETON, letters), SLIPPED if slipped else TRANSLITERATION
    sounds = SAME_SKELETON * osa_similarity(
        a_skeleton, la_skeleton, patterns[side, 1, i], fits[side, 1, i], b_skeleton, lb_skeleton
    )
    if sounds > letters:
        return sounds, SLIPPED if slipped else TRANSLITERATION
    return letters, SLIPPED if slipped else FUZZY


@kernel
def _slip(a, la, b, lb):
    """Whether query token ``a``, one letter added, dropped or changed from listed company word
    ``b``, is taken for a slip of it (``alignment.SLIP_LISTED_MIN``)."""
    if lb < SLIP_LISTED_MIN:
        return False
    if la != lb:
        return True
    return la >= SLIP_CHANGED_MIN and (la > SLIP_FIRST_LETTER_MAX or a[0] == b[0])


@kernel
def _options(
    codes,
    lengths,
    patterns,
    fits,
    q_sets,
    token_ids,
    spelled_ids,
    n_listed,
    vocabulary,
    vocabulary_lengths,
    skeletons,
    skeleton_lengths,
    letter_sets,
    skeleton_letter_sets,
    left,
    right,
    sims,
    facts,
    slips,
):
    """Every pairing of query and listed tokens worth considering, into ``sims`` and ``facts``
    (tokens covered, then a pair's fields), in the order ties are broken by; their number.
    Pairs and joins that letters alone rule out (``alignment.apart``, ``alignment.could_join``:
    their similarity cannot reach MIN_PAIR) are not compared."""
    n_query = lengths.shape[2]
    n = ZERO
    for i in range(n_query):
        respelled = not same(codes[1, 0, i], lengths[1, 0, i], codes[0, 0, i], lengths[0, 0, i])
        for j in range(n_listed):
            v, w = token_ids[j], spelled_ids[j]
            similarity, how = 0.0, FUZZY
            if not apart(
                lengths[0, 0, i],
                q_sets[0, 0, i],
                lengths[0, 1, i],
                q_sets[0, 1, i],
                vocabulary_lengths[v],
                letter_sets[v],
                skeleton_lengths[v],
                skeleton_letter_sets[v],
            ):
                similarity, how = _token_similarity(
                    codes,
                    lengths,
                    patterns,
                    fits,
                    FIRST_SIDE,
                    i,
                    vocabulary[v],
                    vocabulary_lengths[v],
                    skeletons[v],
                    skeleton_lengths[v],
                    slips,
                )
            as_spelled = False
            # a given name with a typo ("mhamed") is in no class ("muhammad"): compared as spelled too
            if (
                similarity < 1.0
                and (respelled or w != v)
                and not apart(
                    lengths[1, 0, i],
                    q_sets[1, 0, i],
                    lengths[1, 1, i],
                    q_sets[1, 1, i],
                    vocabulary_lengths[w],
                    letter_sets[w],
                    skeleton_lengths[w],
                    skeleton_letter_sets[w],
                )
            ):
                spelled = _token_similarity(
                    codes,
                    lengths,
                    patterns,
                    fits,
                    SECOND_SIDE,
                    i,
                    vocabulary[w],
                    vocabulary_lengths[w],
                    skeletons[w],
                    skeleton_lengths[w],
                    slips,
                )
                if spelled[0] > similarity:
                    similarity, how, as_spelled = spelled[0], spelled[1], True
            if similarity >= MIN_PAIR:
                n = _option(sims, facts, n, similarity, i, ONE, j, ONE, how, as_spelled)
    # joined / split tokens: "abdul rauf" ~ "abdulrauf", compared as spelled (not as "abd rauf")
    s_codes, s_lengths, s_sets = codes[1, 0], lengths[1, 0], q_sets[1, 0]
    for i in range(n_query - 1):
        n_left = concatenate(s_codes[i], s_lengths[i], s_codes[i + 1], s_lengths[i + 1], left)
        left_letters = s_sets[i] | s_sets[i + 1]
        for j in range(n_listed):
            w = spelled_ids[j]
            if vocabulary_lengths[w] >= JOINED_MIN and could_join(
                n_left, left_letters, vocabulary_lengths[w], letter_sets[w]
            ):
                similarity = joined_similarity(left, n_left, vocabulary[w], vocabulary_lengths[w])
                if similarity >= MIN_PAIR:
                    n = _option(sims, facts, n, similarity, i, TWO, j, ONE, AS_JOINED, YES)
    for j in range(n_listed - 1):
        n_right = _joined_listed(vocabulary, vocabulary_lengths, spelled_ids, j, right)
        right_letters = letter_sets[spelled_ids[j]] | letter_sets[spelled_ids[j + 1]]
        for i in range(n_query):
            if s_lengths[i] >= JOINED_MIN and could_join(s_lengths[i], s_sets[i], n_right, right_letters):
                similarity = joined_similarity(s_codes[i], s_lengths[i], right, n_right)
                if similarity >= MIN_PAIR:
                    n = _option(sims, facts, n, similarity, i, ONE, j, TWO, AS_JOINED, YES)
    # two tokens split in another place on each side: "wo nuk" ~ "won uk" (Korean syllables)
    for i in range(n_query - 1):
        n_left = concatenate(s_codes[i], s_lengths[i], s_codes[i + 1], s_lengths[i + 1], left)
        left_letters = s_sets[i] | s_sets[i + 1]
        for j in range(n_listed - 1):
            v, u = spelled_ids[j], spelled_ids[j + 1]
            right_length = vocabulary_lengths[v] + vocabulary_lengths[u]
            if s_lengths[i] != vocabulary_lengths[v] and could_join(
                n_left, left_letters, right_length, letter_sets[v] | letter_sets[u]
            ):
                n_right = _joined_listed(vocabulary, vocabulary_lengths, spelled_ids, j, right)
                similarity = joined_similarity(left, n_left, right, n_right)
                if similarity >= MIN_PAIR:
                    n = _option(sims, facts, n, similarity, i, TWO, j, TWO, AS_JOINED, YES)
    return n


@kernel
def _joined_listed(vocabulary, vocabulary_lengths, spelled_ids, j, out):
    """Listed tokens ``j`` and ``j + 1`` as spelled, written together into ``out``; its length."""
    v, u = spelled_ids[j], spelled_ids[j + 1]
    return concatenate(vocabulary[v], vocabulary_lengths[v], vocabulary[u], vocabulary_lengths[u], out)


@kernel
def _option(sims, facts, n, similarity, i, n_query_tokens, j, n_listed_tokens, how, as_spelled):
    sims[n] = similarity
    facts[n, 0] = n_query_tokens + n_listed_tokens
    facts[n, 1 + FIRST_QUERY] = i
    facts[n, 1 + QUERY_TOKENS] = n_query_tokens
    facts[n, 1 + FIRST_LISTED] = j
    facts[n, 1 + LISTED_TOKENS] = n_listed_tokens
    facts[n, 1 + HOW] = how
    facts[n, 1 + AS_SPELLED] = as_spelled
    return n + 1


@kernel
def _rank(sims, facts, n, order):
    """Options best first into ``order``: by similarity, then the pair covering more tokens, then
    as generated (a stable insertion sort: there are few)."""
    for k in range(n):
        m = k
        while m > 0 and (
            sims[k] > sims[order[m - 1]] or sims[k] == sims[order[m - 1]] and facts[k, 0] > facts[order[m - 1], 0]
        ):
            order[m] = order[m - 1]
            m -= 1
        order[m] = k


@kernel
def _any(used, first, n):
    for i in range(first, first + n):
        if used[i]:
            return True
    return False


@kernel
def _score(
    pairs,
    similarities,
    count,
    used_q,
    used_c,
    q_weights,
    c_weights,
    n_listed,
    query_lengths,
    organisation,
    short_name,
    held,
):
    """The alignment's score: the pairs' evidence weighted by how informative their tokens are,
    less penalties for the tokens left unpaired on either side, capped where few letters agree
    or where a match through a generated spelling does not hold on its own (``held``: ``_holds``).
    A particle paired (da, al, van: ``PARTICLE_LETTERS``) is no name part of its own: "da Costa" pairs
    one part of Luis Fernando DA COSTA, his surname, as "Costa" would; in a given name that lost a
    syllable (SYLLABLE_LEFT_OUT) a word as short is a syllable, as Su of "Su KIM" is."""
    matched_weight = sim_sum = 0.0
    parts = 0  # pairs other than a particle with its like
    all_initials = True
    loose = False  # a pair of other than the same letters, an initial or a slip (companies: less alike)
    for p in range(count):
        pair_weight = _weight_sum(q_weights, pairs[p, FIRST_QUERY], pairs[p, QUERY_TOKENS]) + _weight_sum(
            c_weights, pairs[p, FIRST_LISTED], pairs[p, LISTED_TOKENS]
        )
        matched_weight += pair_weight
        sim_sum += evidence_of(similarities[p]) * pair_weight
        how = pairs[p, HOW]
        parts += not _particle_pair(pairs[p], query_lengths)
        all_initials = all_initials and how == INITIAL
        if organisation:  # a short word spelled otherwise, even alike as sounds (GAS / GAZ), is loose
            loose = loose or similarities[p] < SHORT_COMPANY_SLIP or how == TRANSLITERATION
        else:
            loose = loose or (how != EXACT and how != INITIAL and how != SWAPPED)
    base = sim_sum / matched_weight
    missing_q = _missing(q_weights, used_q, q_weights.shape[0])
    missing_c = _missing(c_weights, used_c, n_listed)
    missing_listed = MISSING_LISTED_ORGANISATION if organisation else MISSING_LISTED
    score = base - MISSING_QUERY * missing_q - missing_listed * missing_c
    if all_initials:
        score = min(score, 0.5)  # initials alone never identify anyone
    elif held != SYLLABLE_LEFT_OUT and parts <= 1 and _one_part_of_more(pairs, count, query_lengths, n_listed):
        score = min(score, ONE_PART_CAP)
    if short_name and loose:
        score = min(score, SHORT_NAME_CAP)
    if held == NOT_HELD:
        score = min(score, GENERATED_CAP)
    return max(score, 0.0)


@kernel
def _particle_pair(pair, query_lengths):
    """Whether a chosen pair is one particle (al, da, el) with the same listed one (initials, one
    letter, are parts: T. B. H. for TAREK BEN HABIB)."""
    one_to_one = pair[QUERY_TOKENS] == 1 and pair[LISTED_TOKENS] == 1
    return one_to_one and pair[HOW] == EXACT and 1 < query_lengths[pair[FIRST_QUERY]] <= PARTICLE_LETTERS


@kernel
def _one_part_of_more(pairs, count, query_lengths, n_listed):
    """Whether the pairs, particles aside, are one query token with one listed token and the listed
    name has a token they leave unpaired: its surname alone, GREEN of GREEN SHIPPING."""
    listed_paired = 0
    part = -1
    for p in range(count):
        listed_paired += pairs[p, LISTED_TOKENS]
        if not _particle_pair(pairs[p], query_lengths):
            part = p
    if listed_paired >= n_listed:
        return False
    return pairs[part if part >= 0 else count - 1, LISTED_TOKENS] == 1


@kernel
def _holds(
    pairs,
    similarities,
    count,
    used_q,
    used_c,
    n_listed,
    syllabic,
    written,
    syllable_may_drop,
    codes,
    lengths,
    token_ids,
    spelled_ids,
    vocabulary,
    vocabulary_lengths,
):
    """By what rule (HELD, WORD_ADDED, SYLLABLE_LEFT_OUT; NOT_HELD: none) a person's name matched
    through a generated spelling (a romanisation, a convention's rewrite) stands on its own: every
    word paired with the very spelling listed, none left over; or CORROBORATING_WORDS words (not
    particles such as al) paired closely and at most one word left loose (unpaired on either side,
    or paired less closely): a patronymic one side leaves out, a list's typo. Close is the same
    letters or skeleton, or, word for word, the same but for a short vowel the romanisation supplied
    or a و / ي it read as a vowel (``_guessed_vowel_apart``: حجتی "hajati" for HOJATI, القاطرجي
    "qataraji" for QATARJI). The spelling is already a guess; two
    guesses on top of it are how ordinary names reach listed ones (وصاف آل صفوان "wasaf al safwan"
    for Safwan AL-ASSAF). A name romanised from syllables leaves
    none loose and pairs each syllable exactly: each is a name part, written with its vowels, that
    the systems generated already spell every way lists do; 张文 "zhang wen" is not Wen-Fu ZHANG,
    김영식 "kim yong sik" not KIM Jong Sik; written word for word (``written``), it may also add
    one word inside the listed name (WORD_ADDED), or leave one out of a listed given name whose
    syllables may drop (``syllable_may_drop``: SYLLABLE_LEFT_OUT; ``_one_inner_word_over``)."""
    close = loose = 0
    exact = True
    for p in range(count):
        exact = exact and similarities[p] == 1.0
        i, j = pairs[p, FIRST_QUERY], pairs[p, FIRST_LISTED]
        side = 1 if pairs[p, AS_SPELLED] else 0
        v = spelled_ids[j] if side else token_ids[j]
        one_to_one = pairs[p, QUERY_TOKENS] == 1 and pairs[p, LISTED_TOKENS] == 1
        if syllabic:
            close_pair = similarities[p] == 1.0
        else:
            close_pair = similarities[p] >= SAME_SKELETON or (
                one_to_one
                and _guessed_vowel_apart(codes[side, 0, i], lengths[side, 0, i], vocabulary[v], vocabulary_lengths[v])
            )
        if not close_pair:
            loose += 1
        elif lengths[0, 0, i] > PARTICLE_LETTERS or not one_to_one:
            close += 1
    for i in range(used_q.shape[0]):
        loose += not used_q[i]
    for j in range(n_listed):
        loose += not used_c[j]
    if exact and loose == 0:
        return HELD  # every word the very spelling listed, none over ("فيض" as the UN lists it)
    if syllabic and loose:  # a word added or left out, each word counting however short (Su, Do)
        if not written or not exact or count < CORROBORATING_WORDS:
            return NOT_HELD
        if _one_inner_word_over(pairs, count, used_q, used_c[:n_listed]):
            return WORD_ADDED
        if syllable_may_drop and _one_inner_word_over(pairs, count, used_c[:n_listed], used_q):
            return SYLLABLE_LEFT_OUT
        return NOT_HELD
    return HELD if close >= CORROBORATING_WORDS and loose <= (0 if syllabic else 1) else NOT_HELD


@kernel
def _one_inner_word_over(pairs, count, longer, shorter):
    """Whether one name is the other's words, each paired word for word and in the same order, and
    one word more inside it (``longer``, ``shorter``: which of each name's words are paired): a
    middle name the list does not have ("Sang Paul Jun JI" for Sang Jun JI, paul read as syllables),
    or a listed given name's syllable written as a word and left out ("Su KIM" for Su Il KIM). A word
    over at an end, or a word changed or moved, makes another name."""
    n = longer.shape[0]
    if not longer[0] or not longer[n - 1]:
        return False
    over = 0
    for k in range(n):
        over += not longer[k]
    for k in range(shorter.shape[0]):
        if not shorter[k]:
            return False
    if over != 1:
        return False
    for p in range(count):
        if pairs[p, QUERY_TOKENS] != 1 or pairs[p, LISTED_TOKENS] != 1:
            return False
        for q in range(count):
            if (pairs[p, FIRST_QUERY] < pairs[q, FIRST_QUERY]) != (pairs[p, FIRST_LISTED] < pairs[q, FIRST_LISTED]):
                return False
    return True


@kernel
def _guessed_vowel_apart(a, la, b, lb):
    """Whether token ``a`` differs from ``b`` only where the romanisation of a script that does not
    write short vowels guessed: ``a`` has the vowel a where ``b`` has another (حجتی "hajati" for
    HOJATI) or none, the two consonants around it a cluster the script leaves as unmarked as a
    vowel (القاطرجي "qataraji" for QATARJI, بهمنیار "bahamaniar" for BAHMANYAR); or ``a`` reads a
    و or ي as the vowel u or i where ``b`` writes the consonant w or y (هزوان "hazuan" for HAZWAN)."""
    reach = np.zeros((la + 1, lb + 1), np.bool_)
    reach[0, 0] = True
    for i in range(la):
        for j in range(lb + 1):
            if not reach[i, j]:
                continue
            if a[i] == 97 and 0 < i < la - 1 and not _vowel(a[i - 1]) and not _vowel(a[i + 1]):
                reach[i + 1, j] = True  # the guessed a between two consonants, which b writes together
            if j < lb and (
                a[i] == b[j]
                or (a[i] == 97 and _vowel(b[j]))
                or (a[i] == 117 and b[j] == 119)  # u / w
                or (a[i] == 105 and b[j] == 121)  # i / y
            ):
                reach[i + 1, j + 1] = True
    return reach[la, lb]


@kernel
def _vowel(code):
    return code == 97 or code == 101 or code == 105 or code == 111 or code == 117  # a e i o u


@kernel
def _weight_sum(weights, first, n):
    total = 0.0
    for i in range(first, first + n):
        total += weights[i]
    return total


@kernel
def _missing(weights, used, n):
    """The share of the ``n`` tokens' weight that is left unpaired (0 when they weigh nothing)."""
    total = unused = 0.0
    for i in range(n):
        total += weights[i]
        if not used[i]:
            unused += weights[i]
    return unused / total if total != 0.0 else 0.0
