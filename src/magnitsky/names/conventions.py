"""Cyrillic names as other European languages transliterate them, read back as English spellings.

Each national authority writes a Russian or Ukrainian name its own language's way: Чалый is
TJALYJ in Swedish, Czalyj in Polish, Čalyj in Czech, Tsjalyj in Dutch, Csalij in Hungarian.
Before diacritics are stripped (which would leave ``calyj``, far from the listed CHALIY), the
letter groups each convention uses for Ч Ш Щ Ж У are rewritten as English spells them
(``tj`` -> ch, ``sz`` -> sh, ``č`` -> ch ...; not Dutch ``oe`` for У, which Russian neuter
adjectives in English spelling end in: Otkrytoe, Publichnoe), so "Aleksej Michajlovitj TJALYJ" gives the extra
spelling "aleksej michajlovich chalyj", which the phonetic key and the skeleton already join to
"Aleksei Mikhailovich CHALIY" (``ch``/``kh`` are one letter group there, ``j`` is ``y``).

The rewritten spelling is an extra form of the name, never instead of the written one: "tj" is
ch only in Swedish (Kristjan keeps its t).
"""

from __future__ import annotations

import re

# Letter group -> English spelling, and the conventions that write it (named in explanations).
# Longest first where one contains another (szcz before sz, tsj before sj).
_GROUPS: dict[str, tuple[str, str]] = {
    "sjtsj": ("shch", "Dutch"),
    "sjtj": ("shch", "Swedish"),
    "szcz": ("shch", "Polish"),
    "tsj": ("ch", "Dutch"),
    "tš": ("ch", "Finnish"),
    "tj": ("ch", "Swedish"),
    "cz": ("ch", "Polish"),
    "sz": ("sh", "Polish"),
    "cs": ("ch", "Hungarian"),
    "zs": ("zh", "Hungarian"),
    "sj": ("sh", "Swedish or Dutch"),
    "zj": ("zh", "Swedish or Dutch"),
    "č": ("ch", "Czech, Slovak, Croatian, Slovene, Latvian or Lithuanian"),
    "ć": ("ch", "Croatian, Serbian or Polish"),
    "ś": ("sh", "Polish"),
    "š": ("sh", "Czech, Slovak, Croatian, Slovene, Finnish, Latvian or Lithuanian"),
    "ž": ("zh", "Czech, Slovak, Croatian, Slovene, Finnish, Latvian or Lithuanian"),
    "ż": ("zh", "Polish"),
    "ź": ("zh", "Polish"),
}
_PATTERN = re.compile("|".join(sorted(_GROUPS, key=len, reverse=True)))


def english_spelling(token: str) -> str:
    """``token`` (normalised, in Latin letters) with each national letter group written as English
    writes the Cyrillic letter; the token itself when it has none."""
    return _PATTERN.sub(lambda m: _GROUPS[m.group()][0], token)


def conventions_in(token: str) -> list[str]:
    """The transliteration conventions whose letter groups ``token`` uses, for an explanation."""
    return list(dict.fromkeys(_GROUPS[m.group()][1] for m in _PATTERN.finditer(token)))
