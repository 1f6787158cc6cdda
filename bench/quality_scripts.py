"""Names in other scripts and other authorities' conventions, for ``bench/quality.py`` (issue #23).

Positives are real spellings another authority published: the UK OFSI ConList gives many listed
persons a ``Name Non-Latin Script``; each such person linked to one person of the benchmark's lists
(OFAC 2021 SDN, OFAC consolidated, UN: the same Latin name and, when both have one, the same birth
year) gives a query in that script for that entity. Categories:

* ``arabic_script``    the UK's Arabic-script name (Arabic, Persian, Urdu) for a Latin listing
* ``cyrillic_script``  the UK's Cyrillic name
* ``korean_script``    the UK's Hangul name (DPRK persons, listed in McCune-Reischauer)
* ``chinese_script``   the UK's Han name
* ``cyrillic_national`` the UK's Cyrillic name as Swedish, Polish, Czech, Dutch or Hungarian
                        transliterate it (rules written here, from the national tables)
* ``ukrainian_form``   the Latin listing with its Russian given name replaced by the Ukrainian form
                        that the same Wikidata name group (``../shared/data/names/persons.txt.xz``)
                        holds, romanised by ICU's Ukrainian BGN (Sergey -> Serhii)

Negatives (``script_negative``, counted apart like the company names) are ordinary names of the
same scripts from Faker (Arabic, Persian, Korean, Chinese, Russian, Ukrainian), half of the Russian
ones in a national transliteration. As for the other negatives, a name that *is* a listed one in
another spelling is left out: here, one whose romanisation as lists write it (McCune-Reischauer
"kim yong chol" for 김영철, which ICU's generic romanisation cannot give) has a listed name's
tokens. Only that check uses ``magnitsky.names.romanize``; it leaves out exact homonyms only, so a
near one (김영식 "kim yong sik" beside KIM Jong Sik) stays a negative (bench/quality_cjk.py checks
the same with its own tables). The Korean and Chinese categories made from the listed persons'
romanised names, and their romanised negatives, are bench/quality_cjk.py's. The EU file is not used
here: it is the independent check
(``--eu-check``), reported apart.

The generators use ICU and tables of their own, never ``magnitsky.names``, and their own random
stream, so the other categories' queries stay exactly as they were.
"""

from __future__ import annotations

import lzma
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache, partial
from pathlib import Path

import icu

import quality_cjk as cjk
import quality_companies as qc
import quality_data as qd
from magnitsky.model import Entity, Name, NameKind
from magnitsky.names import romanize
from magnitsky.sources import open_list

SEED_OFFSET = 104729  # this module's own random stream: seed + this
SCRIPT_NEGATIVES = 2000
SCRIPT_CATEGORIES = {
    "ARABIC": "arabic_script",
    "CYRILLIC": "cyrillic_script",
    "HANGUL": "korean_script",
    "CJK": "chinese_script",
}
CATEGORY_NAMES = (*SCRIPT_CATEGORIES.values(), "cyrillic_national", "ukrainian_form", *cjk.CATEGORY_NAMES)
EU_CHECK = "eu_check"
NEGATIVE_LOCALES = ("ar_SA", "fa_IR", "ko_KR", "zh_CN", "ru_RU", "uk_UA")

