"""Company-name categories for ``bench/quality.py``: how payment messages write the names of
listed Russian-linked organisations, and ordinary company names that must not alert.

Positives start from the organisations under the Russia/Ukraine/Belarus programmes of every
shared list with companies: OFAC's SDN (2021 with aliases, and the 2024 file) and consolidated
lists, the EU's FSF file (``UKR``/``BLR`` regimes, with Cyrillic aliases) and the UK's OFSI
ConList (``Russia``/``Belarus`` regimes, with non-Latin names). Each category makes one change:

* ``form_translated``   the legal form in another language: LLC / OOO / ООО, JSC / AO / АО ...
* ``form_abbreviated``  the legal form abbreviated or spelled out: OOO <-> OBSHCHESTVO S ...
* ``form_dropped``      no legal form at all ("KRYMTETS, AO" -> "KRYMTETS")
* ``form_twice``        the form written twice, short and long ("JSC JOINT-STOCK COMPANY KRYMTETS")
* ``quotes_punctuation`` quotes round the name (``OOO "Garant-SV"``) or punctuation left out (GARANTSV)
* ``hyphen_joined``     a hyphen for a space, a space for a hyphen, two words written as one
* ``short_typo``        one typo in a short name (KRYMTETS -> KYMTETS)
* ``cyrillic``          the name in Cyrillic with a Cyrillic form (the list's own Cyrillic name, or
                        the Latin one taken back to Cyrillic: ООО «Гарант-СВ»)
* ``translated``        the list's name in another language with a form of that language
                        (Россельхозбанк -> JSC RUSSIAN AGRICULTURAL BANK)

Negatives (category ``company_negative``) are ordinary company names from Faker's company
providers of many locales, names that share one ordinary word with a listed company ("Day Inc"
for DAY COMPANY, "Green PLC" for GREEN SHIPPING LTD.), and two-letter names ("ЭС", "AB Ltd").

Like ``quality_data``, the generators use ICU and tables of their own, never ``magnitsky.names``.
They use their own ``random.Random``, seeded from the run's seed, so adding these categories
leaves the people categories' queries exactly as they were.
"""

from __future__ import annotations

import csv
import lzma
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import quality_data as qd
from magnitsky.model import Entity, Name, NameKind
from magnitsky.sources import open_list

# Lists with companies beyond those of quality.LISTS; their organisations are added to the index.
EXTRA_LISTS = (
    ("ofac/sdn.csv", "ofac_csv"),
    ("eu/20240513-FULL-1_1(xsd).xml.xz", "eu_xml"),
    ("uk/ConList.xlsx", "ofsi_csv"),
)
RUSSIA_LINKED = re.compile(r"RUSSIA|UKRAINE|\bUKR\b|\bBLR\b|BELARUS", re.I)
COMPANY_NEGATIVES = 3000
SEED_OFFSET = 7919  # the company queries' own random stream: seed + this

# -- loading ---------------------------------------------------------------------------------------


