"""The labelled evaluation set behind ``bench/quality.py``: query names derived from real listed
names the ways real data changes them, and realistic unlisted names as negatives.

Each variant generator is a small pure function ``(name, rng) -> str | None`` that makes exactly
one kind of change to a listed :class:`~magnitsky.model.Name` (``None`` when that change does not
apply to this name). They work on the name as the list writes it (after the parser's own layout
fixes, e.g. OFAC's "KLYUEV, Dmitri" -> "Dmitri KLYUEV"), so a category's recall measures that one
change and nothing else. The generators deliberately use ICU and small tables of their own, never
``magnitsky.names``: test data made by the system under test would test nothing.

Everything is driven by one ``random.Random`` so a seed reproduces the whole set.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import pairwise

import icu

from magnitsky.model import Entity, Name, NameKind

PERSON = "Person"
ORGANISATION = "LegalEntity"  # the query schema for companies and organisations
ORG_SCHEMATA = frozenset({"Organization", "Company", "LegalEntity"})
STRONG_KINDS = (NameKind.PRIMARY, NameKind.ALIAS)

_LETTERS = re.compile(r"[^\W\d_]+")
_LONG_TOKEN = re.compile(r"[^\W\d_]{5,}")
_PARTICLES = frozenset(
    "bin ibn bint binti abu abou abd abdul abdel al el ul de del da di do dos van von der la le".split()
)


# -- small helpers ---------------------------------------------------------------------------------


def letter_runs(text: str) -> list[str]:
    """The runs of letters in ``text``: how the generators and their tests see "tokens"."""
    return _LETTERS.findall(text)


def strip_marks(text: str) -> str:
    """``text`` without combining accents (é -> e), other characters untouched."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def like_case(word: str, model: str) -> str:
    """``word`` in the letter case of ``model`` (UPPER, Title or lower), so inserted or replaced
    words do not stand out by case, which any matcher ignores anyway."""
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


def person_parts(name: Name) -> tuple[list[str], list[str]]:
    """(given tokens, family tokens) of a person's name as written in ``name.full``.

    Parsers give ``family`` when the list splits names; the given part is everything before it
    (so UN's unsplit middle names count as given names). Without a split the last token is taken
    as the family name.
    """
    tokens = name.full.split()
    family = (name.family or "").split()
    if not family or tokens[-len(family) :] != family:
        family = tokens[-1:]
    return tokens[: len(tokens) - len(family)], family


