"""``how_written``: which writing conventions connect a name to its Latin spellings, in words.

A hit on "بشرى الأسد" for the listed "AL-ASSAD, Bushra", or on "Aleksej Michajlovitj TJALYJ" for
"CHALIY, Aleksei Mikhailovich", is only credible to a reviewer who sees how one became the other.
The matcher compares romanised tokens; this names, per word of a name that needed more than
dropping accents, the script and the romanisation systems (or the national form) that were used.
It runs only for the hits an explanation is made for, never in screening's hot path; but every
/match hit gets one, each with the same query name, and listed names recur: the notes are memoised.
"""

from __future__ import annotations

from functools import lru_cache

from magnitsky.model.scripts import script_of
from magnitsky.names.arabic import ARTICLE, assimilated, known_spellings, vowelled
from magnitsky.names.cleaning import normalize
from magnitsky.names.conventions import conventions_in, english_spelling, hungarian_spelling
from magnitsky.names.givennames import canonical_token
from magnitsky.names.romanization import romanize
from magnitsky.names.slavic_forms import national_language, russian_form
from magnitsky.names.transliteration import to_ascii

_CYRILLIC = "Cyrillic, romanised by BGN/PCGN, ICAO 9303 (passports), ISO 9 and the German and French conventions"


def _arabic(token: str) -> str:
    part = token[2:] if token.startswith(ARTICLE) and len(token) > 3 else token
    known = known_spellings(part)
    article = ""
    if part != token:
        joined = assimilated(part, known[0] if known else vowelled(part)).replace(" ", "-")
        article = "the article al- and " if joined.startswith("al-") else f"the article al- (or joined, {joined}) and "
    if known and canonical_token(part) == known[0]:
        return f"Arabic script, {article}the name {known[0]} in any of its spellings"
    if known:
        return f"Arabic script, {article}{'/'.join(known)} as Wikidata's name groups spell it"
    return f"Arabic script, {article}short vowels supplied by rule ({vowelled(part)})"


def _latin(token: str) -> str | None:
    ascii_token = to_ascii(token)
    language = national_language(ascii_token)
    if language:
        return f"the {language} form of the Russian name {russian_form(ascii_token)}"
    conventions = conventions_in(token)
    if conventions:
        readings = [english_spelling(token, yo) for yo in (False, True)] if conventions != ["Hungarian"] else []
        readings += [hungarian_spelling(token)] if "Hungarian" in conventions else []
        english = " or ".join(dict.fromkeys(to_ascii(r) for r in readings))
        return f"Cyrillic as {_either(conventions)} transliterates it ({english} in English)"
    return None


def _either(names: list[str]) -> str:
    """``["Czech", "Slovak", "ISO 9"]`` -> "Czech, Slovak or ISO 9"."""
    return " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))


def _note(token: str) -> str | None:
    script = script_of(token)
    if script is None:
        return _latin(token)
    if script == "Arab":
        return _arabic(token)
    if script == "Cyrl":
        return _CYRILLIC
    spellings = " / ".join(romanize(token)[:4])
    if script == "Hang":
        return f"Hangul, in Revised Romanization and McCune-Reischauer ({spellings})"
    if script in ("Hani", "Hans", "Hant"):
        return f"Chinese characters, in pinyin and Wade-Giles ({spellings})"
    return f"{script} script, romanised by ICU ({spellings})"


def how_written(name: str) -> list[str]:
    """One note per word of ``name`` whose Latin spelling came from a convention (a script's
    romanisation systems, a national transliteration, a Ukrainian or Belarusian form); words that
    are plain Latin get none. ``how_written("Serhiy TJALYJ")`` ->
    ``["serhiy: the Ukrainian form of the Russian name sergey", "tjalyj: Cyrillic as Swedish ..."]``."""
    return list(_notes(name))


@lru_cache(maxsize=4096)
def _notes(name: str) -> tuple[str, ...]:
    words: dict[str, list[str]] = {}  # note -> the words it is about: Cyrillic words share one
    for token in dict.fromkeys(normalize(name).split()):
        note = _note(token)
        if note:
            words.setdefault(note, []).append(token)
    return tuple(f"{', '.join(tokens)}: {note}" for note, tokens in words.items())
