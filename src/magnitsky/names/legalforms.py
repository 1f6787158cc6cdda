"""``legal_form``: recognise and strip a company's legal form, for matching.

The forms and their canonical classes are the table in :mod:`magnitsky.model.legal_forms`
(which list parsers read too); classes are deliberately coarse: a screening hit should not fail
because one list says "ZAO" and another "CJSC".

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

from magnitsky.model.legal_forms import LEADING, TRAILING
from magnitsky.names.romanization import romanize

MAX_FORM_TOKENS = 6


def _keys(spelling: str) -> set[str]:
    return {variant.replace(" ", "") for variant in romanize(spelling)}


def _table(forms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {key: cls for cls, spellings in forms.items() for s in spellings for key in _keys(s)}


_AT_START = _table(LEADING)
_AT_END = {**_table(TRAILING), **_AT_START}


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
