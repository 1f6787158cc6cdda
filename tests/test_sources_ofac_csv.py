"""OFAC legacy CSV parsers: real excerpts end to end, the full 2021 SDN file, and damaged input."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from magnitsky.model import Identifier, NameKind, Relation
from magnitsky.sources.base import MissingCompanions, ParseError
from magnitsky.sources.ofac_csv import OfacConsCsvParser, OfacSdnCsvParser
from magnitsky.sources.ofac_lists import ListUndecided
from magnitsky.sources.registry import detect_format, head, open_list

SDN = OfacSdnCsvParser()
CONS = OfacConsCsvParser()
GOOD_ROW = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'


@pytest.fixture
def sdn_dir(fixtures) -> Path:
    return fixtures / "ofac_csv" / "sdn"


@pytest.fixture
def sdn_entities(sdn_dir) -> dict:
    return {e.source_id: e for e in SDN.parse(sdn_dir / "sdn.csv", "ofac_sdn")}


@pytest.fixture
def cons_entities(fixtures) -> dict:
    path = fixtures / "ofac_csv" / "cons" / "cons_prim.csv"
    return {e.source_id: e for e in CONS.parse(path, "ofac_cons")}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- real entries ------------------------------------------------------------------------------


def test_fixture_counts_and_sdn_measures(sdn_entities):
    assert len(sdn_entities) == 31
    assert Counter(e.schema for e in sdn_entities.values()) == {
        "Person": 16,
        "Organization": 10,
        "Vessel": 4,
        "Airplane": 1,
    }
    assert all(e.measures == ("asset_freeze",) and e.source == "ofac_sdn" for e in sdn_entities.values())


def test_glomag_individual_with_passport_aliases_and_weak_alias(sdn_entities):
    e = sdn_entities["23307"]
    assert e.schema == "Person" and e.programs == ("GLOMAG",)
    assert e.names[0].full == "Gulnara KARIMOVA"
    assert (e.names[0].given, e.names[0].family) == ("Gulnara", "KARIMOVA")
    assert e.names_of(NameKind.ALIAS) == ["Goulnara KARIMOVA", "Goulnora Islamovna KARIMOVA"]
    assert e.names_of(NameKind.WEAK) == ["Googoosha"]
    assert [str(d) for d in e.birth_dates] == ["1972-07-08"]
    assert e.birth_places == ("Fergana, Uzbekistan",)
    assert e.nationalities == ("uz",) and e.gender == "female"
    assert e.identifiers == (Identifier("passport", "DA0006735", "uz", "Passport"),)
    assert e.addresses[0].city == "Tashkent" and e.addresses[0].country == "uz"
    assert e.remarks == ()


def test_magnit_entries(sdn_entities):
    droganov = sdn_entities["15879"]
    assert droganov.caption == "Aleksey O. DROGANOV" and droganov.programs == ("MAGNIT",)
    assert [str(d) for d in droganov.birth_dates] == ["1975-10-11"]
    assert droganov.birth_places == ("Lesnoi Settlement, Pushkin Area, Moscow Region, Russia",)
    kadyrov = sdn_entities["23343"]
    assert kadyrov.programs == ("MAGNIT", "GLOMAG")
    assert kadyrov.nationalities == ("ru",) and kadyrov.gender == "male"
    assert "Ramzan Achmatowisch KADYROW" in kadyrov.names_of(NameKind.ALIAS)
    terek = sdn_entities["26725"]
    assert terek.schema == "Organization"
    assert terek.names_of(NameKind.ALIAS) == ["SPECIAL DIVISION OF FIRST RESPONDERS, CHECHNYA (SOBR)"]


def test_passport_expiry_kept_in_note(sdn_entities):
    assert sdn_entities["23288"].identifiers == (
        Identifier("passport", "009511357", "rs", "Passport, expires 27 Oct 2020"),
        Identifier("passport", "007671811", "rs", "Passport, expires 05 Aug 2019"),
    )


def test_vessel_columns_and_remarks(sdn_entities):
    artavil = sdn_entities["15036"]
    assert artavil.schema == "Vessel"
    assert Identifier("imo", "9187629", None, "Vessel Registration Identification") in artavil.identifiers
    assert Identifier("other", "572469210", None, "MMSI") in artavil.identifiers
    assert artavil.countries == ("ir",)  # the Vess_flag column
    extra = dict(artavil.extra)
    assert extra["call_sign"] == "T2EU4" and extra["vessel_type"] == "Crude/Oil Products Tanker"
    assert extra["tonnage"] == "99,144" and extra["gross_registered_tonnage"] == "56,068"
    assert ("former_flag", "Malta") in artavil.extra and ("former_flag", "Tanzania") in artavil.extra
    assert artavil.relations == (Relation("linked_to", "NATIONAL IRANIAN TANKER COMPANY"),)
    assert "Additional Sanctions Information - Subject to Secondary Sanctions" in artavil.remarks
    hermann = sdn_entities["4234"]
    assert hermann.relations == (Relation("owned_by", "Compania Navegacion Golfo S.A."),)
    assert sdn_entities["4243"].names_of(NameKind.FORMER) == ["ANA I"]


def test_aircraft(sdn_entities):
    plane = sdn_entities["15431"]
    assert plane.schema == "Airplane" and plane.caption == "EP-GOM"
    assert [i.value for i in plane.identifiers if i.type == "aircraft"] == ["8401", "1023409321"]
    assert ("aircraft_model", "IL76-TD") in plane.extra
    assert plane.relations == (Relation("linked_to", "POUYA AIR"),)
    assert sdn_entities["13109"].websites == ("www.pouyaair.com",)
    assert sdn_entities["13109"].emails == ("info@pouyaair.com",)


def test_final_dot_of_remarks_against_listed_names(sdn_entities):
    # OFAC writes one dot for both: the target "EVIL CORP" vs the target "..., S.A.".
    assert sdn_entities["26665"].relations == (Relation("linked_to", "EVIL CORP"),)
    assert sdn_entities["26623"].relations == (Relation("linked_to", "PETROLEOS DE VENEZUELA, S.A."),)
    assert sdn_entities["26664"].caption == "EVIL CORP"


def test_comments_overflow_joins_mid_word(sdn_entities):
    li = sdn_entities["28264"]  # weak a.k.a.s and the link are only in sdn_comments.csv
    assert {"blackjack1987", "khaleesi"} <= set(li.names_of(NameKind.WEAK))
    assert Relation("linked_to", "LAZARUS GROUP") in li.relations
    assert "8613314257947" in li.phones
    secondeye = sdn_entities["30518"]
    crypto = [i for i in secondeye.identifiers if i.type == "crypto"]
    assert Identifier("crypto", "1GqChmWqGtsaLrGbHfgdrV5Nkvahtjjuxr", None, "Digital Currency Address - XBT") in crypto
    assert Identifier("crypto", "18M8bJWMzWHDBMxoLqjHHAffdRy4SrzkfB", None, "Digital Currency Address - BCH") in crypto
    assert {i.note for i in crypto} >= {"Digital Currency Address - ETH", "Digital Currency Address - LTC"}
    assert secondeye.relations[-1] == Relation("linked_to", "INTERNET RESEARCH AGENCY LLC")
    cifuentes = sdn_entities["12300"]
    assert Relation("linked_to", "GRUPO MUNDO MARINO, S.A.") in cifuentes.relations
    assert not any(r.target.startswith("Z S.A.S") for r in cifuentes.relations)


def test_dates_circa_and_ranges(sdn_entities):
    assert [str(d) for d in sdn_entities["7782"].birth_dates] == ["~1951"]
    assert [str(d) for d in sdn_entities["11748"].birth_dates] == ["~1979/1982", "1982"]
    naqdi = sdn_entities["12057"]
    assert [str(d) for d in naqdi.birth_dates] == ["1951/1953", "1960/1962", "1961-04", "1953"]
    assert naqdi.birth_places == ("Najaf, Iraq", "Tehran, Iran")
    assert naqdi.programs == ("SDGT", "NPWMD", "IRGC", "IFSR", "IRAN-HR", "IRAN-EO13876")


def test_an_entity_is_an_organization_as_in_the_xml_and_weak_alias(sdn_entities):
    """The CSV's empty type is OFAC's Entity: an Organization, as the classic XML has it (not a
    Company guessed from a legal form in the name: "EVIL CORP" is a hacker group)."""
    bnc = sdn_entities["306"]
    assert bnc.schema == "Organization"
    assert bnc.names_of(NameKind.ALIAS) == ["NATIONAL BANK OF CUBA"]
    assert bnc.names_of(NameKind.WEAK) == ["BNC"]
    assert set(bnc.countries) == {"ch", "es", "jp", "pa"}
    assert sdn_entities["173"].schema == "Organization"  # "ANGLO-CARIBBEAN CO., LTD."
    assert sdn_entities["26664"].schema == "Organization"  # "EVIL CORP"


def test_parenthesised_aside_with_semicolons_stays_one_remark(sdn_entities):
    e = sdn_entities["11313"]
    aside = [r for r in e.remarks if r.startswith("(Following data derived")]
    assert len(aside) == 1 and "Alt. POB: Keren Eritrea; nationality: Eritrean" in aside[0]
    assert aside[0].endswith("Expire Date 20 August 2008)")


def test_title_column_is_a_title_not_a_remark(sdn_entities):
    """OFAC's Title column is the XML's <title>: a title in both (it mixes ranks, honorifics and posts)."""
    e = sdn_entities["12057"]
    assert e.titles and e.titles[0] not in e.remarks and not e.positions


def test_cons_list(cons_entities):
    assert len(cons_entities) == 9
    assert all(e.measures == () and e.source == "ofac_cons" for e in cons_entities.values())
    haniya = cons_entities["9639"]
    assert haniya.caption == "Ismail Abdul Salah HANIYA" and haniya.programs == ("NS-PLC",)
    assert [str(d) for d in haniya.birth_dates] == ["1962"] and haniya.birth_places == ("Shati",)
    rshb = cons_entities["17014"]  # remarks continue in cons_comments.csv
    assert rshb.programs == ("UKRAINE-EO13662", "RUSSIA-EO14024")
    assert Identifier("registration", "1027700342890", "ru", "Registration Number") in rshb.identifiers
    assert rshb.names_of(NameKind.WEAK) == ["RUSAG"]
    assert cons_entities["30882"].programs == ("CMIC-EO13959",)


# -- files, meta, sniffing ---------------------------------------------------------------------


def test_meta_lists_every_file_present(sdn_dir, fixtures):
    meta = SDN.meta(sdn_dir / "sdn.csv")
    assert [p.name for p in meta.files] == ["sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"]
    assert meta.publication_date is None and meta.source == "ofac_sdn" and meta.format == "ofac_csv"
    cons = CONS.meta(fixtures / "ofac_csv" / "cons" / "cons_prim.csv")
    assert [p.name for p in cons.files] == ["cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"]


def test_version_hash_covers_companions(sdn_dir, tmp_path):
    for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"):
        shutil.copy(sdn_dir / name, tmp_path / name)
    before = SDN.meta(tmp_path / "sdn.csv").sha256()
    alt = tmp_path / "alt.csv"
    alt.write_bytes(alt.read_bytes().replace(b"Goulnara", b"Gulnora"))
    assert SDN.meta(tmp_path / "sdn.csv").sha256() != before


def test_missing_companions_are_refused_unless_accepted(shared_data, tmp_path):
    """The shared 2024-07 sdn.csv came without its companions: loading it would lose every alias
    and address, so it takes the caller's explicit word, and the list records what was left out."""
    shutil.copy(shared_data / "ofac" / "sdn.csv", tmp_path / "sdn.csv")
    with pytest.raises(MissingCompanions, match=r"add\.csv, alt\.csv, sdn_comments\.csv not found beside sdn\.csv"):
        open_list(tmp_path / "sdn.csv")
    listfile = open_list(tmp_path / "sdn.csv", without_companions=True)
    assert listfile.meta.missing == ("add.csv", "alt.csv", "sdn_comments.csv")
    assert [p.name for p in listfile.meta.files] == ["sdn.csv"]


