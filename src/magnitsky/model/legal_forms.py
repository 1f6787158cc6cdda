"""Company legal forms: the one table of their spellings, and how a list parser reads them.

Canonical classes (deliberately coarse: a screening hit should not fail because one list says
"ZAO" and another "CJSC", and equivalences across jurisdictions are approximate anyway):

``llc``  limited liability / private limited company: LLC, Ltd, Limited, Co Ltd, Pty Ltd,
         GmbH, SARL, SRL, Sp. z o.o., BV, s.r.o., d.o.o., Kft, ApS, Ltda, EURL, Sdn Bhd, PT, FZE, S.L.,
         FZCO, OOO/ООО, TOV/ТОВ (Ukraine), TOO/ТОО (Kazakhstan), OOD/ЕООД (Bulgaria), MMC (Azerbaijan),
         有限会社 (Japan), 유한회사 (Korea), and the spelled-out forms.
``jsc``  joint-stock / share company: JSC, OJSC, CJSC, PJSC, AO, ZAO, OAO, PAO, PAT, PrAT,
         AG, SA, S.A., SpA, SAS, NV, AB, AS, ASA, a.s., Oy, Oyj, AD, EAD, d.d., Zrt, Nyrt, Rt., Bhd, KK, C.A.,
         Tbk, Α.Ε., Α.Β.Ε.Ε., 株式会社, 주식회사.
``plc``  public limited company: PLC, Public Limited Company, PCL.
``inc``  US-style corporation: Inc, Incorporated, Corp, Corporation.
``lp``   partnerships: LP, LLP, KG, KGaA, GbR, GmbH & Co KG, OHG, SNC, S.Com., Sp.k., Sp.j., S.K.A., Bt.,
         Kkt., Ky, VOF, k.d., limited partnership ("limited liability
         partnership" spelled out is ``llc``: the lists' translation of Kazakhstan's ТОО).
``co``   a bare "Co" / "Company" / "Cie" with no more specific form.
``assoc`` associations and cooperatives: o.s. and z.s. (Czech), A.C. (Mexico), e.V. and e.G. (Germany), S.Coop. (Spain).

Forms of Chinese (有限公司, 股份有限公司), Greek (Α.Ε., Ε.Π.Ε., Ο.Ε.) and Vietnamese (Công ty TNHH)
companies are in the table too: the matcher romanises them, so "yu hsien kung ssu" and
"you xian gong si" are one form.

The matcher strips a form from a company's name (``names.legalforms.legal_form``, which expands
every spelling through each romanisation scheme); list parsers ask whether a name mentions one
(OFAC's CSV does not say whether an entity is a company: a name with a legal form is one's) or
whether a fragment is one and nothing else (Canada's aliases split "Lakhta Plaza, LLC" at the
comma). Both read this table; parsers compare spellings case- and accent-folded, without spaces
or punctuation, so "L.L.C.", "l l c" and "LLC" are one spelling.
"""

from __future__ import annotations

import re
import unicodedata

