"""Rebuild the name-part tables shipped in src/magnitsky/names/tables/ from Wikidata's name groups.

Sources, in the shared data folder (see its PROVENANCE.md): ``names/persons.txt.xz`` (rigour 1.8.2's
``persons.txt``: 156,187 groups of one given name or surname as written in many languages and
scripts, mined from Wikidata, CC0) and ``names/nam_dict.txt.xz`` (Jörg Michael's first-name
dictionary, GFDL: first names with their frequency per country, and ``=`` lines of equivalent names
per country, Belarusian "Aleksandr Aliaksandr" among them). Three tables come out of them:

* ``arabic_name_parts.tsv``: an Arabic-script name part (as :func:`magnitsky.names.normalize` writes
  it: hamza alefs, alef maqsura, ta marbuta and Persian letters folded) -> up to three Latin
  spellings, the most frequent across the groups that hold it first. Arabic script leaves short
  vowels out (``بشرى`` is b-sh-r-a), so only a table of real spellings says it is "Bushra".
* ``slavic_given_names.tsv``: a Latin spelling of the Ukrainian or Belarusian form of a given name
  or patronymic (Serhiy, Siarhei, Hennadiyovych, Fedir) -> the canonical Latin spelling of the
  Russian form the same group holds (sergey, gennadyevich, fyodor), and which language the form is
  (``uk`` or ``be``). Only the Cyrillic forms' own romanisations (BGN, ICAO) and those of the
  group's Latin spellings that share their phonetic key but not the Russian form's are taken, so a
  group's unrelated languages (Peter, Pierre; an English Smith in a group of Сміт/Смит) are never
  merged into the Russian name. Spellings that are first names of their own outside the East Slavic
  countries in nam_dict (Hanna) are left out; nam_dict's Ukrainian and Belarusian equivalences are
  added; and each given name's patronymics are derived by the languages' rules
  (Геннадій -> Геннадійович, Геннадий -> Геннадьевич: hennadiyovych -> gennadyevich).

* ``latin_name_parts.tsv``: every plain-ASCII Latin spelling of a given name or surname of
  ``NAME_PART_MIN_LETTERS`` letters or more, one a row: a one-word company name spelled as a
  person's name (Tudor, Kolar: firms are named after people) is that name, not a slip of a listed
  word one letter away (TUBOR, KONAR; ``magnitsky.names.name_parts``).

Run: python scripts/make_name_parts.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import lzma
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

import magnitsky.names.givennames
from magnitsky.names import normalize, phonetic_key
from magnitsky.names.givennames import GIVEN_NAME_CLASSES, given_name_class
from magnitsky.names.transliteration import transliterate

# The table being built must not feed its own build: keys and classes are taken without it.
magnitsky.names.givennames.russian_form = lambda token: None

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "magnitsky" / "names" / "tables"
ARABIC_SPELLINGS = 3  # Latin spellings kept per Arabic-script name part

_ARABIC = re.compile("^[\u0600-\u06ff]+$")
_LATIN = re.compile("^[a-z]+$")
_RUSSIAN = re.compile("^[а-яё]{3,}$")
_EAST_SLAVIC = re.compile("^[а-яёіїєґў']{3,}$")
_UKRAINIAN_ONLY = re.compile("[іїєґ]")
_BELARUSIAN_ONLY = re.compile("ў|і.*[ыэ]|[ыэ].*і")
# Letters that stand for one sound across the three languages, for comparing their forms.
_FOLD = str.maketrans({"ё": "е", "є": "е", "э": "е", "і": "и", "ї": "и", "ы": "и", "ґ": "г", "ў": "в", "'": None})
_NATIONAL_SCHEMES = ("uk_bgn", "icao_uk_be", "be_bgn")
NAME_PART_MIN_LETTERS = 4  # a slip needs a listed word of five letters (a letter dropped leaves four)
MAX_FORM_DISTANCE = 2  # Олександр/Александр 1, Михайло/Михаил 2; further apart is another name


_EAST_SLAVIC_COUNTRIES = ("Russia", "Belarus", "Moldova", "Ukraine", "Kazakhstan/Uzbekistan,etc.")


@dataclass
class NamDict:
    """What the table takes from nam_dict: first names common outside the East Slavic countries,
    every first name, those used in Russia, and its Ukrainian/Belarusian equivalences as (Russian,
    national, language): an ``=`` line names the two in either order, the Russian one is the one
    used in Russia."""

    elsewhere: set[str]
    names: set[str]
    russian: set[str]
    equivalences: list[tuple[str, str, str]]


def read_nam_dict(path: Path) -> NamDict:
    with lzma.open(path, "rt", encoding="latin-1") as fh:
        lines = fh.read().split("\n")
    columns = {}
    for line, below in zip(lines, lines[1:]):
        marker = below.rstrip("$ \r")
        if line.startswith("#") and marker.startswith("#") and marker.endswith("|") and marker.count("|") == 1:
            columns[line[1:].strip().rstrip("$").strip()] = below.index("|")
    slavic = {columns[c] for c in _EAST_SLAVIC_COUNTRIES}
    language = {columns["Ukraine"]: "uk", columns["Belarus"]: "be"}
    found = NamDict(set(), set(), set(), [])
    pairs = []
    for line in lines:
        if not line or line[0] not in "MF?=" or "<" in line[:30]:  # escape codes: accented names, not ASCII ones
            continue
        marks = {i for i in columns.values() if i < len(line) and line[i] not in " $\r"}
        words = line[2:30].split()
        if line[0] == "=":
            pairs += [(words[0].lower(), words[1].lower(), language[i]) for i in marks & set(language)]
            continue
        name = line[2:30].strip().replace("+", "").lower()
        found.names.add(name)
        if marks - slavic:
            found.elsewhere.add(name)
        if columns["Russia"] in marks:
            found.russian.add(name)
    for a, b, language in pairs:
        if (a in found.russian) != (b in found.russian):
            found.equivalences.append((a, b, language) if a in found.russian else (b, a, language))
    return found


def groups(path: Path):
    """Each line's name parts (``a, b, c => Q1``), as a list of strings."""
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts, _, _ = line.rstrip("\n").rpartition(" => ")
            yield [p.strip() for p in parts.split(", ") if p.strip()]