_RU_VOWELS = "[аеёиоуыэюяйьъ]"
# Russian Cyrillic as each nation's own table writes it (the forms their ministries and press use).
_NATIONAL = {
    "swedish": "а>a;б>b;в>v;г>g;д>d;ё>jo;ж>zj;з>z;и>i;й>j;к>k;л>l;м>m;н>n;о>o;п>p;р>r;с>s;т>t;у>u;"
    "ф>f;х>ch;ц>ts;ч>tj;ш>sj;щ>sjtj;ъ>;ы>y;ь>;э>e;ю>ju;я>ja;",
    "polish": "а>a;б>b;в>w;г>g;д>d;ё>io;ж>ż;з>z;и>i;й>j;к>k;л}[ьеёюяи]>l;л>ł;м>m;н>n;о>o;п>p;р>r;"
    "с>s;т>t;у>u;ф>f;х>ch;ц>c;ч>cz;ш>sz;щ>szcz;ъ>;ы>y;ь>;э>e;ю>iu;я>ia;",
    "czech": "а>a;б>b;в>v;г>g;д>d;ё>jo;ж>ž;з>z;и>i;й>j;к>k;л>l;м>m;н>n;о>o;п>p;р>r;с>s;т>t;у>u;"
    "ф>f;х>ch;ц>c;ч>č;ш>š;щ>šč;ъ>;ы>y;ь>;э>e;ю>ju;я>ja;",
    "dutch": "а>a;б>b;в>v;г>g;д>d;ё>jo;ж>zj;з>z;и>i;й>j;к>k;л>l;м>m;н>n;о>o;п>p;р>r;с>s;т>t;у>oe;"
    "ф>f;х>ch;ц>ts;ч>tsj;ш>sj;щ>sjtsj;ъ>;ы>y;ь>;э>e;ю>joe;я>ja;",
    "hungarian": "а>a;б>b;в>v;г>g;д>d;ё>jo;ж>zs;з>z;и>i;й>j;к>k;л>l;м>m;н>n;о>o;п>p;р>r;с>sz;т>t;"
    "у>u;ф>f;х>h;ц>c;ч>cs;ш>s;щ>scs;ъ>;ы>i;ь>;э>e;ю>ju;я>ja;",
}


@cache
def _national(system: str) -> icu.Transliterator:
    rules = f"$v = {_RU_VOWELS} ; ::Lower ; $v {{ е > je ; е > e ; " + _NATIONAL[system].replace(";", " ; ")
    return icu.Transliterator.createFromRules(f"bench-{system}", rules, icu.UTransDirection.FORWARD)


