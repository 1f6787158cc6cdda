"""Screening companies by the ways payment messages write their names (issue #20): legal forms
translated, abbreviated, written twice or left out, quotes, joined words, one slip, Cyrillic;
and ordinary companies that share one word, or two letters, with a listed one, which must not
alert. On the real OFAC SDN (2021, with its aliases) and UK OFSI lists."""

import pytest

from magnitsky import Screener
from magnitsky.sources import open_list

GARANT_SV = "ofac_sdn:25181"  # LIMITED LIABILITY COMPANY GARANT-SV, aka GARANT-SV LLC
KRYMTETS = "ofac_sdn:25118"  # KRYMTETS, AO
DAY_COMPANY = "ofac_sdn:30412"
GREEN_SHIPPING = "ofac_sdn:18334"  # GREEN SHIPPING LTD.
DURAND = "ofac_sdn:8359"  # DURAND PROPERTIES LIMITED
ROSSELKHOZBANK = "uk_ofsi:15016"  # RUSSIAN AGRICULTURAL BANK, Россельхозбанк
ASCOTEC_STEEL = "ofac_sdn:11613"  # ASCOTEC STEEL TRADING GMBH
HANLEY = "uk_ofsi:15886"  # HANLEY LIMITED
KARST = "ofac_sdn:21038"  # KARST, OOO
KAHANE_CHAI = "ofac_sdn:4700"  # a.k.a. 'CARD' (a weak alias), KOACH
BEARS_BRIGADE = "uk_ofsi:16661"  # a.k.a. BEAR
MOKRAN = "ofac_sdn:30083"  # MOKRAN LLC
LIA_COMPANY = "ofac_sdn:30465"  # LIA COMPANY, a.k.a. LIA CO L.L.C.
POLY_TECHNOLOGIES = "uk_ofsi:16828"  # 保利科技有限公司
IZHMASH_RD = "ofac_sdn:16911"  # IZHMASH R&D CENTER
LUIS_DA_COSTA = "ofac_sdn:7220"  # DA COSTA, Luis Fernando
IRAN_AIRCRAFT = "uk_ofsi:11198"  # IRAN AIRCRAFT INDUSTRIES CO., a.k.a. SAHA
ACA = "ofac_sdn:10111"  # a.k.a. ACA LTDA.
KAVE = "ofac_sdn:1241"  # KAVE, S.A.
GAZ_GROUP = "ofac_sdn:24230"  # GAZ GROUP
TALIB_AND_SONS = "ofac_sdn:30123"  # TALIB AND SONS PTY LTD
FEDERAL_CAPITAL = "ofac_sdn:12373"  # FEDERAL CAPITAL GROUP, S.A.
# in the newer OFAC SDN file only
DORIS = "ofac_sdn:45961"  # LIMITED LIABILITY COMPANY DORIS
STAR = "ofac_sdn:44022"  # JOINT STOCK COMPANY STAR
UKON = "ofac_sdn:47614"  # OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU UKON
AF_TELECOM = "ofac_sdn:42035"  # AF TELECOM HOLDING LIMITED LIABILITY COMPANY
CITY_BASE = "ofac_sdn:49679"  # CITY BASE GROUP LIMITED
KONAR = "ofac_sdn:49407"  # JOINT STOCK COMPANY KONAR
TUBOR = "ofac_sdn:46576"  # LIMITED LIABILITY COMPANY TUBOR
SHOR_PARTY = "ofac_sdn:39599"  # SHOR PARTY
LOGARCHEO = "ofac_sdn:8214"  # LOGARCHEO S.A., Swiss
ARMAGEDON = "ofac_sdn:8893"  # ARMAGEDON S.A.
GRUPO_SAHECT = "ofac_sdn:20254"  # GRUPO SAHECT, C.A.
SINNO = "uk_ofsi:16259"  # SINNO ELECTRONICS CO., LIMITED, 信諾電子科技有限公司
JINGXIN = "uk_ofsi:16675"  # CHENGDU JINGXIN TECHNOLOGY CO. LTD, 成都景昕科技有限公司
RAMAK = "uk_ofsi:12069"  # RAMAK CONSTRUCTIONS COMPANY, a.k.a. RAMAK LTD. (Syria)
BOTH = "ofac_sdn:10762"  # BELARUSIAN OIL TRADE HOUSE, a.k.a. B.O.T.H.
VESNA_HOTEL = "ofac_sdn:23245"  # VESNA HOTEL AND SPA
CITY = "ofac_sdn:46470"  # PUBLICHNOE AKTSIONERNOE OBSCHESTVO CITY, a.k.a. SITI PAO (newer file)
TSOFT = "ofac_sdn:42018"  # DEXIAS LIMITED LIABILITY COMPANY, formerly TSOFT OOO (newer file)
CARBON = "ofac_sdn:44988"  # LIMITED LIABILITY COMPANY CARBON (newer file)
T_KOMPONENT = "ofac_sdn:41959"  # LLC T-KOMPONENT SP (newer file)


