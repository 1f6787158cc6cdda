"""``legal_form``: recognise and strip a company's legal form.

Canonical classes (deliberately coarse: a screening hit should not fail because one list says
"ZAO" and another "CJSC", and equivalences across jurisdictions are approximate anyway):

``llc``  limited liability / private limited company: LLC, Ltd, Limited, Co Ltd, Pty Ltd,
         GmbH, SARL, SRL, Sp. z o.o., BV, s.r.o., d.o.o., Kft, ApS, Ltda, EURL, Sdn Bhd, PT, FZE,
         FZCO, OOO/ООО, TOV/ТОВ (Ukraine), TOO/ТОО (Kazakhstan), and the spelled-out forms.
``jsc``  joint-stock / share company: JSC, OJSC, CJSC, PJSC, AO, ZAO, OAO, PAO, PAT, PrAT,
         AG, SA, S.A., SpA, SAS, NV, AB, AS, ASA, a.s., Oy, Oyj, AD, d.d., Zrt, Nyrt, Bhd, KK.
``plc``  public limited company: PLC, Public Limited Company, PCL.
``inc``  US-style corporation: Inc, Incorporated, Corp, Corporation.
``lp``   partnerships: LP, LLP, KG, GmbH & Co KG, OHG, SNC, limited (liability) partnership.
``co``   a bare "Co" / "Company" / "Cie" with no more specific form.

Spellings are matched on the romanised, normalized tokens with spaces removed, so "L.L.C.",
"L L C" and "LLC" are one form, and each Cyrillic spelling is expanded through every
romanisation scheme at import ("общество с ограниченной ответственностью" also matches
"obshchestvo s ogranichennoi otvetstvennostiu" from a passport-style transliteration).

A form is stripped at the end of the name, or else at its start when the form is one that is
written before names (Russian-style "ООО Ромашка", "JSC Foo", "PT Foo"); never both, and never
when nothing would be left. Bare Co, AS, AD, AT and SA are not stripped at the start, where they
are more often Arabic articles (As-Salam, Ad-Dawa) or the "Co-" of Co-operative.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from magnitsky.names.romanization import romanize

# Spellings only ever written after the name.
_TRAILING: dict[str, tuple[str, ...]] = {
    "llc": (
        "ltd",
        "limited",
        "co ltd",
        "company limited",
        "limited company",
        "pty ltd",
        "pvt ltd",
        "private limited",
        "private limited company",
        "gmbh",
        "gesellschaft mit beschränkter haftung",
        "sarl",
        "s.à r.l.",
        "srl",
        "sp z o o",
        "bv",
        "besloten vennootschap",
        "s.r.o.",
        "d.o.o.",
        "kft",
        "aps",
        "lda",
        "ltda",
        "eurl",
        "sdn bhd",
        "fze",
        "fzco",
        "fzc",
        "fz llc",
    ),
    "jsc": (
        "ag",
        "aktiengesellschaft",
        "sa",
        "société anonyme",
        "sociedad anónima",
        "spa",
        "sas",
        "nv",
        "naamloze vennootschap",
        "ab",
        "aktiebolag",
        "as",
        "a/s",
        "asa",
        "oy",
        "oyj",
        "ad",
        "d.d.",
        "zrt",
        "nyrt",
        "bhd",
        "berhad",
        "kk",
        "kabushiki kaisha",
    ),
    "plc": ("plc", "public limited company", "public company limited", "pcl"),
    "inc": ("inc", "incorporated", "corp", "corporation"),
    "lp": (
        "lp",
        "llp",
        "limited partnership",
        "limited liability partnership",
        "kg",
        "kommanditgesellschaft",
        "gmbh & co kg",
        "gmbh & co",
        "ohg",
        "snc",
    ),
    "co": ("co", "company", "cie", "compania", "compagnie", "& co"),
}

# Spellings written before the name as often as after it.
_LEADING: dict[str, tuple[str, ...]] = {
    "llc": (
        "llc",
        "limited liability company",
        "ооо",
        "общество с ограниченной ответственностью",
        "тов",
        "товариство з обмеженою відповідальністю",
        "тоо",
        "товарищество с ограниченной ответственностью",
        "pt",
        "perseroan terbatas",
    ),
    "jsc": (
        "jsc",
        "ojsc",
        "cjsc",
        "pjsc",
        "joint stock company",
        "open joint stock company",
        "closed joint stock company",
        "public joint stock company",
        "private joint stock company",
        "ао",
        "зао",
        "оао",
        "пао",
        "нао",
        "акционерное общество",
        "открытое акционерное общество",
        "закрытое акционерное общество",
        "публичное акционерное общество",
        "непубличное акционерное общество",
        "пат",
        "прат",
        "ват",
        "зат",
        "акціонерне товариство",
        "публічне акціонерне товариство",
        "приватне акціонерне товариство",
    ),
}

MAX_FORM_TOKENS = 6


def _keys(spelling: str) -> set[str]:
    return {variant.replace(" ", "") for variant in romanize(spelling)}


def _table(forms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {key: cls for cls, spellings in forms.items() for s in spellings for key in _keys(s)}


_AT_START = _table(_LEADING)
_AT_END = {**_table(_TRAILING), **_AT_START}


@lru_cache(maxsize=65536)
def _joined(token: str) -> str:
    variants = romanize(token)
    return variants[0].replace(" ", "") if variants else ""


TYPO_MIN_LENGTH = 7  # "compayn", "corpoartion": long forms are recognised with one slip


def _long_keys(table: dict[str, str]) -> list[str]:
    return [key for key in table if len(key) >= TYPO_MIN_LENGTH]


_LONG_AT_START, _LONG_AT_END = _long_keys(_AT_START), _long_keys(_AT_END)


def _lookup(key: str, table: dict[str, str], long_keys: list[str]) -> str | None:
    """The form class of ``key``; for long keys also with one typo (an edit or a swap)."""
    if form := table.get(key):
        return form
    if len(key) < TYPO_MIN_LENGTH:
        return None
    near = process.extractOne(key, long_keys, scorer=OSA.distance, score_cutoff=1)
    return table[near[0]] if near else None


def _match(keys: list[str], table: dict[str, str], at_end: bool) -> tuple[int, str] | None:
    long_keys = _LONG_AT_END if at_end else _LONG_AT_START
    for size in range(min(MAX_FORM_TOKENS, len(keys) - 1), 0, -1):
        part = keys[-size:] if at_end else keys[:size]
        if form := _lookup("".join(part), table, long_keys):
            return size, form
    return None


def legal_form(tokens: list[str]) -> tuple[list[str], str | None]:
    """``(tokens without the legal form, its class)``, or ``(tokens, None)`` if there is none.

    ``["ooo", "romashka"]`` -> ``(["romashka"], "llc")``;
    ``["foo", "holding", "co", "ltd"]`` -> ``(["foo", "holding"], "llc")``.
    """
    keys = [_joined(t) for t in tokens]
    found = _match(keys, _AT_END, at_end=True)
    if found:
        return list(tokens[: len(tokens) - found[0]]), found[1]
    found = _match(keys, _AT_START, at_end=False)
    if found:
        return list(tokens[found[0] :]), found[1]
    return list(tokens), None
