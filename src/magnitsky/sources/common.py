"""Small readers every list parser needs: identifier types, genders, names with their script
(the first two from :mod:`magnitsky.model.vocabulary`),
dates, and entities built with the model's errors placed in the file.

Lists describe the same facts in their own words ("National ID No.", "National Identification
Number", "NIN"); these functions map those words onto the model's vocabulary once, so parsers
stay short and agree with each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from magnitsky.model import Entity, Name, NameKind, parse_date
from magnitsky.model.vocabulary import identifier_type, make_name  # noqa: F401  (parsers' shared readers)
from magnitsky.sources.base import ParseError

# Most specific kind first, so de-duplication keeps the strongest reading of a repeated name.
_KIND_RANK = (NameKind.PRIMARY, NameKind.ALIAS, NameKind.FORMER, NameKind.WEAK, NameKind.ORIGINAL)


def gender(text: str | None) -> str | None:
    value = (text or "").strip().lower()
    if value in ("m", "male", "man"):
        return "male"
    if value in ("f", "female", "woman"):
        return "female"
    return None


def best_names(names: Iterable[Name | None]) -> tuple[Name, ...]:
    """Each distinct spelling once, primary names first.

    Lists repeat a name once per date of birth or address row, and often list the primary
    name again as its own alias; keeping the strongest kind avoids screening the same string twice.
    """
    seen: set[str] = set()
    out = []
    for name in sorted((n for n in names if n), key=lambda n: _KIND_RANK.index(n.kind)):
        if name.full not in seen:
            seen.add(name.full)
            out.append(name)
    return tuple(out)


def unique(items) -> tuple:
    """Items in first-seen order without repeats or empties (lists repeat themselves a lot)."""
    seen, out = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return tuple(out)


def iso_date(value: str | None) -> str | None:
    """The ISO date a list writes as a date or timestamp, or None."""
    date = parse_date(value)
    return date.start if date else None


def build_entity(path: Path, line: int | None, where: str | None, /, **fields) -> Entity:
    """An Entity, with the model's own checks (a name, a key) reported at the entry's place."""
    try:
        return Entity(**fields)
    except ValueError as exc:
        raise ParseError(path, str(exc), line=line, where=where) from None