# Spellings only ever written after the name.
TRAILING: dict[str, tuple[str, ...]] = {
    "llc": (
        "ltd",
        "limited",
        "co ltd",
        "company limited",
        "limited company",
        "pty ltd",
        "pvt ltd",
        "private limited",
        "private limited company",
        "gmbh",
        "gesellschaft mit beschränkter haftung",
        "sarl",
        "s.à r.l.",
        "srl",
        "sp z o o",
        "bv",
        "besloten vennootschap",
        "s.r.o.",
        "d.o.o.",
        "j.d.o.o.",
        "s.l.",  # Spain: sociedad limitada
        "s.l.u.",  # ... with one partner (unipersonal)
        "s.l.l.",  # ... laboral (owned by its workers)
        "s.l.n.e.",  # ... nueva empresa
        "ltd şti",  # Turkish limited şirketi
        "şti",
        "limited şirketi",
        "kft",
        "aps",
        "lda",
        "ltda",
        "eurl",
        "sdn bhd",
        "fze",
        "fzco",
        "fzc",
        "fz llc",
        "有限公司",  # Chinese: limited (liability) company, after the name
        "有限责任公司",
        "有限責任公司",
        "ε.π.ε.",  # Greek: εταιρεία περιορισμένης ευθύνης
        "ι.κ.ε.",  # Greek: ιδιωτική κεφαλαιουχική εταιρεία
        "оод",  # Bulgarian: дружество с ограничена отговорност
        "еоод",  # ... with one owner
        "mmc",  # Azerbaijani: məhdud məsuliyyətli cəmiyyət
    ),
    "jsc": (
        "ag",
        "aktiengesellschaft",
        "sa",
        "société anonyme",
        "sociedad anónima",
        "spa",
        "sas",
        "nv",
        "naamloze vennootschap",
        "ab",
        "aktiebolag",
        "as",
        "a/s",
        "asa",
        "oy",
        "oyj",
        "ad",
        "d.d.",
        "zrt",
        "nyrt",
        "bhd",
        "berhad",
        "sal",  # société anonyme libanaise
        "c.a.",  # Venezuela: compañía anónima
        "compañía anónima",
        "anonim şirketi",
        "a.ş.",
        "kk",
        "kabushiki kaisha",
        "股份有限公司",  # Chinese: company limited by shares
        "α.ε.",  # Greek: ανώνυμη εταιρεία
        "α.β.ε.ε.",  # ... βιομηχανική και εμπορική (industrial and commercial)
        "α.ε.β.ε.",  # ... εμπορική και βιομηχανική
        "s.a.u.",  # Spain: sociedad anónima unipersonal
        "rt.",  # Hungary: részvénytársaság, before Zrt. and Nyrt. (2006)
        "ead",  # Bulgarian: еднолично акционерно дружество
        "еад",
        "tbk",  # Indonesia: (perseroan) terbuka, a listed company
    ),
    "plc": ("plc", "public limited company", "public company limited", "pcl"),
    "inc": ("inc", "incorporated", "corp", "corporation"),
    "lp": (
        "lp",
        "llp",
        "limited partnership",
        "kg",
        "kommanditgesellschaft",
        "gmbh & co kg",
        "gmbh & co",
        "ohg",
        "snc",
        "s.c.",  # sociedad civil (Mexico), spółka cywilna (Poland)
        "k.s.",  # Czech and Slovak partnerships
        "v.o.s.",
        "ο.ε.",  # Greek partnerships: ομόρρυθμη, ετερόρρυθμη εταιρεία
        "ε.ε.",
        "s.c.p.",  # France: société civile professionnelle
        "s.com.",  # Spain: sociedad comanditaria
        "sp.k.",  # Poland: spółka komandytowa
        "sp.j.",  # ... jawna
        "s.k.a.",  # ... komandytowo-akcyjna
        "kgaa",  # Germany: Kommanditgesellschaft auf Aktien
        "gbr",  # ... Gesellschaft bürgerlichen Rechts
        "bt.",  # Hungary: betéti társaság
        "kkt.",  # ... közkereseti társaság
        "ky",  # Finland: kommandiittiyhtiö
        "vof",  # Netherlands, Belgium: vennootschap onder firma
        "commv",  # Belgium: commanditaire vennootschap
        "кд",  # Bulgaria: командитно дружество
        "k.d.",  # Slovenia, Croatia: komanditna družba
        "d.n.o.",  # ... družba z neomejeno odgovornostjo
    ),
    # associations and other non-profit forms
    "assoc": (
        "o.s.",  # Czech: občanské sdružení
        "z.s.",  # Czech: zapsaný spolek
        "o.p.s.",  # Czech: obecně prospěšná společnost
        "a.c.",  # Mexico: asociación civil
        "e.v.",  # Germany: eingetragener Verein
        "e.g.",  # Germany: eingetragene Genossenschaft (a cooperative)
        "s.coop.",  # Spain: sociedad cooperativa
    ),
    "co": ("co", "company", "cie", "compania", "compagnie", "& co"),
}

# Spellings written before the name as often as after it.
LEADING: dict[str, tuple[str, ...]] = {
    "llc": (
        "llc",
        "limited liability company",
        "ооо",
        "ooo",
        "общество с ограниченной ответственностью",
        "тов",
        "товариство з обмеженою відповідальністю",
        "тоо",
        "товарищество с ограниченной ответственностью",
        "limited liability partnership",  # how the lists translate Kazakhstan's ТОО, written first
        "pt",
        "perseroan terbatas",
        "công ty tnhh",  # Vietnam, written first or last: công ty trách nhiệm hữu hạn
        "công ty trách nhiệm hữu hạn",
        "유한회사",  # Korea: yuhan hoesa
        "有限会社",  # Japan: yūgen kaisha
        "合同会社",  # ... gōdō kaisha
    ),
    "jsc": (
        "jsc",
        "ojsc",
        "cjsc",
        "pjsc",
        "joint stock company",
        "open joint stock company",
        "closed joint stock company",
        "public joint stock company",
        "private joint stock company",
        "ао",
        "зао",
        "оао",
        "пао",
        "ao",
        "zao",
        "oao",
        "pao",
        "нао",
        "акционерное общество",
        "открытое акционерное общество",
        "закрытое акционерное общество",
        "публичное акционерное общество",
        "непубличное акционерное общество",
        "пат",
        "прат",
        "ват",
        "зат",
        "акціонерне товариство",
        "публічне акціонерне товариство",
        "приватне акціонерне товариство",
        "công ty cổ phần",  # Vietnam
        "주식회사",  # Korea: jusik hoesa, written first or last
        "株式会社",  # Japan: kabushiki kaisha
    ),
}

