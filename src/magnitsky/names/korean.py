"""Korean names in McCune-Reischauer as lists write it (Kim Jong Un, Choe Ryong Hae, Jang Song Thaek).

ICU romanises Hangul by the South's Revised Romanization (김정은 -> gim jeong eun). The names on
sanctions lists are mostly North Korean and written in the DPRK's own McCune-Reischauer variant,
without breves or apostrophes: ㅓ and ㅗ both o, ㅡ and ㅜ both u, aspirates with an h (ㅌ th,
ㅍ ph, ㅋ kh), ㅈ j and ㅊ ch, ㄹ at a syllable's start r, each syllable of the given name apart.
A syllable is built from its letters (Hangul syllables are computed: initial * 588 + medial * 28 +
final), so no dictionary is needed.
"""

from __future__ import annotations

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
