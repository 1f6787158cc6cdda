"""UN Security Council Consolidated List XML: real entries end to end, the full list, bad input."""

import re
from pathlib import Path

import pytest

from magnitsky.model import DateValue, Identifier, NameKind
from magnitsky.sources.base import ParseError
from magnitsky.sources.registry import detect_format, open_list
from magnitsky.sources.un_xml import UnXmlParser
from parser_checks import foreign_heads, hostile_xml, parse_error, present_registry, write_list  # noqa: F401

EXCERPT = Path(__file__).parent / "fixtures" / "un_xml" / "consolidated_excerpt.xml"
EU_SAMPLE = Path(__file__).parent / "fixtures" / "eu_xml" / "sample_eu.xml"
PARSER = UnXmlParser()


def parse(path: Path) -> list:
    return list(PARSER.parse(path, "un_sc"))


@pytest.fixture(scope="module")
def excerpt() -> dict:
    return {e.source_id: e for e in parse(EXCERPT)}


# -- real entries --------------------------------------------------------------------------------


def test_excerpt_counts_and_schemata(excerpt):
    schemata = [e.schema for e in excerpt.values()]
    assert (schemata.count("Person"), schemata.count("Organization")) == (16, 4)
    assert all(e.source == "un_sc" for e in excerpt.values())


def test_meta_publication_date():
    meta = PARSER.meta(EXCERPT)
    assert (meta.source, meta.format, meta.publication_date) == ("un_sc", "un_xml", "2026-02-27")


def test_saddam_hussein_names_original_script_and_iraq_measures(excerpt):
    e = excerpt["IQi.001"]
    primary = e.names[0]
    assert (primary.full, primary.kind, primary.given, primary.family) == (
        "SADDAM HUSSEIN AL-TIKRITI",
        NameKind.PRIMARY,
        "SADDAM",
        "AL-TIKRITI",
    )
    original = [n for n in e.names if n.kind is NameKind.ORIGINAL]
    assert [(n.full, n.script) for n in original] == [("صدام حسين التكريتي", "Arab")]
    assert e.names_of(NameKind.WEAK) == ["Abu Ali"]
    assert e.birth_dates == (DateValue("1937-04-28"),)
    assert e.birth_places == ("al-Awja, near Tikrit, Iraq",)
    assert e.nationalities == ("iq",)
    assert e.listed_on == "2003-06-27"
    assert e.programs == ("Iraq",)
    assert e.measures == ("asset_freeze",)  # the 1518 list is an asset freeze only
    assert e.legal_basis == ("UNSC resolution 1518 (2003)",)


def test_dprk_names_are_family_name_first(excerpt):
    name = excerpt["KPi.002"].names[0]
    assert (name.full, name.family, name.given) == ("RI JE-SON", "RI", "JE-SON")
    assert excerpt["KPi.002"].names_of(NameKind.ALIAS) == ["Ri Che-son"]


def test_four_name_slots_and_alias_notes(excerpt):
    e = excerpt["QDi.001"]
    assert e.caption == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"
    assert (e.names[0].given, e.names[0].family) == ("MOHAMMED", "ZIDANE")
    assert "محمد صلاح الدين عبدالحليم زيدان" in e.names_of(NameKind.ORIGINAL)
    assert set(e.names_of(NameKind.ALIAS)) == {"Sayf-Al Adl", "Muhamad Ibrahim Makkawi"}
    assert {"Ibrahim al-Madani", "Saif Al-'Adil", "Seif al Adel"} <= set(e.names_of(NameKind.WEAK))
    assert set(e.birth_dates) == {DateValue("1963-04-11"), DateValue("1960-04-11")}
    assert any(r.startswith("Sayf-Al Adl: DOB: 11 Apr. 1963") for r in e.remarks)
    assert e.measures == ("asset_freeze", "travel_ban", "arms_embargo")
    assert e.programs == ("Al-Qaida",)


def test_cyrillic_and_chinese_original_scripts(excerpt):
    assert ("Умаров Доку Хаматович", "Cyrl") in [(n.full, n.script) for n in excerpt["QDi.290"].names]
    assert ("朝鲜联合机械贸易会社", "Hani") in [(n.full, n.script) for n in excerpt["KPe.016"].names]