@pytest.fixture(scope="module")
def screener(request):
    data = request.config.rootpath.parent / "shared" / "data"
    entities = [
        *open_list(data / "ofac_sdn_2021" / "sdn.csv", fmt="ofac_csv").entities(),
        *open_list(data / "uk" / "ConList.xlsx", fmt="ofsi_xlsx").entities(),
    ]
    return Screener.from_entities(entities)


@pytest.fixture(scope="module")
def newer_screener(request):
    """The newer OFAC SDN file: the companies designated since 2021 (DORIS, KONAR, STAR ...)."""
    data = request.config.rootpath.parent / "shared" / "data"
    newer = open_list(data / "ofac" / "sdn.csv", fmt="ofac_csv", without_companions=True)  # published alone
    return Screener.from_entities(newer.entities())


def company(name):
    return {"schema": "Company", "properties": {"name": [name]}}


def hit_on(screener, name, entity_id):
    return next((m for m in screener.screen(company(name), limit=20).matches if m.entity_id == entity_id), None)


def company_evidence(hit):
    return next(e["detail"] for e in hit.explanation["evidence"] if e["feature"] == "company_name")


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ('OOO "Garant-SV"', GARANT_SV),  # the romanised form, the name in quotes
        ("ООО «Гарант-СВ»", GARANT_SV),  # in Cyrillic
        ("GARANTSV", GARANT_SV),  # punctuation left out
        ("GARANT SV LIMITED LIABILITY COMPANY", GARANT_SV),
        ("JSC JOINT-STOCK COMPANY KRYMTETS", KRYMTETS),  # the form twice
        ("KRYMTETS", KRYMTETS),  # no form
        ("Россельхозбанк", ROSSELKHOZBANK),
        ("JSC RUSSIAN AGRICULTURAL BANK", ROSSELKHOZBANK),  # the list's English name, a form added
        ("DURAND PROPERTIESLIMITED", DURAND),  # the form run into the last word
        ("IZHMASH RD CENTER", IZHMASH_RD),  # R&D written together: its letters' acronym
    ],
)
def test_listed_company_found_however_written(screener, name, entity_id):
    hit = hit_on(screener, name, entity_id)
    assert hit is not None and hit.match, (name, hit)


def test_the_legal_form_is_recognised_and_set_aside(screener):
    hit = hit_on(screener, 'OOO "Garant-SV"', GARANT_SV)
    assert hit.score == 1.0
    assert company_evidence(hit).startswith("legal form recognised and set aside: query llc, listed llc")
    assert [t["how"] for t in hit.explanation["name"]["tokens"]] in (["exact", "exact"], ["joined"])


def test_one_slip_in_a_short_company_name(screener):
    hit = hit_on(screener, "KYMTETS AO", KRYMTETS)
    assert hit is not None and hit.match, hit
    assert hit.explanation["name"]["tokens"][0]["how"] == "slip"
    # a person's short name is held to its spelling: the same slip in a surname is no match
    assert not any(m.match for m in screener.screen({"schema": "Person", "properties": {"name": ["Kymtets"]}}).matches)


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ("Day Inc", DAY_COMPANY),  # one word, a form of another class
        ("Day LLC", DAY_COMPANY),
        ("Green PLC", GREEN_SHIPPING),  # one word of two
        ("Durand SA", DURAND),
    ],
)
def test_one_shared_word_is_not_a_match(screener, name, entity_id):
    hit = hit_on(screener, name, entity_id)
    assert hit is None or not hit.match, hit


