"""Titles and honorifics that precede a name and are not part of it.

Only a *leading* run of titles is dropped ("Colonel Muammar Gaddafi", "Sheikh Mohammed"), and
never every token: several titles are also surnames or name words (John Major, General Electric
keeps "electric" only because both sides of a comparison lose "general" the same way). Given
names, surnames and company words that double as titles (Amir, Emir, Malik, Sultan, Khan, He,
Bishop, Private, Metropolitan) are not listed. Entries are
romanised spellings: the check runs on the output of :func:`magnitsky.names.romanize`, so
Cyrillic ``генерал`` is caught as ``general``.
"""

from __future__ import annotations

TITLES = frozenset(
    {
        # civil
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "madam",
        "madame",
        "mme",
        "mister",
        "dr",
        "doctor",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "hon",
        "honourable",
        "honorable",
        "excellency",
        "his",
        # religious
        "sheikh",
        "shaykh",
        "shaikh",
        "sheik",
        "cheikh",
        "shaykhah",
        "mullah",
        "mulla",
        "mawlawi",
        "maulvi",
        "mawlana",
        "maulana",
        "molvi",
        "haji",
        "hajji",
        "hadji",
        "hajj",
        "alhaji",
        "alhajji",
        "imam",
        "ayatollah",
        "hojatoleslam",
        "hujjat",
        "rev",
        "reverend",
        "pastor",
        "archbishop",
        "monsignor",
        "father",
        "patriarch",
        # military and police
        "general",
        "gen",
        "colonel",
        "col",
        "lieutenant",
        "lt",
        "ltc",
        "major",
        "maj",
        "captain",
        "capt",
        "cpt",
        "admiral",
        "adm",
        "brigadier",
        "brig",
        "commander",
        "cdr",
        "cmdr",
        "sergeant",
        "sgt",
        "marshal",
        "commodore",
        "corporal",
        "cpl",
        "polkovnik",
        "podpolkovnik",
        "leytenant",
        "kapitan",
        "mayor",
    }
)


def drop_titles(tokens: list[str]) -> list[str]:
    """``tokens`` without its leading titles, unless that would leave nothing."""
    start = 0
    while start < len(tokens) and tokens[start] in TITLES:
        start += 1
    return tokens[start:] if start < len(tokens) else tokens