def test_between_ranges_noted_approximately(excerpt):
    e = excerpt["TAi.002"]
    assert set(e.birth_dates) == {DateValue("1955", "1958", True), DateValue("1945", "1950", True)}
    assert [str(d) for d in e.birth_dates] == ["~1955/1958", "~1945/1950"]
    assert e.names_of(NameKind.ORIGINAL) == ["محمد حسن آخوند"]


def test_approximate_year_titles_and_designations(excerpt):
    e = excerpt["TAi.003"]
    assert e.birth_dates == (DateValue("1963", None, True),)
    assert e.titles == ("Maulavi",)
    assert "Governor of Nangarhar Province under the Taliban regime" in e.positions
    assert e.legal_basis == ("UNSC resolution 1988 (2011)",)


def test_dates_of_birth_given_as_notes(excerpt):
    assert excerpt["CDi.004"].birth_dates == (DateValue("1973-11"),)
    assert all(d.year != 1402 for d in excerpt["QDi.291"].birth_dates)
    assert "Date of birth: 24/06/1402 (Hijri Calendar)" in excerpt["QDi.291"].remarks
    assert "Date of birth: 30-35 years old" in excerpt["LYi.022"].remarks


def test_alias_date_of_birth_is_a_birth_date(excerpt):
    assert DateValue("1958-02-22") in excerpt["KPi.016"].birth_dates


def test_documents_with_issuing_countries(excerpt):
    docs = excerpt["CFi.002"].identifiers
    assert [(d.type, d.value, d.country) for d in docs] == [
        ("passport", "D00001184", "cf"),
        ("passport", "P04838205", None),
        ("national_id", "20227088368", "sd"),
    ]
    tz = excerpt["CDi.040"].identifiers
    assert Identifier("passport", "AB850901", "tz", "Expiration date: 2026-12-11.") in tz


def test_gender_address_and_year_of_birth(excerpt):
    e = excerpt["CDi.001"]
    assert (e.gender, e.birth_dates, e.nationalities) == ("male", (DateValue("1971"),), ("cd",))
    assert [(a.full, a.country) for a in e.addresses] == [("Rwanda (as of early 2016)", "rw")]
    assert e.countries == ("rw",)
    assert excerpt["QDi.356"].gender == "female"


def test_semicolon_separated_alias_names_are_split(excerpt):
    assert {"Azim Adhajani", "Azim Agha-Jani"} <= set(excerpt["IRi.003"].names_of(NameKind.ALIAS))


def test_entity_aliases_former_names_and_latest_update(excerpt):
    e = excerpt["CDe.001"]
    assert (e.schema, e.caption, e.listed_on, e.updated_on) == ("Organization", "ADF", "2014-06-30", "2020-08-19")
    assert e.names_of(NameKind.ALIAS) == ["Allied Democratic Forces"]
    assert e.names_of(NameKind.FORMER) == [
        "Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda",
        "ADF/NALU",
        "NALU",
    ]
    assert e.measures == ("asset_freeze", "arms_embargo")
    assert e.programs == ("DRC",)


def test_entity_name_field_with_two_names(excerpt):
    e = excerpt["CDe.003"]
    assert e.caption == "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)"
    assert "GREAT LAKES BUSINESS COMPANY (GLBC)" in e.names_of(NameKind.ALIAS)
    assert e.countries == ("cd", "rw") and len(e.addresses) == 3


def test_entities_round_trip_through_json(excerpt):
    for e in excerpt.values():
        assert type(e).from_dict(e.to_dict()) == e


# -- full real files -----------------------------------------------------------------------------


@pytest.mark.slow
def test_full_list_parses_every_entry(shared_data):
    path = shared_data / "un" / "consolidated.xml"
    raw = path.read_text(encoding="utf-8")
    individuals, entities = len(re.findall(r"<INDIVIDUAL>", raw)), len(re.findall(r"<ENTITY>", raw))
    originals = [" ".join(t.split()) for t in re.findall(r"<NAME_ORIGINAL_SCRIPT>([^<]*)<", raw) if t.strip()]
    parsed = parse(path)
    assert len(parsed) == individuals + entities
    assert sum(e.schema == "Person" for e in parsed) == individuals
    assert sum(e.schema == "Organization" for e in parsed) == entities
    assert len({e.source_id for e in parsed}) == len(parsed)
    found = [n.full for e in parsed for n in e.names if n.kind is NameKind.ORIGINAL and n.full in originals]
    assert len(found) == len(originals)
    assert PARSER.meta(path).publication_date == "2026-02-27"


