"""EU Financial Sanctions Files XML: the real sample end to end, schema features, streaming, bad input."""

import lzma
import re
from pathlib import Path

import pytest
from lxml import etree

from magnitsky.model import DateValue, Identifier, NameKind
from magnitsky.sources.base import ParseError
from magnitsky.sources.eu_xml import EuXmlParser
from magnitsky.sources.registry import detect_format, open_list
from parser_checks import foreign_heads, hostile_xml, parse_error, present_registry, write_list  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "eu_xml" / "sample_eu.xml"
FEATURES = FIXTURES / "eu_xml" / "schema_features.xml"
UN_EXCERPT = FIXTURES / "un_xml" / "consolidated_excerpt.xml"
PARSER = EuXmlParser()


def parse(path: Path) -> list:
    return list(PARSER.parse(path, "eu_fsf"))


@pytest.fixture(scope="module")
def sample() -> dict:
    # the sample's "TestOneWord" entry reuses logicalId 5468 (see SOURCE.md); keep the real one
    return {e.source_id: e for e in reversed(parse(SAMPLE))}


@pytest.fixture(scope="module")
def features() -> dict:
    return {e.source_id: e for e in parse(FEATURES)}


# -- the real sample -----------------------------------------------------------------------------


def test_sample_count_and_meta():
    entities = parse(SAMPLE)
    assert len(entities) == len(re.findall(r"<sanctionEntity\b", SAMPLE.read_text(encoding="utf-8"))) == 7
    assert all(e.schema == "Person" and e.source == "eu_fsf" for e in entities)
    meta = PARSER.meta(SAMPLE)
    assert (meta.source, meta.format, meta.publication_date) == ("eu_fsf", "eu_xml", "2020-04-15")


def test_abou_zeid_names_dates_places_and_programme(sample):
    e = sample["5295"]
    primary = e.names[0]
    assert (primary.full, primary.kind, primary.given, primary.family) == (
        "Abid Hammadou",
        NameKind.PRIMARY,
        "Abid",
        "Hammadou",
    )
    assert e.names_of(NameKind.ALIAS) == [
        "Abdelhamid Abou Zeid",
        "Youcef Adel",
        "Amor Mohamed Ghedeir",
        "Abou Abdellah",
    ]
    assert e.birth_dates == (DateValue("1965-12-12"), DateValue("1958", None, True))
    assert e.birth_places[0] == "Touggourt, Wilaya (province) of Ouargla, ALGERIA"
    assert e.nationalities == ("dz",)
    assert (e.programs, e.legal_basis) == (("TAQA",), ("2019/555 (OJ L97)",))
    assert (e.listed_on, e.updated_on) == ("2008-07-03", "2019-04-08")
    assert e.measures == ("asset_freeze",)
    assert e.remarks[0].startswith("(a) Mother's name is Benarouba Bachira")
    assert ("eu_reference_number", "EU.2026.82") in e.extra


def test_khalid_shaikh_mohammed_gender_and_unknown_passport_country(sample):
    e = sample["191"]
    assert e.caption == "Fahd Bin Adballah BIN KHALID"
    assert "Khalid Shaikh MOHAMMED" in e.names_of(NameKind.ALIAS)
    assert (e.names[0].given, e.names[0].family) == ("Fahd", "BIN KHALID")
    assert e.gender == "male"
    assert e.identifiers == (Identifier("passport", "488555", None, "National passport"),)  # country "00"
    assert e.birth_dates == (DateValue("1965-04-14"), DateValue("1964-03-01"))
    assert e.listed_on is None  # the entry has no designationDate
    assert e.programs == ("TERR",)


def test_identity_card_passport_and_address(sample):
    e = sample["927"]
    assert [(i.type, i.value, i.country) for i in e.identifiers] == [
        ("national_id", "04643632", "tn"),
        ("passport", "L191609", "tn"),
    ]
    assert [(a.full, a.city, a.country) for a in e.addresses] == [
        ("23 50th Street, Zehrouni, Tunis, TUNISIA", "Tunis", "tn")
    ]
    assert "Italian Fiscal Code: DAOMMD74T11Z352Z" in e.remarks


def test_year_only_birth_dates_and_foreign_address(sample):
    e = sample["5807"]
    assert e.birth_dates == (DateValue("1954"), DateValue("1953"))
    assert e.nationalities == ("rw",) and e.countries == ("cd",)
    assert e.positions == () and sample["5463"].positions == (
        "Director of Korea Ryongaksan General Trading Corporation",
    )


# -- schema features the sample lacks ------------------------------------------------------------