def _replace_span(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _random_letter(rng: random.Random, model: str) -> str:
    return like_case(rng.choice("abcdefghijklmnopqrstuvwxyz"), model)


# -- variant generators: one change each ----------------------------------------------------------


def exact(name: Name, rng: random.Random) -> str | None:
    """The listed name unchanged: the floor every screener must pass."""
    return name.full


def typo(name: Name, rng: random.Random) -> str | None:
    """One random substitution, insertion or deletion inside one token of 5+ letters."""
    spans = list(_LONG_TOKEN.finditer(name.full))
    if not spans:
        return None
    token = rng.choice(spans)
    word = token.group()
    i = rng.randrange(len(word))
    op = rng.choice(("substitute", "insert", "delete"))
    if op == "substitute":
        choices = [c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[i].lower()]
        new = word[:i] + like_case(rng.choice(choices), word[i]) + word[i + 1 :]
    elif op == "insert":
        new = word[:i] + _random_letter(rng, word[i]) + word[i:]
    else:
        new = word[:i] + word[i + 1 :]
    return _replace_span(name.full, token.start(), token.end(), new)


def transposition(name: Name, rng: random.Random) -> str | None:
    """Two adjacent, different letters of one token swapped ("Klyuev" -> "Klyeuv")."""
    places = [
        (token, i)
        for token in _LETTERS.finditer(name.full)
        if len(token.group()) >= 4
        for i in range(len(token.group()) - 1)
        if token.group()[i].lower() != token.group()[i + 1].lower()
    ]
    if not places:
        return None
    token, i = rng.choice(places)
    word = token.group()
    new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return _replace_span(name.full, token.start(), token.end(), new)


def reordered(name: Name, rng: random.Random) -> str | None:
    """Surname first ("KLYUEV Dmitri Vladislavovich"), as passports, MRZs and many forms write it."""
    given, family = person_parts(name)
    return " ".join(family + given) if given else None


def is_particle(token: str) -> bool:
    return token.lower().strip(".-") in _PARTICLES


def missing_token(name: Name, rng: random.Random) -> str | None:
    """A middle name or patronymic left out, with the particle that links it ("Faouzi Ben Mohamed
    Ben Ahmed" -> "Faouzi Ben Ahmed"); never the first given name or the family name."""
    given, family = person_parts(name)
    droppable = [i for i in range(1, len(given)) if not is_particle(given[i])]
    if not droppable:
        return None
    drop = rng.choice(droppable)
    first = drop - 1 if drop > 1 and is_particle(given[drop - 1]) else drop
    return " ".join(given[:first] + given[drop + 1 :] + family)


# Endings of Russian/Ukrainian family names and patronymics ("-in" is left out: Hussein, Martin).
_SLAVIC_FAMILY = re.compile(r"(?:ov|ev|ova|eva|sky|skiy|skii|skaya|enko|chuk|yuk|iuk)$", re.I)
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ich)$", re.I)
_MIDDLE_NAMES = {
    "slavic": ("Ivanovich", "Sergeyevich", "Aleksandrovich", "Vladimirovich", "Nikolayevich"),
    "slavic_f": ("Ivanovna", "Sergeyevna", "Aleksandrovna", "Vladimirovna", "Nikolayevna"),
    "arabic": ("Mohammed", "Ahmed", "Ali", "Hassan", "Abdullah", "Mahmoud", "Ibrahim"),
    "western": ("John", "Jose", "Antonio", "Michael", "Luis", "Carlos", "Paul"),
}


def _origin(tokens: list[str]) -> str:
    """A rough origin of a name, only to pick a middle name that would plausibly occur in it."""
    if any(_PATRONYMIC.search(t) for t in tokens) or _SLAVIC_FAMILY.search(tokens[-1]):
        return "slavic_f" if tokens[-1].lower().endswith("a") else "slavic"
    lowered = {t.lower() for t in tokens}
    if lowered & (ARABIC_VOCABULARY | {"ali", "bin", "ben", "jamal"}) or any(
        t.lower().startswith(("al-", "el-", "abd")) for t in tokens
    ):
        return "arabic"
    return "western"


def extra_token(name: Name, rng: random.Random) -> str | None:
    """A plausible middle name or patronymic added after the first given name."""
    given, family = person_parts(name)
    if not given:
        return None
    tokens = given + family
    present = {t.lower() for t in tokens}
    pool = [m for m in _MIDDLE_NAMES[_origin(tokens)] if m.lower() not in present]
    middle = like_case(rng.choice(pool), given[0])
    return " ".join(given[:1] + [middle] + given[1:] + family)


def initials(name: Name, rng: random.Random) -> str | None:
    """Given names reduced to initials ("D. V. Klyuev"), as card schemes and old records do."""
    given, family = person_parts(name)
    letters = [letter_runs(g) for g in given]
    if not given or not all(letters):
        return None
    return " ".join([f"{runs[0][0].upper()}." for runs in letters] + family)


_ACCENTS = {
    "a": "áàâä",
    "e": "éèêë",
    "i": "íï",
    "o": "óôö",
    "u": "úüû",
    "n": "ñ",
    "c": "ç",
    "s": "š",
    "z": "ž",
    "y": "ý",
}


def diacritics(name: Name, rng: random.Random) -> str | None:
    """Accents removed where the list has them ("Hüseyin" -> "Huseyin"), else one or two added
    ("Jose" -> "José") as a query typed from an ID document or a European form would have them."""
    stripped = strip_marks(name.full)
    if stripped != name.full:
        return stripped
    places = [i for i, c in enumerate(name.full) if c.lower() in _ACCENTS]
    if not places:
        return None
    text = name.full
    for i in rng.sample(places, min(len(places), rng.choice((1, 2)))):
        text = _replace_span(text, i, i + 1, like_case(rng.choice(_ACCENTS[text[i].lower()]), text[i]))
    return text