def _readable(path: Path, work: Path) -> Path:
    """``path`` as a parser reads it: ``.xz`` decompressed, the OFSI workbook written as the
    ConList.csv it is published as too (the parser reads that)."""
    work.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xz":
        out = work / path.stem
        if not out.exists():
            with lzma.open(path) as src, open(out, "wb") as dst:
                dst.write(src.read())
        return out
    if path.suffix == ".xlsx":
        out = work / (path.stem + ".csv")
        if not out.exists():
            import openpyxl  # bench-only: the shared UK list is a workbook

            book = openpyxl.load_workbook(path, read_only=True)
            with open(out, "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                for row in book.active.iter_rows(values_only=True):
                    writer.writerow(["" if v is None else str(v) for v in row])
        return out
    return path


def is_organisation(entity: Entity) -> bool:
    return entity.schema in qd.ORG_SCHEMATA


def russia_linked(entity: Entity) -> bool:
    return any(RUSSIA_LINKED.search(p) for p in entity.programs)


def extra_organisations(data_dir: Path, work: Path, known: set[str]) -> list[Entity]:
    """The organisations of EXTRA_LISTS not already screened (an OFAC id in the 2021 file keeps
    that file's entry, which has its aliases)."""
    found: list[Entity] = []
    for rel, fmt in EXTRA_LISTS:
        # the shared 2024 SDN file comes without its companions: its primary names are what it adds
        for entity in open_list(_readable(data_dir / rel, work), fmt=fmt, without_companions=True).entities():
            if is_organisation(entity) and entity.id not in known:
                known.add(entity.id)
                found.append(entity)
    return found


# -- legal forms -----------------------------------------------------------------------------------

# Russian legal forms by class, each as (abbreviation, long form) in English, in the usual
# romanisation and in Cyrillic.
ENGLISH, ROMANISED, CYRILLIC = "en", "ru-latn", "ru"
FORMS: dict[str, dict[str, tuple[str, str]]] = {
    "llc": {
        ENGLISH: ("LLC", "Limited Liability Company"),
        ROMANISED: ("OOO", "Obshchestvo s Ogranichennoi Otvetstvennostyu"),
        CYRILLIC: ("ООО", "Общество с ограниченной ответственностью"),
    },
    "jsc": {
        ENGLISH: ("JSC", "Joint-Stock Company"),
        ROMANISED: ("AO", "Aktsionernoe Obshchestvo"),
        CYRILLIC: ("АО", "Акционерное общество"),
    },
    "ojsc": {
        ENGLISH: ("OJSC", "Open Joint Stock Company"),
        ROMANISED: ("OAO", "Otkrytoe Aktsionernoe Obshchestvo"),
        CYRILLIC: ("ОАО", "Открытое акционерное общество"),
    },
    "pjsc": {
        ENGLISH: ("PJSC", "Public Joint Stock Company"),
        ROMANISED: ("PAO", "Publichnoe Aktsionernoe Obshchestvo"),
        CYRILLIC: ("ПАО", "Публичное акционерное общество"),
    },
    "cjsc": {
        ENGLISH: ("CJSC", "Closed Joint Stock Company"),
        ROMANISED: ("ZAO", "Zakrytoe Aktsionernoe Obshchestvo"),
        CYRILLIC: ("ЗАО", "Закрытое акционерное общество"),
    },
}
# How the lists also spell them ("JOINT STOCK COMPANY" without a hyphen, "OBSHCHESTVO S
# OGRANICHENNOY OTVETSTVENNOSTYU" with -OY): recognised in listed names, never generated.
_LISTED_ONLY = {
    "llc": ("Obshchestvo s Ogranichennoy Otvetstvennostyu", "Limited Liability Partnership"),
    "jsc": ("Joint Stock Company", "Aktsionernoye Obshchestvo", "Aktsionernoe Obshestvo"),
    "ojsc": ("Open Joint-Stock Company", "Otkrytoye Aktsionernoye Obshchestvo"),
    "pjsc": ("Public Joint-Stock Company", "Publichnoye Aktsionernoye Obshchestvo"),
    "cjsc": ("Closed Joint-Stock Company", "Zakrytoye Aktsionernoye Obshchestvo"),
}
_SPELLINGS = {
    spelling.casefold(): (cls, language, size)
    for cls, languages in FORMS.items()
    for language, pair in languages.items()
    for size, spelling in enumerate(pair)
} | {s.casefold(): (cls, ENGLISH, 1) for cls, spellings in _LISTED_ONLY.items() for s in spellings}
_FORM_AT = re.compile(
    r"^\s*(?P<lead>" + "|".join(re.escape(s) for s in sorted(_SPELLINGS, key=len, reverse=True)) + r")(?=[\s\"'«“])"
    r"|[\s,]+(?P<trail>" + "|".join(re.escape(s) for s in sorted(_SPELLINGS, key=len, reverse=True)) + r")\.?\s*$",
    re.I,
)
_QUOTES = "\"'«»“”„"


@dataclass(frozen=True)
class CompanyName:
    """A listed company name taken apart: its core (quotes kept) and its Russian legal form."""

    core: str
    form: str  # class, a FORMS key
    language: str
    size: int  # 0 abbreviation, 1 long form
    leading: bool


def parse_company(text: str) -> CompanyName | None:
    """``text``'s Russian legal form (written first or last) and the rest; None without one."""
    m = _FORM_AT.search(text)
    if not m:
        return None
    spelling = (m.group("lead") or m.group("trail")).casefold()
    cls, language, size = _SPELLINGS[spelling]
    core = (text[: m.start()] + text[m.end() :]).strip(" ,")
    if not qd.letter_runs(core):
        return None
    return CompanyName(core, cls, language, size, bool(m.group("lead")))


def unquoted(core: str) -> str:
    return " ".join(core.translate(str.maketrans("", "", _QUOTES)).split())


def written(core: str, form: str, leading: bool, case_of: str) -> str:
    """A company name from its core and a form spelling, the form before or after the core."""
    form = qd.like_case(form, case_of) if form.isascii() else form
    return f"{form} {core}" if leading else f"{core} {form}"


def _case_model(text: str) -> str:
    letters = "".join(qd.letter_runs(text))
    return letters if letters.isupper() else "Title"


# -- variant generators ----------------------------------------------------------------------------


def form_translated(name: Name, rng: random.Random) -> str | None:
    """The form in another language (English / romanised Russian / Cyrillic), before or after."""
    parsed = parse_company(name.full)
    if parsed is None:
        return None
    language = rng.choice([lang for lang in FORMS[parsed.form] if lang != parsed.language])
    spelling = FORMS[parsed.form][language][rng.choice((0, 0, 1))]  # abbreviations are the usual
    return written(parsed.core, spelling, rng.random() < 0.6, _case_model(name.full))


def form_abbreviated(name: Name, rng: random.Random) -> str | None:
    """The form abbreviated when the list spells it out, spelled out when the list abbreviates it."""
    parsed = parse_company(name.full)
    if parsed is None:
        return None
    spelling = FORMS[parsed.form][parsed.language][1 - parsed.size]
    return written(parsed.core, spelling, parsed.leading, _case_model(name.full))


def form_dropped(name: Name, rng: random.Random) -> str | None:
    """No legal form: the core alone, as a payment's free text often has it."""
    parsed = parse_company(name.full)
    return parsed.core if parsed else None


def form_twice(name: Name, rng: random.Random) -> str | None:
    """The abbreviation and the long form one after the other ("JSC JOINT-STOCK COMPANY X")."""
    parsed = parse_company(name.full)
    if parsed is None:
        return None
    short, long = FORMS[parsed.form][rng.choice((ENGLISH, ROMANISED))]
    return written(parsed.core, f"{short} {long}", True, _case_model(name.full))


def quotes_punctuation(name: Name, rng: random.Random) -> str | None:
    """The core in quotes after an abbreviated form (``OOO "Garant-SV"``), or every punctuation
    mark left out (GARANT-SV -> GARANTSV, "S.P.A." -> "SPA")."""
    parsed = parse_company(name.full)
    if parsed and rng.random() < 0.5:
        core = unquoted(parsed.core)
        opening, closing = rng.choice((('"', '"'), ("«", "»"), ("“", "”"), ("'", "'")))
        language = rng.choice((parsed.language, ROMANISED))
        return f"{qd.like_case(FORMS[parsed.form][language][0], name.full)} {opening}{core}{closing}"
    core = parsed.core if parsed else name.full
    if not re.search(r"[^\w\s]", core):
        return None
    bare = " ".join(re.sub(r"[^\w\s]", "", core).split())
    return bare if qd.letter_runs(bare) else None


def hyphen_joined(name: Name, rng: random.Random) -> str | None:
    """One word boundary moved: a hyphen written as a space or left out, or a space between two
    words of the name made a hyphen or left out ("NOVO-SIBIRSK", "NOVOSIBIRSK")."""
    parsed = parse_company(name.full)
    text = name.full
    lo, hi = (text.find(parsed.core), text.find(parsed.core) + len(parsed.core)) if parsed else (0, len(text))
    gaps = [m for m in re.finditer(r"(?<=[^\W\d_])(-| )(?=[^\W\d_])", text) if lo <= m.start() < hi]
    if not gaps:
        return None
    gap = rng.choice(gaps)
    new = rng.choice(("", " ") if gap.group() == "-" else ("", "-"))
    return qd._replace_span(text, gap.start(), gap.end(), new)


def short_typo(name: Name, rng: random.Random) -> str | None:
    """One substitution, insertion, deletion or swap in a short name (at most two words and 16
    letters once the form is off), in a word of 5 letters or more."""
    parsed = parse_company(name.full)
    core = parsed.core if parsed else name.full
    runs = qd.letter_runs(core)
    if not 1 <= len(runs) <= 2 or sum(map(len, runs)) > 16:
        return None
    changed = qd.typo(Name(core, NameKind.PRIMARY), rng) if rng.random() < 0.75 else None
    if changed is None:
        changed = qd.transposition(Name(core, NameKind.PRIMARY), rng)
    if changed is None:
        return None
    return name.full.replace(core, changed, 1) if parsed else changed


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def to_cyrillic(text: str) -> str:
    """Latin Russian back in Cyrillic by BGN/PCGN's rules (KRYMTETS -> КРЫМТЕЦ), in the case of
    ``text``."""
    cyrillic = qd._transliterator("Latin-Russian/BGN").transliterate(text.lower())
    return " ".join(qd.like_case(new, old) for new, old in zip(cyrillic.split(), text.split()))


def cyrillic(name: Name, rng: random.Random) -> str | None:
    """The name in Cyrillic with a Cyrillic form: the list's own Cyrillic name with its form
    abbreviated or spelled out, or a Latin name taken back to Cyrillic, core in «» quotes."""
    parsed = parse_company(name.full)
    if _is_cyrillic(name.full):
        if parsed is None:
            return None
        spelling = FORMS[parsed.form][CYRILLIC][1 - parsed.size if parsed.language == CYRILLIC else 0]
        return f"{spelling} {parsed.core}"
    if parsed is None or not name.full.isascii():
        return None
    core = to_cyrillic(unquoted(parsed.core))
    if not _is_cyrillic(core) or re.search(r"[A-Za-z]", core):
        return None
    return f"{FORMS[parsed.form][CYRILLIC][0]} «{core}»"


def translated(name: Name, rng: random.Random) -> str | None:
    """Set per entity by ``_translations``: never derived from one name alone."""
    return None


def _translations(entity: Entity, rng: random.Random) -> tuple[str, Name] | None:
    """The list's name in another language than its Cyrillic one (Россельхозбанк / RUSSIAN
    AGRICULTURAL BANK: no word of one is a romanisation of a word of the other), written with an
    English form of the Cyrillic name's class (JSC RUSSIAN AGRICULTURAL BANK)."""
    names = [n for n in entity.names if n.kind in qd.STRONG_KINDS or n.kind is NameKind.ORIGINAL]
    cyrillic_names = [(n, parse_company(n.full)) for n in names if _is_cyrillic(n.full)]
    cyrillic_names = [(n, p) for n, p in cyrillic_names if p is not None]
    if not cyrillic_names:
        return None
    source, parsed = rng.choice(cyrillic_names)
    romanised = set(qd.name_key(source.full))
    for other in names:
        if not other.full.isascii() or _is_cyrillic(other.full) or not _english(other.full):
            continue
        core = unquoted((parse_company(other.full) or CompanyName(other.full, "", "", 0, False)).core)
        words = set(qd.name_key(core))
        if len(words) >= 2 and not any(_near(w, r) for w in words for r in romanised):
            return written(core, FORMS[parsed.form][ENGLISH][0], rng.random() < 0.5, _case_model(other.full)), other
    return None


# Words that make a Latin alias an English translation rather than another EU language's.
_ENGLISH_WORDS = frozenset(
    "bank plant factory company institute research corporation engineering shipping group trading house "
    "centre center industrial military design bureau agricultural russian state united national energy oil gas "
    "aircraft systems technologies technology works development production association scientific concern "
    "holding investment financial military machine building electronics instruments"
    .split()
)  # fmt: skip


def _english(text: str) -> bool:
    """An English name: one of the usual English words of company names, and no other form than
    an English or Russian one (the EU gives the Russian names in every EU language)."""
    words = set(qd.name_key(text))
    core = (parse_company(text) or CompanyName(text, "", "", 0, False)).core
    return bool(words & _ENGLISH_WORDS) and not qd._FORM_RE.search(core)


def _near(a: str, b: str) -> bool:
    """Whether two romanised words could be one word's spellings (a shared 5-letter stem)."""
    return len(a) >= 4 and len(b) >= 4 and (a[:5] == b[:5] or a in b or b in a)


@dataclass(frozen=True)
class CompanyCategory:
    name: str
    make: Callable[[Name, random.Random], str | None]
    kinds: tuple[NameKind, ...] = (NameKind.PRIMARY, NameKind.ALIAS, NameKind.ORIGINAL)


CATEGORIES: tuple[CompanyCategory, ...] = (
    CompanyCategory("form_translated", form_translated),
    CompanyCategory("form_abbreviated", form_abbreviated),
    CompanyCategory("form_dropped", form_dropped),
    CompanyCategory("form_twice", form_twice),
    CompanyCategory("quotes_punctuation", quotes_punctuation),
    CompanyCategory("hyphen_joined", hyphen_joined),
    CompanyCategory("short_typo", short_typo),
    CompanyCategory("cyrillic", cyrillic),
    CompanyCategory("translated", translated),
)
CATEGORY_NAMES = tuple(c.name for c in CATEGORIES)


def _variant(category: CompanyCategory, entity: Entity, rng: random.Random) -> tuple[str, Name] | None:
    """A query for ``entity`` in ``category`` (as ``quality_data._variant``: a listed name is no
    change, so it is refused), from its names in random order."""
    listed = {qd._plain(n.full) for n in entity.names}
    if category.make is translated:
        found = _translations(entity, rng)
        return found if found and qd._plain(found[0]) not in listed else None
    names = [n for n in entity.names if n.kind in category.kinds]
    rng.shuffle(names)
    for name in names:
        out = category.make(name, rng)
        if out and qd.letter_runs(out) and qd._plain(out) not in listed:
            return out, name
    return None


def positives(entities: Iterable[Entity], per_category: int, rng: random.Random) -> list[qd.Query]:
    """Up to ``per_category`` queries per company category, from Russian-linked organisations."""
    pool = sorted((e for e in entities if is_organisation(e) and russia_linked(e)), key=lambda e: e.id)
    queries: list[qd.Query] = []
    for category in CATEGORIES:
        order = pool[:]
        rng.shuffle(order)
        made = 0
        for entity in order:
            if made >= per_category:
                break
            found = _variant(category, entity, rng)
            if found is None:
                continue
            text, listed = found
            made += 1
            queries.append(
                qd.Query(
                    f"{category.name}:{entity.id}", category.name, qd.ORGANISATION, text, None, entity.id, listed.full
                )
            )
    return queries


# -- negatives -------------------------------------------------------------------------------------

NEGATIVE_LOCALES = (
    "en_US", "en_GB", "en_IN", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "pt_BR", "pt_PT", "nl_NL",
    "nl_BE", "sv_SE", "da_DK", "no_NO", "fi_FI", "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "hr_HR",
    "sl_SI", "tr_TR", "az_AZ", "ru_RU", "uk_UA", "bg_BG", "el_GR", "hy_AM", "ka_GE", "he_IL", "fa_IR",
    "id_ID", "th_TH", "vi_VN", "zh_CN", "ja_JP", "ko_KR",
)  # fmt: skip
NEGATIVE_KINDS = ("ordinary", "shared_word", "two_letter")
_TWO_LETTER_FORMS = ("", "", "ООО", "АО", "LLC", "Ltd", "SA", "GmbH", "Inc")
_LATIN_UPPER = "ABCDEFGHIJKLMNOPRSTUVZ"
_CYRILLIC_UPPER = "АБВГДЕЗИКЛМНОПРСТУФЭЮЯ"


def _shared_words(entities: Iterable[Entity], ordinary: set[str]) -> list[str]:
    """Ordinary words (Faker's surnames and dictionary words) that are words of listed company
    names: DAY, GREEN, DURAND."""
    words = set()
    for entity in entities:
        if is_organisation(entity):
            for name in entity.names:
                words.update(w for w in qd.name_key(name.full) if len(w) >= 3)
    return sorted(words & ordinary)


def _ordinary_words(fakers: dict) -> set[str]:
    """English dictionary words and common surnames of several countries (Faker's own lists)."""
    from faker.providers.lorem.en_US import Provider as Lorem

    words = {w.lower() for w in Lorem.word_list if len(w) >= 3}
    for locale in ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL"):
        words.update(w for _ in range(300) for w in qd.name_key(fakers[locale].last_name()))
    return words


def negatives(
    n: int, entities: list[Entity], listed_keys: set[frozenset[str]], rng: random.Random, seed: int
) -> list[qd.Query]:
    """``n`` unlisted company names: 80 % Faker companies of every NEGATIVE_LOCALES locale in
    turn, 15 % an ordinary word of a listed company name with a company suffix or a second word,
    5 % two-letter names with or without a form."""
    fakers = qd._fakers(NEGATIVE_LOCALES, seed)
    shared = _shared_words(entities, _ordinary_words(fakers))
    listed_cores: dict[frozenset[str], list[frozenset[str]]] = {}
    listed_skeletons: set[frozenset[str]] = set()
    for entity in entities:
        if is_organisation(entity):
            for name in entity.names:
                words, forms = _core_key(name.full)
                listed_cores.setdefault(words, []).append(forms)
                listed_skeletons.add(skeleton_key(name.full))
    across_scripts: list[str] = []
    counts = {"ordinary": round(n * 0.8), "shared_word": round(n * 0.15)}
    counts["two_letter"] = n - counts["ordinary"] - counts["shared_word"]
    seen: set[frozenset[str]] = set()
    queries: list[qd.Query] = []
    for kind in NEGATIVE_KINDS:
        made = attempts = 0
        while made < counts[kind] and attempts < counts[kind] * 30:
            attempts += 1
            locale = NEGATIVE_LOCALES[attempts % len(NEGATIVE_LOCALES)]
            fake = fakers[locale]
            if kind == "ordinary":
                text = fake.company()
            elif kind == "shared_word":
                text = _with_shared_word(rng.choice(shared), fake, rng)
            else:
                text = _two_letter(rng)
            key = qd.name_key(text)
            if not key or key in listed_keys or key in seen:
                continue
            if kind == "ordinary" and len(key) < 2:
                continue
            if kind != "two_letter" and _is_listed(text, listed_cores):
                continue  # the listed core with its form or fewer: a legal-form positive, not a negative
            if (
                kind != "two_letter"
                and _abjad(text)
                and _distinctive(skeleton := skeleton_key(text))
                and (skeleton in listed_skeletons)
            ):
                across_scripts.append(text)  # a listed name in its own script ("بانک کارآفرین" is KARAFARIN BANK)
                continue
            seen.add(key)
            made += 1
            queries.append(
                qd.Query(f"company_negative:{kind}:{made}:{locale}", "company_negative", qd.ORGANISATION, text)
            )
    if across_scripts:
        print(f"company negatives left out as listed names in another script: {across_scripts}", file=sys.stderr)
    return queries


def _with_shared_word(word: str, fake, rng: random.Random) -> str:
    suffix = fake.company_suffix() if hasattr(fake, "company_suffix") else "Ltd"
    word = word.capitalize()
    if rng.random() < 0.5:
        return f"{word} {suffix}"
    other = qd.name_key(fake.last_name())
    return f"{word} {' '.join(w.capitalize() for w in sorted(other))} {suffix}".strip()


def _two_letter(rng: random.Random) -> str:
    letters = _CYRILLIC_UPPER if rng.random() < 0.5 else _LATIN_UPPER
    name = rng.choice(letters) + rng.choice(letters)
    form = rng.choice(_TWO_LETTER_FORMS)
    if not form:
        return name
    return f"{form} «{name}»" if not form.isascii() else f"{name} {form}"


def _is_listed(text: str, listed_cores: dict[frozenset[str], list[frozenset[str]]]) -> bool:
    """Whether ``text`` is a listed company's name with its forms or some of them: the words of
    a listed name and no form it lacks ("Объединенная двигателестроительная корпорация" is АО
    “Объединенная двигателестроительная корпорация”; "Day Inc" is not DAY COMPANY)."""
    words, forms = _core_key(text)
    return any(forms <= listed for listed in listed_cores.get(words, ()))


def skeleton_key(text: str) -> frozenset[str]:
    """A name's words romanised by ICU, legal forms off, as consonant skeletons (vowels dropped,
    doubled letters written once): Arabic and Persian script leave short vowels unwritten, so
    "بانک کارآفرین" (ICU: "bank karafryn") and the list's KARAFARIN BANK, or "بانک شهر" and
    BANK-E SHAHR, are one name only once vowels are set aside (the ezafe "-e" leaves nothing)."""
    latin = qd._transliterator("Any-Latin; Latin-ASCII; Lower").transliterate(text)
    skeletons = (re.sub(r"(.)\1+", r"\1", re.sub("[aeiouy]", "", word)) for word in qd.legal_form_core(latin))
    return frozenset(s for s in skeletons if s and s not in _COMPANY_WORDS)


# "Company" in Persian and Arabic script (شرکت, شركت, شركة), written before a name as "Company" is
# after one, and like it no part of the name: the list's "(شركت صنعتي دريايي ايران (صدرا" is Faker's
# "صنعتی دریایی ایران – صدرا" (Iran Marine Industrial Company, SADRA), not an ordinary company
_COMPANY_WORDS = frozenset({"shrkt", "shrk"})


def _abjad(text: str) -> bool:
    """Whether ``text`` is written in Arabic or Hebrew script, which leave short vowels unwritten
    (Cyrillic, Greek or Hangul write every vowel: their romanisation is compared as it is)."""
    return any(unicodedata.name(c, "").startswith(("ARABIC", "HEBREW")) for c in text)


SKELETON_MIN_LETTERS = 5  # consonants enough to name one company: "khn" (כהן, Cohen) names many


def _distinctive(skeleton: frozenset[str]) -> bool:
    return sum(map(len, skeleton)) >= SKELETON_MIN_LETTERS


# The joint-stock and limited-liability forms of Faker's other locales, by the Russian FORMS class
# they are: "Start d.d." is JOINT STOCK COMPANY START with its form translated, not a negative.
_FOREIGN = {
    form.lower(): cls
    for cls, forms in {
        "jsc": (
            "d.d.",
            "a.s.",
            "AG",
            "AB",
            "Oyj",
            "Zrt.",
            "Nyrt.",
            "S.p.A.",
            "N.V.",
            "NV",
            "A/S",
            "AS",
            "ASA",
            "A.Ş.",
            "АД",
        ),
        "llc": (
            "d.o.o.",
            "s.r.o.",
            "GmbH",
            "Kft.",
            "Sp. z o.o.",
            "B.V.",
            "BV",
            "ApS",
            "Ltda.",
            "Lda.",
            "OOD",
            "ЕООД",
            "ТОВ",
        ),
    }.items()
    for form in forms
}
_FOREIGN_FORM = re.compile(
    r"[\s,]+(" + "|".join(re.escape(f) for f in sorted(_FOREIGN, key=len, reverse=True)) + r")\s*$", re.I
)


def _core_key(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A name's words without its legal forms, romanised (``quality_data.name_key``), and the
    forms' groups (the bench's tables: ``quality_data.LEGAL_FORMS`` and the Russian FORMS): "Day
    Co." and "DAY COMPANY" have one key (a legal-form change, not another company), "Day Inc"
    another. Romanised, a word with ё and one with е are one word: Faker's "Объединенная
    авиастроительная корпорация" is the EU's ПАО "Объединённая авиастроительная корпорация"."""
    parsed = parse_company(text)
    core = parsed.core if parsed else text
    foreign = _FOREIGN_FORM.search(core)
    if foreign:
        core = core[: foreign.start()]
    groups = {qd._FORM_GROUP[m.group().lower()][0] for m in qd._FORM_RE.finditer(core)}
    forms = frozenset(
        groups | ({parsed.form} if parsed else set()) | ({_FOREIGN[foreign.group(1).lower()]} if foreign else set())
    )
    return qd.name_key(" ".join(qd.legal_form_core(core))), forms


def evaluation_set(entities: list[Entity], per_category: int, n_negatives: int, seed: int) -> list[qd.Query]:
    """The company queries: positives from Russian-linked organisations and unlisted company
    names, reproducible from ``seed`` and independent of the people set's random stream."""
    rng = random.Random(seed + SEED_OFFSET)
    keys = qd.listed_keys(entities)
    return positives(entities, per_category, rng) + negatives(n_negatives, entities, keys, rng, seed + SEED_OFFSET)