def test_cons_list_without_one_companion_is_refused(shared_data, tmp_path):
    for name in ("cons_prim.csv", "cons_add.csv", "cons_comments.csv"):
        shutil.copy(shared_data / "ofac_cons" / name, tmp_path / name)
    with pytest.raises(MissingCompanions, match=r"^\S+cons_prim\.csv: cons_alt\.csv not found beside cons_prim\.csv"):
        open_list(tmp_path / "cons_prim.csv")


def test_companions_of_another_date_are_refused_with_the_counts(shared_data, tmp_path):
    """sdn.csv of 2024-07-02 beside the 2025-12 add/alt/comments: thousands of their ent_nums are
    unknown to it, and joining them would silently drop aliases and addresses."""
    shutil.copy(shared_data / "ofac" / "sdn.csv", tmp_path / "sdn.csv")
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        shutil.copy(shared_data / "ofac" / "2025-12" / name, tmp_path / name)
    with pytest.raises(ParseError, match=r"add\.csv: names 3,732 of its 18,494 entries that sdn\.csv does not have"):
        list(open_list(tmp_path / "sdn.csv").entities())


def test_a_whole_published_set_loads(shared_data):
    entities = list(open_list(shared_data / "ofac_cons" / "cons_prim.csv").entities())
    assert len(entities) == 442