@cache
def _icu(spec: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(spec)


def national(text: str, system: str) -> str:
    """``text`` (Russian Cyrillic) as ``system`` transliterates it, words capitalised."""
    return " ".join(w.capitalize() for w in _national(system).transliterate(text).split())


def script_of(text: str) -> str | None:
    """ARABIC, CYRILLIC, HANGUL or CJK by the first letter's Unicode name; None for other scripts."""
    for ch in text:
        if ch.isalpha():
            word = unicodedata.name(ch, "").split(" ")[0]
            return word if word in SCRIPT_CATEGORIES else None
    return None


def _is_russian(text: str) -> bool:
    """Cyrillic with none of the letters only Ukrainian, Belarusian, Kazakh or Serbian/Macedonian
    write: the national tables above are for Russian ("Тешић" came out as the mixed "Tešiћ")."""
    return script_of(text) == "CYRILLIC" and not re.search("[іїєґўәғқңөұүһђћџљњјѓќѕ]", text.lower())


# -- linking the UK's persons to the benchmark's -------------------------------------------------


def _years(entity: Entity) -> set[str]:
    return {d.start[:4] for d in entity.birth_dates if d.start}


def linked_originals(entities: list[Entity], data_dir: Path, work: Path) -> list[tuple[Entity, Name]]:
    """(benchmark entity, the UK's non-Latin name of the same person) for every UK person whose Latin
    names meet exactly one benchmark person (same name key, birth years not contradicting)."""
    by_key: dict[frozenset[str], list[Entity]] = defaultdict(list)
    for entity in entities:
        if entity.schema == "Person":
            for name in entity.names:
                if name.kind in qd.STRONG_KINDS and script_of(name.full) is None:
                    by_key[qd.name_key(name.full)].append(entity)
    uk = open_list(qc._readable(data_dir / "uk" / "ConList.xlsx", work), fmt="ofsi_csv").entities()
    pairs = []
    for person in (e for e in uk if e.schema == "Person"):
        originals = [n for n in person.names if script_of(n.full)]
        found = {
            e.id: e
            for n in person.names
            if not script_of(n.full)
            for e in by_key.get(qd.name_key(n.full), [])
            if not (_years(e) and _years(person)) or _years(e) & _years(person)
        }
        if len(found) == 1 and originals:
            (entity,) = found.values()
            pairs += [(entity, name) for name in originals]
    return pairs


# -- Ukrainian forms ---------------------------------------------------------------------------


def ukrainian_forms(data_dir: Path) -> dict[str, str]:
    """Russian Cyrillic given name -> its Ukrainian form, from Wikidata's name groups: a group with
    one Russian-only form and one form with Ukrainian letters (і ї є ґ) sharing its first letter's
    sound (Г/Г, Ф/Ф), e.g. сергей -> сергій, фёдор -> федір; of several, the nearest (``_letters_apart``)."""
    forms: dict[str, str] = {}
    with lzma.open(data_dir / "names" / "persons.txt.xz", "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = [p.strip() for p in line.rpartition(" => ")[0].split(", ")]
            russian = [p for p in parts if re.fullmatch("[а-яё]{3,}", p) and re.search("[ыэёъ]|ей$|ий$", p)]
            ukrainian = [p for p in parts if re.fullmatch("[а-яіїєґ']{3,}", p) and re.search("[іїєґ]", p)]
            if len(russian) == 1 and ukrainian and ukrainian[0][0] == russian[0][0]:
                nearest = min(ukrainian, key=lambda u: _letters_apart(u, russian[0]))
                known = forms.get(russian[0])
                if known is None or _letters_apart(nearest, russian[0]) < _letters_apart(known, russian[0]):
                    forms[russian[0]] = nearest
    return forms


def _letters_apart(a: str, b: str) -> int:
    """Letters not in common position by position, plus the length difference: the Ukrainian form
    nearest the Russian one is the one Ukrainians write for it (георгий -> георгій, not гіоргі, the
    Georgian Giorgi, whose Wikidata group also holds георгий)."""
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


def _to_ukrainian(entity: Entity, original: Name, forms: dict[str, str]) -> str | None:
    """The listed Latin name with the given name in its Ukrainian form (ICU Ukrainian BGN)."""
    words = original.full.lower().split()
    if not _is_russian(original.full) or len(words) < 2:
        return None
    swapped = [forms.get(w, w) for w in words]
    if swapped == words:
        return None
    # Ukrainian has no ё: ICU's Ukrainian table leaves it as it is, Cyrillic in Latin text ("Aksёnov").
    # Written йо, it is read yo, as Ukrainian romanisations write the sound (Aksyonov).
    latin = _icu("Ukrainian-Latin/BGN; Latin-ASCII").transliterate(" ".join(swapped).replace("ё", "йо"))
    return " ".join(w.capitalize() for w in latin.replace("'", "").split())


# -- the set -------------------------------------------------------------------------------------


def positives(pairs: list[tuple[Entity, Name]], forms: dict[str, str], per_category: int, rng: random.Random):
    """Up to ``per_category`` queries per category, each asked with and without the birth date."""
    made: dict[str, list[qd.Query]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for entity, original in rng.sample(pairs, len(pairs)):
        script = script_of(original.full)
        candidates = [(SCRIPT_CATEGORIES[script], original.full)] if script else []
        if _is_russian(original.full):
            system = rng.choice(sorted(_NATIONAL))
            candidates.append(("cyrillic_national", national(original.full, system)))
            candidates.append(("ukrainian_form", _to_ukrainian(entity, original, forms)))
        for category, text in candidates:
            if not text or len(made[category]) >= 2 * per_category or (category, entity.id) in seen:
                continue
            seen.add((category, entity.id))
            qid = f"{category}:{entity.id}"
            made[category].append(qd.Query(qid, category, qd.PERSON, text, None, entity.id, original.full))
            dob = qd._birth_date(entity)
            if dob:
                made[category].append(qd.Query(qid + ":dob", category, qd.PERSON, text, dob, entity.id, original.full))
    return [q for queries in made.values() for q in queries]


def negatives(n: int, listed: set[frozenset[str]], rng: random.Random, seed: int) -> list[qd.Query]:
    """``n`` ordinary names in the same scripts (each also asked with a random birth date); half the
    Russian ones in a national transliteration. Names that are listed ones (see the module doc) are
    left out."""
    return cjk.draw_negatives(n, listed, rng, seed, NEGATIVE_LOCALES, partial(_native_negative, listed))


def _native_negative(listed: set[frozenset[str]], fake, locale: str, rng: random.Random) -> tuple[str, str] | None:
    text = qd._fake_person(fake, locale, "native", rng)
    if locale == "ru_RU" and rng.random() < 0.5:
        text = national(text, rng.choice(sorted(_NATIONAL)))
    if any(qd.name_key(r) in listed for r in romanize(text)):
        return None  # a listed name as lists romanise it
    return text, text


def evaluation_set(
    entities: list[Entity], data_dir: Path, work: Path, per_category: int, n_negatives: int, seed: int
) -> list[qd.Query]:
    rng = random.Random(seed + SEED_OFFSET)
    pairs = linked_originals(entities, data_dir, work)
    queries = positives(pairs, ukrainian_forms(data_dir), per_category, rng)
    queries += negatives(n_negatives, qd.listed_keys(entities), rng, seed + SEED_OFFSET)
    return queries + cjk.evaluation_set(entities, data_dir, per_category, n_negatives // 2, seed)


def eu_check(entities: list[Entity], data_dir: Path, work: Path, limit: int | None = None) -> list[qd.Query]:
    """The independent check: the EU file's non-Latin names of persons it shares with the OFAC
    lists (same Latin name key as exactly one OFAC person, birth years not contradicting), each
    asked without and with the birth date the EU gives. Never part of the benchmark's set; its
    ``qid`` reads ``eu_check:SCRIPT:PERSON:...`` (``eu_script``), for the figures per script."""
    queries: list[qd.Query] = []
    for person, listings in eu_persons(entities, data_dir, work):
        ofac = {e.id for e in listings if e.source.startswith("ofac")}
        if len(ofac) != 1:
            continue
        (entity_id,) = ofac
        dob = qd._birth_date(person)
        for name in _originals(person.names):
            qid = f"{EU_CHECK}:{eu_script(name.full)}:{person.id}:{len(queries)}"
            queries.append(qd.Query(qid, EU_CHECK, qd.PERSON, name.full, None, entity_id, name.full))
            if dob:
                queries.append(qd.Query(qid + ":dob", EU_CHECK, qd.PERSON, name.full, dob, entity_id, name.full))
    return queries[:limit]


def eu_persons(entities: list[Entity], data_dir: Path, work: Path) -> Iterator[tuple[Entity, list[Entity]]]:
    """Each EU person with a name in another script, with the listed persons of ``entities`` (any
    list) that have one of its Latin name keys, birth years not contradicting: the same person's
    listings, which a deployment links and merges (the UN often lists the same Arabic the EU does)."""
    by_key: dict[frozenset[str], list[Entity]] = defaultdict(list)
    for entity in entities:
        if entity.schema == "Person":
            for name in entity.names:
                if script_of(name.full) is None:
                    by_key[qd.name_key(name.full)].append(entity)
    eu = open_list(qc._readable(data_dir / "eu" / "20240513-FULL-1_1(xsd).xml.xz", work), fmt="eu_xml").entities()
    for person in (e for e in eu if e.schema == "Person" and _originals(e.names)):
        found = {
            e.id: e
            for n in person.names
            if not eu_script(n.full)
            for e in by_key.get(qd.name_key(n.full), ())
            if not (_years(e) and _years(person)) or _years(e) & _years(person)
        }
        yield person, list(found.values())


def eu_script(text: str) -> str | None:
    """The script of ``text``'s first letter that is not Latin (ARABIC, CYRILLIC, GREEK, HANGUL,
    CJK ...: the first word of its Unicode name); None when every letter is Latin."""
    for ch in text:
        word = unicodedata.name(ch, "").split(" ")[0] if ch.isalpha() else "LATIN"
        if word not in ("LATIN", "MODIFIER"):  # a modifier letter (ʼ) is no script's own
            return word
    return None


def _originals(names: Iterable[Name]) -> list[Name]:
    return [n for n in names if n.kind in (NameKind.ORIGINAL, NameKind.ALIAS, NameKind.PRIMARY) and eu_script(n.full)]
