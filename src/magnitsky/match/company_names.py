"""What a company name's legal form and length say beside the aligned words.

The index and the query strip legal forms before names are compared (``names.legal_forms``), so
"OOO Garant-SV" and "GARANT-SV LLC" align word for word and the form is no evidence either way.
Two cases are not settled by the words left, and are held below the alert threshold:

* one of the names is one word and the forms are of different classes: "Day Inc" is not DAY
  COMPANY, "Durand SA" not DURAND PROPERTIES LIMITED (which the alignment also holds down: one
  word of several, ``alignment.ONE_PART_CAP``). With the same class, or a form on one side only
  (a payment often leaves it out), the words decide;
* either name has two letters once the form is off ("ЭС", "EK GmbH", "CP LLC"), counted in the
  query's own script ("ЯИ" is two letters, romanised "yai" three): so many companies share two
  letters that they identify none by themselves, unless both names have them exactly and a legal
  form of one class ("MV OOO" for LIMITED LIABILITY COMPANY MV). Three (BVK, NMZ, "ННК") are how
  the lists name many Russian companies: they are left to the words, unless the query's legal
  form is not the listed name's ("Let S.A.S." is not the LET of a listed group's aliases).

A one-word name is held there in three more cases, which one slip in a short name (KYMTETS for
KRYMTETS, ``alignment.SLIPPED``) would otherwise let through: spelled otherwise with a legal form
the listed name lacks ("Kovač d.d." is not KOACH, an alias of a listed group); spelled as a word of
some listed name ("Moran Ltd" is not MOKRAN LLC: a typo seldom makes a name, so a word the lists
know is that word); spelled as a person's given name or surname of the listed word's length
("Tudor SRL" is not TUBOR, "Kolar d.d." not KONAR: firms are named after people,
``names.name_parts``); and a weak alias of one word
("Card a.s." is not 'CARD': OFAC marks such aliases as too broad to screen on alone).

A listed name written without a legal form (SAHA, an alias of IRAN AIRCRAFT INDUSTRIES CO.) is
the name of a company whose other names say what it is: the forms of those stand for its own, so
"Saha Inc" is one word with a form of another class.

A form also says where a company is registered, when it is one country's own (S.A., NV, ApS,
d.o.o., OOO: ``model.legal_forms.COUNTRIES``; the English forms, LLC, Ltd, JSC, translate every
other and say nothing of it). The listed company is of the countries its record gives, with those
of the forms of its names that agree with them; of its forms' countries alone when its record
gives none (``listed_countries``): the EU writes a Russian АО in every language of the Union
("sociedad anónima Region", "Régió Zrt."), and those translations do not make it Spanish. The
query's forms say where the company paid is, unless they are Russian or Ukrainian ones, in which
payments write every company's form. The forms agree when the query's form is written in one of
the listed company's names, or is of one of its countries. A one-word name is held where they
disagree ("Region S.A." is not АО “Регион”, "City NV" not PAO CITY, whose words are common ones),
and where, spelled otherwise, its form is of a country the listed company is not known to be of
("Toft ApS" is not TSOFT OOO, "Caron S.A.R.L." not LLC CARBON: a name a letter away, registered
elsewhere, is another company's).

Every comparison involving a company form is explained (which forms were recognised and set
aside), so a hit says why the form did not count.
"""

from __future__ import annotations

from collections.abc import Iterable

from magnitsky.index import NameForm
from magnitsky.match.evidence import COMPANY_NAME, FEATURES, Evidence, FeatureDefinition
from magnitsky.model.legal_forms import POST_SOVIET
from magnitsky.names import legal_forms, normalize
from magnitsky.names.legalforms import abbreviated, form_countries, form_spelling
from magnitsky.names.name_parts import is_name_part

OTHER_FORM_CAP = 0.8  # a one-word company name with another class of legal form
WEAK_ONE_WORD_CAP = 0.8  # a weak alias of one word ("a.k.a. 'CARD'"): OFAC's own advice is not to screen on these alone
ACRONYM_LETTERS = 2  # a company name this short identifies no company
ACRONYM_CAP = 0.8  # ... so its score is held to this
SHORT_LETTERS = 3  # ... and one this short, only with the listed legal form
_ROMANISED_SLACK = 2  # romanising adds at most this many letters to a two-letter name ("ЩЖ" -> "shchzh": 4)
_TRANSLATING = frozenset(POST_SOVIET)  # the countries of the Russian and Ukrainian forms: payments write every form so
_SHOWN_COUNTRIES = 6  # countries named in an explanation

