"""Name normalisation, romanisation and keys: the foundation of the sanctions name matcher.

Pure functions over strings; nothing here knows about lists, stores or indexes. Typical use::

    normalize("Mr. Дмитрий  KLIUEV")   # 'mr дмитрий kliuev'
    romanize("Клюев Дмитрий")          # ['klyuyev dmitriy', 'kliuev dmitrii', 'kluev dmitrij', ...]
    tokens("Sheikh Mohammed bin Rashid")  # ['mohammed', 'bin', 'rashid']
    legal_form(["ooo", "romashka"])    # (['romashka'], 'llc')
    phonetic_key("kljujew")            # 'klv'  (== phonetic_key("klyuyev"))
    name_keys("Клюев Дмитрий")         # {'klv', 'dmtra'}
    canonical_token("Mohamed")         # 'muhammad'

Module map: :mod:`.cleaning` (normalize) uses :mod:`.homoglyphs`; :mod:`.transliteration`
holds the ICU transliterators and custom rule sets that :mod:`.romanization` applies per token;
:mod:`.givennames` is the given-name table; :mod:`.titles`, :mod:`.tokenization`,
:mod:`.legalforms` and :mod:`.phonetics` build on those; :mod:`.identifiers` normalises document
numbers. All hot functions are memoised with
``functools.lru_cache``; ICU objects are module-level singletons.
"""

from magnitsky.names.cleaning import normalize
from magnitsky.names.givennames import canonical_token
from magnitsky.names.identifiers import normalise_identifier
from magnitsky.names.legalforms import legal_form, legal_forms, main_form
from magnitsky.names.phonetics import name_keys, phonetic_key, skeleton
from magnitsky.names.romanization import reads_as_korean_only, reads_as_korean_or_chinese, romanize
from magnitsky.names.tokenization import tokens, variant_tokens

__all__ = [
    "canonical_token",
    "legal_form",
    "legal_forms",
    "main_form",
    "name_keys",
    "normalise_identifier",
    "normalize",
    "phonetic_key",
    "reads_as_korean_only",
    "reads_as_korean_or_chinese",
    "romanize",
    "skeleton",
    "tokens",
    "variant_tokens",
]
