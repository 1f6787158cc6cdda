"""``romanize``: the lower-case ASCII spellings a name is likely to have on a list or passport.

Each token is romanised according to its own script (names mix scripts: "Клюев Dmitry"), with
an ordered list of schemes, the most standard first:

* Latin: diacritics stripped (``müller``), plus the German ``ue`` spelling (``mueller``), plus
  the English spelling of a Cyrillic name another language transliterated (:mod:`.conventions`:
  Swedish ``tjalyj`` -> ``chalyj``, Polish ``timczenko``, Czech ``timčenko`` -> ``timchenko``, ISO 9
  ``ŝerbakov`` -> ``shcherbakov``, Dutch ``koezin`` -> ``kuzin``), then the same with ISO 9's ``ë`` as
  ``yo`` (``carëv`` -> ``tsaryov``), then Hungarian read as Hungarian (``szecsin`` -> ``sechin``).
* Cyrillic, by language guessed from the letters of the whole name:
  Russian: BGN/PCGN, ICAO 9303, ISO 9 (ASCII-folded), German, French;
  Ukrainian (і ї є ґ) and Belarusian (ў, or і with ы/э): national BGN, ICAO with Г -> H, Russian
  BGN (lists often give Ukrainians' names in Russian spelling), ISO 9;
  Serbian/Macedonian (ђ ћ џ љ њ ј ѓ ќ ѕ) and Kazakh (ә ғ қ ң ө ұ ү һ): their BGN, then ISO 9.
* Greek: BGN, UNGEGN, Any-Latin.
* Han: ICU ``Han-Latin/Names`` pinyin written as lists do, surname apart and given name joined
  ("xi jinping"), then fully spaced; then the same in Wade-Giles (:mod:`.chinese`: 蒋经国 ->
  "chiang chingkuo"). Japanese kanji get Chinese readings (a known limit).
* Hangul: Revised Romanisation per syllable ("gim jeong eun"), then the DPRK's McCune-Reischauer
  the lists mostly use ("kim jong un", :mod:`.korean`), then each with the given name joined.
* Arabic, Persian, Urdu (:mod:`.arabic`): the known Latin spelling of each part (given-name
  class, else Wikidata's most frequent: ``بشرى`` -> bushra), the second known spelling or a
  vowelled guess (``بلول`` -> balul), then ICU's consonantal ``Any-Latin`` (``mhmd``); the article
  split off as lists write "al-".
* Anything else (Hebrew, Georgian, Armenian, kana, Thai, ...): ``Any-Latin``.

Variant *i* of the name takes each token's *i*-th scheme (or its first, if it has fewer), so
the output stays small: at most ``MAX_VARIANTS`` distinct strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from magnitsky.model.scripts import script_of
from magnitsky.names.arabic import arabic_spellings
from magnitsky.names.chinese import chinese_forms, wade_giles
from magnitsky.names.cleaning import normalize
from magnitsky.names.conventions import english_spelling, hungarian_spelling
from magnitsky.names.korean import hangul_korean_forms, is_hangul_syllable, latin_korean_forms, mccune_reischauer
from magnitsky.names.transliteration import german_umlauts, to_ascii, transliterate

MAX_VARIANTS = 8

_CYRILLIC_SCHEMES = {
    "ru": ("ru_bgn", "icao", "iso9", "german", "french"),
    "uk": ("uk_bgn", "icao_uk_be", "ru_bgn_russified", "iso9"),
    "be": ("be_bgn", "icao_uk_be", "ru_bgn_russified", "iso9"),
    "sr": ("sr_bgn", "iso9"),
    "kk": ("kk_bgn", "ru_bgn_russified", "iso9"),
}


_SERBIAN = frozenset("ђћџљњјѓќѕ")
_KAZAKH = frozenset("әғқңөұүһ")
_RUSSIAN_NOT_UKRAINIAN = frozenset("ыэ")
_UKRAINIAN = frozenset("іїєґ")


def _cyrillic_language(text: str) -> str:
    if text.isascii():  # no Cyrillic to tell apart (the value only matters for Cyrillic tokens)
        return "ru"
    letters = set(text)
    if letters & _SERBIAN:
        return "sr"
    if letters & _KAZAKH:
        return "kk"
    if "ў" in letters or ("і" in letters and letters & _RUSSIAN_NOT_UKRAINIAN):
        return "be"
    if letters & _UKRAINIAN:
        return "uk"
    return "ru"


def _latin(token: str) -> list[str]:
    english = to_ascii(english_spelling(token))
    yo = to_ascii(english_spelling(token, yo=True))
    return [to_ascii(token), to_ascii(german_umlauts(token)), english, yo, to_ascii(hungarian_spelling(token))]


def _han(token: str) -> list[str]:
    syllables = transliterate("han_names", token).split()
    wg = [wade_giles(s) for s in syllables]
    if len(syllables) < 2:
        return [" ".join(syllables), " ".join(wg)]
    joined = [f"{s[0]} {''.join(s[1:])}" for s in (syllables, wg)]
    return [joined[0], " ".join(syllables), joined[1], " ".join(wg)]


def _hangul(token: str) -> list[str]:
    syllables = [transliterate("any", ch) for ch in token]
    mr = [mccune_reischauer(ch) if is_hangul_syllable(ch) else rr for ch, rr in zip(token, syllables)]
    if len(syllables) < 2:
        return [syllables[0], mr[0]]
    joined = [f"{s[0]} {''.join(s[1:])}" for s in (syllables, mr)]
    return [" ".join(syllables), " ".join(mr), *joined]


def _arabic(token: str) -> list[str]:
    return list(arabic_spellings(token))


@lru_cache(maxsize=262144)
def _token_variants(token: str, language: str) -> tuple[str, ...]:
    """Romanisations of one normalized token; ``language`` only matters for Cyrillic."""
    script = script_of(token)
    if script is None:
        out = _latin(token)
    elif script == "Cyrl":
        out = [transliterate(s, token) for s in _CYRILLIC_SCHEMES[language]]
    elif script == "Grek":
        out = [transliterate(s, token) for s in ("greek_bgn", "greek_ungegn", "any")]
    elif script in ("Hani", "Hans", "Hant"):
        out = _han(token)
    elif script == "Hang":
        out = _hangul(token)
    elif script == "Arab":
        out = _arabic(token)
    else:
        out = [transliterate("any", token)]
    # Not deduplicated here: position i must stay scheme i so that variants stay aligned.
    return tuple(" ".join(o.split()) for o in out)


@lru_cache(maxsize=65536)
def _romanize(text: str) -> tuple[str, ...]:
    norm = normalize(text)
    language = _cyrillic_language(norm)
    per_token = [_token_variants(tok, language) for tok in norm.split()]
    per_token = [alts for alts in per_token if any(alts)]
    width = max((len(alts) for alts in per_token), default=0)
    variants: dict[str, None] = {}
    for i in range(width):
        variant = " ".join(alts[i] if i < len(alts) else alts[0] for alts in per_token)
        if variant.strip():
            variants[" ".join(variant.split())] = None
        if len(variants) >= MAX_VARIANTS:
            break
    for form in _korean_chinese_forms(norm):
        variants[form] = None
    return tuple(variants)[:MAX_VARIANTS]


def _korean_chinese_forms(norm: str) -> list[str]:
    """A Korean or Chinese name's spellings that every romanisation of it shares (syllables apart,
    Korean systems merged, Chinese in Wade-Giles too): how "Gim Jeong-eun", "Kim Jongun" and 김정은
    meet "Jong Un KIM", and "Li Fang-wei" meets "Fangwei LI"."""
    tokens = norm.split()
    if norm.isascii():
        return [*latin_korean_forms(tokens), *chinese_forms(tokens)]
    if all(script_of(t) == "Hang" for t in tokens):
        return hangul_korean_forms(tokens)
    return []


_INITIAL = re.compile(r"(?<![^\W\d_])[^\W\d_]\.")  # a letter alone before a full stop: the "I." of "I. I. AL-DURI"


def reads_as_korean_or_chinese(text: str) -> bool:
    """Whether ``text`` is a Korean or Chinese name in Latin letters: a surname of theirs at an end
    and every word cut into their syllables ("Kim Chong Hun", "Zhang Wen", "Li Fang-wei"). A name
    written with initials is not: an initial is a letter, not a syllable ("I. I. AL-DURI" cuts into
    the Korean surname I and the syllables al du ri, yet is Izzat Ibrahim AL-DURI)."""
    norm = normalize(text)
    return norm.isascii() and not _INITIAL.search(text) and bool(_korean_chinese_forms(norm))


def reads_as_korean_only(text: str) -> bool:
    """Whether ``text`` reads as a Korean name in Latin letters and not as a Chinese one: a word is
    no pinyin or Wade-Giles syllable ("Do Chun PAK", "Su KIM"; not "Ping Yun CHANG", which is both)."""
    norm = normalize(text)
    if not norm.isascii() or _INITIAL.search(text):
        return False
    tokens = norm.split()
    return bool(latin_korean_forms(tokens)) and not chinese_forms(tokens)


def romanize(text: str) -> list[str]:
    """Distinct lower-case ASCII romanisations of ``text``, the most standard first.

    Empty list when nothing romanisable is left (empty input, only punctuation).
    """
    return list(_romanize(text))