_COMPOUND = re.compile(r"^(abdul|abdel|abdal|abdur|abou|abu|nour|nur|saif|sayf|zain|zein)([^\W\d_]{3,})$", re.I)


def joined_split(name: Name, rng: random.Random) -> str | None:
    """A compound split ("Abdulrahman" -> "Abdul Rahman") or two parts joined ("AL-TIKRITI" ->
    "ALTIKRITI", "Abu Bakr" -> "Abubakr", "Mun Il" -> "MunIl"): the letters stay, the word
    boundaries move. Spaces are only closed after a particle, or after a short word within the
    given names (not into the family name), where real data drops them; names such as "Abdullah"
    (Abd + Allah) are not split after "Abdul"."""
    text = name.full
    edits: list[tuple[int, int, str]] = []
    for token in _LETTERS.finditer(text):
        if (m := _COMPOUND.match(token.group())) and token.group().lower() not in _ARABIC_GROUP:
            edits.append((token.start(), token.end(), f"{m.group(1)} {like_case(m.group(2), m.group(1))}"))
    family_at = len(text) - len(name.family) if name.family and text.endswith(name.family) else -1
    words = list(_LETTERS.finditer(text))
    for left, right in pairwise(words):
        gap = text[left.end() : right.start()]
        prefix = is_particle(left.group()) or (len(left.group()) <= 3 and right.start() != family_at)
        if gap == "-" or (gap == " " and prefix):
            edits.append((left.end(), right.start(), ""))
    if not edits:
        return None
    start, end, new = rng.choice(edits)
    return _replace_span(text, start, end, new)


_TITLES = ("Dr.", "General", "Sheikh", "Mr.", "Colonel", "Haji", "Mullah", "Prof.", "Maulana", "Brigadier")


def titles(name: Name, rng: random.Random) -> str | None:
    """An honorific or rank in front ("Sheikh", "General", "Dr."), as payment and visa data carry them."""
    return f"{like_case(rng.choice(_TITLES), name.full)} {name.full}"


# Groups of interchangeable legal-form spellings; a name's form is swapped within its group or dropped.
LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("LLC", "L.L.C.", "Limited Liability Company", "OOO", "Obshchestvo s Ogranichennoy Otvetstvennostyu"),
    ("JSC", "Joint Stock Company", "Joint-Stock Company", "AO", "OAO", "OJSC", "Open Joint Stock Company"),
    ("PJSC", "Public Joint Stock Company", "PAO"),
    ("CJSC", "Closed Joint Stock Company", "ZAO"),
    ("Co., Ltd.", "Co. Ltd", "Company Limited"),
    ("Ltd", "Ltd.", "Limited"),
    ("Co.", "Company"),
    ("Inc.", "Inc", "Incorporated"),
    ("Corp.", "Corp", "Corporation"),
    ("PLC", "Public Limited Company"),
    ("LLP", "Limited Liability Partnership"),
    ("S.A. de C.V.", "SA de CV"),
    ("S.A.", "SA", "Sociedad Anonima"),
    ("S.A.L.", "SAL"),
    ("S.R.L.", "SRL"),
    ("C.A.", "Compania Anonima"),
    ("GmbH", "Gesellschaft mit beschraenkter Haftung"),
    ("FZE", "Free Zone Establishment"),
    ("FZCO", "Free Zone Company"),
    ("Pvt. Ltd.", "Private Limited"),
)
_FORM_GROUP = {form.lower(): group for group in LEGAL_FORMS for form in group}
_FORM_RE = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(f) for f in sorted(_FORM_GROUP, key=len, reverse=True)) + r")(?!\w)",
    re.I,
)