def latin_spellings(parts: list[str]) -> list[str]:
    """The group's plain-ASCII Latin spellings (accented ones are other languages' forms)."""
    return [p for p in parts if _LATIN.match(p)]


def latin_name_parts(all_groups: list[list[str]]) -> list[str]:
    """Every group's plain-ASCII spellings of NAME_PART_MIN_LETTERS letters or more, sorted."""
    return sorted({p for parts in all_groups for p in latin_spellings(parts) if len(p) >= NAME_PART_MIN_LETTERS})


def arabic_table(all_groups: list[list[str]]) -> dict[str, list[str]]:
    spellings: dict[str, Counter] = defaultdict(Counter)
    for parts in all_groups:
        latin = latin_spellings(parts)
        if not latin:
            continue
        for part in parts:
            arabic = normalize(part)
            if _ARABIC.match(arabic):
                spellings[arabic].update(latin)
    return {
        arabic: [s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))][:ARABIC_SPELLINGS]
        for arabic, counts in sorted(spellings.items())
    }


def _language(form: str) -> str:
    if _BELARUSIAN_ONLY.search(form):
        return "be"
    return "uk" if _UKRAINIAN_ONLY.search(form) else "uk/be"


def _russian_for(form: str, russian: list[str], classes: set[str]) -> str | None:
    """The Russian form of the group nearest ``form``: least distance with the shared sounds
    folded, then one the given-name classes know, then the shortest."""
    folded = form.translate(_FOLD)

    def rank(r: str) -> tuple[int, bool, int, str]:
        canonical = given_name_class(transliterate("ru_bgn", r))
        return Levenshtein.distance(r.translate(_FOLD), folded), canonical not in classes, len(r), r

    best = min(russian, key=rank)
    return best if rank(best)[0] <= MAX_FORM_DISTANCE else None


def patronymics(form: str, language: str) -> tuple[str, ...]:
    """The male and female patronymic of a Cyrillic given name by its language's rule (the common
    endings only: names ending in -а/-я/-ь have irregular ones and are left out)."""
    if language == "ru":
        if form.endswith("ий"):
            return form[:-2] + "ьевич", form[:-2] + "ьевна"  # Геннадий -> Геннадьевич
        if form.endswith(("ей", "ай")):
            return form[:-1] + "евич", form[:-1] + "евна"  # Сергей -> Сергеевич
        ending = "consonant"
    else:
        ending = "й" if form.endswith("й") else "о" if form.endswith("о") else "consonant"
    if form[-1] in "аяьоыиуэеюё" and not (language == "uk" and ending == "о"):
        return ()
    stem = form[:-1] if ending in ("й", "о") and language != "be" else form
    if language == "uk":
        return (stem + "йович", stem + "ївна") if ending == "й" else (stem + "ович", stem + "івна")
    if language == "be":
        return (form[:-1] + "евіч", form[:-1] + "еўна") if ending == "й" else (form + "авіч", form + "аўна")
    return form + "ович", form + "овна"


