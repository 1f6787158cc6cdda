"""Conventions the two UK publications share: OFSI's ConList.csv and the FCDO's UK Sanctions List.

Both descend from the same HM Treasury database, so they spell names as six parts (``Name 1``..
``Name 5`` are given names, ``Name 6`` is the surname or an entity's whole name), type names as
"Prime Alias"/"Primary Name"/"Alias" with a good/low quality, and write dates of birth day-first
with placeholders for unknown parts (``00/00/1936`` in the CSV, ``dd/mm/1945`` in the XML).
Reading those once here keeps the two parsers agreeing on what the same person looks like.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from magnitsky.model import DateValue, Name, NameKind, parse_date, to_country
from magnitsky.sources.common import make_name

# Day-first date whose day and/or month may be a placeholder ("00", "dd", "mm"); the day may be
# left out altogether ("06/1962").
_PLACEHOLDER_DATE = re.compile(r"^(?:(\d{1,2}|dd)/)?(\d{1,2}|mm)/(\d{4})$", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")

SCHEMA_BY_GROUP_TYPE = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}

# The UK's regimes by the name both lists give, with the short code the UK Sanctions List uses as
# the prefix of its references (RUS0001, GHR0086), so a regime is found by either.
REGIME_CODES = {
    "afghanistan": "AFG",
    "belarus": "BEL",
    "bosnia and herzegovina": "BIH",
    "central african republic": "CAF",
    "chemical weapons": "CHW",
    "counter-terrorism (domestic)": "CTD",
    "counter-terrorism (international)": "CTI",
    "cyber": "CYB",
    "democratic people's republic of korea": "DPR",
    "democratic republic of the congo": "DRC",
    "global anti-corruption": "GAC",
    "global human rights": "GHR",
    "guinea": "GUC",
    "guinea-bissau": "GUB",
    "haiti": "HAI",
    "iran": "IRN",
    "iran (nuclear)": "INU",
    "iraq": "IRQ",
    "isil (da'esh) and al-qaida": "AQD",
    "libya": "LIB",
    "mali": "MAL",
    "myanmar": "MYA",
    "nicaragua": "NIC",
    "russia": "RUS",
    "somalia": "SOM",
    "south sudan": "SSU",
    "sudan": "SUD",
    "syria": "SYR",
    "venezuela": "VEN",
    "yemen": "YEM",
    "zimbabwe": "ZIM",
}


def uk_date(text: str | None) -> DateValue | None:
    """A UK list date at the precision it is given: ``00``/``dd``/``mm`` stand for an unknown day
    or month (``00/00/1994`` is the year 1994), ``06/1962`` is a month, and a known day in an
    unknown month (``10/00/1983``) says no more than the year."""
    if not text:
        return None
    text = text.strip()
    match = _PLACEHOLDER_DATE.match(text)
    if not match:
        return parse_date(text)
    day, month, year = (
        None if not part or not part.isdigit() or int(part) == 0 else int(part) for part in match.groups()
    )
    if year is None:
        return None
    if month is None:
        return parse_date(f"{year:04d}")
    if day is None:
        return parse_date(f"{year:04d}-{month:02d}")
    return parse_date(f"{year:04d}-{month:02d}-{day:02d}")


def regime_programs(regime: str | None) -> list[str]:
    """A regime as programs: its name, then its code when the regime is one the table knows
    (an older or new regime name is kept alone rather than guessed at)."""
    name = " ".join((regime or "").split())
    if not name:
        return []
    code = REGIME_CODES.get(name.casefold())
    return [name, code] if code else [name]


def iso_date(text: str | None) -> str | None:
    """A listing/update date as an ISO string (the entity keeps those as plain text)."""
    value = uk_date(text)
    return value.start if value else None


def name_kind(name_type: str | None, quality: str | None) -> NameKind:
    """The model's kind for a UK name type ("Prime Alias", "Primary name", "ALias", ...) and
    alias quality ("Low", "Low quality a.k.a"). Both lists vary the casing, so it is folded.
    A "primary name variation" is another spelling of the primary name: an alias."""
    kind = (name_type or "").casefold().strip()
    if kind in ("prime alias", "primary name"):
        return NameKind.PRIMARY
    if kind in ("fka", "former name") or kind.startswith("formerly"):
        return NameKind.FORMER
    if "low" in (quality or "").casefold():
        return NameKind.WEAK
    return NameKind.ALIAS


def uk_name(parts: Iterable[str | None], kind: NameKind, person: bool) -> Name | None:
    """A name from the six UK name parts, given names first as the name is spoken.

    Only a person's name with given names is split into given and family parts: an entity, a
    ship, or a person's alias written whole puts all of it in part six, which is then no surname.
    """
    parts = [" ".join(p.split()) if p else "" for p in parts]
    given, family = " ".join(p for p in parts[:5] if p), parts[5] if len(parts) > 5 else ""
    full = " ".join(p for p in (given, family) if p)
    if person and given:
        return make_name(full, kind, given=given, family=family or None)
    return make_name(full, kind)


def country_code(text: str | None) -> str | None:
    """ISO code of a UK country value, which may carry a note ("Pakistan (location as at May 2008)")."""
    return to_country(text) or to_country(_PARENTHESES.sub("", text or ""))