def legal_form_core(text: str) -> list[str]:
    """The tokens of a company name once every legal form is removed: what a legal-form change
    must leave alone."""
    return [t.lower() for t in letter_runs(_FORM_RE.sub(" ", text))]


def legal_form(name: Name, rng: random.Random) -> str | None:
    """The company's legal form swapped for an equivalent ("LLC" -> "OOO", "Ltd" -> "Limited",
    "JSC" -> "AO") or dropped."""
    found = list(_FORM_RE.finditer(name.full))
    if not found:
        return None
    m = rng.choice(found)
    group = _FORM_GROUP[m.group().lower()]
    options = [f for f in group if f.lower().rstrip(".") != m.group().lower().rstrip(".")] + [""]
    new = like_case(rng.choice(options), m.group())
    text = _replace_span(name.full, m.start(), m.end(), new)
    text = re.sub(r"\s*,\s*(?=,|$)|^\s*,\s*", "", text)  # a comma left before a dropped form
    text = " ".join(text.split())
    return text if legal_form_core(text) == legal_form_core(name.full) and text else None


def original_script(name: Name, rng: random.Random) -> str | None:
    """The name in the original script the list gives (UN NAME_ORIGINAL_SCRIPT: Arabic, Cyrillic...)."""
    return name.full if name.kind is NameKind.ORIGINAL and not name.full.isascii() else None


@cache
def _transliterator(spec: str) -> icu.Transliterator:
    """An ICU transform by id, e.g. "Any-Latin; Latin-ASCII" (built once: they are slow to make)."""
    return icu.Transliterator.createInstance(spec)


@cache
def _romaniser(system: str) -> icu.Transliterator:
    return icu.Transliterator.createFromRules(f"bench-{system}", ROMANISATIONS[system], icu.UTransDirection.FORWARD)


def romanized_script(name: Name, rng: random.Random) -> str | None:
    """ICU's generic romanisation (Any-Latin; Latin-ASCII) of the listed original-script name:
    the Latin spelling a system other than the list's would produce."""
    if original_script(name, rng) is None:
        return None
    latin = _transliterator("Any-Latin; Latin-ASCII").transliterate(name.full)
    latin = " ".join(w.capitalize() for w in latin.split())
    return latin if latin.isascii() and letter_runs(latin) else None


# Cyrillic -> Latin by three systems other than the lists' (which mostly follow BGN/PCGN).
ROMANISATIONS = {
    "icao": """
        щ > shch; ж > zh; х > kh; ц > ts; ч > ch; ш > sh; ю > iu; я > ia; ъ > ie; ы > y; ь > ;
        а > a; б > b; в > v; г > g; д > d; е > e; ё > e; з > z; и > i; й > i; к > k; л > l; м > m;
        н > n; о > o; п > p; р > r; с > s; т > t; у > u; ф > f; э > e; є > ie; і > i; ї > i; ґ > g;
    """,
    "german": """
        щ > schtsch; ж > sch; х > ch; ц > z; ч > tsch; ш > sch; ю > ju; я > ja; ё > jo; ъ > ; ь > ;
        ы > y; й > j; в > w; з > s;
        а > a; б > b; г > g; д > d; е > e; и > i; к > k; л > l; м > m; н > n; о > o; п > p; р > r;
        с > s; т > t; у > u; ф > f; э > e; є > je; і > i; ї > ji; ґ > g;
    """,
    "french": """
        щ > chtch; ж > j; х > kh; ц > ts; ч > tch; ш > ch; ю > iou; я > ia; ё > io; у > ou; ъ > ; ь > ;
        ы > y; й > i;
        а > a; б > b; в > v; г > g; д > d; е > e; з > z; и > i; к > k; л > l; м > m; н > n; о > o;
        п > p; р > r; с > s; т > t; ф > f; э > e; є > ie; і > i; ї > i; ґ > g;
    """,
}


def to_cyrillic(text: str) -> str:
    """A Latin-written Russian name back in Cyrillic, by ICU's reverse BGN/PCGN transform."""
    return _transliterator("Latin-Russian/BGN").transliterate(text.lower())