def test_other_un_sample(shared_data):
    path = shared_data / "samples" / "sample_unsc.xml"
    raw = path.read_text(encoding="utf-8")
    assert len(parse(path)) == len(re.findall(r"<(?:INDIVIDUAL|ENTITY)>", raw))
    assert PARSER.meta(path).publication_date == "2024-10-17"


def test_open_list_streams_entities():
    listed = open_list(EXCERPT, "un_xml")
    assert listed.meta.publication_date == "2026-02-27"
    assert sum(1 for _ in listed.entities()) == 20


# -- format detection ----------------------------------------------------------------------------


def test_detect_format(present_registry, shared_data):
    assert detect_format(EXCERPT) == "un_xml"
    assert detect_format(shared_data / "un" / "consolidated.xml") == "un_xml"
    assert detect_format(shared_data / "samples" / "sample_unsc.xml") == "un_xml"


@pytest.mark.parametrize("text", [pytest.param(text, id=fmt) for fmt, text in foreign_heads("un_xml")])
def test_sniff_does_not_claim_other_formats(text):
    assert not PARSER.sniff(Path("list"), text)


# -- bad input -----------------------------------------------------------------------------------


HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">\n'


def test_malformed_xml(tmp_path):
    broken = HEAD + "<INDIVIDUALS>\n<INDIVIDUAL><DATAID>1</DATAID>\n</INDIVIDUALS>\n"
    error = parse_error(PARSER, write_list(tmp_path, broken))
    assert error.line == 5 and "malformed XML" in error.reason


def test_truncated_file_yields_what_came_before_then_fails(tmp_path):
    raw = EXCERPT.read_bytes()
    path = write_list(tmp_path, raw[: len(raw) // 2])
    seen = []
    with pytest.raises(ParseError) as info:
        for entity in PARSER.parse(path, "un_sc"):
            seen.append(entity)
    assert 0 < len(seen) < 20
    assert info.value.line is not None and str(path) in str(info.value)


def test_billion_laughs_is_refused(tmp_path):
    bomb = hostile_xml(b"CONSOLIDATED_LIST", EXCERPT.read_bytes())["xml_bomb"]
    error = parse_error(PARSER, write_list(tmp_path, bomb))
    assert error.line == 2 and "entity" in error.reason


def test_external_entity_is_refused(tmp_path):
    xxe = hostile_xml(b"CONSOLIDATED_LIST", EXCERPT.read_bytes())["external_entity"]
    assert parse_error(PARSER, write_list(tmp_path, xxe)).line == 2


def test_empty_file(tmp_path):
    assert "empty" in parse_error(PARSER, write_list(tmp_path, "")).reason
    assert "empty" in parse_error(PARSER, write_list(tmp_path, "  \n")).reason


def test_another_xml_format_is_refused(tmp_path):
    error = parse_error(PARSER, EU_SAMPLE)
    assert error.line == 2 and "<export>" in error.reason
    with pytest.raises(ParseError, match="not a UN consolidated list"):
        PARSER.meta(EU_SAMPLE)


def test_entry_without_reference_number(tmp_path):
    raw = EXCERPT.read_text(encoding="utf-8")
    broken = raw.replace("<REFERENCE_NUMBER>CDi.004</REFERENCE_NUMBER>", "<REFERENCE_NUMBER/>")
    error = parse_error(PARSER, write_list(tmp_path, broken))
    line_of_entry = broken[: broken.index("<DATAID>6907996</DATAID>")].count("\n")  # the <INDIVIDUAL> line
    assert (error.line, error.where) == (line_of_entry, "DATAID 6907996")
    assert "REFERENCE_NUMBER" in error.reason


def test_entry_without_any_name(tmp_path):
    nameless = HEAD + (
        "<ENTITIES>\n<ENTITY><REFERENCE_NUMBER>XXe.001</REFERENCE_NUMBER></ENTITY>\n</ENTITIES></CONSOLIDATED_LIST>\n"
    )
    error = parse_error(PARSER, write_list(tmp_path, nameless))
    assert error.line == 4 and "no name" in error.reason
