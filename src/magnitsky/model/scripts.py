"""Which writing system a name is in (ISO 15924), from ICU's Unicode script data."""

from functools import lru_cache

import icu

_NEUTRAL = {"Zyyy", "Zinh", "Zzzz"}  # common punctuation/digits, inherited marks, unknown


@lru_cache(maxsize=65536)
def script_of(text: str) -> str | None:
    """The dominant non-Latin script of ``text`` (e.g. ``Cyrl``), or None if Latin or neutral."""
    counts: dict[str, int] = {}
    for ch in text:
        code = icu.Script.getScript(ord(ch)).getShortName()
        if code not in _NEUTRAL:
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return None
    best = max(counts, key=counts.__getitem__)
    return None if best == "Latn" else best
