"""Korean and Chinese names written as their own people write them, for ``bench/quality_scripts.py``
(issue #23).

The lists write North Korean persons in the DPRK's McCune-Reischauer ("Ryong Hae CHOE", OFAC's
"Ch'o'l-Chae KO") and Chinese persons in pinyin ("Fangwei LI"); a bank's customer file, a visa
form or a wire may hold the same person in Hangul or Han characters, in the South's Revised
Romanization, in Wade-Giles, surname first or given name first, the given name joined or
hyphenated. The UK list gives almost none of these in the original script (no Hangul, one Han
name), so the queries are made here from the real listed persons of the benchmark's lists
(OFAC 2021 SDN, OFAC consolidated, UN; never the EU file, the independent check):

* ``korean_hangul``        the listed DPRK person in Hangul, as the DPRK writes it (김정은, 최룡해,
                           리병철: 리 and 룡, not the South's 이 and 용)
* ``korean_romanisation``  the same name in Revised Romanization (Choe Ryong-hae) or in
                           McCune-Reischauer as the South and libraries print it (Ch'oe Ryong-hae,
                           apostrophes and breves dropped), surname first
* ``chinese_han``          the listed Chinese person in Han characters (simplified; traditional for
                           Taiwan, Hong Kong and Macao)
* ``chinese_romanisation`` the listed pinyin in Wade-Giles (Li Fang-wei, Chang Wen-fu)
* ``cjk_name_order``       the listed romanisation with surname and given name swapped, the given
                           name's syllables joined, hyphenated or apart (Kim Jongun, Jong-Un Kim)

How a Hangul or Han form is found for a romanised name: the whole given name in Wikidata's
cross-script name groups (``../shared/data/names/persons.txt.xz``: "jong-un, ... 정은"), else each
syllable as the writing most used in the groups' Korean given names (Han: names of every script
written in Han) among those that romanise to it. For Korean the syllables are read by the tables
below (a syllable is computed from its letters, so every reading is known), respecting OFAC's
apostrophes (Ch'o'l is 철 with ㅊ and ㅓ); for Chinese a character's reading is ICU's
``Han-Latin/Names``. A Chinese person's real characters are not knowable from pinyin (李方伟 and
李芳卫 read alike), so ``chinese_han`` measures the reading path with a plausible writing, not the
person's; the Korean forms are checked against the known cases in tests/test_quality_bench.py.

Negatives (``script_negative``, next to the Hangul and Han ones of quality_scripts): ordinary
Korean and Chinese names from Faker romanised the same ways (RR or MR, pinyin or Wade-Giles,
either order), the names the new readings could falsely connect to a listed Kim or Zhang. A name
that is a listed person's name in a standard romanisation (김영철 is Kim Yong Chol, listed three
times) is a homonym, not a negative, and is left out, here and among quality_scripts' Hangul and
Han names.

Tables and rules are this module's own (and ICU's), never ``magnitsky.names``.
"""

from __future__ import annotations

import lzma
import random
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import icu

import quality_data as qd
from magnitsky.model import Entity, Name

SEED_OFFSET = 7919  # this module's own random stream, so quality_scripts' queries stay as they were
CATEGORY_NAMES = ("korean_hangul", "korean_romanisation", "chinese_han", "chinese_romanisation", "cjk_name_order")
KOREAN_NATIONALITIES = frozenset({"kp", "kr"})
CHINESE_NATIONALITIES = frozenset({"cn", "tw", "hk", "mo"})
TRADITIONAL = frozenset({"tw", "hk", "mo"})
NEGATIVE_LOCALES = ("ko_KR", "zh_CN")

# -- Korean ----------------------------------------------------------------------------------------

