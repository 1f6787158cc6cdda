"""Arabic-script name parts (Arabic, Persian, Urdu) in the Latin spellings lists use.

Arabic script leaves short vowels out: ``بشرى`` is b-sh-r-y, and a list writes "Bushra". Three
spellings are made per part, most likely first:

1. A known spelling: the given-name class (``محمد`` -> ``muhammad``, so Mohammed/Mohamed meet it),
   else the most frequent Latin spelling of the part in Wikidata's name groups
   (``tables/arabic_name_parts.tsv``: ``بشري`` -> bushra, ``خميس`` -> khamis).
2. The second known spelling (``عماد`` -> emad / imad); for a part the table knows one spelling of,
   the vowelled guess (``فوز``, which Wikidata only has as "Vause", -> fuz, near the listed FOZ); for
   an unknown part, the vowelled guess with a medial و or ي read as the diphthong aw or ay
   (``جولاني`` -> jawlani). The vowelled guess writes the letters as ALA-LC-like English does
   (ث th, ذ dh, خ kh, غ gh, ش sh, Persian چ ch, ژ zh, پ p, گ g, Urdu ٹ ڈ ڑ), reads و and ي between
   consonants as the vowels u and i, and puts an ``a`` between two consonants that no written vowel
   separates (بلول -> balul, which meets Ballul; حجتي -> hajati, which meets Hojati). When the first
   spelling is a guess, so is the second.
3. The bare consonantal transliteration (``mhmd``), which the phonetic key still links.
4. The first spelling, but for a part the table knows fewer than two spellings of whose و or ي
   inside it is read as o or e, as lists hear them as often (``عامر فوز`` -> amer foz, OFAC's FOZ, Amer).

The article is split off (``الاسد`` -> al asad), as lists write al-/el-/Al; the given-name classes
take el/al and Abd al-/Abdel/Abdul as one. Before a "sun letter" (t, d, r, z, s, l, n) the article
is said as that letter, and North African and French-style spellings write it so, joined to the
word: ``السعدي`` es-Saadi, ESSAADI; ``الصيد`` ESSID; ``التومي`` ETTOUMI. The fourth spelling of such
a word is that joined form (``essaadi``). Text reaches here normalised
(:func:`magnitsky.names.normalize`): presentation forms (ﻣﺤﻤﺪ) are folded by NFKC, the hamza alefs,
alef maqsura, ta marbuta and Persian yeh/kaf by the Arabic letter table.
"""

from __future__ import annotations

from functools import lru_cache

from magnitsky.names.givennames import canonical_token
from magnitsky.names.tables import table
from magnitsky.names.transliteration import transliterate

ARTICLE = "ال"
_TABLE = "arabic_name_parts.tsv"
# Letters ICU's Any-Latin leaves out (Urdu) or spells otherwise than lists do.
_LETTERS = {
    "ٹ": "t",
    "ڈ": "d",
    "ڑ": "r",
    "ں": "n",
    "ھ": "h",
    "ہ": "h",
    "ے": "e",
    "ء": "",
    "ئ": "",
    "ؤ": "",
    "ع": "",
}
_LONG_VOWELS = {"ا": "a", "و": "u", "ي": "i", "ى": "a", "ے": "e"}
_GLIDES = {"و": "w", "ي": "y"}
_OPEN_VOWELS = _LONG_VOWELS | {"و": "o", "ي": "e"}  # Foz, Yousef, Hejazi: how lists also hear them
# The sun letters whose Latin spelling is one letter, which the article assimilates to (es-Saadi)
_SUN_LETTERS = dict(zip("تدرزسصضطظلن", "tdrzssdtzln", strict=True))


def known_spellings(part: str) -> tuple[str, ...]:
    """The Latin spellings of an Arabic-script name part: its given-name class, else the table's."""
    known = canonical_token(part)
    if known.isascii():  # a class already joins every spelling of it: Mohammed, Mehmet, Mohd
        return (known,)
    row = table(_TABLE).get(part)
    return tuple(row[0].split()) if row else ()


