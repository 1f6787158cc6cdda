"""Country names and codes to ISO 3166-1 alpha-2, via FollowTheMoney's maintained country type.

Lists write countries as names ("Russian Federation", "Iran (Islamic Republic of)"), as ISO codes,
or as adjectives ("Russian"); the ``countrynames`` data behind FtM knows all of these, so we never
keep a hand-made table.
"""

from functools import lru_cache

# ISO 3166-1 codes that were given to a second country after the first was dissolved. FtM reads
# them as the first holder; every sanctions list postdates the reassignment, so the code means the
# later one: CS was Czechoslovakia until 1993, then Serbia and Montenegro (2003-2006), as the EU's
# 2024 file says beside it (countryIso2Code="CS" countryDescription="SERBIA AND MONTENEGRO").
_REASSIGNED_CODES = {"cs": "csxx"}


@lru_cache(maxsize=4096)
def to_country(text: str | None) -> str | None:
    """Return the lower-case ISO code (or FtM territory code) for ``text``, or None if unknown.

    FollowTheMoney is imported on the first call: it reads its schemata and country data at
    import (seconds on a loaded machine), which commands that never see a country should not pay."""
    from followthemoney.types import registry

    if not text:
        return None
    text = text.strip().strip(".;,")
    if not text:
        return None
    return _REASSIGNED_CODES.get(text.lower()) or registry.country.clean(text, fuzzy=False)
