"""Small readers every list parser needs: identifier types, genders, names with their script,
dates, and entities built with the model's errors placed in the file.

Lists describe the same facts in their own words ("National ID No.", "National Identification
Number", "NIN"); these functions map those words onto the model's vocabulary once, so parsers
stay short and agree with each other.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from magnitsky.model import Entity, Name, NameKind, parse_date
from magnitsky.model.scripts import script_of
from magnitsky.sources.base import ParseError

# (pattern on the list's lower-cased id type, model identifier type). First match wins.
_ID_TYPES = [
    (r"passport|passeport|pasaporte|passaporto|reisepass", "passport"),
    (r"\bimo\b|vessel registration", "imo"),
    (r"swift|\bbic\b", "bic"),
    (r"digital currency|crypto|wallet|\bxbt\b|\beth\b", "crypto"),
    (r"tax|\binn\b|\bvat\b|\bnit\b|\brfc\b|\bcuit\b|\bruc\b|\bntn\b", "tax_id"),
    (r"national|\bnin\b|cedula|cédula|\bcurp\b|\bdni\b|identity card|id card|personal id|"
     r"\bid no\b|identification number|citizen", "national_id"),
    (r"registration|registry|company number|business|\bogrn\b|\bokpo\b|\blei\b|\bduns\b|"
     r"enterprise number|\bcr\b", "registration"),
    (r"aircraft|serial|tail|msn", "aircraft"),
    (r"email", "email"),
    (r"website|url", "website"),
    (r"phone", "phone"),
]
_ID_RES = [(re.compile(p), t) for p, t in _ID_TYPES]
# Most specific kind first, so de-duplication keeps the strongest reading of a repeated name.
_KIND_RANK = (NameKind.PRIMARY, NameKind.ALIAS, NameKind.FORMER, NameKind.WEAK, NameKind.ORIGINAL)


def identifier_type(label: str | None) -> str:
    """Model identifier type for a list's id-type label; ``other`` when unrecognised."""
    text = (label or "").lower().replace(".", "")  # "R.F.C." and "RFC" are the same label
    for pattern, kind in _ID_RES:
        if pattern.search(text):
            return kind
    return "other"


def gender(text: str | None) -> str | None:
    value = (text or "").strip().lower()
    if value in ("m", "male", "man"):
        return "male"
    if value in ("f", "female", "woman"):
        return "female"
    return None


def make_name(full: str | None, kind: NameKind = NameKind.PRIMARY, **parts: str | None) -> Name | None:
    """A Name with whitespace collapsed and its script detected; a name in a non-Latin script is
    ORIGINAL when the list gives it as another kind of primary/alias spelling."""
    if not full:
        return None
    full = " ".join(full.split())
    if not full.strip(" ,.-'\""):
        return None
    script = script_of(full)
    if script and kind in (NameKind.PRIMARY, NameKind.ALIAS):
        kind = NameKind.ORIGINAL
    parts = {k: (" ".join(v.split()) if v else None) for k, v in parts.items()}
    return Name(full, kind, script, **parts)



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
