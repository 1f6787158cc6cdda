"""Korean names in McCune-Reischauer as lists write it (Kim Jong Un, Choe Ryong Hae, Jang Song Thaek).

ICU romanises Hangul by the South's Revised Romanization (김정은 -> gim jeong eun). The names on
sanctions lists are mostly North Korean and written in the DPRK's own McCune-Reischauer variant,
without breves or apostrophes: ㅓ and ㅗ both o, ㅡ and ㅜ both u, aspirates with an h (ㅌ th,
ㅍ ph, ㅋ kh), ㅈ j and ㅊ ch, ㄹ at a syllable's start r, each syllable of the given name apart.
A syllable is built from its letters (Hangul syllables are computed: initial * 588 + medial * 28 +
final), so no dictionary is needed.
"""

from __future__ import annotations

import re

_FIRST, _LAST = 0xAC00, 0xD7A3
_INITIALS = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h")
_MEDIALS = (
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo",
    "u", "wo", "we", "wi", "yu", "u", "ui", "i",
)  # fmt: skip
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
    "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip


def is_hangul_syllable(ch: str) -> bool:
    return _FIRST <= ord(ch) <= _LAST


def mccune_reischauer(syllable: str) -> str:
    """One Hangul syllable as DPRK-style McCune-Reischauer writes it (정 -> jong, 룡 -> ryong)."""
    code = ord(syllable) - _FIRST
    initial, rest = divmod(code, 588)
    medial, final = divmod(rest, 28)
    return _INITIALS[initial] + _MEDIALS[medial] + _FINALS[final]


# -- one spelling for every romanisation --------------------------------------------------------------
#
# The same Korean name reaches a screening as Hangul, as the DPRK's McCune-Reischauer (Jong Un,
# Ryong Hae), as MR with its marks dropped (Chong-un, Ch'oe), as the South's Revised Romanization
# (Jeong-eun, Gim), given name joined or hyphenated, either order. ``korean_form`` writes any of them
# with the distinctions those systems draw differently merged: voiced and plain stops (g/k), plain
# and aspirated (k/kh/k'), j/ch, r/l, eo/o, eu/u, yeo/yo, and the surname
# in one spelling (Lee, Yi, I, Ri, Rhee -> ri), the given name as one word. Two names that differ only in how they were
# romanised then share this form; the written spellings stay forms of their own for grading.

_SYLLABLE_INITIALS = {
    "tch": "ch", "jj": "ch", "kk": "k", "tt": "t", "pp": "p", "ss": "s", "ch": "ch", "kh": "k", "th": "t",
    "ph": "p", "g": "k", "k": "k", "d": "t", "t": "t", "b": "p", "p": "p", "j": "ch", "r": "r", "l": "r",
    "m": "m", "n": "n", "s": "s", "h": "h", "": "",
}  # fmt: skip
_SYLLABLE_VOWELS = {
    "yae": "yae", "wae": "wae", "yeo": "yo", "ya": "ya", "ye": "ye", "yo": "yo", "yu": "yu", "wa": "wa",
    "we": "we", "wi": "wi", "wo": "wo", "ae": "ae", "eo": "o", "eu": "u", "oe": "oe", "ui": "ui",
    "a": "a", "e": "e", "o": "o", "u": "u", "i": "i",
}  # fmt: skip
_SYLLABLE_FINALS = ("ng", "k", "n", "l", "m", "p", "t", "")
_SYLLABLE = re.compile(
    "({})({})({})".format(*("|".join(sorted(t, key=len, reverse=True)) for t in (
        _SYLLABLE_INITIALS, _SYLLABLE_VOWELS, _SYLLABLE_FINALS)))
)  # fmt: skip
MAX_SYLLABLES = 3  # per word: a joined given name has two, rarely three