# Spellings that say a name is a company's but that the matcher does not strip: stripping them
# changes the name forms of about one in ninety names on the OFAC lists, which is for the
# quality benchmark to decide.
RECOGNISED: dict[str, tuple[str, ...]] = {
    "llc": ("pte", "pvt", "limitada", "eirl", "s de rl", "s de rl de cv"),
    "jsc": ("sa de cv", "sac", "sae", "sasu"),
    "co": ("cia",),
}

# Where each form is a company's own: the countries (ISO 3166 alpha-2, lower case) whose law has
# it. A form of one country's law says where the company is registered; those not here say nothing
# of it: the English ones (LLC, Ltd, JSC, Inc, Co ...) are how lists and payment messages translate
# every other, and so say only what kind of company it is. The groups are generous: a form missing
# a country it is used in would set a company of that country apart from its own form.
# The countries whose law names its forms in Russian or Ukrainian (ООО, АО, ТОВ, ТОО): not Moldova,
# Georgia, Armenia or Azerbaijan, whose forms (S.R.L., შპს, ՍՊԸ, MMC) those only translate.
POST_SOVIET = ("ru", "by", "ua", "kz", "uz", "kg", "tj", "tm")
_FRENCH = (
    "fr", "be", "lu", "ch", "mc", "ca", "lb", "ma", "dz", "tn", "mr", "sn", "ci", "cm", "ml", "bf", "ne",
    "td", "cf", "cg", "cd", "ga", "gn", "bj", "tg", "mg", "km", "dj", "ht", "gq", "gw",
)  # fmt: skip
_SPANISH = (
    "es", "mx", "gt", "hn", "sv", "ni", "cr", "pa", "cu", "do", "pr", "co", "ve", "ec", "pe", "bo", "cl",
    "ar", "uy", "py", "gq", "ad", "ph",
)  # fmt: skip
_PORTUGUESE = ("pt", "br", "ao", "mz", "cv", "gw", "st", "tl", "mo")
_ITALIAN = ("it", "sm", "va", "ch")
_GERMAN = ("de", "at", "ch", "li", "lu")
_DUTCH = ("nl", "be", "sr", "cw", "aw", "sx", "bq")
_YUGOSLAV = ("si", "hr", "ba", "rs", "me", "mk", "xk")
_CHINESE = ("cn", "hk", "mo", "tw", "sg", "my")
_GREEK = ("gr", "cy")


def _countries(*groups: tuple[str, ...] | str) -> tuple[str, ...]:
    return tuple(sorted({c for g in groups for c in ((g,) if isinstance(g, str) else g)}))