_FIRST_SYLLABLE = 0xAC00
# Per initial consonant: (McCune-Reischauer with apostrophes, DPRK's own spelling, Revised Romanization)
_INITIALS = (
    ("k", "k", "g"), ("kk", "kk", "kk"), ("n", "n", "n"), ("t", "t", "d"), ("tt", "tt", "tt"),
    ("r", "r", "r"), ("m", "m", "m"), ("p", "p", "b"), ("pp", "pp", "pp"), ("s", "s", "s"),
    ("ss", "ss", "ss"), ("", "", ""), ("ch", "j", "j"), ("tch", "jj", "jj"), ("ch'", "ch", "ch"),
    ("k'", "kh", "k"), ("t'", "th", "t"), ("p'", "ph", "p"), ("h", "h", "h"),
)  # fmt: skip
# MR after a voiced sound writes the plain stops voiced (Jong-Il, Kyong-Gil): accepted when reading.
_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
_MEDIALS = (
    ("a", "a", "a"), ("ae", "ae", "ae"), ("ya", "ya", "ya"), ("yae", "yae", "yae"), ("o'", "o", "eo"),
    ("e", "e", "e"), ("yo'", "yo", "yeo"), ("ye", "ye", "ye"), ("o", "o", "o"), ("wa", "wa", "wa"),
    ("wae", "wae", "wae"), ("oe", "oe", "oe"), ("yo", "yo", "yo"), ("u", "u", "u"), ("wo'", "wo", "wo"),
    ("we", "we", "we"), ("wi", "wi", "wi"), ("yu", "yu", "yu"), ("u'", "u", "eu"), ("u'i", "ui", "ui"),
    ("i", "i", "i"),
)  # fmt: skip
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
    "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip

# DPRK surnames as lists romanise them -> Hangul (the DPRK keeps ㄹ and ㄴ at a word's start: 리, 류, 로).
KOREAN_SURNAMES = {
    "kim": "김", "ri": "리", "li": "리", "pak": "박", "choe": "최", "cho": "조", "jo": "조", "jang": "장",
    "chang": "장", "kang": "강", "ko": "고", "han": "한", "ku": "구", "o": "오", "mun": "문", "hwang": "황",
    "min": "민", "son": "손", "jong": "정", "chong": "정", "paek": "백", "yun": "윤", "yu": "유", "hyon": "현",
    "pang": "방", "pae": "배", "yon": "연", "ryu": "류", "chi": "지", "kwak": "곽", "chu": "주", "ju": "주",
    "sin": "신", "ryang": "량", "kil": "길", "ryom": "렴", "ho": "허", "ji": "지", "cha": "차", "ra": "라",
    "jon": "전", "chon": "전", "an": "안", "song": "송", "so": "서", "hong": "홍", "yang": "양", "sim": "심",
    "nam": "남", "no": "로", "ro": "로", "ha": "하", "u": "우", "kwon": "권", "um": "엄", "om": "엄",
    "tong": "동", "pyon": "변", "sok": "석", "myong": "명", "pong": "봉", "yom": "염", "ham": "함",
}  # fmt: skip
# How the South writes the same surnames (the Revised Romanization's exceptions people keep).
_SOUTH_SURNAMES = {"리": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "조": "Cho", "류": "Yoo", "로": "Noh"}


def _parts(syllable: str) -> tuple[int, int, int]:
    initial, rest = divmod(ord(syllable) - _FIRST_SYLLABLE, 588)
    medial, final = divmod(rest, 28)
    return initial, medial, final


def _hangul(initial: int, medial: int, final: int) -> str:
    return chr(_FIRST_SYLLABLE + initial * 588 + medial * 28 + final)


def revised(syllable: str) -> str:
    """One syllable in Revised Romanization, as a name's syllables are written apart (룡 -> ryong)."""
    initial, medial, final = _parts(syllable)
    return _INITIALS[initial][2] + _MEDIALS[medial][2] + _FINALS[final]


def mccune(syllable: str, voiced: bool = False) -> str:
    """One syllable in McCune-Reischauer with its apostrophes (철 -> ch'o'l, OFAC's way of writing ch'ŏl)."""
    initial, medial, final = _parts(syllable)
    consonant = _INITIALS[initial][0]
    return (_VOICED.get(consonant, consonant) if voiced else consonant) + _MEDIALS[medial][0] + _FINALS[final]


