"""Fold look-alike letters in mixed-script tokens to the token's majority script.

Evasion often hides a Cyrillic ``а`` or Ukrainian ``і`` inside a Latin name ("Putіn"), or a Latin
``p`` inside a Cyrillic one. We do not hand-maintain a confusables table: the folding maps are
derived at import time from ICU's Unicode confusables data via ``icu.SpoofChecker.getSkeleton``
(UTS #39). A Cyrillic or Greek letter folds to the ASCII letter that has the same skeleton (and
the same case), and vice versa. Whole-token skeletons are not used because they also rewrite
ordinary Latin (``m`` -> ``rn``, ``I`` -> ``l``); only single letters are mapped.

A token is folded only when its letters come from more than one of Latin, Cyrillic and Greek, and
only towards the script that has most letters in it (Latin wins ties), so a genuinely Cyrillic
token such as ``клюев`` is never touched.
"""

from __future__ import annotations

import string
from functools import lru_cache

import icu

_SCRIPTS = {"Latn": "latin", "Cyrl": "cyrillic", "Grek": "greek"}
_BLOCKS = {"cyrillic": range(0x0400, 0x0530), "greek": range(0x0370, 0x0400)}


def _script(ch: str) -> str | None:
    return _SCRIPTS.get(icu.Script.getScript(ord(ch)).getShortName())


def _build_maps() -> tuple[dict[int, str], dict[str, dict[int, str]]]:
    """(foreign letter -> ASCII letter, per-script ASCII letter -> foreign letter) from skeletons."""
    checker = icu.SpoofChecker()
    ascii_by_skeleton: dict[str, list[str]] = {}
    for letter in string.ascii_letters:
        ascii_by_skeleton.setdefault(checker.getSkeleton(0, letter), []).append(letter)
    to_latin: dict[int, str] = {}
    from_latin: dict[str, dict[int, str]] = {name: {} for name in _BLOCKS}
    for name, block in _BLOCKS.items():
        for cp in block:
            ch = chr(cp)
            if not ch.isalpha() or _script(ch) != name:
                continue
            candidates = ascii_by_skeleton.get(checker.getSkeleton(0, ch), [])
            same_case = [c for c in candidates if c.isupper() == ch.isupper()]
            if not same_case:
                continue
            latin = same_case[0]
            to_latin[cp] = latin
            # Prefer the first (basic-alphabet) letter of the block for the reverse direction.
            from_latin[name].setdefault(ord(latin), ch)
    return to_latin, from_latin


_TO_LATIN, _FROM_LATIN = _build_maps()


def fold_token(token: str) -> str:
    """``token`` with minority-script look-alike letters replaced by majority-script ones."""
    if token.isascii():
        return token
    return _fold_letters(token)


@lru_cache(maxsize=65536)
def _fold_letters(token: str) -> str:
    """``fold_token`` of a token with non-ASCII letters: cached, as it looks up every letter's
    script (microseconds per token, twice per name normalised) and names are made of far
    fewer distinct tokens than there are names."""
    counts: dict[str, int] = {}
    for ch in token:
        script = _script(ch) if ch.isalpha() else None
        if script:
            counts[script] = counts.get(script, 0) + 1
    if len(counts) < 2:
        return token
    majority = max(counts, key=lambda s: (counts[s], s == "latin"))
    if majority == "latin":
        return token.translate(_TO_LATIN)
    return token.translate(_FROM_LATIN[majority])