COMPANY_NAME_FEATURE = FeatureDefinition(
    COMPANY_NAME,
    FEATURES[COMPANY_NAME],
    {
        "other_form_cap": OTHER_FORM_CAP,
        "weak_one_word_cap": WEAK_ONE_WORD_CAP,
        "acronym_letters": ACRONYM_LETTERS,
        "acronym_cap": ACRONYM_CAP,
        "short_letters": SHORT_LETTERS,
    },
)


def listed_countries(record: Iterable[str], form_keys: Iterable[str]) -> frozenset[str]:
    """Where a listed company is registered, as far as its list says: the countries of its record
    (``record``) when a form of its names (``form_keys``) is of one of them, the other forms being
    translations; else those and its forms' countries together (a record may give only an address,
    or nothing)."""
    record = frozenset(record)
    forms = [countries for key in form_keys if (countries := form_countries(key))]
    if any(countries & record for countries in forms):
        return record
    return record.union(*forms)


def _query_countries(query: NameForm) -> frozenset[str]:
    """The countries the query's forms are of: none for the English, Russian and Ukrainian ones."""
    found = (form_countries(key) for key in query.form_keys)
    return frozenset().union(*(countries for countries in found if countries != _TRANSLATING))


def _countries_agree(query: NameForm, listed_keys: tuple[str, ...], home: frozenset[str]) -> bool | None:
    """Whether the query's forms and the listed company's agree on where it is registered: True
    when a query form is written in one of its names (spelled out or not: ``abbreviated``) or is of
    one of its countries (``home``),
    False when they are of other countries, None when either side says nothing of it."""
    written = set(listed_keys)
    if any(key in written or abbreviated(key) in written for key in query.form_keys):
        return True
    countries = _query_countries(query)
    if not countries or not home:
        return None
    return bool(countries & home)


def company_evidence(
    query: NameForm,
    query_name: str,
    listed: NameForm,
    name_score: float,
    weak: bool = False,
    query_word_listed: bool = False,
    entity_forms: tuple[str, ...] = (),
    listed_keys: tuple[str, ...] = (),
    home: frozenset[str] = frozenset(),
) -> Evidence | None:
    """The legal forms and length of an aligned query and listed company name (``query`` is a
    form of ``query_name``; ``weak``: the listed name is a weak alias; ``query_word_listed``: the
    query's one word is spelled as a word of some listed name; ``entity_forms``: the legal-form
    classes of the listed entity's names, read when the listed name has none; ``listed_keys``: the
    forms written in its names; ``home``: its countries, ``listed_countries``), as evidence: a
    negative effect bringing the name score down to a cap, or none (0) with the forms set aside."""
    acronym = _acronym(query, query_name, listed)
    one_word = len(query.tokens) == 1 and len(listed.tokens) == 1
    a_name = one_word and _another_name_alike(query, listed)
    if not (query.legal_forms or listed.legal_forms or acronym or (one_word and (weak or query_word_listed or a_name))):
        return None
    agree = _countries_agree(query, listed_keys, home) if query.form_keys else None
    cap, why = 1.0, ""
    if acronym and not (
        name_score >= 1.0 and _same_forms(query, listed) and _letters(listed.spelled) <= ACRONYM_LETTERS
    ):
        cap, why = ACRONYM_CAP, f"a name of {ACRONYM_LETTERS} letters or fewer identifies no company"
    elif weak and len(listed.tokens) == 1:
        cap, why = WEAK_ONE_WORD_CAP, "a weak alias of one word identifies no company by itself"
    elif _other_forms(query, listed, entity_forms) and (len(query.tokens) == 1 or len(listed.tokens) == 1):
        whose = "is another company" if listed.legal_forms else "than the listed company's names"
        cap, why = OTHER_FORM_CAP, f"one word with a legal form of another class {whose}"
    elif agree is False and (len(query.tokens) == 1 or len(listed.tokens) == 1):
        cap, why = OTHER_FORM_CAP, "one word with a legal form of another country than the listed company's"
    elif one_word and name_score < 1.0 and query.legal_forms and not _same_forms(query, listed):
        cap, why = OTHER_FORM_CAP, "one word spelled otherwise, with a legal form the listed name lacks"
    elif one_word and name_score < 1.0 and query_word_listed:
        cap, why = OTHER_FORM_CAP, "one word spelled as another listed word is that word, not a slip of this one"
    elif one_word and name_score < 1.0 and a_name:
        cap, why = OTHER_FORM_CAP, "one word spelled as a person's name is that name, not a slip of this one"
    elif one_word and name_score < 1.0 and agree is None and _query_countries(query):
        why = "one word spelled otherwise, with a legal form of a country the listed company is not known to be of"
        cap = OTHER_FORM_CAP
    elif query.legal_forms and not _same_forms(query, listed) and _acronym(query, query_name, listed, SHORT_LETTERS):
        cap, why = OTHER_FORM_CAP, f"a name of {SHORT_LETTERS} letters with a legal form the listed name lacks"
    effect = min(0.0, cap - name_score)
    where = _where(query, listed_keys, home, agree) if query.form_keys else ""
    return Evidence(COMPANY_NAME, effect, _describe, (query.legal_forms, listed.legal_forms, why, where))


