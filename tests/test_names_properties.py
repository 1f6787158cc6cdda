"""Property tests for magnitsky.names: totality, idempotence and output alphabets."""

import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from magnitsky.names import (
    canonical_token,
    cleaning,
    legal_form,
    name_keys,
    normalize,
    phonetic_key,
    romanize,
    tokens,
)

# Any code point (including surrogates, controls, unassigned), plus name-like alphabets so that
# the interesting paths (homoglyphs, Cyrillic rules, Arabic) are hit often.
ANY_TEXT = st.text(st.characters(codec=None), max_size=60)
NAME_LETTERS = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzäöüßéABCXYZ '-.,")
    + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўАБВЕКМНОРСТХ")
    + list("αβγδεικμνοπρστυχ")
    + list("محمدعبدالرحمنأسامة")
    + list("习近平김정은\u200b\u0301")
)
NAMEISH = st.text(NAME_LETTERS, max_size=40)
TEXT = st.one_of(ANY_TEXT, NAMEISH)


@given(TEXT)
def test_normalize_is_idempotent_and_clean(text):
    out = normalize(text)
    assert normalize(out) == out
    assert out == out.strip() and "  " not in out
    assert not any(ch.isupper() for ch in out)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in out)


@given(TEXT)
@example("길\u0300")  # a Hangul syllable with a combining accent: the accent has no romanisation of its own
def test_romanize_outputs_are_distinct_lowercase_ascii(text):
    variants = romanize(text)
    assert len(variants) == len(set(variants)) <= 8
    for v in variants:
        assert v and v.isascii() and v == v.lower() and v == " ".join(v.split())


@given(TEXT)
def test_keys_and_tokens_never_raise(text):
    assert isinstance(phonetic_key(text), str)
    assert all(k.isascii() for k in name_keys(text))
    assert isinstance(canonical_token(text), str)
    toks = tokens(text)
    rest, form = legal_form(toks)
    assert form is None or rest


LATIN_WORD = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüé")), min_size=1, max_size=15)
CYRILLIC_WORD = st.text(st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")), min_size=1, max_size=15)


@given(st.one_of(LATIN_WORD, CYRILLIC_WORD))
def test_phonetic_key_alphabet_and_case_insensitivity(word):
    key = phonetic_key(word)
    assert key == phonetic_key(word.upper()) == phonetic_key(f" {word}. ")
    assert all(ch in "abcdefghijklmnopqrstuvwxyz0123456789" for ch in key)


@settings(deadline=None, max_examples=10)
@given(st.sampled_from(["Клюев Дмитрий ", "Mohammed al-Rashid ", "习近平", "a"]))
def test_very_long_inputs_are_handled(unit):
    text = (unit * 10_000)[:10_000]
    assert name_keys(text)


@given(st.one_of(st.text(string.ascii_lowercase + string.digits + "AB _'\u0131\u00df\u212a", max_size=30), TEXT))
def test_words_taken_as_already_normal_are_what_the_full_normalisation_gives(text):
    # ``normalize`` returns one-word lower-case ASCII as it is, without the full pipeline
    assert normalize(text) == cleaning._normalize(text)


@given(st.text(st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_normalises_without_icu_as_with_it(text):
    assert cleaning._normalize_ascii(text) == cleaning._normalize_unicode(text)