def test_the_same_word_and_form_class_is_a_match(screener):
    hit = hit_on(screener, "Day Co.", DAY_COMPANY)
    assert hit is not None and hit.match and hit.score == 1.0, hit
    refused = hit_on(screener, "Day Inc", DAY_COMPANY)
    assert refused.score < screener.threshold
    assert "one word with a legal form of another class" in company_evidence(refused)


@pytest.mark.parametrize("name", ["ЭС", "ЭС ООО", "EK GmbH", "CP LLC", "ЯИ Ltd"])
def test_two_letter_company_names_do_not_alert(screener, name):
    assert not [m for m in screener.screen(company(name)).matches if m.match]


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ("ASCOTEC STEEL TRADINGGMBH", ASCOTEC_STEEL),  # an abbreviated form run into the name
        ("HANLEY LMITED", HANLEY),  # the form with a letter dropped
        ("KARTS OOO", KARST),  # a slip in a five-letter name: two letters swapped
        ("KARSZ OOO", KARST),  # ... or one changed
        ("KARS OOO", KARST),  # ... or one dropped
        ("WANLEY LIMITED", HANLEY),  # the first letter changed in a name of six
    ],
)
def test_glued_forms_and_slips_in_short_names_are_found(screener, name, entity_id):
    hit = hit_on(screener, name, entity_id)
    assert hit is not None and hit.match, (name, hit)


@pytest.mark.parametrize(
    "name, entity_id, why",
    [
        ("Card a.s.", KAHANE_CHAI, "a weak alias of one word"),  # 'CARD' is no name to screen on alone
        ("Kovač d.d.", KAHANE_CHAI, "one word spelled otherwise"),  # KOACH, listed without a form
        ("Beard Ltd", BEARS_BRIGADE, "one word spelled otherwise"),  # BEAR
        ("Moran Ltd", MOKRAN, "spelled as another listed word"),  # MORAN is a name of its own
        ("ЛЯ LLC", LIA_COMPANY, "letters or fewer"),  # two Cyrillic letters, "lya" romanised
    ],
)
def test_one_short_word_near_a_listed_one_is_another_company(screener, name, entity_id, why):
    hit = hit_on(screener, name, entity_id)
    assert hit is not None and not hit.match, (name, hit)
    assert why in company_evidence(hit)


def test_a_chinese_legal_form_is_set_aside(screener):
    """有限公司 (limited company) is a form, not three shared words: another Chinese technology
    company shares only 科技 (technology) with POLY TECHNOLOGIES' 保利科技有限公司."""
    listed = hit_on(screener, "保利科技有限公司", POLY_TECHNOLOGIES)
    assert listed.match and "query llc" in company_evidence(listed)
    other = hit_on(screener, "易动力科技有限公司", POLY_TECHNOLOGIES)
    assert other is None or not other.match, other


def test_a_particle_and_a_surname_are_one_name_part(screener):
    """ "da Costa" pairs the surname of Luis Fernando DA COSTA and its particle: one name part, as
    "Costa" alone would be, which identifies no one."""
    query = {"schema": "LegalEntity", "properties": {"name": ["da Costa"]}}
    hit = next(m for m in screener.screen(query).matches if m.entity_id == LUIS_DA_COSTA)
    assert not hit.match and hit.score == 0.8, hit
    full = screener.screen({"schema": "Person", "properties": {"name": ["Luis Fernando da Costa"]}}).matches[0]
    assert full.entity_id == LUIS_DA_COSTA and full.match


def test_an_alias_without_a_form_has_its_company_form(screener):
    """SAHA, an alias of IRAN AIRCRAFT INDUSTRIES CO., is of a company (co): "Saha Inc" is another."""
    hit = hit_on(screener, "Saha Inc", IRAN_AIRCRAFT)
    assert hit is not None and not hit.match, hit
    assert "another class than the listed company's names" in company_evidence(hit)
    assert hit_on(screener, "Saha Co.", IRAN_AIRCRAFT).match
    assert hit_on(screener, "SAHA", IRAN_AIRCRAFT).match


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ("Akça Ltd.", ACA),  # ACA LTDA.: alike as sounds (k/c), one letter more
        ("Καφφέ Α.Ε.", KAVE),  # kaffe / KAVE
        ("Gas Group", GAZ_GROUP),
    ],
)
def test_a_short_company_name_spelled_otherwise_is_another(screener, name, entity_id):
    hit = hit_on(screener, name, entity_id)
    assert hit is None or not hit.match, hit


