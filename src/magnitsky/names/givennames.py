"""Equivalence classes of common given-name spellings, and ``canonical_token``.

The phonetic key (:mod:`.phonetics`) already merges most transliteration variants
(dmitry/dmitrii/dmitrij). This table covers what a key cannot: vowel and consonant changes that
are conventional rather than phonetic (aleksandr/alexander, yusuf/youssef), abbreviations (mohd),
and the Arabic-script spellings of the most frequent Arabic name elements. Arabic script does not
write short vowels, so ``محمد`` transliterates to the bare consonants ``mhmd``; mapping it here to
``muhammad`` is the only reliable way to connect it to a list's "Mohammed".

Deliberately left out: cross-language equivalents that are different names on an identity
document (Josef/Yusuf, Peter/Pyotr, Michael/Mikhail, Eugene/Yevgeny). Lists carry those as separate
aliases when they apply; merging them here would make every Joseph a candidate for every Yusuf.
Ukrainian and Belarusian forms of a Russian name (Serhiy, Siarhei, Fedir) are one name written by
three neighbouring languages and authorities use them interchangeably for one person, so
:mod:`.slavic_forms` supplies them as a class of the Russian form (``serhiy`` -> ``sergey``).

Keys are matched after :func:`magnitsky.names.normalize`, values are the canonical spelling.
"""

from __future__ import annotations

from functools import lru_cache

from magnitsky.names.cleaning import normalize
from magnitsky.names.slavic_forms import russian_form

GIVEN_NAME_CLASSES: dict[str, tuple[str, ...]] = {
    # Arabic name elements
    "muhammad": (
        "mohammed",
        "mohammad",
        "mohamed",
        "mohamad",
        "muhammed",
        "muhamed",
        "muhamad",
        "mohammod",
        "mukhammad",
        "mukhammed",
        "mukhamed",
        "mohd",
        "muhammet",
        "محمد",
    ),
    "ahmad": ("ahmed", "akhmed", "akhmad", "ahmet", "أحمد"),
    "abd": ("abdul", "abdel", "abdal", "abdol", "abdoul", "abd", "عبد"),
    "abdullah": ("abdulla", "abdallah", "abdalla", "abdellah", "abdoullah", "عبدالله"),
    "al": ("el", "ال"),
    "abu": ("abou", "abo", "أبو"),
    # the nasab ("son of", "daughter of") as lists write it: bin, ibn, and in North Africa ben,
    # bent; Mauritania's ولد is written Ould ("Abd al-Rahman Ould Muhammad al-Husayn", OFAC, UN)
    "bin": ("ibn", "ben", "بن", "ابن"),
    "bint": ("bent", "binte", "بنت"),
    "ould": ("wuld", "walad", "ولد"),
    "osama": ("usama", "usamah", "osamah", "oussama", "ussama", "أسامة"),
    "hussein": (
        "husain",
        "hussain",
        "husayn",
        "hossein",
        "hosseyn",
        "hosein",
        "husein",
        "hussien",
        "houssein",
        "khusein",
        "حسين",
    ),
    "hassan": ("hasan", "hassane", "khasan", "حسن"),
    "yusuf": ("yousef", "youssef", "yousif", "yusef", "yousuf", "yussuf", "youcef", "jusuf", "يوسف"),
    "omar": ("umar", "omer", "عمر"),
    "ali": ("aly", "alee", "علي"),
    "khalid": ("khaled", "chaled", "khalad", "خالد"),
    "mahmoud": ("mahmud", "makhmud", "mahmood", "mahmut", "محمود"),
    "mustafa": ("mustapha", "moustafa", "mostafa", "moustapha", "mustafo", "مصطفى"),
    "ibrahim": ("ebrahim", "ibragim", "ibraheem", "إبراهيم"),
    "saeed": ("said", "saeid", "saaid", "saied", "سعيد"),
    "abdulrahman": ("abdurrahman", "abdelrahman", "abdalrahman", "abdurakhman", "abdulrakhman", "عبدالرحمن"),
    # East Slavic given names (Russian spellings only; see module docstring)
    "aleksandr": ("alexander", "alexandr", "aleksander", "alexandre", "aleksandre"),
    "aleksey": ("alexey", "aleksei", "alexei", "aleksej", "alexej", "aleksiy"),
    "sergey": ("sergei", "serguei", "sergej", "sergeij", "sergeï"),
    "yury": ("yuriy", "yuri", "yurii", "iurii", "iouri", "juri", "jurij", "yurij", "youri"),
    "yevgeny": (
        "yevgeniy",
        "yevgeni",
        "evgeny",
        "evgeniy",
        "evgenii",
        "evgeni",
        "evgenij",
        "jewgeni",
        "jewgenij",
        "evgueni",
        "ievgenii",
    ),
    "dmitry": ("dmitri", "dmitriy", "dmitrii", "dmitrij"),
    "andrey": ("andrei", "andrej", "andreï", "andreij"),
    "nikolay": ("nikolai", "nikolaj", "nicolai", "nicolaï"),
    "vladimir": ("wladimir", "vladimer"),
    "mikhail": ("michail", "mihail", "mikhael"),
    "viktor": ("victor", "wiktor"),
    "pyotr": ("petr", "pjotr", "piotr", "piotre"),
    "fyodor": ("fedor", "fiodor", "fjodor", "feodor"),
    "ilya": ("ilia", "ilja", "iliya"),
    "yulia": ("yuliya", "iuliia", "julija", "ioulia", "yuliia"),
    "tatyana": ("tatiana", "tatjana", "tatiyana", "tatiiana"),
    "natalya": ("natalia", "natalja", "nataliya", "nataliia"),
    "yelena": ("elena", "jelena", "ielena"),
}


def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, variants in GIVEN_NAME_CLASSES.items():
        for spelling in (canonical, *variants):
            out[normalize(spelling)] = canonical
    return out


_CANONICAL = _index()


@lru_cache(maxsize=65536)
def canonical_token(token: str) -> str:
    """The class name of a known given-name spelling (``Mohamed`` -> ``muhammad``; a Ukrainian or
    Belarusian form -> its Russian class: ``Serhiy`` -> ``sergey``), else the normalized token."""
    norm = normalize(token)
    if norm in _CANONICAL:
        return _CANONICAL[norm]
    russian = russian_form(norm) if norm.isascii() else None
    return given_name_class(russian) if russian else norm


def given_name_class(token: str) -> str:
    """The class of ``token`` in :data:`GIVEN_NAME_CLASSES` alone, else the normalized token (what
    ``scripts/make_name_parts.py`` builds the Ukrainian/Belarusian table against)."""
    norm = normalize(token)
    return _CANONICAL.get(norm, norm)
