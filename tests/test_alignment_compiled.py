"""The compiled alignment explains itself as the rules say: how each pair is alike (a swap, one
name in two romanisations, joined tokens), which texts it shows, and what is left unpaired; and a
token too long or not ASCII for the bit-parallel distance is compared cell by cell to the same
similarity rapidfuzz gives."""

import pytest
from rapidfuzz.distance import OSA

from magnitsky.index import NameForm, name_forms
from magnitsky.match.alignment_kernel import align


def _aligned(query: str, listed: str):
    query_form, listed_form = name_forms(query)[0], name_forms(listed)[0]
    return align(query_form, listed_form, [1.0] * len(query_form.tokens), [1.0] * len(listed_form.tokens))


@pytest.mark.parametrize(
    "query, listed, pair, unmatched_listed",
    [
        ("Dmitry Kluyev", "KLYUEV Dmitry", ("kluyev", "klyuev", 0.88, "swap"), []),
        ("Dmitrii Kliuev", "KLYUEV Dmitry Nikolaevich", ("kliuev", "klyuev", 0.96, "transliteration"), ["nikolaevich"]),
        ("Abdul Rahman Al Hamid", "Abdulrahman AL-HAMID", ("abdul rahman", "abdulrahman", 1.0, "joined"), []),
        ("Abdulrahman Al Hamid", "Abdul Rahman AL-HAMID", ("abdulrahman", "abdul rahman", 1.0, "joined"), []),
    ],
)
def test_pairs_say_how_their_tokens_are_alike(query, listed, pair, unmatched_listed):
    alignment = _aligned(query, listed)
    assert pair in [(p.query, p.listed, p.similarity, p.how) for p in alignment.pairs]
    assert all(p.how == "exact" for p in alignment.pairs if p.query != pair[0])
    assert alignment.unmatched_query == []
    assert alignment.unmatched_listed == unmatched_listed


def test_a_long_token_with_letters_beyond_ascii_is_compared_cell_by_cell():
    word = "rindfleischetikettierungsüberwachungsaufgabenübertragungsgesellschaftsgesetz"  # 76 letters
    typo = word.replace("ü", "u", 1)
    query, listed = NameForm((word,), (word,)), NameForm((typo,), (typo,))
    alignment = align(query, listed, [1.0], [1.0], organisation=True)
    [pair] = alignment.pairs
    assert (pair.query, pair.listed, pair.how) == (word, typo, "slip")  # one letter changed in a company's word
    assert pair.similarity == OSA.normalized_similarity(word, typo)