# Korean surnames in their usual romanisations -> one spelling (the DPRK's, merged as above).
_SURNAMES = {
    "ri": ("ri", "li", "lee", "yi", "i", "rhee", "rhie"), "kim": ("kim", "gim"), "pak": ("pak", "park", "bak"),
    "choe": ("choe", "choi", "chwe"), "chong": ("jong", "jeong", "jung", "chong", "chung", "cheong"),
    "kang": ("kang", "gang"), "cho": ("cho", "jo", "joh"), "yun": ("yun", "yoon"), "chang": ("jang", "chang"),
    "rim": ("rim", "lim", "im"), "han": ("han",), "o": ("o", "oh"), "so": ("so", "seo", "suh"),
    "sin": ("sin", "shin"), "kwon": ("kwon", "gwon"), "hwang": ("hwang",), "an": ("an", "ahn"),
    "song": ("song",), "ryu": ("ryu", "ryoo", "yu", "yoo"), "hong": ("hong",), "chon": ("jon", "jeon", "chon", "chun"),
    "ko": ("ko", "go"), "mun": ("mun", "moon"), "yang": ("yang",), "son": ("son", "sohn"), "pae": ("pae", "bae"),
    "paek": ("paek", "baek", "paik"), "ho": ("ho", "heo", "hur"), "nam": ("nam",), "sim": ("sim", "shim"),
    "ro": ("ro", "roh", "no", "noh"), "ha": ("ha",), "kwak": ("kwak", "gwak"), "cha": ("cha",),
    "chu": ("ju", "joo", "chu"), "u": ("u", "woo"), "ku": ("ku", "koo", "gu"), "min": ("min",),
    "ryom": ("ryom", "yeom", "yom"), "chi": ("ji", "chi"), "pyon": ("pyon", "byeon"), "hyon": ("hyon", "hyeon"),
    "kil": ("kil", "gil"), "ryang": ("ryang", "yang"), "yon": ("yon", "yeon"), "tong": ("tong", "dong"),
}  # fmt: skip
SURNAMES = {spelling: key for key, spellings in _SURNAMES.items() for spelling in spellings}


def merged(syllable: str) -> str:
    """One romanised syllable (RR, MR or DPRK, lower-case ASCII) with the systems' differences merged."""
    match = _SYLLABLE.fullmatch(syllable)
    if match is None:
        return syllable
    initial, vowel, final = match.groups()
    return _SYLLABLE_INITIALS[initial] + _SYLLABLE_VOWELS[vowel] + final


def latin_syllables(word: str) -> list[str] | None:
    """``word`` cut into romanised Korean syllables, each starting with its consonant where one can
    (hokyu -> ho kyu, jongun -> jong un, kukryol -> kuk ryol); None when it is no Korean word."""
    best: list[tuple[int, int, list[str]] | None] = [(0, 0, []), *([None] * len(word))]
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 7), end):
            head = best[start]
            piece = word[start:end]
            if head is None or not _SYLLABLE.fullmatch(piece):
                continue
            # Worse: a syllable without its consonant, and worse still "n" + "g..." for what is
            # usually "ng" + a vowel (jeongeun is jeong eun, not jeon geun).
            split_ng = piece[0] == "g" and bool(head[2]) and head[2][-1].endswith("n")
            found = (head[0] + 1, head[1] + (piece[0] in "aeiouwy") + 2 * split_ng, [*head[2], piece])
            if best[end] is None or found[:2] < best[end][:2]:  # type: ignore[index]
                best[end] = found
    last = best[-1]
    return last[2] if last and len(last[2]) <= MAX_SYLLABLES else None


def hangul_syllables(word: str) -> list[str]:
    """The syllables of a Hangul word in the DPRK's romanisation (김정은 -> kim jong un). What is not
    a syllable but plain ASCII is kept; anything else (a combining accent, a lone jamo) has no
    romanisation of its own and is left out, as the other romanisations leave it."""
    return [
        mccune_reischauer(ch) if is_hangul_syllable(ch) else ch for ch in word if is_hangul_syllable(ch) or ch.isascii()
    ]


def korean_forms(words: list[list[str]]) -> list[str]:
    """The merged spellings of a Korean name given as its words' romanised syllables, one per word
    that can be its surname (the first or the last: "Chun Song RI" is read both ways): the surname in
    its one spelling, the given name's syllables joined into one word, in the written order. None
    when neither end is a Korean surname. The given name stays one word so that a different given
    name sharing a syllable (정은 and 은정, 동명 and 명) stays a different word, as it is."""
    if not words or len(words) > 4:
        return []
    forms = []
    for end in dict.fromkeys((0, len(words) - 1)):
        surname = SURNAMES.get("".join(words[end]))
        given = "".join(merged(s) for i, syllables in enumerate(words) if i != end for s in syllables)
        if surname and given:
            forms.append(f"{surname} {given}" if end == 0 else f"{given} {surname}")
    return forms


def latin_korean_forms(tokens: list[str]) -> list[str]:
    """``korean_forms`` of a romanised name (tokens lower-case ASCII); none when a word is not Korean."""
    if not tokens or not (tokens[0] in SURNAMES or tokens[-1] in SURNAMES):
        return []
    words = [[t] if t in SURNAMES else latin_syllables(t) for t in tokens]
    if any(w is None for w in words):
        return []
    return korean_forms(words)  # type: ignore[arg-type]


def hangul_korean_forms(tokens: list[str]) -> list[str]:
    """``korean_forms`` of a name in Hangul: a single word is surname and given name written together
    (김정은), its first syllable the surname."""
    words = [hangul_syllables(t) for t in tokens]
    if len(words) == 1 and len(words[0]) > 1:
        words = [words[0][:1], words[0][1:]]
    return korean_forms(words)