def reromanize(text: str, system: str) -> str:
    """``text`` (Latin) -> Cyrillic -> Latin by ``system`` (a key of ROMANISATIONS), each word in
    the case it had."""
    cyrillic = to_cyrillic(text)
    latin = _romaniser(system).transliterate(cyrillic)
    return " ".join(like_case(new, old) for new, old in zip(latin.split(), text.split()))


def looks_russian(text: str) -> bool:
    """Latin-written and with a Russian/Ukrainian patronymic or family-name ending."""
    tokens = text.split()
    return (
        text.isascii()
        and len(tokens) >= 2
        and (any(_PATRONYMIC.search(t) for t in tokens) or bool(_SLAVIC_FAMILY.search(tokens[-1])))
    )


def russian_reromanized(name: Name, rng: random.Random) -> str | None:
    """A Russian/Ukrainian name as another romanisation writes it: the listed Latin spelling taken
    back to Cyrillic and romanised by ICAO 9303 (passports: KLIUEV), German (Kljujew) or French."""
    if not looks_russian(name.full):
        return None
    systems = list(ROMANISATIONS)
    rng.shuffle(systems)
    for system in systems:
        out = reromanize(name.full, system)
        if out.lower() != name.full.lower() and out.isascii():
            return out
    return None


_ARABIC_GIVEN = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad"),
    ("Ahmed", "Ahmad"),
    ("Hussein", "Husain", "Hussain", "Husayn", "Hossein"),
    ("Hassan", "Hasan"),
    ("Osama", "Usama", "Usamah"),
    ("Omar", "Umar"),
    ("Othman", "Uthman", "Osman"),
    ("Yusuf", "Yousef", "Youssef", "Yousif"),
    ("Mahmoud", "Mahmud"),
    ("Mustafa", "Mostafa", "Moustafa"),
    ("Khalid", "Khaled"),
    ("Abdullah", "Abdallah", "Abdulla"),
    ("Ibrahim", "Ebrahim"),
    ("Saeed", "Said"),
    ("Abu", "Abou"),
    ("Yahya", "Yehia"),
)
_ARABIC_GROUP = {v.lower(): g for g in _ARABIC_GIVEN for v in g}
_ARABIC_WORD = re.compile(r"\b(" + "|".join(_ARABIC_GROUP) + r")\b", re.I)
_ABD = re.compile(r"\b(?:abd(?:ul|el|al)?[ -]+(?:[ae]l-)?|abd-[ae]l-)(?=[^\W\d_]{3})", re.I)
_ABD_FORMS = ("Abdul ", "Abdel ", "Abd al-", "Abd el-")
_ARTICLE = re.compile(r"(?<![^\W\d_])([ae]l)-(?=[^\W\d_]{3})", re.I)
ARABIC_VOCABULARY = frozenset(_ARABIC_GROUP) | {"abd", "abdul", "abdel", "al", "el"}


def arabic_variants(name: Name, rng: random.Random) -> str | None:
    """One Arabic name written by another common convention: Mohammed/Muhammad/Mohamed,
    Abd al-/Abdul/Abdel, al-/el- (or no article), Hussein/Husain, Osama/Usama..."""
    text = name.full
    edits: list[tuple[int, int, list[str]]] = []
    for m in _ARABIC_WORD.finditer(text):
        edits.append(
            (m.start(), m.end(), [v for v in _ARABIC_GROUP[m.group().lower()] if v.lower() != m.group().lower()])
        )
    for m in _ABD.finditer(text):
        edits.append((m.start(), m.end(), [f for f in _ABD_FORMS if f.lower() != m.group().lower()]))
    for m in _ARTICLE.finditer(text):
        other = "el-" if m.group(1).lower() == "al" else "al-"
        edits.append((m.start(), m.end(), [other, ""]))
    if not edits:
        return None
    start, end, options = rng.choice(edits)
    return _replace_span(text, start, end, like_case(rng.choice(options), text[start:end]))