def _letter(ch: str) -> str:
    return _LETTERS[ch] if ch in _LETTERS else transliterate("any", ch)


def vowelled(part: str, diphthongs: bool = False, open_vowels: bool = False) -> str:
    """A guess at the vowelled spelling of an unknown part (بلول -> balul): see the module doc.
    ``diphthongs``: a و or ي between two consonants is read as aw / ay (جولاني -> jawlani), the
    other way the script leaves open, instead of the long vowel u / i (julani); ``open_vowels``:
    read as o / e inside the part (فوز -> foz), as lists write them as often."""
    out: list[str] = []
    previous_consonant = False
    for i, ch in enumerate(part):
        initial, final = i == 0, i == len(part) - 1
        if ch == "ه" and final and not initial:
            out.append("a")  # ta marbuta, folded to ه by normalize: Fatima, Hamza
            break
        if diphthongs and ch in _GLIDES and previous_consonant and not final and part[i + 1] not in _LONG_VOWELS:
            out.append("a" + _GLIDES[ch])  # the glide closes the syllable: no vowel after it
            previous_consonant = False
            continue
        if ch in _LONG_VOWELS and not (ch in _GLIDES and (initial or not previous_consonant)):
            out.append((_OPEN_VOWELS if open_vowels and not final else _LONG_VOWELS)[ch])
            previous_consonant = False
            continue
        letter = _GLIDES.get(ch) or _letter(ch)
        if not letter:  # ayn, hamza: heard as a vowel onset, written by lists as the vowel
            if not out or previous_consonant:
                out.append("a" if initial else "")
            previous_consonant = False
            continue
        if previous_consonant:
            out.append("a")
        out.append(letter)
        previous_consonant = True
    return "".join(out)


def _second_spelling(part: str, known: tuple[str, ...]) -> str:
    """The second spelling of a part (see the module doc): a given-name class is met by every
    spelling of it, so it stays itself."""
    if len(known) > 1 or (known and canonical_token(part).isascii()):
        return known[min(1, len(known) - 1)]
    return vowelled(part, diphthongs=not known)


def _open_spelling(part: str, known: tuple[str, ...]) -> str:
    """The fourth spelling of a part (see the module doc): the guess with و and ي read as o and e
    where that reading differs and the table knows fewer than two spellings, else the first. Only
    that reading is new in it: more mixes of spellings already made would reach more listed names
    (حمدي آل سلطان "hamadi al sultan" for Nawfal Hamadi SULTAN)."""
    first = known[0] if known else vowelled(part)
    if len(known) > 1 or (known and canonical_token(part).isascii()):
        return first
    guess = vowelled(part, open_vowels=True)
    return guess if guess != vowelled(part) else first


@lru_cache(maxsize=65536)
def arabic_spellings(token: str) -> tuple[str, str, str, str]:
    """The four spellings of a normalised Arabic-script token (see the module doc), each with the
    article split off as ``al``."""
    parts = [token]
    if token.startswith(ARTICLE) and len(token) > 3 and not canonical_token(token).isascii():
        parts = [ARTICLE, token[2:]]
    first: list[str] = []
    second: list[str] = []
    plain: list[str] = []
    open_: list[str] = []
    for part in parts:
        if part == ARTICLE:
            for spellings in (first, second, plain, open_):
                spellings.append("al")
            continue
        known = known_spellings(part)
        first.append(known[0] if known else vowelled(part))
        second.append(_second_spelling(part, known))
        plain.append(transliterate("any", part))
        open_.append(_open_spelling(part, known))
    if len(parts) == 2:
        open_[-2:] = [assimilated(parts[1], open_[-1])]
    return " ".join(first), " ".join(second), " ".join(plain), " ".join(open_)


def assimilated(part: str, spelling: str) -> str:
    """The article and ``part`` (spelled ``spelling``) as one word, the article said as the sun
    letter ``part`` begins with (``سعدي``, saadi -> essaadi); else ``al`` and the spelling apart."""
    sun = _SUN_LETTERS.get(part[0])
    return f"e{sun}{spelling}" if sun and spelling.startswith(sun) else f"al {spelling}"