def test_original_script_weak_alias_and_name_parts(features):
    e = features["900001"]
    assert [(n.full, n.kind, n.script) for n in e.names] == [
        ("Ivan Petrovich SIDOROV", NameKind.PRIMARY, None),
        ("Иван Петрович Сидоров", NameKind.ORIGINAL, "Cyrl"),
        ("Vanya", NameKind.WEAK, None),
        ("Ivan Sidorov", NameKind.ALIAS, None),  # wholeName empty: built from the parts
    ]
    assert (e.names[0].given, e.names[0].family) == ("Ivan", "SIDOROV")
    assert (e.titles, e.positions, e.gender) == (("Mr",), ("Member of the State Duma",), "male")


def test_year_range_and_circa_month(features):
    assert features["900001"].birth_dates == (DateValue("1961", "1963"), DateValue("1962-05", None, True))
    assert features["900001"].birth_places == ("Volgograd, RUSSIAN FEDERATION",)


def test_several_regulations(features):
    e = features["900001"]
    assert e.programs == ("UKR", "RUS")
    assert e.legal_basis == ("2022/427 (OJ L87I)", "2023/1765 (OJ L226)")
    assert (e.listed_on, e.updated_on) == ("2022-03-15", "2023-09-14")


def test_identification_notes_and_types(features):
    passport, tax = features["900001"].identifiers
    assert (passport.type, passport.value, passport.country) == ("passport", "720000001", "ru")
    assert passport.note == (
        "National passport; issued by Federal Migration Service; valid 2015-01-01 to 2025-01-01; known false"
    )
    assert (tax.type, tax.value) == ("tax_id", "770000000001")


def test_enterprise(features):
    e = features["900002"]
    assert (e.schema, e.caption) == ("Organization", "Example Ocean Trading Company")
    assert e.names_of(NameKind.WEAK) == ["EOTC"]
    assert [(n.full, n.script) for n in e.names if n.kind is NameKind.ORIGINAL] == [("예시해양무역회사", "Hang")]
    assert e.names[0].given is None
    assert e.addresses[0].country == "kp" and e.identifiers[0].type == "imo"
    assert "Designated for supplying arms." in e.remarks
    assert ("un_reference_number", "KPe.999") in e.extra


def test_entities_round_trip_through_json(sample, features):
    for e in [*sample.values(), *features.values()]:
        assert type(e).from_dict(e.to_dict()) == e


# -- the whole real file (shared/data/eu, generationDate 2024-05-13) ------------------------------

FULL = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "eu" / "20240513-FULL-1_1(xsd).xml.xz"
_NS = "{http://eu.europa.ec/fpi/fsd/export}"


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> tuple[list, dict]:
    """The raw sanctionEntity elements (lxml alone) and the parsed entries by logicalId."""
    path = tmp_path_factory.mktemp("eu") / "full.xml"
    with lzma.open(FULL) as packed:
        path.write_bytes(packed.read())
    raw = etree.parse(str(path)).getroot().findall(f"{_NS}sanctionEntity")
    return raw, {e.source_id: e for e in PARSER.parse(path, "eu_fsf")}