# Latin letters and look-alikes from Cyrillic and Greek (a lookalike is checked in the tests with
# ICU's UTS #39 confusable skeletons).
HOMOGLYPHS = {
    "a": "а",
    "c": "с",
    "e": "е",
    "i": "і",
    "j": "ј",
    "o": "оο",
    "p": "р",
    "s": "ѕ",
    "x": "х",
    "y": "у",
    "A": "АΑ",
    "B": "ВΒ",
    "C": "С",
    "E": "ЕΕ",
    "H": "НΗ",
    "I": "ІΙ",
    "K": "КΚ",
    "M": "МΜ",
    "N": "Ν",
    "O": "ОΟ",
    "P": "РΡ",
    "T": "ТΤ",
    "X": "ХΧ",
    "Y": "Υ",
    "Z": "Ζ",
}


def homoglyph(name: Name, rng: random.Random) -> str | None:
    """One or two Latin letters replaced by Cyrillic or Greek look-alikes (evasion, or text that
    passed through a Cyrillic keyboard)."""
    places = [i for i, c in enumerate(name.full) if c in HOMOGLYPHS]
    if not places:
        return None
    text = name.full
    for i in rng.sample(places, min(len(places), rng.choice((1, 2)))):
        text = _replace_span(text, i, i + 1, rng.choice(HOMOGLYPHS[text[i]]))
    return text


# -- categories -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """A kind of change, which listed entities it applies to and which of their names it starts from."""

    name: str
    make: Callable[[Name, random.Random], str | None]
    persons: bool = True
    organisations: bool = True
    kinds: tuple[NameKind, ...] = STRONG_KINDS


CATEGORIES: tuple[Category, ...] = (
    Category("exact", exact),
    Category("typo", typo),
    Category("transposition", transposition),
    Category("reordered", reordered, organisations=False),
    Category("missing_token", missing_token, organisations=False),
    Category("extra_token", extra_token, organisations=False),
    Category("initials", initials, organisations=False),
    Category("diacritics", diacritics),
    Category("joined_split", joined_split),
    Category("titles", titles, organisations=False),
    Category("legal_form", legal_form, persons=False),
    Category("original_script", original_script, kinds=(NameKind.ORIGINAL,)),
    Category("romanized_script", romanized_script, kinds=(NameKind.ORIGINAL,)),
    Category("russian_reromanized", russian_reromanized, organisations=False),
    Category("arabic_variants", arabic_variants),
    Category("homoglyph", homoglyph),
)
CATEGORY_NAMES = tuple(c.name for c in CATEGORIES)


