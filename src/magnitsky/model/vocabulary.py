"""The model's vocabulary as lists word it: identifier types from their labels, names with their
script. Shared by the parsers and by FollowTheMoney interchange, so both read a label or a name the
same way; it sits in model/ because interchange must not depend on the parsers.
"""

from __future__ import annotations

import re

from magnitsky.model.entity import Name, NameKind
from magnitsky.model.scripts import script_of

# (pattern on the list's lower-cased id type, model identifier type). First match wins.
_ID_TYPES = [
    (r"passport|passeport|pasaporte|passaporto|reisepass", "passport"),
    (r"\bimo\b|vessel registration", "imo"),
    (r"swift|\bbic\b", "bic"),
    (r"digital currency|crypto|wallet|\bxbt\b|\beth\b", "crypto"),
    (r"tax|\binn\b|\bvat\b|\bnit\b|\brfc\b|\bcuit\b|\bruc\b|\bntn\b", "tax_id"),
    (
        r"national|\bnin\b|cedula|cédula|\bcurp\b|\bdni\b|identity card|id card|personal id|"
        r"\bid no\b|identification number|citizen",
        "national_id",
    ),
    (
        r"registration|registry|company number|business|\bogrn\b|\bokpo\b|\blei\b|\bduns\b|"
        r"enterprise number|\bcr\b",
        "registration",
    ),
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
