"""``legal_form``: recognise and strip a company's legal form, for matching.

The forms and their canonical classes are the table in :mod:`magnitsky.model.legal_forms`
(which list parsers read too); classes are deliberately coarse: a screening hit should not fail
because one list says "ZAO" and another "CJSC".

Spellings are matched on the romanised, normalized tokens with spaces removed, so "L.L.C.",
"L L C" and "LLC" are one form, and each Cyrillic spelling is expanded through every
romanisation scheme ("общество с ограниченной ответственностью" also matches
"obshchestvo s ogranichennoi otvetstvennostiu" from a passport-style transliteration). The
expansion is shipped precomputed in ``tables/legal_form_keys.tsv`` (``scripts/make_legal_form_keys.py``
writes it, a test checks it is current): building it at import made seven ICU transliterators
(Han, Greek, Cyrillic schemes), a fifth of a second of every command that screens one Latin name.

Forms are stripped at the start of the name when they are ones written before names (Russian-style
"ООО Ромашка", "JSC Foo", "PT Foo"), then at its end, each side as often as one follows another:
payment messages write a form twice ("JSC JOINT-STOCK COMPANY KRYMTETS") and the lists write one
at each end ("OPEN JOINT STOCK COMPANY AMKODOR ... HOLDING COMPANY", "X COMPANY JOINT STOCK
COMPANY"); stripping only one of them left "company" in one side's name and not the other's.
Never when nothing would be left. Bare Co, AS, AD, AT and SA are not stripped at the start, where
they are more often Arabic articles (As-Salam, Ad-Dawa) or the "Co-" of Co-operative.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from magnitsky.model.legal_forms import ABBREVIATIONS, COUNTRIES, LEADING, TRAILING
from magnitsky.names.romanization import romanize

MAX_FORM_TOKENS = 6
KEYS_FILE = Path(__file__).resolve().parent / "tables" / "legal_form_keys.tsv"
_PLACES = {"leading": LEADING, "trailing": TRAILING}


def spelling_keys() -> str:
    """The text of :data:`KEYS_FILE`, built from the table in :mod:`magnitsky.model.legal_forms`:
    a line ``place<TAB>key<TAB>class<TAB>spelling`` per romanised key of every spelling (``place``
    says where the spelling is written: ``leading`` before the name or after it, ``trailing``
    after it)."""
    lines = [
        f"{place}\t{key}\t{cls}\t{spelling}"
        for place, forms in _PLACES.items()
        for cls, spellings in forms.items()
        for spelling in spellings
        for key in sorted({variant.replace(" ", "") for variant in romanize(spelling)})
    ]
    return "\n".join(lines) + "\n"


def _read_keys() -> tuple[dict[str, dict[str, str]], dict[str, str], dict[str, frozenset[str]], dict[str, str]]:
    """The key tables by place (key -> class), each key's first spelling, the countries of every
    spelling with that key (A/S, AS and A.Ş. are one key: Denmark, Norway, Turkey ...), and each
    spelled-out form's key -> its abbreviation's (``ABBREVIATIONS``)."""
    tables: dict[str, dict[str, str]] = {place: {} for place in _PLACES}
    spellings: dict[str, str] = {}
    countries: dict[str, frozenset[str]] = {}
    key_of: dict[str, str] = {}
    for line in KEYS_FILE.read_text(encoding="utf-8").splitlines():
        place, key, cls, spelling = line.split("\t")
        tables[place][key] = cls  # as the spellings are listed: a later one's class wins
        spellings.setdefault(key, spelling)
        key_of.setdefault(spelling, key)
        countries[key] = countries.get(key, frozenset()) | frozenset(COUNTRIES.get(spelling, ()))
    return tables, spellings, countries, {key_of[long]: key_of[short] for long, short in ABBREVIATIONS.items()}


_KEYS, _SPELLINGS, _COUNTRIES, _ABBREVIATED = _read_keys()
_AT_START = _KEYS["leading"]
_AT_END = {**_KEYS["trailing"], **_AT_START}


@lru_cache(maxsize=65536)
def _joined(token: str) -> str:
    variants = romanize(token)
    return variants[0].replace(" ", "") if variants else ""


TYPO_MIN_LENGTH = 7  # "compayn", "corpoartion": long forms are recognised with one slip


def _long_keys(table: dict[str, str]) -> list[str]:
    return [key for key in table if len(key) >= TYPO_MIN_LENGTH]


_LONG_AT_START, _LONG_AT_END = _long_keys(_AT_START), _long_keys(_AT_END)


def _lookup(key: str, table: dict[str, str], long_keys: list[str]) -> str | None:
    """The key of the table ``key`` is; for long forms also with one typo (an edit or a swap)."""
    if key in table:
        return key
    if len(key) < TYPO_MIN_LENGTH - 1:  # "lmited" is "limited" with a letter dropped
        return None
    near = process.extractOne(key, long_keys, scorer=OSA.distance, score_cutoff=1)
    return near[0] if near else None


def _match(keys: list[str], table: dict[str, str], at_end: bool) -> tuple[int, str, str] | None:
    long_keys = _LONG_AT_END if at_end else _LONG_AT_START
    for size in range(min(MAX_FORM_TOKENS, len(keys) - 1), 0, -1):
        part = keys[-size:] if at_end else keys[:size]
        if found := _lookup("".join(part), table, long_keys):
            return size, table[found], found
    return None


def legal_forms(tokens: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """``(tokens without their legal forms, the forms' classes in the order found)``.

    ``["jsc", "joint", "stock", "company", "krymtets"]`` -> ``(["krymtets"], ("jsc", "jsc"))``;
    ``["jsc", "united", "engine", "corporation"]`` -> ``(["united", "engine"], ("jsc", "inc"))``.
    """
    rest, found = written_legal_forms(tokens)
    return rest, tuple(cls for cls, _ in found)


def written_legal_forms(tokens: list[str]) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """``(tokens without their legal forms, (class, key) of each form in the order found)``: the
    key says which form was written (``form_countries``, ``form_spelling``), the class what kind."""
    keys = [_joined(t) for t in tokens]
    start, end, found = 0, len(keys), []
    while match := _match(keys[start:end], _AT_START, at_end=False):
        start += match[0]
        found.append(match[1:])
    while match := _match(keys[start:end], _AT_END, at_end=True):
        end -= match[0]
        found.append(match[1:])
    rest, keys = list(tokens[start:end]), keys[start:end]
    if rest != keys:  # a glued form is cut out of the letters as written: tokens that are their own keys
        return rest, tuple(found)
    if glued := _glued_at_end(keys):
        rest[len(keys) - glued[0]] = keys[len(keys) - glued[0]][: glued[1]]
        del rest[len(keys) - glued[0] + 1 :]
        found.append(glued[2:])
    elif glued := _glued_at_start(keys):
        rest[glued[0] - 1] = keys[glued[0] - 1][glued[1] :]
        del rest[: glued[0] - 1]
        found.append(glued[2:])
    return rest, tuple(found)


def form_countries(key: str) -> frozenset[str]:
    """The countries whose law has the form of ``key`` (a key ``written_legal_forms`` found):
    none for the English forms, which translate every other (``model.legal_forms.COUNTRIES``)."""
    return _COUNTRIES.get(key, frozenset())


def abbreviated(key: str) -> str:
    """The key of the abbreviation of the form spelled out as ``key`` ("sociedad anónima" -> S.A.'s),
    or ``key`` itself (``model.legal_forms.ABBREVIATIONS``)."""
    return _ABBREVIATED.get(key, key)


def form_spelling(key: str) -> str:
    """The form of ``key`` as the table spells it, for explanations: "s.a." for ``sa``."""
    return _SPELLINGS.get(key, key)


# A form run into the word beside it without a space, as payment messages and OCR write it
# ("VTB FACTORINGLIMITED", "DALIRLTD", "SPEDITIONSGMBH", "EMITRADEFZE", "SANAYILIMITED SIRKETI"), is
# seen when it is long, or is an abbreviation that could not be a word's last syllable: no vowel
# (LTD, LLC, GMBH, JSC, KFT), or two consonants no syllable starts with (FZE, FZCO). Other short
# forms are common endings: Turkish "şti" ends every "-nosti", "spa" ends "Vespa", "sas" "Arkansas".
GLUED_MIN_LENGTH = 7
GLUED_MIN_ABBREVIATION = 3
GLUED_MIN_REST = 4  # letters left of the word the form is run into
# ... or 3 beside a form with no vowel: "INTLTD" is INT LTD (Bulgaria's "REAL ESTATES INT LTD EOOD"),
# while a vowelled form after three letters is too often a word's own ending.
GLUED_MIN_REST_BESIDE_ABBREVIATION = 3
_VOWELS = frozenset("aeiou")
_ONSETS = frozenset(
    "bl br ch cl cr dn dr fl fr gl gn gr kh kl kn kr ph pl pr sc sh sk sl sm sn sp st sv sw th tr ts tw wr zh".split()
)


def _gluable(key: str) -> bool:
    if len(key) >= GLUED_MIN_LENGTH:
        return True
    if len(key) < GLUED_MIN_ABBREVIATION:
        return False
    return not set(key) & _VOWELS or (not {key[0], key[1]} & _VOWELS and key[:2] not in _ONSETS)


def _rest_is_a_word(rest: int, form: str) -> bool:
    """Whether ``rest`` letters left beside a glued ``form`` are enough to be a word of the name."""
    return rest >= (GLUED_MIN_REST if set(form) & _VOWELS else GLUED_MIN_REST_BESIDE_ABBREVIATION)


def _glued_at_end(keys: list[str]) -> tuple[int, int, str, str] | None:
    """``(k, i, class, key)`` when the last ``k`` words end in a form that starts after letter ``i``
    of the first of them (the rest of the form is the other words)."""
    for k in range(1, min(MAX_FORM_TOKENS, len(keys)) + 1):
        head, tail = keys[-k], "".join(keys[len(keys) - k + 1 :])
        for i in range(GLUED_MIN_REST_BESIDE_ABBREVIATION, len(head)):  # the longest form first
            form = head[i:] + tail
            if _rest_is_a_word(i, form) and _gluable(form) and (cls := _AT_END.get(form)):
                return k, i, cls, form
    return None


def _glued_at_start(keys: list[str]) -> tuple[int, int, str, str] | None:
    """``(k, i, class, key)`` when the first ``k`` words start with a form that ends at letter ``i``
    of the last of them ("OOO TORGOVYI DOMROMASHKA" is rare; "LLCROMASHKA", "JSCKRYMTETS" are not)."""
    for k in range(1, min(MAX_FORM_TOKENS, len(keys)) + 1):
        head, lead = keys[k - 1], "".join(keys[: k - 1])
        for i in range(len(head) - GLUED_MIN_REST_BESIDE_ABBREVIATION, 0, -1):  # the longest form first
            form = lead + head[:i]
            if _rest_is_a_word(len(head) - i, form) and _gluable(form) and (cls := _AT_START.get(form)):
                return k, i, cls, form
    return None


def legal_form(tokens: list[str]) -> tuple[list[str], str | None]:
    """``(tokens without the legal forms, their class)``, or ``(tokens, None)`` if there is none;
    the class is the first one found that says more than a bare "Co" (``main_form``).

    ``["ooo", "romashka"]`` -> ``(["romashka"], "llc")``;
    ``["foo", "holding", "co", "ltd"]`` -> ``(["foo", "holding"], "llc")``.
    """
    rest, found = legal_forms(tokens)
    return rest, main_form(found)


def main_form(classes: tuple[str, ...]) -> str | None:
    """The class that says most of those stripped from one name: the first other than "co"
    ("JSC ... COMPANY" is a joint-stock company), or "co" when that is all there is."""
    return next((c for c in classes if c != "co"), classes[0] if classes else None)