def test_a_listed_name_as_written_in_another_script_still_matches(screener):
    assert hit_on(screener, "ГАЗ ГРУПП", GAZ_GROUP).match
    assert hit_on(screener, "GAZ GROUP", GAZ_GROUP).match


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ("עמאש and Sons", TALIB_AND_SONS),  # עמאש is "ms" romanised: a word of the name, no title
        ("Capital Групп", FEDERAL_CAPITAL),  # FEDERAL left out
    ],
)
def test_a_company_name_missing_the_listed_distinctive_word_is_another(screener, name, entity_id):
    hit = hit_on(screener, name, entity_id)
    assert hit is None or not hit.match, hit


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ("Goris BV", DORIS),  # the first letter changed in a word of five
        ("Sitar d.d.", STAR),  # one letter added to a word of four
        ("Cukon d.o.o.", UKON),
        ("AF Holding", AF_TELECOM),  # two letters and a word shared, TELECOM left out
        ("City Group", CITY_BASE),  # BASE left out
    ],
)
def test_other_companies_near_newer_designations(newer_screener, name, entity_id):
    hit = hit_on(newer_screener, name, entity_id)
    assert hit is None or not hit.match, hit


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ("Doris LLC", DORIS),
        ("Dorls LLC", DORIS),  # a letter changed after the first
        ("JSC STAR", STAR),
        ("OOO UKON", UKON),
        ("City Base Group Ltd", CITY_BASE),
        ("AF Telecom Holding LLC", AF_TELECOM),
    ],
)
def test_newer_designations_found_as_written(newer_screener, name, entity_id):
    hit = hit_on(newer_screener, name, entity_id)
    assert hit is not None and hit.match, (name, hit)


@pytest.mark.parametrize(
    "name, entity_id",
    [
        ("Kolar d.d.", KONAR),  # Kolar is a surname: a firm of that name, not KONAR mistyped
        ("Tudor SRL", TUBOR),  # as Tudor is
    ],
)
def test_one_word_spelled_as_a_persons_name_is_not_a_slip(newer_screener, name, entity_id):
    hit = hit_on(newer_screener, name, entity_id)
    assert hit is not None and not hit.match, hit
    assert "spelled as a person's name" in company_evidence(hit)
    assert hit_on(newer_screener, "Konar JSC", KONAR).match  # as listed
    assert hit_on(newer_screener, "Tubbor LLC", TUBOR).match  # a slip that makes no name still alerts


def test_a_spanish_or_venezuelan_form_is_no_word_of_the_name(newer_screener, screener):
    """S.L. and S.Com. were two initials pairing SHOR and the C of C.A.: "Party S.L." is PARTY
    alone, one word of SHOR PARTY; "Grupo Arias S.Com." shares GRUPO with GRUPO SAHECT, C.A."""
    party = hit_on(newer_screener, "Party S.L.", SHOR_PARTY)
    assert party is None or not party.match, party
    arias = hit_on(screener, "Grupo Arias S.Com.", GRUPO_SAHECT)
    assert arias is None or not arias.match, arias
    assert hit_on(screener, "Grupo Sahect", GRUPO_SAHECT).match


def test_chinese_companies_alike_only_in_their_trade_are_two(screener):
    """立信电子科技 and 信諾電子科技 share the trade 电子科技 (electronic technology) and one syllable
    of their brands; 精芯科技 and 成都景昕科技 the trade and a brand read alike, without the place."""
    assert not hit_on(screener, "立信电子科技有限公司", SINNO).match
    jingxin = hit_on(screener, "精芯科技有限公司", JINGXIN)
    assert jingxin is None or not jingxin.match, jingxin
    assert hit_on(screener, "信諾電子科技有限公司", SINNO).match  # as listed
    assert hit_on(screener, "信諾電子有限公司", SINNO).match  # the trade shortened
    assert hit_on(screener, "Xinnuo Dianzi Keji Youxian Gongsi", SINNO).match  # in pinyin
    # 保利科技 in Wade-Giles is "pao li ko chi", and PAO a Russian form: the trade off, "li" would be left
    poly = hit_on(screener, "ЛИ LLC", POLY_TECHNOLOGIES)
    assert poly is None or not poly.match, poly


