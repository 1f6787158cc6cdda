"""The pruning bound never drops a candidate that would have scored: checked against the full
alignment over the bundled list names (OFAC MAGNIT/GLOMAG and UN excerpts) queried in the
spellings screening meets — reordered, with typos, joined, split, abbreviated, re-romanised."""

import itertools
import random

import numpy as np
import pytest
from rapidfuzz.distance import OSA, Levenshtein

from magnitsky import Screener
from magnitsky.data import default_lists
from magnitsky.index import NameIndex, name_forms
from magnitsky.index.form_table import code_points, token_weights
from magnitsky.match import alignment, alignment_kernel, string_distances
from magnitsky.match.alignment import MIN_PAIR
from magnitsky.match.alignment_kernel import _token_similarity, align, align_rows, query_form
from magnitsky.match.bounds import query_bounds
from magnitsky.match.matcher import CANDIDATES, NAME_FLOOR
from magnitsky.sources import open_list


@pytest.fixture(scope="module")
def entities():
    return [e for path in default_lists() for e in open_list(path).entities()]


@pytest.fixture(scope="module")
def index(entities):
    return NameIndex(entities)


def spellings(name: str, rng: random.Random) -> list[str]:
    words = name.split()
    out = [name, " ".join(reversed(words)), " ".join(w[0] + "." if i == 0 else w for i, w in enumerate(words))]
    if len(words) > 1:
        out.append(" ".join(words[:-1]))  # a part left out
        out.append(words[0] + words[1] + " " + " ".join(words[2:]))  # two parts joined
    if len(name) > 4:
        i = rng.randrange(1, len(name) - 2)
        out.append(name[:i] + name[i + 1] + name[i] + name[i + 2 :])  # neighbours swapped
        out.append(name[:i] + name[i + 1 :])  # a letter dropped
    longest = max(words, key=len)
    if len(longest) > 6:
        out.append(name.replace(longest, longest[:3] + " " + longest[3:]))  # a part split
    return out


def test_bound_is_never_below_the_alignment_score(index, entities):
    rng = random.Random(7)
    checked = pruned = 0
    for entity in entities[::3]:
        for name in entity.names[:2]:
            for spelling in spellings(name.full, rng):
                for organisation in (False, True):
                    forms = name_forms(spelling, organisation)
                    rows, _ = index.candidate_rows(forms, CANDIDATES)
                    for form in forms:  # as the matcher bounds and aligns them
                        prepared = query_form(form, token_weights(form.tokens, index.token_weight))
                        bounds = query_bounds(prepared, rows, index.table)
                        scores = align_rows(prepared, rows, index.table).scores
                        for row, bound, score in zip(rows.tolist(), bounds.tolist(), scores.tolist()):
                            assert score <= bound + 1e-5, (form.tokens, index.forms[row].tokens, score, bound)
                            checked += 1
                            pruned += bound < NAME_FLOOR
    assert checked > 50_000
    assert pruned > checked / 3  # and it does prune: most retrieved forms are far from the query


def test_compiled_distances_equal_rapidfuzz():
    """The bound's compiled string distances (bit-parallel for short ASCII query tokens, cell by
    cell otherwise) give rapidfuzz's similarities exactly: the bound relies on it."""
    rng = random.Random(11)
    for n in range(5000):
        alphabet = "abcde" if n % 2 else "abcdefghijklmnopqrstuvwxyzéж"  # few letters: many swaps
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80 if n % 10 == 0 else 12)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        (codes_a, codes_b), _ = code_points([a, b])
        pattern = np.zeros(128, dtype=np.uint64)
        fits = string_distances.pattern(codes_a, len(a), pattern)
        assert fits == (len(a) <= 64 and a.isascii())
        assert string_distances.osa_similarity(
            codes_a, len(a), pattern, fits, codes_b, len(b)
        ) == OSA.normalized_similarity(a, b)
        assert string_distances.levenshtein_similarity(
            codes_a, len(a), codes_b, len(b)
        ) == Levenshtein.normalized_similarity(a, b)


