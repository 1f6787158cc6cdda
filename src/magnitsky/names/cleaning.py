"""``normalize``: one canonical spelling of a name string, in its own script.

Steps, in order, and why:

1. Cap the length (``MAX_INPUT`` characters in, ``MAX_OUTPUT`` out). Names are short; a
   10,000-character "name" is an attack or a data error, and matching cost grows with length.
2. Character classes, via one ``str.translate`` table filled lazily from ``unicodedata``:
   control (other than tab and line breaks, which separate words), format (zero-width joiners,
   bidi marks, soft hyphens), private-use, surrogate and unassigned code points are deleted (so
   ``Pu\\u200btin`` reads ``Putin``); Arabic harakat and
   tatweel are deleted (lists rarely vocalise, queries sometimes do) and Arabic letter variants
   that spellers use interchangeably are unified (hamza-carrying alefs -> ``ا``, ``ى`` -> ``ي``,
   ``ة`` -> ``ه``, Persian ``ی``/``ک`` -> Arabic ``ي``/``ك``); punctuation, symbols and
   separators become spaces. Apostrophes between two letters are dropped instead: they sit
   inside words, not between them (Ukrainian ``Ком'яхов``, Korean ``Myo'ng-kuk``, Arabic
   ``Samarra'i``, Irish ``O'Brien``), and splitting there would make spurious one-letter tokens.
3. Homoglyph folding per token (:mod:`.homoglyphs`), done before case folding so that upper-case
   look-alikes (Cyrillic ``Н``, ``Т``, ``М``) are still recognisable, and again after it for
   letters that only look alike in lower case (Greek ``σ`` and ``o``); the second pass is what
   makes ``normalize`` idempotent.
4. ICU ``nfkc_cf`` (NFKC plus Unicode case folding, ``ß`` -> ``ss``), which is idempotent, unlike
   ``str.lower`` followed by NFKC.

PyICU: ``icu.Normalizer2.getInstance(None, "nfkc_cf", icu.UNormalizationMode2.COMPOSE)`` is
ICU's NFKC_Casefold; the instance is a process-wide singleton, fetched once at import.

The result keeps diacritics and the original script; :func:`magnitsky.names.romanize` is what
reduces to ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu

from magnitsky.names.homoglyphs import fold_token

MAX_INPUT = 4096
MAX_OUTPUT = 1024

_NFKC = icu.Normalizer2.getInstance(None, "nfkc", icu.UNormalizationMode2.COMPOSE)
_NFKC_CF = icu.Normalizer2.getInstance(None, "nfkc_cf", icu.UNormalizationMode2.COMPOSE)

_DELETE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}
_ARABIC_MARKS = set(range(0x064B, 0x0660)) | {0x0670, 0x0640}
_ARABIC_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"}
# Apostrophe-like characters, including the modifier letters (category Lm) that BGN and
# Arabic transliterations use: ʹ ʺ ʻ ʼ ʽ ʾ ʿ.
_APOSTROPHES = "'`´‘’‛′ʹʺʻʼʽʾʿ"
_APOSTROPHE_MARK = "\x00"  # placeholder between step 2 and the in-word join pass
_SURROGATES = re.compile("[\ud800-\udfff]")  # lone surrogates would make ICU raise
_IN_WORD_APOSTROPHE = re.compile(r"(?<=[^\W\d_])\x00(?=[^\W\d_])")


class _CharTable(dict):
    """``str.translate`` table computed per code point on first sight, then memoised."""

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        if ch in _APOSTROPHES:
            out: str | None = _APOSTROPHE_MARK
        elif cp in _ARABIC_MARKS:
            out = None
        elif ch in _ARABIC_FOLD:
            out = _ARABIC_FOLD[ch]
        else:
            cat = unicodedata.category(ch)
            if ch.isspace():  # tab, line breaks: controls, but they separate words
                out = " "
            elif cat in _DELETE_CATEGORIES:
                out = None
            elif cat[0] in "PSZ":
                out = " "
            else:
                out = ch
        self[cp] = out
        return out


_TABLE = _CharTable()


def normalize(text: str) -> str:
    """NFKC, deleted controls, homoglyphs folded, case-folded, punctuation as single spaces."""
    if not isinstance(text, str):
        raise TypeError(f"normalize() expects str, got {type(text).__name__}")
    if text.isascii() and text.isalnum() and text.islower() and len(text) <= MAX_OUTPUT:
        # already normal: one word of lower-case ASCII letters and digits, as the romanised
        # tokens (and tokens joined) that given-name and phonetic keys ask about; every step
        # below leaves it as it is, and caching it would only push real names out of the cache
        return text
    return _normalize(text)


@lru_cache(maxsize=65536)
def _normalize(text: str) -> str:
    text = text[:MAX_INPUT]
    out = _normalize_ascii(text) if text.isascii() else _normalize_unicode(text)
    if len(out) > MAX_OUTPUT:
        out = out[:MAX_OUTPUT].rsplit(" ", 1)[0] if " " in out[:MAX_OUTPUT] else out[:MAX_OUTPUT]
    return out


def _normalize_unicode(text: str) -> str:
    text = _NFKC.normalize(_SURROGATES.sub("", text)).translate(_TABLE)
    text = _IN_WORD_APOSTROPHE.sub("", text).replace(_APOSTROPHE_MARK, " ")
    folded = " ".join(fold_token(tok) for tok in text.split())
    folded = _NFKC_CF.normalize(folded).translate(_TABLE).replace(_APOSTROPHE_MARK, " ")
    # str.lower after case folding: Unicode folds Cherokee to upper case, callers expect lower.
    return " ".join(fold_token(tok) for tok in folded.lower().split())


def _normalize_ascii(text: str) -> str:
    """``_normalize_unicode`` of ASCII text (four names in five), without ICU: NFKC leaves ASCII
    as it is, case folding is ``lower``, no ASCII token has look-alikes to fold, and after the
    first pass only letters, digits and spaces are left for the second."""
    text = _IN_WORD_APOSTROPHE.sub("", text.translate(_TABLE)).replace(_APOSTROPHE_MARK, " ")
    return " ".join(text.lower().split())