def _mostly_latin(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return sum(c < "\u0250" for c in letters) > len(letters) / 2


@pytest.mark.slow
def test_every_entry_has_its_english_or_unmarked_name_as_primary(full):
    raw, entities = full
    assert len(raw) == 4811
    assert all(sum(n.kind is NameKind.PRIMARY for n in e.names) == 1 for e in entities.values())
    # the first English name in Latin letters, else the first with no language marked, is the primary
    expected = {}
    for element in raw:
        names = [
            (a.get("nameLanguage"), " ".join(a.get("wholeName").split())) for a in element.findall(f"{_NS}nameAlias")
        ]
        latin = [(language, name) for language, name in names if _mostly_latin(name)]
        english = [name for language, name in latin if language == "EN"]
        unmarked = [name for language, name in latin if not language]
        expected[element.get("logicalId")] = (english or unmarked or [name for _, name in latin])[0]
    chosen = {k: e.names_of(NameKind.PRIMARY)[0] for k, e in entities.items()}
    assert chosen == expected
    first = {element.get("logicalId"): element.find(f"{_NS}nameAlias").get("wholeName") for element in raw}
    assert sum(" ".join(first[k].split()) != chosen[k] for k in chosen) > 2000  # not the first alias
    assert entities["127732"].caption == "Alexander Ivanovich BASTRYKIN"  # listed first in Bulgarian
    # these had no primary name at all: their first alias was Croatian, Slovak, Bulgarian or Cyrillic
    assert entities["7425"].caption == "State Unitary Enterprise of the “Republic of Crimea”“Universal-Avia”"
    assert entities["154661"].caption == "Bank “Centre for International Settlements” LLC"
    assert entities["117053"].caption == "Ermies Ghermay"  # no language marked on any name: the first


@pytest.mark.slow
def test_an_open_ended_year_range_is_kept(full):
    raw, entities = full
    open_ended = [
        (element.get("logicalId"), b.get("yearRangeFrom"), b.get("yearRangeTo"))
        for element in raw
        for b in element.findall(f"{_NS}birthdate")
        if bool(b.get("yearRangeFrom")) != bool(b.get("yearRangeTo")) and not b.get("year") and not b.get("birthdate")
    ]
    assert open_ended == [("117053", None, "1980")]
    assert ("birth_date", "1980 or earlier") in entities["117053"].extra


# -- a full-size file streams --------------------------------------------------------------------


def test_large_generated_file_streams(tmp_path):
    """The real FSF file is ~20 MB with thousands of entries; build one of 5,000 from the sample."""
    raw = SAMPLE.read_text(encoding="utf-8")
    blocks = re.findall(r"<sanctionEntity\b.*?</sanctionEntity>", raw, re.S)
    head, tail = raw[: raw.index("<sanctionEntity")], "\n</export>\n"
    body = "\n".join(
        re.sub(r'(<sanctionEntity\b[^>]*?)logicalId="\d+"', rf'\1logicalId="{n}"', blocks[n % len(blocks)], count=1)
        for n in range(1, 5001)
    )
    path = tmp_path / "full.xml"
    path.write_text(head + body + tail, encoding="utf-8")
    ids = [e.source_id for e in PARSER.parse(path, "eu_fsf")]
    assert len(ids) == len(set(ids)) == 5000


def test_open_list():
    listed = open_list(SAMPLE, "eu_xml")
    assert listed.meta.publication_date == "2020-04-15"
    assert sum(1 for _ in listed.entities()) == 7


# -- format detection ----------------------------------------------------------------------------


def test_detect_format(present_registry):
    assert detect_format(SAMPLE) == "eu_xml"
    assert detect_format(FEATURES) == "eu_xml"


@pytest.mark.parametrize("text", [pytest.param(text, id=fmt) for fmt, text in foreign_heads("eu_xml")])
def test_sniff_does_not_claim_other_formats(text):
    assert not PARSER.sniff(Path("list"), text)


def test_sniff_needs_the_fsf_namespace():
    assert not PARSER.sniff(Path("x.xml"), '<?xml version="1.0"?>\n<export generationDate="2020-01-01">')
    assert PARSER.sniff(Path("x.xml"), '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="x">')


# -- bad input -----------------------------------------------------------------------------------


HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export">\n'


def test_malformed_xml(tmp_path):
    broken = HEAD + '<sanctionEntity logicalId="1">\n<nameAlias wholeName="A">\n</sanctionEntity>\n'
    error = parse_error(PARSER, write_list(tmp_path, broken))
    assert error.line == 5 and "malformed XML" in error.reason


def test_truncated_file_yields_what_came_before_then_fails(tmp_path):
    raw = SAMPLE.read_bytes()
    path = write_list(tmp_path, raw[: len(raw) * 3 // 4])
    seen = []
    with pytest.raises(ParseError) as info:
        for entity in PARSER.parse(path, "eu_fsf"):
            seen.append(entity)
    assert 0 < len(seen) < 7
    assert info.value.line is not None


def test_billion_laughs_is_refused(tmp_path):
    bomb = hostile_xml(b"export", SAMPLE.read_bytes())["xml_bomb"]
    error = parse_error(PARSER, write_list(tmp_path, bomb))
    assert error.line == 2 and "entity" in error.reason


def test_external_entity_is_refused(tmp_path):
    xxe = hostile_xml(b"export", SAMPLE.read_bytes())["external_entity"]
    assert parse_error(PARSER, write_list(tmp_path, xxe)).line == 2


def test_empty_file(tmp_path):
    assert "empty" in parse_error(PARSER, write_list(tmp_path, b"")).reason


def test_another_xml_format_is_refused():
    error = parse_error(PARSER, UN_EXCERPT)
    assert error.line == 2 and "<CONSOLIDATED_LIST>" in error.reason
    with pytest.raises(ParseError, match="not an EU Financial Sanctions Files export"):
        PARSER.meta(UN_EXCERPT)


def test_entry_without_logical_id(tmp_path):
    raw = SAMPLE.read_text(encoding="utf-8")
    broken = raw.replace('euReferenceNumber="EU.3579.2" logicalId="191"', 'euReferenceNumber="EU.3579.2"')
    error = parse_error(PARSER, write_list(tmp_path, broken))
    assert error.line == broken[: broken.index('euReferenceNumber="EU.3579.2"')].count("\n") + 1
    assert "logicalId" in error.reason


def test_entry_without_any_name(tmp_path):
    nameless = HEAD + '<sanctionEntity logicalId="7">\n<subjectType code="person"/>\n</sanctionEntity>\n</export>\n'
    error = parse_error(PARSER, write_list(tmp_path, nameless))
    assert error.line == 3 and "no name" in error.reason