def test_letters_rule_out_only_pairs_that_cannot_pair(index, entities):
    """The bound and the alignment skip token pairs and joins by their lengths and letter sets
    alone (``alignment.apart``, ``alignment.could_join``); each one skipped must be below MIN_PAIR
    when compared in full, or the alignment would lose pairs the rules give it."""
    rng = random.Random(5)
    table = index.table
    listed = rng.sample(range(len(table.length)), 300)
    ruled_out = kept = 0
    for entity in entities[::7]:
        for spelling in spellings(entity.names[0].full, rng):
            for form in name_forms(spelling):
                query = query_form(form, token_weights(form.tokens, index.token_weight))
                codes, lengths = query.codes, query.lengths
                sets = alignment_kernel.query_letter_sets(codes, lengths)
                for i, side, v in itertools.product(range(len(form.tokens)), (0, 1), listed):
                    if alignment.apart(
                        lengths[side, 0, i],
                        sets[side, 0, i],
                        lengths[side, 1, i],
                        sets[side, 1, i],
                        table.length[v],
                        table.letter_sets[v],
                        table.skeleton_length[v],
                        table.skeleton_letter_sets[v],
                    ):
                        similarity, _ = _token_similarity(
                            codes,
                            lengths,
                            query.patterns,
                            query.fits,
                            side,
                            i,
                            table.letters[v],
                            table.length[v],
                            table.skeleton_letters[v],
                            table.skeleton_length[v],
                            True,  # as for a company's name, where one slip is allowed
                        )
                        assert similarity < MIN_PAIR, (form.tokens[i], v)
                        ruled_out += 1
                    else:
                        kept += 1
                for i, v in itertools.product(range(len(form.tokens) - 1), listed):  # tokens i and i + 1 joined
                    joined = np.concatenate(
                        [codes[1, 0, i, : lengths[1, 0, i]], codes[1, 0, i + 1, : lengths[1, 0, i + 1]]]
                    )
                    letters = sets[1, 0, i] | sets[1, 0, i + 1]
                    if not alignment.could_join(len(joined), letters, table.length[v], table.letter_sets[v]):
                        similarity = alignment.joined_similarity(joined, len(joined), table.letters[v], table.length[v])
                        assert similarity < MIN_PAIR, (form.spelled[i : i + 2], v)
                        ruled_out += 1
    assert ruled_out > 100_000 and kept > 1_000  # most pairs are ruled out, not all


@pytest.fixture(scope="module")
def screener(entities):
    return Screener.from_entities(entities)


def query(schema, name, **props):
    return {"schema": schema, "properties": {"name": [name], **props}}


# (query, threshold): names alone, and names whose evidence (birth date, nationality) lowers the
# name score that can still reach the threshold
SCREENED = [
    (query("Person", "KLIUEV DMITRII", birthDate=["1967-08-10"], nationality=["ru"]), 0.85),
    (query("Person", "Mohammad Hassan", nationality=["ir"]), 0.6),
    (query("Person", "Ali Hassan", birthDate=["1965"]), 0.7),
    (query("Person", "Kim Song"), 0.6),
    (query("Company", "FLEURETTE PROPERTIES LIMITED"), 0.6),
    (query("Company", "D.G.D. INVESTMENTS LTD."), 0.6),
]


@pytest.mark.parametrize("query, threshold", SCREENED)
def test_screening_for_matches_only_gives_the_matches_of_a_full_screen(screener, query, threshold):
    full = screener.screen(query, threshold=threshold, limit=50)
    only = screener.screen(query, threshold=threshold, limit=50, only_matches=True)
    assert full.hits
    assert [m.to_dict() for m in only.matches] == [m.to_dict() for m in full.hits]


@pytest.mark.parametrize("query, threshold", SCREENED)
def test_no_candidate_below_the_name_floor_is_reported(screener, query, threshold):
    matches = screener.screen(query, limit=50).matches
    assert len(matches) > 1
    for match in matches:
        assert match.explanation["name"]["score"] >= NAME_FLOOR - 1e-9 or match.score == 1.0, match


def _aligned(query: str, listed: str):
    query_form, listed_form = name_forms(query)[0], name_forms(listed)[0]
    ones = lambda form: [1.0] * len(form.tokens)  # noqa: E731 - every token equally informative
    return align(query_form, listed_form, ones(query_form), ones(listed_form))


def test_a_name_split_in_another_place_on_each_side_pairs_as_one():
    """Korean given names are written in two syllables, split wherever the typist chose: UN's
    "Pae Wo'n-uk" (KPi.072) turns up as "Wo'-NUk Pae"."""
    alignment = _aligned("Wo'-NUk Pae", "PAE Won Uk")
    joined = [p for p in alignment.pairs if p.how == "joined"]
    assert [(p.query, p.listed, p.similarity) for p in joined] == [("wo nuk", "won uk", 1.0)]
    assert alignment.unmatched_query == alignment.unmatched_listed == []


def test_a_given_name_with_a_typo_is_compared_as_spelled():
    """ "Mhamed" is in no given-name class, "Mohamed" is (as "muhammad"): compared with the class
    name the typo would look like another name; as spelled it is one letter away."""
    alignment = _aligned("Osman Mhamed", "Mohamed Osman")
    pair = next(p for p in alignment.pairs if p.query == "mhamed")
    assert pair.listed == "mohamed" and pair.how == "fuzzy" and pair.similarity > 0.85
    assert alignment.score > 0.9