def _where(query: NameForm, listed_keys: tuple[str, ...], home: frozenset[str], agree: bool | None) -> str:
    """The query's forms and the listed company's countries, worded for the explanation."""
    written = ", ".join(dict.fromkeys(form_spelling(key) for key in query.form_keys))
    if agree is True and set(query.form_keys) & set(listed_keys):
        return f"query form {written}: the forms agree (written in a listed name)"
    if not (countries := _query_countries(query)):
        return f"query form {written} says nothing of the country"
    listed = f"listed company of {_countries(home)}" if home else "listed company's country not known"
    verdict = {True: "agree", False: "disagree", None: "cannot be compared"}[agree]
    return f"query form {written} of {_countries(countries)}, {listed}: the forms' countries {verdict}"


def _countries(countries: frozenset[str]) -> str:
    shown = sorted(countries)
    more = len(shown) - _SHOWN_COUNTRIES
    return " ".join(shown[:_SHOWN_COUNTRIES]) + (f" and {more} more" if more > 0 else "") if shown else "none"


def _another_name_alike(query: NameForm, listed: NameForm) -> bool:
    """Whether the query's one word is a person's name, spelled otherwise than the listed word but
    as long (a letter changed, two swapped: TUDOR / TUBOR). A letter dropped or added is left a
    slip even when it leaves a name: payment messages drop letters (KARS OOO is KARST, OOO)."""
    if len(query.spelled) != 1 or len(listed.spelled) != 1:
        return False
    (word,), (listed_word,) = query.spelled, listed.spelled
    return word != listed_word and len(word) == len(listed_word) and is_name_part(word)


def _acronym(query: NameForm, query_name: str, listed: NameForm, letters: int = ACRONYM_LETTERS) -> bool:
    """Whether one of the names has ``letters`` or fewer (the query's also counted in its own
    script) and the other is about as short: a long name aligned with an acronym is left to the
    alignment, which leaves most of it unpaired."""
    longest = letters + 2 * _ROMANISED_SLACK
    listed_letters, query_letters = _letters(listed.spelled), _letters(query.spelled)
    if listed_letters > longest or query_letters > longest:
        return False
    return min(listed_letters, query_letters) <= letters or _letters(_core(query_name)) <= letters


def _core(name: str) -> list[str]:
    """The words of ``name`` in its own script, its legal forms off."""
    return legal_forms(normalize(name).split())[0]


def _letters(tokens: tuple[str, ...] | list[str]) -> int:
    return sum(len(t) for t in tokens)


def _same_forms(query: NameForm, listed: NameForm) -> bool:
    """Whether both names have a legal form and they share a class."""
    return bool(set(query.legal_forms) & set(listed.legal_forms))


def _other_forms(query: NameForm, listed: NameForm, entity_forms: tuple[str, ...] = ()) -> bool:
    """Whether both names have a legal form and no class in common ("inc" and "co"); a listed name
    without one stands for its entity's names' forms (``entity_forms``)."""
    listed_forms = listed.legal_forms or entity_forms
    return bool(query.legal_forms and listed_forms and not set(query.legal_forms) & set(listed_forms))


def _describe(query: tuple[str, ...], listed: tuple[str, ...], why: str, where: str = "") -> str:
    forms = f"legal form recognised and set aside: query {_forms(query)}, listed {_forms(listed)}"
    return "; ".join(part for part in (forms, where, why) if part)


def _forms(classes: tuple[str, ...]) -> str:
    return "+".join(dict.fromkeys(classes)) if classes else "none"