def _add(found: dict[str, Counter], form: str, canonical: str, language: str, latin: list[str], classes: set[str]):
    """Record the spellings of the national ``form`` (its own romanisations, and those of the group's
    Latin spellings that share their key but not the Russian one's) as spellings of ``canonical``."""
    russian_key = phonetic_key(canonical)
    own = {transliterate(s, form) for s in _NATIONAL_SCHEMES} - {""}
    keys = {phonetic_key(s) for s in own}
    if language not in ("uk", "be"):  # Г written H only: the rest matches by key
        keys.discard(russian_key)
    foreign = {s for s in latin if phonetic_key(s) in keys - {russian_key}}
    for spelling in own | foreign:
        if phonetic_key(spelling) in keys and given_name_class(spelling) in (spelling, canonical):
            found[spelling][(canonical, language)] += 1


def slavic_table(all_groups: list[list[str]], nam_dict: NamDict) -> dict[str, tuple[str, str]]:
    classes = set(GIVEN_NAME_CLASSES)
    found: dict[str, Counter] = defaultdict(Counter)
    for parts in all_groups:
        russian = [p for p in parts if _RUSSIAN.match(p)]
        if not russian:
            continue
        latin = latin_spellings(parts)
        for form in (p for p in parts if _EAST_SLAVIC.match(p)):
            closest = _russian_for(form, russian, classes)
            if closest is None:
                continue
            language = _language(form)
            canonical = given_name_class(transliterate("ru_bgn", closest))
            _add(found, form, canonical, language, latin, classes)
            if canonical in nam_dict.names or canonical in classes:  # a given name: its patronymics too
                for national, russian_patronymic in zip(
                    patronymics(form, "be" if language == "be" else "uk"), patronymics(closest, "ru")
                ):
                    _add(found, national, transliterate("ru_bgn", russian_patronymic), language, [], classes)
    curated = set()
    for russian_name, national, language in nam_dict.equivalences:
        if phonetic_key(national) != phonetic_key(russian_name) or national[:1] != russian_name[:1]:
            found[national][(given_name_class(russian_name), language)] += 1
            curated.add(national)
    return {
        s: best
        for s, counts in sorted(found.items())
        if s not in nam_dict.elsewhere
        and s != (best := _most_likely(counts, classes) or (s, ""))[0]
        and best[1]
        and len(s) >= MIN_SPELLING
        and (s in curated or _alike(s, best[0]))
    }


MIN_SPELLING = 4  # shorter spellings (al, ahn) are initials, particles or noise, never a first name's form
MIN_LIKENESS = 0.4  # with Г as H read as G: Fedir/Fyodor 0.5, Serhiy/Sergey 0.67; Ahn/Shchagin 0.25


def _alike(spelling: str, russian: str) -> bool:
    """Whether ``spelling`` is alike the Russian ``russian`` letter by letter once the Ukrainian and
    Belarusian H for Г is read as G: rules out rows of mismatched groups (nam_dict's curated
    equivalences, Mykola = Nikolay, need no such check)."""
    as_g = spelling.replace("kh", "\0").replace("h", "g").replace("\0", "kh")
    return Levenshtein.normalized_similarity(as_g, russian) >= MIN_LIKENESS


def _most_likely(counts: Counter, classes: set[str]) -> tuple[str, str] | None:
    """The Russian name a spelling belongs to: the one the given-name classes know, else the one
    most groups give; None when two are equally likely (the spelling is kept out)."""
    ranked = sorted(counts.items(), key=lambda kv: (kv[0][0] not in classes, -kv[1]))
    if len(ranked) > 1 and ranked[0][0][0] != ranked[1][0][0]:
        first, second = ranked[0], ranked[1]
        if (first[0][0] in classes) == (second[0][0] in classes) and first[1] == second[1]:
            return None
    return ranked[0][0]


def write_sorted(path: Path, rows) -> None:
    """``rows`` (lists of columns) as a ``.tsv`` sorted by the first column's UTF-8 bytes: the order
    ``magnitsky.names.tables`` binary-searches the file in, memory-mapped and uncompressed."""
    lines = sorted("\t".join(row).encode() + b"\n" for row in rows)
    path.write_bytes(b"".join(lines))


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data"
    all_groups = list(groups(shared / "names" / "persons.txt.xz"))
    OUT.mkdir(parents=True, exist_ok=True)
    arabic = arabic_table(all_groups)
    write_sorted(OUT / "arabic_name_parts.tsv", ([a, " ".join(s)] for a, s in arabic.items()))
    slavic = slavic_table(all_groups, read_nam_dict(shared / "names" / "nam_dict.txt.xz"))
    write_sorted(OUT / "slavic_given_names.tsv", ([s, c, lang] for s, (c, lang) in slavic.items()))
    latin = latin_name_parts(all_groups)
    write_sorted(OUT / "latin_name_parts.tsv", ([part] for part in latin))
    print(
        f"{len(arabic)} Arabic-script name parts, {len(slavic)} Ukrainian/Belarusian spellings,"
        f" {len(latin)} Latin name parts in {OUT}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
