"""Chinese names in Wade-Giles as well as pinyin: Zhang -> Chang, Xu -> Hsu, Jiang -> Chiang.

ICU romanises Han characters to pinyin (the PRC's system, which most list entries use). Names from
Taiwan, Hong Kong and older documents are written in Wade-Giles, which lists print without its
apostrophes and umlauts (Ch'en -> Chen, Hsü -> Hsu; Chen Shui-bian, Chiang Ching-kuo), so pinyin
syllables are rewritten one by one: initials first (zh/j/q -> ch, x -> hs, z/c -> ts, r -> j, b/d/g -> p/t/k), then
the finals Wade-Giles spells otherwise (-ong -> -ung, -ian -> -ien, -ie -> -ieh, zhi -> chih,
si -> ssu, xue -> hsueh, ge -> ko, guo -> kuo).
"""

from __future__ import annotations

import re

_WHOLE = {
    "zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu", "si": "ssu",
    "er": "erh", "you": "yu", "yan": "yen", "ye": "yeh", "yong": "yung",
}  # fmt: skip
_INITIAL = re.compile("^(zh|ch|sh|[bpdtgkjqxrzc])")
_INITIALS = {
    "zh": "ch", "ch": "ch", "sh": "sh", "b": "p", "p": "p", "d": "t", "t": "t", "g": "k", "k": "k",
    "j": "ch", "q": "ch", "x": "hs", "r": "j", "z": "ts", "c": "ts",
}  # fmt: skip
_FINALS = (("ong", "ung"), ("ian", "ien"), ("ie", "ieh"), ("ue", "ueh"))
_UO_AS_O = frozenset(("b", "p", "m", "f", "d", "t", "n", "l", "z", "c", "s", "zh", "ch", "r"))


def wade_giles(syllable: str) -> str:
    """One toneless pinyin syllable as Wade-Giles without apostrophes or umlauts."""
    if syllable in _WHOLE:
        return _WHOLE[syllable]
    match = _INITIAL.match(syllable)
    initial = match.group() if match else ""
    final = syllable[len(initial) :]
    if final == "e" and initial in ("g", "k", "h"):
        final = "o"
    elif final == "uo" and initial in _UO_AS_O:
        final = "o"
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"  # gui -> kuei, but hui, shui stay
    for pinyin, wg in _FINALS:
        if final.endswith(pinyin):
            final = final[: -len(pinyin)] + wg
            break
    return _INITIALS.get(initial, initial) + final