_BY_COUNTRIES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (POST_SOVIET, tuple(s for t in LEADING.values() for s in t if re.search("[а-яіїє]", s)) + (
        "ooo", "ao", "zao", "oao", "pao")),
    (_countries("az"), ("mmc",)),
    (_countries(_FRENCH, _SPANISH, _PORTUGUESE, "pl", "ro", "md", "gr"), ("sa",)),
    (_countries(_FRENCH), ("société anonyme", "sarl", "s.à r.l.", "eurl", "s.c.p.", "cie", "compagnie")),
    (_countries(_FRENCH, "co", "it"), ("sas",)),
    (_countries(_SPANISH), ("sociedad anónima", "s.l.", "s.l.u.", "s.l.l.", "s.l.n.e.", "s.a.u.",
                            "s.com.", "s.coop.", "a.c.", "compania")),
    (_countries("ve", "ec"), ("c.a.", "compañía anónima")),
    (_countries(_SPANISH, _ITALIAN, "ro", "md", "be"), ("srl",)),
    (_countries(_ITALIAN, "cl"), ("spa",)),
    (_countries(_FRENCH, _ITALIAN, "ro"), ("snc",)),
    (_countries(_FRENCH, _SPANISH, "pl", "ro"), ("s.c.",)),
    (_countries(_PORTUGUESE), ("lda",)),
    (_countries(_PORTUGUESE, _SPANISH), ("ltda",)),
    (_countries(_GERMAN), ("ag", "aktiengesellschaft", "gmbh", "gesellschaft mit beschränkter haftung", "kg",
                           "kommanditgesellschaft", "gmbh & co kg", "gmbh & co", "ohg", "e.v.", "e.g.", "kgaa",
                           "gbr")),
    (_countries(_DUTCH), ("nv", "naamloze vennootschap", "bv", "besloten vennootschap", "vof", "commv")),
    (_countries("se", "fi"), ("ab", "aktiebolag")),
    (_countries("no", "dk", "ee", "lv", "cz", "sk", "tr", "fo", "gl", "is"), ("as", "a/s")),
    (_countries("no"), ("asa",)),
    (_countries("dk", "fo", "gl"), ("aps",)),
    (_countries("fi"), ("oy", "oyj", "ky")),
    (_countries("bg", _YUGOSLAV), ("ad",)),
    (_countries("bg"), ("ead", "еад", "оод", "еоод", "кд")),
    (_countries(_YUGOSLAV), ("d.d.", "d.o.o.", "j.d.o.o.", "k.d.", "d.n.o.")),
    (_countries("hu"), ("zrt", "nyrt", "kft", "rt.", "bt.", "kkt.")),
    (_countries("pl"), ("sp z o o", "sp.k.", "sp.j.", "s.k.a.")),
    (_countries("cz", "sk"), ("s.r.o.", "k.s.", "v.o.s.", "o.s.", "z.s.", "o.p.s.")),
    (_countries("tr", "cy"), ("anonim şirketi", "a.ş.", "ltd şti", "şti", "limited şirketi")),
    (_countries("my", "bn"), ("sdn bhd", "bhd", "berhad")),
    (_countries("lb"), ("sal",)),
    (_countries("ae"), ("fze", "fzco", "fzc", "fz llc")),
    (_countries("id"), ("pt", "perseroan terbatas", "tbk")),
    (_countries("vn"), ("công ty tnhh", "công ty trách nhiệm hữu hạn", "công ty cổ phần")),
    (_countries("th"), ("pcl",)),
    (_countries("jp"), ("kk", "kabushiki kaisha", "株式会社", "有限会社", "合同会社")),
    (_countries("kr", "kp"), ("주식회사", "유한회사")),
    (_countries(_CHINESE), ("有限公司", "有限责任公司", "有限責任公司", "股份有限公司")),
    (_countries(_GREEK), ("ε.π.ε.", "ι.κ.ε.", "α.ε.", "α.β.ε.ε.", "α.ε.β.ε.", "ο.ε.", "ε.ε.")),
)  # fmt: skip
# A form spelled out -> its abbreviation: a bank writing out the S.A. it reads on a Swiss company's
# papers as "sociedad anónima" writes the same form (the reverse does not hold: the EU's translations
# of a Russian АО as "sociedad anónima" are not an S.A. the company wrote).
ABBREVIATIONS: dict[str, str] = {
    "société anonyme": "sa",
    "sociedad anónima": "sa",
    "compañía anónima": "c.a.",
    "aktiengesellschaft": "ag",
    "gesellschaft mit beschränkter haftung": "gmbh",
    "kommanditgesellschaft": "kg",
    "naamloze vennootschap": "nv",
    "besloten vennootschap": "bv",
    "aktiebolag": "ab",
    "perseroan terbatas": "pt",
    "kabushiki kaisha": "kk",
    "anonim şirketi": "a.ş.",
    "berhad": "bhd",
    "công ty trách nhiệm hữu hạn": "công ty tnhh",
}
COUNTRIES: dict[str, tuple[str, ...]] = {}
"""Spelling -> the countries whose law has that form; spellings not here are of no one country."""
for _countries_of, _spellings in _BY_COUNTRIES:
    for _spelling in _spellings:
        COUNTRIES[_spelling] = _countries(COUNTRIES.get(_spelling, ()), _countries_of)

MAX_FORM_WORDS = 6  # the longest spelling, in words
_CHUNK = re.compile(r"[\w.']+")  # words joined by dots or apostrophes: "s.a.", "asa'ib"
_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """Lower case, accents and marks dropped: "Société" -> "societe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[tuple[str, int]]:
    """The words of ``text``, each with the number of the chunk it is part of."""
    return [(word, n) for n, chunk in enumerate(_CHUNK.findall(_fold(text))) for word in _WORD.findall(chunk)]


_SPELLINGS = frozenset(
    "".join(word for word, _ in _words(spelling))
    for table in (TRAILING, LEADING, RECOGNISED)
    for spellings in table.values()
    for spelling in spellings
)


def is_legal_form(text: str) -> bool:
    """Whether ``text`` is a legal form and nothing else: "LLC", "L.L.C.", "ООО"."""
    return "".join(word for word, _ in _words(text)) in _SPELLINGS


def mentions_legal_form(name: str) -> bool:
    """Whether a legal form is written anywhere in ``name`` as whole words: "Foo Co Holding",
    "Bar S.A. de C.V.", but not the "A.S." of "A.S.P. Builders" nor the "Asa" of "Asa'ib"."""
    words = _words(name)
    bounds = [at for at in range(len(words) + 1) if at in (0, len(words)) or words[at - 1][1] != words[at][1]]
    return any(
        "".join(word for word, _ in words[start:end]) in _SPELLINGS
        for i, start in enumerate(bounds)
        for end in bounds[i + 1 :]
        if end - start <= MAX_FORM_WORDS
    )
