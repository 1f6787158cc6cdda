"""ICU transliterators, built once per process, and the romanisation schemes they implement.

PyICU notes:

* ``icu.Transliterator.createInstance(id)`` loads a CLDR/ICU system transform; construction
  costs ~0.1 ms to ~0.2 s (Han-Latin/Names), so each is made once per process, when first used
  (ICU transliterators are safe to share between threads for ``transliterate``).
* ICU ships BGN/PCGN transforms for Russian, Ukrainian, Belarusian, Serbian, Kazakh, Greek and
  others, ISO 9 as ``Cyrillic-Latin``, and ``Any-Latin`` for everything else (Han -> pinyin,
  Hangul -> Revised Romanisation, kana -> Hepburn, Arabic/Hebrew -> consonantal
  transliteration). ``Arabic-Latin/BGN`` and ``Korean-Latin/BGN`` exist in the ID list but
  leave most letters untouched in ICU 7x, so they are not used.
* Passport (ICAO 9303), German (Duden) and French conventions are not in ICU; they are written
  below as ICU rule sets and compiled with ``icu.Transliterator.createFromRules``. Rules run on
  case-folded text (see :func:`magnitsky.names.normalize`), so they only cover lower case.
  In rule syntax ``^`` anchors at the token start and ``} $`` at its end; the first matching rule
  wins, so context-specific rules precede general ones.
* ``Latin-ASCII`` strips diacritics (``ё`` -> ``ë`` -> ``e``); anything non-ASCII left after it
  (BGN's soft-sign prime ``ʹ``, hyphens inside Korean syllable groups) is removed by
  :func:`to_ascii`, except the Arabic ``ʿ`` (ayn), which becomes ``a``: lists spell ``ʿAli`` as
  Ali and ``Saʿd`` as Saad.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import icu

# Vowel context for the German and French rules. ICU matches a rule's before-context against
# text already transliterated, its after-context against text not yet reached, so the set
# holds both the Cyrillic vowels and the Latin letters they become.
_VOWELS = "[аеёиоуыэюяіїєaeiouyï]"

# ICAO Doc 9303 Part 3 (7th ed., 2015; the table Russian passports use since 2013).
# Ukrainian and Belarusian Г is H in the same table, hence the {g} slot.
_ICAO = """
а > a ; б > b ; в > v ; г > {g} ; ґ > g ; д > d ; е > e ; ё > e ; є > ie ; ж > zh ; з > z ;
и > i ; і > i ; ї > i ; й > i ; к > k ; л > l ; м > m ; н > n ; о > o ; п > p ; р > r ;
с > s ; т > t ; у > u ; ў > u ; ф > f ; х > kh ; ц > ts ; ч > ch ; ш > sh ; щ > shch ;
ъ > ie ; ы > y ; ь > ; э > e ; ю > iu ; я > ia ;
"""

# German (Duden) convention: Kljujew, Dmitrij, Chodorkowski, Jewgenij, Schukow.
_GERMAN = f"""
$v = {_VOWELS} ;
$v {{ е > je ; ^ е > je ; е > e ;
[жчшщ] {{ ё > o ; ё > jo ;
$v {{ с }} $v > ss ; с > s ;
ье > je ; ь }} о > j ; ь > ; ъ > ;
а > a ; б > b ; в > w ; г > g ; д > d ; ж > sch ; з > s ; и > i ; й > j ; к > k ; л > l ;
м > m ; н > n ; о > o ; п > p ; р > r ; т > t ; у > u ; ф > f ; х > ch ; ц > z ; ч > tsch ;
ш > sch ; щ > schtsch ; ы > y ; э > e ; ю > ju ; я > ja ;
"""

# French convention: Klioukhine, Sergueï, Dmitri, Evgueni, Tchernov, Chostakovitch.
_FRENCH = f"""
$v = {_VOWELS} ;
$v {{ е > ie ; е > e ; ё > io ;
ий }} $ > i ; ый }} $ > y ;
ге > gue ; ги > gui ; гэ > gue ; г > g ;
ье > ie ;
$v {{ с }} $v > ss ; с > s ;
$v {{ й > ï ; й > i ;
ь > ; ъ > ;
а > a ; б > b ; в > v ; д > d ; ж > j ; з > z ; и > i ; к > k ; л > l ; м > m ; н > n ;
о > o ; п > p ; р > r ; т > t ; у > ou ; ф > f ; х > kh ; ц > ts ; ч > tch ; ш > ch ;
щ > chtch ; ы > y ; э > e ; ю > iou ; я > ia ;
"""


# Russian BGN of a Ukrainian, Belarusian or Kazakh name: the letters Russian lacks are first
# mapped to the Russian ones a Russian-language document would use (Віктор -> Виктор -> Viktor).
_RUSSIFIED_BGN = """
і > и ; ї > и ; є > е ; ґ > г ; ў > в ;
ә > а ; ғ > г ; қ > к ; ң > н ; ө > о ; ұ > у ; ү > у ; һ > х ;
:: Russian-Latin/BGN ;
"""


def _rules(name: str, rules: str) -> Callable[[], icu.Transliterator]:
    return lambda: icu.Transliterator.createFromRules(name, rules)


def _system(tid: str) -> Callable[[], icu.Transliterator]:
    return lambda: icu.Transliterator.createInstance(tid)


# Scheme name -> how its transliterator is made, for one token of a known script or language.
# Each is made when first used, then kept: building them all took a third of a second (Han names'
# alone a sixth), which every command that screens one Latin name paid.
SCHEMES: dict[str, Callable[[], icu.Transliterator]] = {
    "ru_bgn": _system("Russian-Latin/BGN"),
    "uk_bgn": _system("Ukrainian-Latin/BGN"),
    "be_bgn": _system("Belarusian-Latin/BGN"),
    "sr_bgn": _system("Serbian-Latin/BGN"),
    "kk_bgn": _system("Kazakh-Latin/BGN"),
    "ru_bgn_russified": _rules("Magnitsky-Russified-BGN", _RUSSIFIED_BGN),
    "iso9": _system("Cyrillic-Latin"),
    "icao": _rules("Magnitsky-ICAO", _ICAO.format(g="g")),
    "icao_uk_be": _rules("Magnitsky-ICAO-UkBe", _ICAO.format(g="h")),
    "german": _rules("Magnitsky-German", _GERMAN),
    "french": _rules("Magnitsky-French", _FRENCH),
    "greek_ungegn": _system("Greek-Latin/UNGEGN"),
    "greek_bgn": _system("Greek-Latin/BGN"),
    "han_names": _system("Han-Latin/Names"),
    "any": _system("Any-Latin"),
    "latin_ascii": _system("Latin-ASCII"),
}


@cache
def transliterator(scheme: str) -> icu.Transliterator:
    """The transliterator of ``scheme`` (a key of SCHEMES), made on first use."""
    return SCHEMES[scheme]()


_GERMAN_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_NON_ASCII = re.compile(r"[^a-z0-9 ]+")


def to_ascii(latin: str) -> str:
    """Lower-case ASCII of a Latin-script string: diacritics stripped, leftovers dropped."""
    text = transliterator("latin_ascii").transliterate(latin.replace("ʿ", "a")).lower()
    return _NON_ASCII.sub("", text)


def german_umlauts(latin: str) -> str:
    """``müller`` -> ``mueller``: the German ASCII spelling, a common alternative to ``muller``."""
    return latin.translate(_GERMAN_UMLAUTS)


def transliterate(scheme: str, token: str) -> str:
    """``token`` romanised by ``scheme``, as lower-case ASCII (may contain spaces for Han)."""
    return to_ascii(transliterator(scheme).transliterate(token))