def test_sniff_claims_only_primary_ofac_csv(sdn_dir, fixtures, shared_data):
    def sniff(parser, path):
        return parser.sniff(path, head(path))

    assert sniff(SDN, sdn_dir / "sdn.csv") and not sniff(CONS, sdn_dir / "sdn.csv")
    cons = fixtures / "ofac_csv" / "cons" / "cons_prim.csv"
    assert sniff(CONS, cons) and not sniff(SDN, cons)
    others = [
        shared_data / "bis" / "dpl.txt",
        shared_data / "samples" / "sample_hmt.csv",
        shared_data / "samples" / "sample_ofac_consolidated.xml",
        shared_data / "un" / "consolidated.xml",
        sdn_dir / "add.csv",
        sdn_dir / "alt.csv",
        sdn_dir / "sdn_comments.csv",
    ]
    for path in others:
        assert not sniff(SDN, path) and not sniff(CONS, path), path


@pytest.mark.parametrize(
    ("folder", "primary", "companions", "saved_as", "fmt", "source"),
    [
        ("ofac", "sdn.csv", (), "cons_prim.csv", "ofac_csv", "ofac_sdn"),
        (
            "ofac_cons",
            "cons_prim.csv",
            ("cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
            "sdn.csv",
            "ofac_cons_csv",
            "ofac_cons",
        ),
    ],
)
def test_the_list_comes_from_the_entries_not_the_file_name(
    shared_data, tmp_path, folder, primary, companions, saved_as, fmt, source
):
    """The real SDN primary saved as cons_prim.csv is still the SDN list, and the other way round."""
    shutil.copy(shared_data / folder / primary, tmp_path / saved_as)
    for name in companions:
        shutil.copy(shared_data / folder / name, tmp_path / name)
    assert detect_format(tmp_path / saved_as) == fmt
    assert open_list(tmp_path / saved_as, without_companions=True).meta.source == source


def test_a_csv_mixing_both_lists_is_refused_with_the_counts(shared_data, tmp_path):
    sdn = (shared_data / "ofac" / "sdn.csv").read_bytes().split(b"\r\n")[:442]
    cons = (shared_data / "ofac_cons" / "cons_prim.csv").read_bytes()
    path = _write(tmp_path, "sdn.csv", b"\r\n".join(sdn) + b"\r\n" + cons)
    with pytest.raises(ListUndecided, match=r"\(440 of 884 entries .*: ofac_csv, ofac_cons_csv$"):
        detect_format(path)


# -- encodings ---------------------------------------------------------------------------------


def test_windows_1252_file_is_read(tmp_path):
    row = '10,"CAF\xc9 NI\xd1O, S.A.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"POB S\xe3o Paulo, Brazil."\r\n'
    path = _write(tmp_path, "sdn.csv", row.encode("cp1252") + b"\x1a")
    [entity] = SDN.parse(path, "ofac_sdn")
    assert entity.caption == "CAFÉ NIÑO, S.A." and entity.birth_places == ("São Paulo, Brazil",)


def test_utf8_file_is_read(tmp_path):
    row = '10,"CAFÉ NIÑO, S.A.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    path = _write(tmp_path, "sdn.csv", row.encode("utf-8") + b"\x1a")
    assert [e.caption for e in SDN.parse(path, "ofac_sdn")] == ["CAFÉ NIÑO, S.A."]


# -- bad input ---------------------------------------------------------------------------------


def _error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        list(SDN.parse(path, "ofac_sdn"))
    return info.value


def test_wrong_column_count(tmp_path):
    path = _write(tmp_path, "sdn.csv", (GOOD_ROW + '37,"X",-0- ,"CUBA"\r\n').encode())
    err = _error(path)
    assert err.path == str(path) and err.line == 2 and "expected 12 columns, found 4" in str(err)


def test_non_integer_ent_num(tmp_path):
    path = _write(tmp_path, "sdn.csv", (GOOD_ROW + GOOD_ROW.replace("36,", "3x6,", 1)).encode())
    err = _error(path)
    assert err.line == 2 and "not an integer" in str(err)


def test_unterminated_quote(tmp_path):
    bad = '37,"UNCLOSED,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    path = _write(tmp_path, "sdn.csv", (GOOD_ROW + bad).encode())
    err = _error(path)
    assert err.line == 2 and "quote" in str(err)


def test_truncated_file(sdn_dir, tmp_path):
    data = (sdn_dir / "sdn.csv").read_bytes()
    path = _write(tmp_path, "sdn.csv", data[: data.index(b"\r\n", 2000) - 5])
    err = _error(path)
    assert err.line is not None and err.line > 1
    assert "truncated" in str(err) or "quote" in str(err)


def test_truncated_at_a_cell_boundary(tmp_path):
    path = _write(tmp_path, "sdn.csv", (GOOD_ROW + GOOD_ROW.replace("36,", "37,")[:-3]).encode())
    err = _error(path)
    assert err.line == 2 and "truncated" in str(err)


def test_empty_file(tmp_path):
    err = _error(_write(tmp_path, "sdn.csv", b""))
    assert "no entries" in str(err) and err.path.endswith("sdn.csv")


def test_utf16_file(tmp_path):
    err = _error(_write(tmp_path, "sdn.csv", GOOD_ROW.encode("utf-16")))
    assert "NUL" in str(err)


def test_undecodable_byte(tmp_path):
    data = GOOD_ROW.encode() + GOOD_ROW.replace("AEROCARIBBEAN", "AERO\x81").encode("latin-1")
    err = _error(_write(tmp_path, "sdn.csv", data))
    assert err.line == 2 and "0x81" in str(err)


def test_another_format(shared_data, tmp_path):
    path = tmp_path / "sdn.csv"
    shutil.copy(shared_data / "samples" / "sample_hmt.csv", path)
    err = _error(path)
    assert err.line == 1 and "OFAC" in str(err)


def test_data_after_end_of_file_mark(tmp_path):
    path = _write(tmp_path, "sdn.csv", (GOOD_ROW + "\x1a\r\n" + GOOD_ROW).encode())
    err = _error(path)
    assert err.line == 3 and "end-of-file mark" in str(err)


def test_unknown_entry_type(tmp_path):
    path = _write(tmp_path, "sdn.csv", GOOD_ROW.replace('-0- ,"CUBA"', '"spaceship","CUBA"', 1).encode() + b"\x1a")
    err = _error(path)
    assert err.line == 1 and "spaceship" in str(err)


def test_bad_companion_row_names_the_companion(tmp_path):
    _write(tmp_path, "sdn.csv", GOOD_ROW.encode() + b"\x1a")
    alt = _write(tmp_path, "alt.csv", b'36,12,"aka","AERO-CARIBBEAN",-0- \r\n36,13,"xyz","X",-0- \r\n\x1a')
    err = _error(tmp_path / "sdn.csv")
    assert err.path == str(alt) and err.line == 2 and "alt_type" in str(err)


# -- the full 2021 SDN list --------------------------------------------------------------------


@pytest.mark.slow
def test_full_sdn_file(shared_data):
    path = shared_data / "ofac_sdn_2021" / "sdn.csv"
    entities = list(SDN.parse(path, "ofac_sdn"))
    assert len(entities) == 8976
    schemata = Counter(e.schema for e in entities)
    assert (schemata["Person"], schemata["Vessel"], schemata["Airplane"]) == (4620, 406, 277)
    assert schemata["Organization"] == 3673
    programs = Counter(p for e in entities for p in e.programs)
    assert programs["MAGNIT"] == 55 and programs["GLOMAG"] == 315
    assert len({e.source_id for e in entities}) == 8976
    assert all(e.measures == ("asset_freeze",) for e in entities)


@pytest.mark.slow
def test_full_cons_file(shared_data):
    entities = list(CONS.parse(shared_data / "ofac_cons" / "cons_prim.csv", "ofac_cons"))
    assert len(entities) == 442
    assert Counter(e.schema for e in entities)["Person"] == 79
