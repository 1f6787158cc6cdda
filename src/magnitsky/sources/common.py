"""Small readers every list parser needs: identifier types, genders, names with their script.

Lists describe the same facts in their own words ("National ID No.", "National Identification
Number", "NIN"); these functions map those words onto the model's vocabulary once, so parsers
stay short and agree with each other.
"""

from __future__ import annotations

import re

from magnitsky.model import Name, NameKind
from magnitsky.model.scripts import script_of

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


def unique(items) -> tuple:
    """Items in first-seen order without repeats or empties (lists repeat themselves a lot)."""
    seen, out = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return tuple(out)