def _readings(syllable: str) -> set[str]:
    """Every way a list writes ``syllable``: MR with apostrophes, voiced or not, and DPRK's style."""
    initial, medial, final = _parts(syllable)
    dprk = _INITIALS[initial][1] + _MEDIALS[medial][1] + _FINALS[final]
    return {mccune(syllable), mccune(syllable, voiced=True), dprk}


@cache
def _korean_readings() -> dict[str, list[str]]:
    """A written syllable (apostrophes as written, lower case) -> the Hangul syllables it can be."""
    table: dict[str, list[str]] = defaultdict(list)
    for code in range(11172):
        syllable = chr(_FIRST_SYLLABLE + code)
        for reading in _readings(syllable):
            table[reading].append(syllable)
            table[reading.replace("'", "")].append(syllable)  # written without apostrophes
    return {k: list(dict.fromkeys(v)) for k, v in table.items()}


def _south_form(syllable: str) -> str:
    """The South's spelling of a DPRK syllable starting with ㄹ or ㄴ (룡 -> 용, 력 -> 역, 로 -> 노): the
    same syllable, so the South's name statistics count for it."""
    initial, medial, final = _parts(syllable)
    if initial not in (2, 5):  # ㄴ, ㄹ
        return syllable
    front = _MEDIALS[medial][2][:1] in "iy"
    return _hangul(11 if front else 2, medial, final)


# -- name groups ----------------------------------------------------------------------------------


@cache
def _groups(data_dir: Path) -> list[list[str]]:
    with lzma.open(data_dir / "names" / "persons.txt.xz", "rt", encoding="utf-8") as fh:
        return [line.rpartition(" => ")[0].split(", ") for line in fh]


def _squeeze(latin: str) -> str:
    """A romanised given name without accents, apostrophes, hyphens or spaces: jŏng-ŭn -> jongun."""
    return re.sub("[^a-z]", "", _icu("Latin-ASCII").transliterate(latin).lower())


