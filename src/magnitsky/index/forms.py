"""A name as the index and the scorer see it: romanised, tokenised, with per-token keys.

A name in Cyrillic or Arabic has several romanisations; each becomes its own form, so a query
spelled in any one system finds the list entry through the form spelled the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from magnitsky.model.scripts import script_of
from magnitsky.names import (
    canonical_token,
    normalize,
    phonetic_key,
    reads_as_korean_or_chinese,
    romanize,
    variant_tokens,
)
from magnitsky.names.industry_words import without_industry_words
from magnitsky.names.legalforms import written_legal_forms

MAX_FORMS = 6  # romanisations kept per name: more adds index size, not recall
# Scripts whose every character or block is a syllable: each romanised syllable is a name part from
# a small inventory (zhang, wen, kim, yong), so two or three of them are shared by very many people.
SYLLABIC_SCRIPTS = frozenset({"Hani", "Hans", "Hant", "Hang", "Hira", "Kana"})


@dataclass(frozen=True, slots=True)
class NameForm:
    tokens: tuple[str, ...]  # ASCII, titles dropped, legal form (and a Chinese trade) removed, given names canonical
    keys: tuple[str, ...]  # phonetic key of each token, same order
    legal_forms: tuple[str, ...] = ()  # classes ("llc", "jsc", ...) of the company forms removed
    spelled: tuple[str, ...] = ()  # the tokens before given-name classes: joins are made of these
    form_keys: tuple[str, ...] = ()  # which forms were written: the key of each (``names.legalforms``), same order

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@lru_cache(maxsize=200_000)
def name_forms(name: str, organisation: bool = False) -> tuple[NameForm, ...]:
    """Distinct forms of ``name``; empty when nothing name-like is left after cleaning."""
    seen: dict[tuple[str, ...], NameForm] = {}
    for variant in romanize(name)[:MAX_FORMS]:
        written: tuple[tuple[str, str], ...] = ()
        if organisation:  # no title precedes a company's name: "Ms" is a word of it (עמאש romanised)
            words, written = written_legal_forms(variant.split())
            words = without_industry_words(words)  # 立信电子科技: the brand 立信, not its trade 电子科技
        else:
            words = variant_tokens(variant)
        spelled = tuple(t for t in words if t)
        forms, keys = tuple(c for c, _ in written), tuple(k for _, k in written)
        for spelling in (spelled, *_acronym_joined(spelled, organisation)):
            parts = tuple(canonical_token(t) for t in spelling)
            if parts and parts not in seen:
                seen[parts] = NameForm(parts, tuple(phonetic_key(t) or t for t in parts), forms, spelling, keys)
    return tuple(seen.values())


ACRONYM_MIN_LETTERS = 3  # "B.O.T.H.": a company named by three or more letters written apart


def _acronym_joined(spelled: tuple[str, ...], organisation: bool) -> tuple[tuple[str, ...], ...]:
    """A company's name made of single letters ("B.O.T.H.", an OFAC alias of the Belarusian Oil
    Trading House) as the one word payments write it without its dots (BOTH): a form of its own,
    after the letters apart (a query's forms after its first are guesses: ``generated_forms``)."""
    if organisation and len(spelled) >= ACRONYM_MIN_LETTERS and all(len(t) == 1 and t.isalpha() for t in spelled):
        return (("".join(spelled),),)
    return ()


def generated_forms(name: str, organisation: bool = False) -> tuple[NameForm, ...]:
    """The forms of ``name`` that are not the name as written (accents aside): every romanisation of
    a name with a word in another script, and a Latin name's rewritten spellings (German ``ue``,
    a national transliteration read as English), all but its first form. These are guesses at how
    a list spells the name, and a guess alone never alerts (``alignment.GENERATED_CAP``). A person's
    name made of syllables counts whole (``made_of_syllables``): its forms must pair syllable for
    syllable to stand on their own, as written too ("Kim Chong Hun" is not Jong Un KIM)."""
    forms = name_forms(name, organisation)
    if written_form(name, organisation) is None:
        return forms
    if not organisation and made_of_syllables(name):
        return forms
    return forms[1:]


_HYPHENATED = re.compile(r"\w[-\u2010\u2011]\w")  # "Jin-u", "Wen-Fu": one given name, its syllables hyphenated


def written_word_for_word(name: str) -> NameForm | None:
    """The form of a person's ``name`` as written (``written_form``) when each of its tokens is a
    word written apart; None when words are joined by a hyphen: "Jin-u" is one given name, its u no
    word of its own that could be added to Jin RYU."""
    return None if _HYPHENATED.search(name) else written_form(name)


def written_form(name: str, organisation: bool = False) -> NameForm | None:
    """The form of ``name`` as written (accents aside): its first, when every word is in Latin
    letters; None when a word is in another script (every form is then a romanisation)."""
    forms = name_forms(name, organisation)
    if not forms or any(script_of(word) for word in normalize(name).split()):
        return None
    return forms[0]


def made_of_syllables(name: str) -> bool:
    """Whether ``name`` is made of syllables from a small inventory: a word written in a syllabic
    script (Han, Hangul, kana), or a Korean or Chinese name in Latin letters. Two or three such
    syllables are shared by very many people, and one letter apart is another syllable, so another
    name (Hun and Un, Yang and Jang, Shu and Cui); the romanisation systems' differences are already
    spelled out as forms of their own."""
    return any(script_of(word) in SYLLABIC_SCRIPTS for word in normalize(name).split()) or reads_as_korean_or_chinese(
        name
    )
