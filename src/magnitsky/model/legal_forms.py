"""Company legal forms: the one table of their spellings, and how a list parser reads them.

Canonical classes (deliberately coarse: a screening hit should not fail because one list says
"ZAO" and another "CJSC", and equivalences across jurisdictions are approximate anyway):

``llc``  limited liability / private limited company: LLC, Ltd, Limited, Co Ltd, Pty Ltd,
         GmbH, SARL, SRL, Sp. z o.o., BV, s.r.o., d.o.o., Kft, ApS, Ltda, EURL, Sdn Bhd, PT, FZE, S.L.,
         FZCO, OOO/ООО, TOV/ТОВ (Ukraine), TOO/ТОО (Kazakhstan), and the spelled-out forms.
``jsc``  joint-stock / share company: JSC, OJSC, CJSC, PJSC, AO, ZAO, OAO, PAO, PAT, PrAT,
         AG, SA, S.A., SpA, SAS, NV, AB, AS, ASA, a.s., Oy, Oyj, AD, d.d., Zrt, Nyrt, Bhd, KK, C.A.
``plc``  public limited company: PLC, Public Limited Company, PCL.
``inc``  US-style corporation: Inc, Incorporated, Corp, Corporation.
``lp``   partnerships: LP, LLP, KG, GmbH & Co KG, OHG, SNC, S.Com., limited partnership ("limited liability
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
