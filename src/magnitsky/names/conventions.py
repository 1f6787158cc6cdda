"""Cyrillic names as other European languages transliterate them, read back as English spellings.

Each national authority writes a Russian or Ukrainian name its own language's way: Чалый is
TJALYJ in Swedish, Czalyj in Polish, Čalyj in Czech, Tsjalyj in Dutch, Csalij in Hungarian.
Before diacritics are stripped (which would leave ``calyj``, far from the listed CHALIY), the
letter groups each convention uses for Ч Ш Щ Ж У are rewritten as English spells them
(``tj`` -> ch, ``sz`` -> sh, ``č`` -> ch, Dutch ``oe`` -> u ...), so "Aleksej Michajlovitj TJALYJ"
gives the extra spelling "aleksej michajlovich chalyj", which the phonetic key and the skeleton
already join to "Aleksei Mikhailovich CHALIY" (``ch``/``kh`` are one letter group there, ``j`` is
``y``). Dutch ``oe`` is У only inside a word ("Basoerin" BASURIN, "Joerevitsj" Yurevich): at a
word's end it is the Russian neuter adjective as English writes it (Otkrytoe, Publichnoe).

Hungarian reads ``s`` the other way round from the others: its ``sz`` is С and a lone ``s`` is Ш
("Szecsin" is SECHIN, "Boriszovics" Borisovich), while Polish ``sz`` is Ш ("Timoszenko"). A word
with ``sz`` therefore gets both readings: the English spelling above (Polish) and
:func:`hungarian_spelling`, a separate form of the name.

ISO 9, the one-letter-per-letter standard (Щ ŝ, Ю û, Я â, Є ê, Ї ï, Ё ë; Ч Ш Ж č š ž as Czech),
is read the same way: "Ûrij Valentinovič Kovalʹčuk" also gives "yurij valentinovich kovalchuk"
(Yuri Valentinovich KOVALCHUK), "Ŝerbakov" gives "shcherbakov". Its Ц and Х are c and h, as in
Czech and Croatian, which stay as written except in a word with one of ISO 9's own letters.

The rewritten spelling is an extra form of the name, never instead of the written one: "tj" is
ch only in Swedish (Kristjan keeps its t).
"""

from __future__ import annotations

import re

_CZECH_LIKE = ("Czech", "Slovak", "Croatian", "Slovene", "Latvian", "Lithuanian", "ISO 9")
_CZECH_LIKE_FI = ("Czech", "Slovak", "Croatian", "Slovene", "Finnish", "Latvian", "Lithuanian", "ISO 9")
# Letter group -> English spelling, and the conventions that write it (named in explanations).
# Longest first where one contains another (szcz before sz, tsj before sj).
_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sjtsj": ("shch", ("Dutch",)),
    "sjtj": ("shch", ("Swedish",)),
    "szcz": ("shch", ("Polish",)),
    "tsj": ("ch", ("Dutch",)),
    "tš": ("ch", ("Finnish",)),
    "tj": ("ch", ("Swedish",)),
    "cz": ("ch", ("Polish",)),
    "sz": ("sh", ("Polish", "Hungarian")),
    "cs": ("ch", ("Hungarian",)),
    "zs": ("zh", ("Hungarian",)),
    "sj": ("sh", ("Swedish", "Dutch")),
    "zj": ("zh", ("Swedish", "Dutch")),
    "oe": ("u", ("Dutch",)),
    "č": ("ch", _CZECH_LIKE),
    "ć": ("ch", ("Croatian", "Serbian", "Polish")),
    "ś": ("sh", ("Polish",)),
    "š": ("sh", _CZECH_LIKE_FI),
    "ž": ("zh", _CZECH_LIKE_FI),
    "ż": ("zh", ("Polish",)),
    "ź": ("zh", ("Polish",)),
    # ISO 9's own letters: Щ Ю Я and the Ukrainian Є Ї, one letter each
    "ŝ": ("shch", ("ISO 9",)),
    "û": ("yu", ("ISO 9",)),
    "â": ("ya", ("ISO 9",)),
    "ê": ("ye", ("ISO 9",)),
    "ï": ("yi", ("ISO 9",)),
}
# Dutch oe is У only before another letter (see the module doc).
_ALTERNATIVES = [g if g != "oe" else "oe(?=.)" for g in sorted(_GROUPS, key=len, reverse=True)]
_PATTERN = re.compile("|".join(_ALTERNATIVES))
# A word with a letter only ISO 9 writes, or its Ё (ë after a consonant: French and Dutch write
# ë after a vowel, Noël, Citroën), is ISO 9 throughout: its c is Ц and its h Х, which English writes
# ts and kh ("Carëv" is TSARYOV). Elsewhere c and h stay as written, as in a word with q, w or x,
# letters ISO 9 has no Cyrillic for (Albanian Hoxhë).
_ISO9_MARK = re.compile(r"^(?!.*[qwx]).*(?:[ŝûâê]|(?:^|[^aeiouyë])ë)")
_ISO9_LETTERS = {"c": "ts", "h": "kh"}
_ISO9_PATTERN = re.compile("|".join([*_ALTERNATIVES, *_ISO9_LETTERS]))
# Hungarian: a word with cs, zs or sz (not Polish szcz) and none of the letters only Polish writes.
_HUNGARIAN_MARK = re.compile(r"^(?!.*(?:cz|rz|[włżźśćń])).*(?:cs|zs|sz)")
_HUNGARIAN = {"cs": "ch", "zs": "zh", "sz": "s", "s": "sh"}
_HUNGARIAN_PATTERN = re.compile("cs|zs|sz|s")


def english_spelling(token: str, yo: bool = False) -> str:
    """``token`` (normalised, in Latin letters) with each national letter group written as English
    writes the Cyrillic letter; the token itself when it has none. ISO 9's Ё (ë) stays e, as
    English mostly writes it (GORBACHEV), unless ``yo`` (TSARYOV)."""
    iso9 = _ISO9_MARK.search(token) is not None
    pattern = _ISO9_PATTERN if iso9 else _PATTERN
    spelled = pattern.sub(lambda m: _ISO9_LETTERS.get(m.group()) or _GROUPS[m.group()][0], token)
    return spelled.replace("ë", "yo" if yo else "e") if iso9 else spelled


def hungarian_spelling(token: str) -> str:
    """``token`` read as Hungarian writes Cyrillic, in English spelling ("szecsin" -> "sechin",
    "boriszovics" -> "borisovich"); its :func:`english_spelling` when it has no mark of Hungarian
    (cs, zs or sz, and no letter only Polish writes), so a name's other words read as before."""
    if not _HUNGARIAN_MARK.search(token):
        return english_spelling(token)
    return _HUNGARIAN_PATTERN.sub(lambda m: _HUNGARIAN[m.group()], token)


def conventions_in(token: str) -> list[str]:
    """The transliteration conventions that write every national letter group ``token`` uses (for
    an explanation: "kužugetovič" is Czech, Slovak, ... or ISO 9, not Finnish, which writes ž but
    not č); each convention any of them is written in when no one convention writes them all."""
    found = [_GROUPS[m.group()][1] for m in _PATTERN.finditer(token)]
    if _ISO9_MARK.search(token):
        found.append(("ISO 9",))
    if found and not _HUNGARIAN_MARK.search(token):
        found = [tuple(c for c in f if c != "Hungarian") or f for f in found]
    shared = [c for c in found[0] if all(c in f for f in found)] if found else []
    return shared or list(dict.fromkeys(c for f in found for c in f))