# -- the evaluation set ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One screening request and its label: ``expected`` is the listed entity's id that must be
    among the matches (positives), or None for an unlisted name (negatives)."""

    qid: str
    category: str  # a CATEGORY_NAMES entry, or "negative"
    schema: str  # PERSON or ORGANISATION
    name: str
    birth_date: str | None = None
    expected: str | None = None
    listed_name: str | None = None  # the listed spelling the query was derived from

    @property
    def flavour(self) -> str:
        return "with_dob" if self.birth_date else "name_only"


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _variant(category: Category, entity: Entity, rng: random.Random) -> tuple[str, Name] | None:
    """A query name for ``entity`` in ``category``: tried on the primary name first, then aliases.

    A variant equal to any name the entity already lists is no change at all (lists often carry
    "Muhammad" and "Mohammed" as aliases), so it is refused, except for the categories whose
    point is to be the listed name.
    """
    listed = {_plain(n.full) for n in entity.names}
    allow_listed = category.name in ("exact", "original_script")
    for name in (n for kind in category.kinds for n in entity.names if n.kind is kind):
        out = category.make(name, rng)
        if out and out.strip() and (allow_listed or _plain(out) not in listed):
            return out, name
    return None


def _query_schema(entity: Entity) -> str | None:
    if entity.schema == "Person":
        return PERSON
    return ORGANISATION if entity.schema in ORG_SCHEMATA else None


def _birth_date(entity: Entity) -> str | None:
    """The first listed birth date as an ISO prefix (a range's start): what a form would carry."""
    return entity.birth_dates[0].start if entity.birth_dates else None


def positives(entities: list[Entity], per_category: int, rng: random.Random) -> list[Query]:
    """Up to ``per_category`` derived names per category, two thirds persons and one third
    organisations (all of it when only one kind applies), each also asked with the listed birth
    date when there is one. Entities are drawn at random from all lists, in proportion to size."""
    pools = {PERSON: [], ORGANISATION: []}
    for entity in entities:
        if schema := _query_schema(entity):
            pools[schema].append(entity)
    queries: list[Query] = []
    for category in CATEGORIES:
        quotas = _quotas(category, per_category)
        for schema, quota in quotas.items():
            pool = pools[schema][:]
            rng.shuffle(pool)
            queries.extend(_category_queries(category, schema, pool, quota, rng))
    return queries


def _quotas(category: Category, per_category: int) -> dict[str, int]:
    if category.persons and category.organisations:
        persons = round(per_category * 2 / 3)
        return {PERSON: persons, ORGANISATION: per_category - persons}
    return {PERSON: per_category} if category.persons else {ORGANISATION: per_category}


def _category_queries(
    category: Category, schema: str, pool: list[Entity], quota: int, rng: random.Random
) -> Iterator[Query]:
    made = 0
    for entity in pool:
        if made >= quota:
            return
        found = _variant(category, entity, rng)
        if found is None:
            continue
        text, listed = found
        made += 1
        qid = f"{category.name}:{entity.id}"
        yield Query(qid, category.name, schema, text, None, entity.id, listed.full)
        if schema == PERSON and (dob := _birth_date(entity)):
            yield Query(qid + ":dob", category.name, schema, text, dob, entity.id, listed.full)


# -- negatives ------------------------------------------------------------------------------------


def name_key(text: str) -> frozenset[str]:
    """A name's normalised token set (any script -> Latin ASCII, lower case, letter runs).

    A negative whose key equals a listed name's key is dropped: it *is* a listed name in another
    spelling or order, and an alert on it would be right. Negatives of one word ("Lopez", which
    Faker gives as a company) are dropped too: that is a different screening problem.
    """
    latin = _transliterator("Any-Latin; Latin-ASCII; Lower").transliterate(text)
    return frozenset(letter_runs(latin))


# (Faker locale, how to write its names: "native", "latin" (ICU romanisation) or "both").
PERSON_LOCALES = (
    ("en_US", "native"),
    ("en_GB", "native"),
    ("de_DE", "native"),
    ("fr_FR", "native"),
    ("es_ES", "native"),
    ("it_IT", "native"),
    ("ru_RU", "both"),
    ("uk_UA", "both"),
    ("ar_AA", "native"),
    ("ar_SA", "native"),
    ("en_PK", "native"),
    ("fa_IR", "native"),
    ("tr_TR", "native"),
    ("zh_CN", "both"),
    ("ja_JP", "both"),
    ("ko_KR", "both"),
    ("hi_IN", "both"),
    ("pl_PL", "native"),
    ("pt_BR", "native"),
    ("nl_NL", "native"),
)
COMPANY_LOCALES = (
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "es_ES",
    "it_IT",
    "ru_RU",
    "pl_PL",
    "pt_BR",
    "nl_NL",
    "tr_TR",
    "zh_CN",
    "ja_JP",
)
_ROMANISERS = {
    "ru_RU": "Russian-Latin/BGN",
    "uk_UA": "Ukrainian-Latin/BGN",
    "ko_KR": "Hangul-Latin; Latin-ASCII",
    "hi_IN": "Devanagari-Latin; Latin-ASCII",
}


def _romanise(locale: str, text: str) -> str:
    """Latin spelling of a Faker name: Faker's own romanisation where it has one (Chinese,
    Japanese), else ICU's for the script."""
    transform = _ROMANISERS.get(locale, "Any-Latin; Latin-ASCII")
    latin = _transliterator(transform).transliterate(text)
    return " ".join(w[:1].upper() + w[1:] for w in latin.split())


def _fake_person(fake, locale: str, style: str, rng: random.Random) -> str:
    """First and family name of one gender (Faker's ``name()`` adds titles and suffixes, and mixes
    genders in Slavic locales), sometimes with a middle name or patronymic."""
    gender = rng.choice(("male", "female"))
    first = getattr(fake, f"first_name_{gender}", fake.first_name)()
    last = getattr(fake, f"last_name_{gender}", fake.last_name)()
    middle_maker = getattr(fake, f"middle_name_{gender}", None)
    parts = [first, last]
    if middle_maker and rng.random() < 0.5:
        parts = [first, middle_maker(), last]
    if locale in ("zh_CN", "ja_JP", "ko_KR"):
        parts = [last, first]
    latin = style == "latin" or (style == "both" and rng.random() < 0.5)
    if latin and locale in ("zh_CN", "ja_JP"):
        return fake.romanized_name()
    text = ("" if locale in ("zh_CN", "ja_JP", "ko_KR") and not latin else " ").join(parts)
    return _romanise(locale, " ".join(parts)) if latin else text


def _fake_company(fake, locale: str, rng: random.Random) -> str:
    text = fake.company()
    if locale == "ru_RU" and rng.random() < 0.5:
        return _romanise(locale, text)
    return text


def _fakers(locales: Iterable[str], seed: int) -> dict:
    from faker import Faker  # bench-only dependency, imported only when negatives are made

    fakers = {}
    for i, locale in enumerate(locales):
        fakers[locale] = Faker(locale)
        fakers[locale].seed_instance(seed + i)
    return fakers


def negatives(
    n: int, listed_keys: set[frozenset[str]], rng: random.Random, seed: int, person_share: float = 0.7
) -> list[Query]:
    """``n`` distinct unlisted names (persons from every PERSON_LOCALES locale in turn, companies
    from COMPANY_LOCALES), persons also asked with a random birth date between 1940 and 2000."""
    fakers = _fakers(sorted({loc for loc, _ in PERSON_LOCALES} | set(COMPANY_LOCALES)), seed)
    n_persons = round(n * person_share)
    seen: set[frozenset[str]] = set()
    queries: list[Query] = []
    attempts = 0
    while len(seen) < n and attempts < n * 20:
        attempts += 1
        is_person = len(seen) < n_persons
        if is_person:
            locale, style = PERSON_LOCALES[attempts % len(PERSON_LOCALES)]
            text = _fake_person(fakers[locale], locale, style, rng)
        else:
            locale = COMPANY_LOCALES[attempts % len(COMPANY_LOCALES)]
            text = _fake_company(fakers[locale], locale, rng)
        key = name_key(text)
        if len(key) < 2 or key in listed_keys or key in seen:
            continue
        seen.add(key)
        qid = f"negative:{len(seen)}:{locale}"
        schema = PERSON if is_person else ORGANISATION
        queries.append(Query(qid, "negative", schema, text))
        if is_person:
            queries.append(Query(qid + ":dob", "negative", schema, text, _random_birth_date(rng)))
    return queries


def _random_birth_date(rng: random.Random) -> str:
    start = date(1940, 1, 1)
    return (start + timedelta(days=rng.randrange((date(2000, 12, 31) - start).days))).isoformat()


def listed_keys(entities: Iterable[Entity]) -> set[frozenset[str]]:
    """Normalised token sets of every name every list gives (for the negatives' exclusion rule)."""
    return {name_key(n.full) for e in entities for n in e.names}


def evaluation_set(entities: list[Entity], per_category: int, n_negatives: int, seed: int) -> list[Query]:
    """The whole labelled set: positives derived from ``entities`` and unlisted negatives, both
    reproducible from ``seed``."""
    rng = random.Random(seed)
    return positives(entities, per_category, rng) + negatives(n_negatives, listed_keys(entities), rng, seed)