def test_a_one_word_name_with_a_form_of_another_country_is_another_company(newer_screener):
    """PAO CITY is Russian (its forms say so; the file gives no country): "City NV" is a Dutch or
    Belgian company of a common word, not it; written with its own forms, it is."""
    city = hit_on(newer_screener, "City NV", CITY)
    assert city is not None and not city.match, city
    assert "the forms' countries disagree" in company_evidence(city)
    assert "another country than the listed company's" in company_evidence(city)
    for name in ("City PAO", "City PJSC", "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO CITY"):
        assert hit_on(newer_screener, name, CITY).match, name


def test_a_slip_with_a_form_of_another_country_is_another_company(newer_screener, screener):
    """A one-word name a letter away from a listed one, with a form of a country the listed
    company is not (TSOFT OOO is Russian) or not known to be of (LLC CARBON: English forms say
    nothing of it; RAMAK is Syrian), is another firm's: "Toft ApS", "Caron S.A.R.L.", "Ramšak d.o.o."."""
    toft = hit_on(newer_screener, "Toft ApS", TSOFT)
    assert toft is not None and not toft.match and "countries disagree" in company_evidence(toft)
    caron = hit_on(newer_screener, "Caron S.A.R.L.", CARBON)
    assert caron is not None and not caron.match, caron
    assert "a country the listed company is not known to be of" in company_evidence(caron)
    ramak = hit_on(screener, "Ramšak d.o.o.", RAMAK)
    assert ramak is None or not ramak.match, ramak
    # the listed name as written, or with a form of its own, still alerts; so does a slip with one
    assert hit_on(newer_screener, "Tsoft OOO", TSOFT).match
    assert "the forms agree" in company_evidence(hit_on(newer_screener, "Tsoft OOO", TSOFT))
    assert hit_on(newer_screener, "Carbon LLC", CARBON).match
    assert hit_on(screener, "Ramak Ltd", RAMAK).match
    assert hit_on(screener, "KARS OOO", KARST).match


def test_greek_and_polish_forms_are_no_words_of_the_name(screener, newer_screener):
    """Α.Β.Ε.Ε. was read as the letters a, v and the partnership Ε.Ε., which paired with VESNA
    HOTEL AND SPA as initials; Sp.k. left SP to pair with LLC T-KOMPONENT SP."""
    hotel = hit_on(screener, "Hotel Α.Β.Ε.Ε.", VESNA_HOTEL)
    assert hotel is None or not hotel.match, hotel
    tylek = hit_on(newer_screener, "Tylek Sp.k.", T_KOMPONENT)
    assert tylek is None or not tylek.match, tylek


def test_a_company_named_by_letters_is_found_by_the_word_they_make(screener):
    """OFAC lists the Belarusian Oil Trade House as "B.O.T.H."; payments write BOTH."""
    for name in ("BOTH", "B.O.T.H.", "B O T H"):
        hit = hit_on(screener, name, BOTH)
        assert hit is not None and hit.match, (name, hit)


def test_a_form_spelled_out_is_the_abbreviation_written(screener):
    """LOGARCHEO S.A. is Swiss (its record gives only Switzerland); a bank writing the S.A. out in
    Spanish writes the same form, so the Spanish countries of "sociedad anónima" do not make it
    another company (the EU's own spelled-out translations still do not make a listed form agree)."""
    logarcheo = hit_on(screener, "LOGARCHEO SOCIEDAD ANONIMA", LOGARCHEO)
    assert logarcheo is not None and logarcheo.match, logarcheo
    assert "the forms' countries agree" in company_evidence(logarcheo)


def test_a_slip_that_spells_a_form_is_no_glued_form(screener):
    """ "ARMAGEDNO" ends in the letters of the Slavic d.n.o., but "dn" starts Slavic syllables (dno,
    Dnipro): the word is ARMAGEDON S.A. with two letters swapped, not "ARMAGE" with a form run into it."""
    assert hit_on(screener, "ARMAGEDNO S.A.", ARMAGEDON).match
