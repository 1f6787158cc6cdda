"""Country names and codes to ISO 3166-1 alpha-2, via FollowTheMoney's maintained country type.

Lists write countries as names ("Russian Federation", "Iran (Islamic Republic of)"), as ISO codes,
or as adjectives ("Russian"); the ``countrynames`` data behind FtM knows all of these, so we never
keep a hand-made table.
"""

from functools import lru_cache

from followthemoney.types import registry


@lru_cache(maxsize=4096)
def to_country(text: str | None) -> str | None:
    """Return the lower-case ISO code (or FtM territory code) for ``text``, or None if unknown."""
    if not text:
        return None
    text = text.strip().strip(".;,")
    if not text:
        return None
    return registry.country.clean(text, fuzzy=False)