@cache
def _icu(spec: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(spec)


def _is_hangul(text: str) -> bool:
    return bool(text) and all(0xAC00 <= ord(c) <= 0xD7A3 for c in text)


def _is_han(text: str) -> bool:
    return bool(text) and all(0x4E00 <= ord(c) <= 0x9FFF for c in text)


@cache
def _written_forms(data_dir: Path, korean: bool) -> tuple[dict[str, Counter], Counter]:
    """(squeezed Latin given name -> Counter of its Hangul or Han writings weighted by the group's
    size, Counter of syllables over those writings)."""
    native = _is_hangul if korean else _is_han
    by_latin: dict[str, Counter] = defaultdict(Counter)
    syllables: Counter = Counter()
    for group in _groups(data_dir):
        writings = [p for p in group if native(p) and 1 <= len(p) <= 3]
        latins = {_squeeze(p) for p in group if p.isascii() or p[:1].isalpha() and not native(p)}
        latins.discard("")
        if not writings or not latins:
            continue
        for writing in writings:
            syllables.update(writing)
            for latin in latins:
                by_latin[latin][writing] += len(group)
    return by_latin, syllables


def _choose(candidates: list[list[str]], squeezed: str, data_dir: Path, korean: bool) -> str | None:
    """The writing of a given name whose syllables each are among ``candidates`` (one list per
    syllable): the name groups' writing of the whole name when one fits, else the most used
    syllable for each."""
    if not all(candidates):
        return None
    by_latin, syllables = _written_forms(data_dir, korean)
    for writing, _ in by_latin.get(squeezed, Counter()).most_common():
        if len(writing) == len(candidates) and all(ch in c for ch, c in zip(writing, candidates)):
            return writing
    weight = (lambda s: syllables[s] + syllables[_south_form(s)]) if korean else syllables.__getitem__
    return "".join(max(c, key=lambda s: (weight(s), -c.index(s))) for c in candidates)


# Where the South's name statistics mislead for the North: "Ryong" in DPRK names is 룡 (龍: 최룡해,
# 리룡남), while the South's 용/영 counts would pick 령.
_DPRK_USAGE = {"ryong": "룡"}


def korean_given(given: str, data_dir: Path) -> str | None:
    """A DPRK given name as listed (Jong Un, Ch'o'l-Chae, Kyong-Gil) in Hangul, or None when a
    syllable is not a Korean syllable."""
    table = _korean_readings()
    words = [w for w in re.split(r"[\s-]+", given.lower().replace("’", "'")) if w]
    candidates = [[_DPRK_USAGE[w]] if w in _DPRK_USAGE else table.get(w, []) for w in words]
    return _choose(candidates, "".join(words).replace("'", ""), data_dir, korean=True)


# -- Chinese ----------------------------------------------------------------------------------------

CHINESE_SURNAMES = {
    "li": "李", "wang": "王", "zhang": "张", "liu": "刘", "chen": "陈", "yang": "杨", "huang": "黄",
    "zhao": "赵", "wu": "吴", "zhou": "周", "xu": "徐", "sun": "孙", "ma": "马", "zhu": "朱", "hu": "胡",
    "guo": "郭", "he": "何", "gao": "高", "lin": "林", "luo": "罗", "zheng": "郑", "liang": "梁",
    "xie": "谢", "song": "宋", "tang": "唐", "han": "韩", "feng": "冯", "deng": "邓", "cao": "曹",
    "peng": "彭", "zeng": "曾", "xiao": "肖", "tian": "田", "dong": "董", "pan": "潘", "yuan": "袁",
    "cai": "蔡", "jiang": "蒋", "yu": "余", "du": "杜", "ye": "叶", "cheng": "程", "wei": "魏", "su": "苏",
    "lu": "卢", "ding": "丁", "ren": "任", "shen": "沈", "yao": "姚", "jin": "金", "fu": "傅", "hong": "洪",
    "qin": "秦", "jia": "贾", "xia": "夏", "fang": "方", "shi": "石", "bai": "白", "kong": "孔", "cui": "崔",
    "kang": "康", "mao": "毛", "qiu": "邱", "qian": "钱", "gu": "顾", "hou": "侯", "shao": "邵", "meng": "孟",
    "long": "龙", "wan": "万", "duan": "段", "lei": "雷", "wen": "温", "yin": "尹", "yan": "严", "ji": "纪",
    "chi": "池", "lang": "郎", "yi": "易", "niu": "牛", "tan": "谭", "bo": "薄", "xiong": "熊", "hao": "郝",
}  # fmt: skip


@cache
def _han_readings(data_dir: Path) -> dict[str, list[str]]:
    """Toneless pinyin syllable -> the Han characters the name groups use that ICU's name readings
    give it (rare characters, whose readings include hm and ei, are left out)."""
    table: dict[str, list[str]] = defaultdict(list)
    reader = _icu("Han-Latin/Names; Latin-ASCII; Lower")
    used = _written_forms(data_dir, korean=False)[1]
    for character, count in used.items():
        reading = reader.transliterate(character)
        if count >= 3 and reading.isalpha() and reading.isascii():
            table[reading].append(character)
    return dict(table)


def pinyin_syllables(word: str, data_dir: Path) -> list[str] | None:
    """``word`` (a romanised given name, hyphens and spaces allowed) cut into pinyin syllables, the
    fewest possible; None when it is not pinyin (Kwok-wai, Yeuk)."""
    readings = _han_readings(data_dir)
    squeezed = re.sub("[^a-z]", "", word.lower())
    best: list[list[str] | None] = [[]] + [None] * len(squeezed)
    for end in range(1, len(squeezed) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is not None and squeezed[start:end] in readings:
                if best[end] is None or len(head) + 1 < len(best[end]):
                    best[end] = [*head, squeezed[start:end]]
    found = best[-1]
    return found if found and len(found) <= 3 else None


def chinese_given(given: str, data_dir: Path) -> str | None:
    syllables = pinyin_syllables(given, data_dir)
    if syllables is None:
        return None
    readings = _han_readings(data_dir)
    return _choose([readings[s] for s in syllables], "".join(syllables), data_dir, korean=False)


_WG_WHOLE = {
    "zhi": "chih", "chi": "ch'ih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tz'u", "si": "ssu",
    "er": "erh", "you": "yu", "yan": "yen", "ye": "yeh", "yong": "yung", "yue": "yueh", "yuan": "yuan",
}  # fmt: skip
_WG_INITIALS = (
    ("zh", "ch"), ("ch", "ch'"), ("sh", "sh"), ("b", "p"), ("p", "p'"), ("d", "t"), ("t", "t'"),
    ("g", "k"), ("k", "k'"), ("j", "ch"), ("q", "ch'"), ("x", "hs"), ("r", "j"), ("z", "ts"), ("c", "ts'"),
)  # fmt: skip


def wade_giles(syllable: str) -> str:
    """A toneless pinyin syllable in Wade-Giles with its apostrophes (qing -> ch'ing, guo -> kuo)."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    initial, wg_initial = next(((p, w) for p, w in _WG_INITIALS if syllable.startswith(p)), ("", ""))
    final = syllable[len(initial) :]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "ü" + final[1:]  # ju, que, xun: the u there is ü
    if final == "e" and initial in ("g", "k", "h"):
        final = "o"
    elif final == "uo" and initial not in ("g", "k", "h", "sh", ""):
        final = "o"
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"
    final = re.sub("ong$", "ung", final)
    final = re.sub("ian$", "ien", final)
    final = re.sub("(?<=[iü])e$", "eh", final)
    final = re.sub("^iu$", "iu", final)
    return wg_initial + final


# -- the set ---------------------------------------------------------------------------------------


def _origin(entity: Entity) -> str | None:
    nationalities = set(entity.nationalities)
    if nationalities & KOREAN_NATIONALITIES or any("DPRK" in p for p in entity.programs):
        return "korean"
    if nationalities & CHINESE_NATIONALITIES:
        return "chinese"
    return None


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _given_spellings(syllables: list[str], rng: random.Random) -> str:
    """Syllables of a given name joined, hyphenated (lower or upper case after the hyphen) or apart."""
    style = rng.choice(("joined", "hyphen", "Hyphen", "apart"))
    if len(syllables) < 2 or style == "apart":
        return " ".join(_title(s) for s in syllables)
    if style == "joined":
        return _title("".join(syllables))
    rest = "-".join(syllables[1:])
    return _title(syllables[0]) + "-" + (rest.capitalize() if style == "Hyphen" else rest)


def _ascii(text: str) -> str:
    return _icu("Latin-ASCII").transliterate(text).replace("'", "")


def _split(name: Name) -> tuple[list[str], list[str]] | None:
    """(given tokens, family tokens) when the list marks the surname (split, and in capitals as OFAC
    and the UN write it: "Ryong Hae CHOE"); None when which word is the surname is a guess."""
    given, family = qd.person_parts(name)
    if not name.family or not given or not all(t.isupper() for t in family) or all(t.isupper() for t in given):
        return None
    return given, family


def korean_queries(entity: Entity, name: Name, data_dir: Path, rng: random.Random) -> dict[str, str]:
    if (split := _split(name)) is None:
        return {}
    given_tokens, family_tokens = split
    family = "".join(family_tokens).lower().replace("'", "")
    if len(family_tokens) != 1 or family not in KOREAN_SURNAMES or not given_tokens:
        return {}
    given = korean_given(" ".join(given_tokens), data_dir)
    if given is None:
        return {}
    surname = KOREAN_SURNAMES[family]
    out = {"korean_hangul": surname + rng.choice(("", " ")) + given}
    if rng.random() < 0.5:
        syllables = [revised(s) for s in given]
        family_latin = rng.choice((revised(surname), _SOUTH_SURNAMES.get(surname, revised(surname))))
    else:
        syllables = [_ascii(mccune(s, voiced=i > 0)) for i, s in enumerate(given)]
        family_latin = _ascii(mccune(surname))
    out["korean_romanisation"] = _title(family_latin) + " " + _given_spellings(syllables, rng)
    listed = [_ascii(w).lower() for w in re.split(r"[\s-]+", " ".join(given_tokens)) if w]
    out["cjk_name_order"] = _reorder(_title(_ascii(family)), listed, name, rng)
    return out


def chinese_queries(entity: Entity, name: Name, data_dir: Path, rng: random.Random) -> dict[str, str]:
    if (split := _split(name)) is None:
        return {}
    given_tokens, family_tokens = split
    family = "".join(family_tokens).lower()
    syllables = pinyin_syllables(" ".join(given_tokens), data_dir)
    if len(family_tokens) != 1 or family not in CHINESE_SURNAMES or syllables is None:
        return {}
    given = chinese_given(" ".join(given_tokens), data_dir)
    if given is None:
        return {}
    han = CHINESE_SURNAMES[family] + given
    if set(entity.nationalities) & TRADITIONAL:
        han = _icu("Simplified-Traditional").transliterate(han)
    wade = [_ascii(wade_giles(s)) if rng.random() < 0.5 else wade_giles(s) for s in syllables]
    out = {
        "chinese_han": han,
        "chinese_romanisation": _title(_ascii(wade_giles(family))) + " " + _given_spellings(wade, rng),
    }
    out["cjk_name_order"] = _reorder(_title(family), syllables, name, rng)
    return out


def _reorder(family: str, syllables: list[str], name: Name, rng: random.Random) -> str:
    """The listed name with the other order than the list's, the given name's syllables respelled."""
    given = _given_spellings(syllables, rng)
    family_first = name.full.split()[0].lower().replace("'", "") == family.lower()
    return f"{given} {family}" if family_first else f"{family} {given}"


def positives(entities: list[Entity], data_dir: Path, per_category: int, rng: random.Random) -> list[qd.Query]:
    """Up to ``per_category`` persons per category, each asked with and without the birth date."""
    made: dict[str, list[qd.Query]] = defaultdict(list)
    persons = [e for e in entities if e.schema == "Person" and _origin(e)]
    for entity in rng.sample(persons, len(persons)):
        make = korean_queries if _origin(entity) == "korean" else chinese_queries
        for name in (n for n in entity.names if n.kind in qd.STRONG_KINDS and n.full.isascii()):
            queries = make(entity, name, data_dir, rng)
            if queries:
                break
        else:
            continue
        listed = {qd._plain(n.full) for n in entity.names}
        for category, text in queries.items():
            if len(made[category]) >= 2 * per_category or qd._plain(text) in listed:
                continue
            qid = f"{category}:{entity.id}"
            made[category].append(qd.Query(qid, category, qd.PERSON, text, None, entity.id, name.full))
            if dob := qd._birth_date(entity):
                made[category].append(qd.Query(qid + ":dob", category, qd.PERSON, text, dob, entity.id, name.full))
    return [q for queries in made.values() for q in queries]


def _dprk(syllable: str) -> str:
    initial, medial, final = _parts(syllable)
    return _INITIALS[initial][1] + _MEDIALS[medial][1] + _FINALS[final]


def native_keys(text: str) -> set[frozenset[str]]:
    """The name keys of a Hangul or Han name (surname first, as written) in its standard
    romanisations, given name joined or apart: 김영철 -> {kim, yong, chol}, {kim, yongchol},
    {gim, yeong, cheol}, ...; 张建 -> {zhang, jian}. Empty for other names."""
    letters = text.replace(" ", "")
    if _is_hangul(letters):
        spellings = [[_dprk(s) for s in letters], [_ascii(mccune(s)) for s in letters], [revised(s) for s in letters]]
    elif _is_han(letters):
        spellings = [_icu("Han-Latin/Names; Latin-ASCII; Lower").transliterate(letters).split()]
    else:
        return set()
    keys = set()
    for syllables in spellings:
        if len(syllables) > 1:
            keys |= {frozenset(syllables), frozenset((syllables[0], "".join(syllables[1:])))}
    return keys


def same_as_listed(text: str, listed: set[frozenset[str]]) -> bool:
    """Whether a Hangul or Han name is, in a standard romanisation, a listed person's name: an alert
    on it is right (a homonym), so it is no negative (as quality_data drops a Latin one)."""
    return bool(native_keys(text) & listed)


def draw_negatives(
    n: int, listed: set[frozenset[str]], rng: random.Random, seed: int, locales: tuple[str, ...], make, kind: str = ""
) -> list[qd.Query]:
    """``n`` distinct ordinary names, each asked with and without a random birth date: ``make(faker,
    locale, rng)`` gives (the query's text, the name as written natively) or None to draw again. A
    name that is a listed name (its key, or a homonym in a standard romanisation) is drawn again."""
    fakers = qd._fakers(locales, seed)
    queries: list[qd.Query] = []
    seen: set[frozenset[str]] = set()
    attempts = 0
    while len(seen) < n and attempts < 20 * n:
        attempts += 1
        locale = locales[attempts % len(locales)]
        made = make(fakers[locale], locale, rng)
        if made is None:
            continue
        text, native = made
        key = qd.name_key(text)
        if len(key) < 2 or key in listed or key in seen or same_as_listed(native, listed):
            continue
        seen.add(key)
        queries += negative_pair(f"script_negative:{len(seen)}:{locale}{kind}", text, rng)
    return queries


def _romanised_negative(fake, locale: str, rng: random.Random) -> tuple[str, str] | None:
    """An ordinary Korean or Chinese name romanised as the positives are: RR or MR, pinyin or
    Wade-Giles, given name joined, hyphenated or apart, either order."""
    family, given = fake.last_name(), fake.first_name()
    if locale == "ko_KR":
        if not (_is_hangul(family) and _is_hangul(given)):
            return None
        voiced = rng.random() < 0.5
        spell = (lambda s, i: revised(s)) if voiced else (lambda s, i: _ascii(mccune(s, voiced=i > 0)))
        family_latin = _title(spell(family[0], 0) if len(family) == 1 else "".join(map(revised, family)))
        syllables = [spell(s, i) for i, s in enumerate(given)]
    else:
        reader = _icu("Han-Latin/Names; Latin-ASCII; Lower")
        family_latin = _title(reader.transliterate(family).replace(" ", ""))
        syllables = reader.transliterate(given).split()
        if rng.random() < 0.5:
            family_latin = _title(_ascii(wade_giles(family_latin.lower())))
            syllables = [_ascii(wade_giles(s)) for s in syllables]
    given_latin = _given_spellings(syllables, rng)
    text = f"{family_latin} {given_latin}" if rng.random() < 0.5 else f"{given_latin} {family_latin}"
    return text, family + given


def negatives(n: int, listed: set[frozenset[str]], rng: random.Random, seed: int) -> list[qd.Query]:
    """``n`` ordinary Korean and Chinese names from Faker, romanised (each also asked with a random
    birth date)."""
    return draw_negatives(n, listed, rng, seed, NEGATIVE_LOCALES, _romanised_negative, "-latin")


def negative_pair(qid: str, text: str, rng: random.Random) -> list[qd.Query]:
    """An ordinary name asked without and with a random birth date."""
    return [
        qd.Query(qid, "script_negative", qd.PERSON, text),
        qd.Query(qid + ":dob", "script_negative", qd.PERSON, text, qd._random_birth_date(rng)),
    ]


def evaluation_set(
    entities: list[Entity], data_dir: Path, per_category: int, n_negatives: int, seed: int
) -> list[qd.Query]:
    rng = random.Random(seed + SEED_OFFSET)
    queries = positives(entities, data_dir, per_category, rng)
    return queries + negatives(n_negatives, qd.listed_keys(entities), rng, seed + SEED_OFFSET)
