"""OFAC classic XML (sdn.xml schema) and advanced XML (sdn_advanced.xml) parsers."""

import importlib.util
import lzma
import shutil
from pathlib import Path

import pytest

from magnitsky.model import DateValue, Entity, Identifier, NameKind, Relation
from magnitsky.sources import registry
from magnitsky.sources.base import ParseError
from magnitsky.sources.ofac_advanced_xml import OfacAdvancedXmlParser
from magnitsky.sources.ofac_lists import ListUndecided
from magnitsky.sources.ofac_xml import OfacXmlParser
from magnitsky.sources.registry import detect_format, open_list
from parser_checks import parse_error

FIXTURES = Path(__file__).parent / "fixtures"
CLASSIC = FIXTURES / "ofac_xml" / "sample_ofac_consolidated.xml"
ADVANCED = FIXTURES / "ofac_advanced_xml" / "sdn_advanced_excerpt.xml"
CLASSIC_PARSER = OfacXmlParser()
ADVANCED_PARSER = OfacAdvancedXmlParser()


def _by_id(parser, path: Path) -> dict[str, Entity]:
    return {e.source_id: e for e in parser.parse(path, parser.source)}


@pytest.fixture(scope="module")
def classic() -> dict[str, Entity]:
    return _by_id(CLASSIC_PARSER, CLASSIC)


@pytest.fixture(scope="module")
def advanced() -> dict[str, Entity]:
    return _by_id(ADVANCED_PARSER, ADVANCED)


def _names(entity: Entity, kind: NameKind) -> list[str]:
    return entity.names_of(kind)


# -- classic sdn.xml: the real sample ------------------------------------------------------------


def test_fixture_is_the_shared_sample(shared_data):
    assert CLASSIC.read_bytes() == (shared_data / "samples" / "sample_ofac_consolidated.xml").read_bytes()


def test_classic_sample_has_exactly_its_entries(classic):
    assert list(classic) == ["10689", "18619", "19187", "19188", "12057", "15496", "15497", "12345"]
    schemata = [e.schema for e in classic.values()]
    assert schemata.count("Person") == 6 and schemata.count("Organization") == 2
    assert all(e.source == "ofac_sdn" and e.measures == ("asset_freeze",) for e in classic.values())


def test_classic_meta():
    meta = CLASSIC_PARSER.meta(CLASSIC)
    assert (meta.source, meta.format, meta.publication_date) == ("ofac_sdn", "ofac_xml", "2020-04-22")


def test_classic_names_split_and_aliases(classic):
    saeed = classic["10689"]
    primary = saeed.names[0]
    assert (primary.full, primary.given, primary.family, primary.kind) == (
        "Muhammad SAEED",
        "Muhammad",
        "SAEED",
        NameKind.PRIMARY,
    )
    assert len(_names(saeed, NameKind.ALIAS)) == 8
    assert "Hafez Mohammad SAYEED" in _names(saeed, NameKind.ALIAS)
    assert _names(saeed, NameKind.WEAK) == ["HAFIZ SAHIB", "TATA JI"]


def test_classic_documents_birth_and_address(classic):
    saeed = classic["10689"]
    assert (
        Identifier("passport", "BE5978421", "pk", "Passport; issued 2007-11-14; expires 2012-11-12")
        in saeed.identifiers
    )
    assert Identifier("national_id", "23250460642", "pk", "National ID No.") in saeed.identifiers
    assert len(saeed.identifiers) == 4
    assert saeed.birth_dates == (DateValue("1950-06-05"),)
    assert saeed.birth_places == ("Sargodha, Punjab, Pakistan",)
    assert saeed.nationalities == ("pk",)
    assert saeed.addresses[0].city == "Lahore City, Lahore District"
    assert saeed.addresses[0].full.startswith("House No. 116 E, Mohalla Johar")
    assert saeed.programs == ("SDGT",)


def test_classic_date_ranges_keep_their_precision(classic):
    assert [str(d) for d in classic["18619"].birth_dates] == ["1976/1978", "1977/1979"]
    assert [str(d) for d in classic["12057"].birth_dates] == ["1951/1953", "1960/1962", "1961-04", "1953"]
    assert [str(d) for d in classic["12345"].birth_dates] == ["~1951"]  # written "circa-1951"


def test_classic_gender_remarks_title_programs(classic):
    naqdi = classic["12057"]
    assert naqdi.gender == "male"
    assert "Additional Sanctions Information - Subject to Secondary Sanctions" in naqdi.remarks
    assert "Head of the Basij" in naqdi.remarks
    assert naqdi.titles[0].startswith("Brigadier General")
    assert naqdi.programs == ("IFSR", "IRGC", "NPWMD", "IRAN-HR", "SDGT", "IRAN-EO13876")
    assert not naqdi.identifiers  # Gender and the sanctions statement are not documents
    assert naqdi.birth_places == ("Najaf, Iraq", "Tehran, Iran")


def test_classic_linked_to_and_entities(classic):
    assert classic["15496"].relations == (Relation("linked_to", "SUMIYOSHI-KAI"),)
    troll = classic["19187"]
    assert troll.schema == "Organization" and troll.caption == "TROLL PROPERTIES, INC."
    assert troll.names[0].given is None and troll.names[0].family is None
    assert troll.identifiers == (Identifier("tax_id", "991715-1-534344", "pa", "RUC #"),)
    assert troll.countries == ("pa",)


def test_classic_entities_round_trip_through_json(classic):
    for entity in classic.values():
        assert Entity.from_dict(entity.to_dict()) == entity


CLASSIC_HEAD = (
    '<?xml version="1.0" standalone="yes"?>\n'
    '<sdnList xmlns="http://tempuri.org/sdnList.xsd">\n'
    "<publshInformation><Publish_Date>01/31/2024</Publish_Date><Record_Count>1</Record_Count></publshInformation>\n"
)

VESSEL_ENTRY = """<sdnEntry><uid>9001</uid><lastName>OCEAN PRIDE</lastName><sdnType>Vessel</sdnType>
<programList><program>IRAN</program></programList>
<idList><id><uid>1</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 9123453</idNumber></id>
<id><uid>2</uid><idType>MMSI</idType><idNumber>123456789</idNumber></id>
<id><uid>3</uid><idType>Linked To</idType><idNumber>SEA SHIPPING CO.</idNumber></id></idList>
<akaList><aka><uid>4</uid><type>f.k.a.</type><category>strong</category><lastName>OLD PRIDE</lastName></aka></akaList>
<vesselInfo><callSign>9BQX</callSign><vesselType>Crude Oil Tanker</vesselType><vesselFlag>Panama</vesselFlag>
<vesselOwner>SEA SHIPPING CO.</vesselOwner><tonnage>150,000</tonnage><grossRegisteredTonnage>80,000</grossRegisteredTonnage></vesselInfo>
</sdnEntry>
<sdnEntry><uid>9002</uid><firstName>Anna</firstName><lastName>IVANOVA</lastName><sdnType>Individual</sdnType>
<citizenshipList><citizenship><uid>5</uid><country>Russia</country></citizenship></citizenshipList>
<dateOfBirthList><dateOfBirthItem><uid>6</uid><dateOfBirth>circa 1967</dateOfBirth></dateOfBirthItem>
<dateOfBirthItem><uid>7</uid><dateOfBirth>12 Mar 1967</dateOfBirth></dateOfBirthItem>
<dateOfBirthItem><uid>8</uid><dateOfBirth>sometime</dateOfBirth></dateOfBirthItem></dateOfBirthList>
<idList><id><uid>9</uid><idType>Email Address</idType><idNumber>anna@example.org</idNumber></id></idList>
</sdnEntry>
</sdnList>
"""


def _write(tmp_path: Path, content: str | bytes, name: str = "sdn.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_classic_vessel_citizenship_and_dates(tmp_path):
    entities = _by_id(CLASSIC_PARSER, _write(tmp_path, CLASSIC_HEAD + VESSEL_ENTRY))
    vessel, person = entities["9001"], entities["9002"]
    assert vessel.schema == "Vessel"
    assert _names(vessel, NameKind.FORMER) == ["OLD PRIDE"]
    assert Identifier("imo", "9123453", None, "Vessel Registration Identification") in vessel.identifiers
    assert ("vessel_type", "Crude Oil Tanker") in vessel.extra and ("vessel_call_sign", "9BQX") in vessel.extra
    assert ("vessel_gross_registered_tonnage", "80,000") in vessel.extra
    assert vessel.countries == ("pa",)  # the flag
    assert vessel.relations == (Relation("linked_to", "SEA SHIPPING CO."),)
    assert person.nationalities == ("ru",)
    assert [str(d) for d in person.birth_dates] == ["~1967", "1967-03-12"]
    assert ("birth_date_text", "sometime") in person.extra
    assert person.emails == ("anna@example.org",)


def test_a_file_named_consolidated_with_sdn_entries_is_the_sdn_list(tmp_path):
    """The name says consolidated, the entries (a vessel and a person under SDN programs) say SDN."""
    path = _write(tmp_path, CLASSIC_HEAD + VESSEL_ENTRY, "consolidated.xml")
    assert CLASSIC_PARSER.meta(path).source == "ofac_sdn"
    assert all(e.measures == ("asset_freeze",) for e in CLASSIC_PARSER.parse(path, "ofac_sdn"))
    assert open_list(path, "ofac_xml").meta.publication_date == "2024-01-31"


@pytest.fixture(scope="module")
def real_classic(tmp_path_factory) -> dict[str, Path]:
    """The shared SDN and consolidated classic XML, decompressed under names that lie about them."""
    folder = tmp_path_factory.mktemp("ofac_xml")
    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    named = {"ofac_consolidated_2024-05-06.xml": "ofac_cons/consolidated.xml.xz", "consolidated.xml": "ofac/sdn.xml.xz"}
    for name, source in named.items():
        with lzma.open(shared / source) as fh:
            (folder / name).write_bytes(fh.read())
    return {"cons": folder / "ofac_consolidated_2024-05-06.xml", "sdn": folder / "consolidated.xml"}


def test_the_list_comes_from_the_entries_not_the_file_name(real_classic):
    cons, sdn = open_list(real_classic["cons"]), open_list(real_classic["sdn"])
    assert (cons.meta.source, cons.meta.publication_date, cons.stated_count()) == ("ofac_cons", "2024-05-06", 443)
    assert (sdn.meta.source, sdn.meta.publication_date, sdn.stated_count()) == ("ofac_sdn", "2024-05-07", 14966)
    consolidated = list(cons.entities())
    assert len(consolidated) == 443 and all(e.measures == () for e in consolidated)


def test_the_caller_may_name_the_list(real_classic):
    assert open_list(real_classic["sdn"], source="ofac_cons").meta.source == "ofac_cons"


def test_a_file_mixing_both_lists_is_refused_with_the_counts(real_classic, tmp_path):
    """Half consolidated entries, half SDN ones: neither list, so the caller must name it."""
    cons = real_classic["cons"].read_text()
    sdn_entries = real_classic["sdn"].read_text().split("<sdnEntry>")[1:444]
    mixed = cons.replace(
        "</sdnList>",
        "".join("<sdnEntry>" + e.split("</sdnEntry>")[0] + "</sdnEntry>" for e in sdn_entries) + "</sdnList>",
    )
    path = _write(tmp_path, mixed, "ofac.xml")
    with pytest.raises(
        ListUndecided, match=r"whether this is the OFAC SDN list .* \(442 of 886 entries .*ofac_sdn, ofac_cons"
    ):
        open_list(path)
    assert open_list(path, source="ofac_sdn").meta.source == "ofac_sdn"


# -- advanced sdn_advanced.xml: the fixture written from the schema ------------------------------


def test_advanced_meta_and_entries(advanced):
    meta = ADVANCED_PARSER.meta(ADVANCED)
    assert (meta.source, meta.format, meta.publication_date) == ("ofac_sdn", "ofac_advanced_xml", "2024-05-17")
    assert {k: e.schema for k, e in advanced.items()} == {
        "41001": "Person",
        "41002": "Person",
        "41003": "Organization",
        "41004": "Vessel",
    }
    assert all(e.measures == ("asset_freeze",) and ("list", "SDN List") in e.extra for e in advanced.values())


def test_advanced_magnit_person_latin_and_cyrillic(advanced):
    petrov = advanced["41001"]
    latin, cyrillic = petrov.names[0], petrov.names[1]
    assert (latin.full, latin.kind, latin.given, latin.patronymic, latin.family) == (
        "Ivan Sergeyevich PETROV",
        NameKind.PRIMARY,
        "Ivan",
        "Sergeyevich",
        "PETROV",
    )
    assert (cyrillic.full, cyrillic.kind, cyrillic.script, cyrillic.family) == (
        "Иван Сергеевич ПЕТРОВ",
        NameKind.ORIGINAL,
        "Cyrl",
        "ПЕТРОВ",
    )
    assert _names(petrov, NameKind.ALIAS) == ["Ioann PETROV"]
    assert petrov.birth_dates == (DateValue("1967-03-12"),)
    assert petrov.birth_places == ("Saint Petersburg, Russia",)
    assert petrov.nationalities == ("ru",) and petrov.gender == "male"
    assert petrov.identifiers == (Identifier("passport", "7512345678", "ru", "Passport; issued 2015-04-01"),)
    assert petrov.titles == ("Senior Investigator, Tax Crimes Department",)
    assert petrov.programs == ("MAGNIT",) and petrov.listed_on == "2013-04-12"
    assert petrov.legal_basis == ("Sergei Magnitsky Rule of Law Accountability Act of 2012",)


def test_advanced_glomag_person_year_only_and_circa(advanced):
    mendoza = advanced["41002"]
    assert mendoza.caption == "Juan Carlos MENDOZA RIVAS"
    assert mendoza.names[0].given == "Juan Carlos" and mendoza.names[0].family == "MENDOZA RIVAS"
    assert mendoza.birth_dates == (DateValue("1971"), DateValue("1969", None, True))
    assert mendoza.birth_places == ("Quetzaltenango, Guatemala",)
    assert mendoza.nationalities == ("gt",)
    assert _names(mendoza, NameKind.WEAK) == ["EL PROFE"]
    assert mendoza.programs == ("GLOMAG",)


def test_advanced_entity_aliases_address_and_relations(advanced):
    volga = advanced["41003"]
    assert [(n.full, n.kind) for n in volga.names] == [
        ("VOLGA TRADE HOLDING LLC", NameKind.PRIMARY),
        ("ООО ВОЛГА ТРЕЙД ХОЛДИНГ", NameKind.ORIGINAL),
        ("VTH LLC", NameKind.ALIAS),
        ("VOLGA TRADE CJSC", NameKind.FORMER),
        ("VOLGA TRADE", NameKind.WEAK),
    ]
    address = volga.addresses[0]
    assert (address.full, address.city, address.country) == (
        "Tverskaya ulitsa 99, office 12, Moscow, 125009, Russia",
        "Moscow",
        "ru",
    )
    assert volga.identifiers == (Identifier("tax_id", "7701234567", "ru", "Tax ID No."),)
    assert volga.websites == ("www.volga-trade.example",)
    assert ("organization_established_date", "2004-06-15") in volga.extra
    assert volga.remarks == ("Secondary sanctions risk: See Section 11 of Executive Order 14024.",)
    assert volga.relations == (Relation("owned_by", "41001"),)


def test_advanced_vessel_imo_and_details(advanced):
    vessel = advanced["41004"]
    assert vessel.identifiers == (Identifier("imo", "9123453", None, "Vessel Registration Identification"),)
    assert ("vessel_type", "Crude Oil Tanker") in vessel.extra and ("vessel_flag", "Panama") in vessel.extra
    assert vessel.countries == ("pa",)
    assert _names(vessel, NameKind.FORMER) == ["SEA STAR"]
    assert vessel.relations == (Relation("associate", "41003"),)


def test_advanced_entities_round_trip_through_json(advanced):
    for entity in advanced.values():
        assert Entity.from_dict(entity.to_dict()) == entity


def test_open_list_streams_both_formats(existing_parsers):
    assert sum(1 for _ in open_list(CLASSIC).entities()) == 8
    assert sum(1 for _ in open_list(ADVANCED).entities()) == 4


# -- format detection ----------------------------------------------------------------------------


@pytest.fixture
def existing_parsers(monkeypatch):
    """detect_format over the registered parsers whose modules exist yet (others are in progress)."""
    present = {
        fmt: target
        for fmt, target in registry._PARSERS.items()
        if importlib.util.find_spec(target.split(":")[0]) is not None
    }
    monkeypatch.setattr(registry, "_PARSERS", present)


def test_detect_format(existing_parsers, shared_data):
    assert detect_format(CLASSIC) == "ofac_xml"
    assert detect_format(shared_data / "samples" / "sample_ofac_consolidated.xml") == "ofac_xml"
    assert detect_format(ADVANCED) == "ofac_advanced_xml"


@pytest.mark.parametrize(
    "path",
    [
        "samples/sample_unsc.xml",
        "samples/sample_eu.xml",
        "un/consolidated.xml",
        "samples/sample_hmt.csv",
        "bis/dpl.txt",
        "ofac_sdn_2021/sdn.csv",
    ],
)
def test_sniff_does_not_claim_other_lists(shared_data, path):
    start = registry.head(shared_data / path)
    assert not CLASSIC_PARSER.sniff(shared_data / path, start)
    assert not ADVANCED_PARSER.sniff(shared_data / path, start)


@pytest.mark.parametrize(
    "head",
    [
        '<?xml version="1.0"?>\n<Designations><Designation><UniqueID>RUS0001</UniqueID>',  # UK sanctions list
        '<?xml version="1.0"?>\n<!-- converted from <sdnList> --><CONSOLIDATED_LIST dateGenerated="x">',
        '<?xml version="1.0"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity>',
        '<?xml version="1.0"?>\n<Sanctions><Sanction id="1">unrelated</Sanction>',  # a root name alone is not enough
    ],
)
def test_sniff_does_not_claim_foreign_heads(head):
    assert not CLASSIC_PARSER.sniff(Path("x.xml"), head)
    assert not ADVANCED_PARSER.sniff(Path("x.xml"), head)


def test_the_two_ofac_formats_do_not_claim_each_other():
    assert not ADVANCED_PARSER.sniff(CLASSIC, registry.head(CLASSIC))
    assert not CLASSIC_PARSER.sniff(ADVANCED, registry.head(ADVANCED))


def test_old_un_namespace_advanced_file_is_recognised():
    head = '<?xml version="1.0"?>\n<Sanctions xmlns="http://www.un.org/sanctions/1.0"><DateOfIssue>'
    assert ADVANCED_PARSER.sniff(Path("sdn_advanced.xml"), head)


# -- bad input, for both formats -----------------------------------------------------------------

PARSERS = {"classic": (CLASSIC_PARSER, CLASSIC), "advanced": (ADVANCED_PARSER, ADVANCED)}


@pytest.fixture(params=list(PARSERS))
def kind(request):
    return PARSERS[request.param]


def test_malformed_xml(tmp_path, kind):
    parser, good = kind
    text = good.read_text(encoding="utf-8")
    broken = (
        text.replace("</lastName>", "</lastNme>", 1)
        if parser is CLASSIC_PARSER
        else text.replace("</NamePartValue>", "</NamePartValu>", 1)
    )
    error = parse_error(parser, _write(tmp_path, broken))
    assert "malformed XML" in str(error) and error.line is not None and error.line > 1


def test_truncated_file(tmp_path, kind):
    parser, good = kind
    data = good.read_bytes()
    path = _write(tmp_path, data[: len(data) * 2 // 3])
    error = parse_error(parser, path)
    assert error.line is not None


def test_classic_truncated_file_yields_what_came_before_then_fails(tmp_path):
    data = CLASSIC.read_bytes()
    path = _write(tmp_path, data[: data.index(b"<uid>12057</uid>")])
    seen = []
    with pytest.raises(ParseError):
        for entity in CLASSIC_PARSER.parse(path, "ofac_sdn"):
            seen.append(entity.source_id)
    assert seen == ["10689", "18619", "19187", "19188"]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE {root} [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<{root}><x>&lol4;</x></{root}>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<{root}><x>&xxe;</x></{root}>
"""


def _root(parser) -> str:
    return "sdnList" if parser is CLASSIC_PARSER else "Sanctions"


def test_billion_laughs_is_refused(tmp_path, kind):
    parser, _ = kind
    error = parse_error(parser, _write(tmp_path, BOMB.format(root=_root(parser))))
    assert "entity" in str(error) and error.line == 2


def test_external_entity_is_refused(tmp_path, kind):
    parser, _ = kind
    error = parse_error(parser, _write(tmp_path, XXE.format(root=_root(parser))))
    assert error.line == 2 and "root:" not in str(error)


def test_empty_file(tmp_path, kind):
    parser, _ = kind
    assert "empty" in str(parse_error(parser, _write(tmp_path, "  \n")))
    with pytest.raises(ParseError):
        parser.meta(tmp_path / "sdn.xml")


def test_another_xml_format_is_refused(tmp_path, kind, shared_data):
    parser, _ = kind
    path = tmp_path / "consolidated.xml"
    shutil.copy(shared_data / "samples" / "sample_unsc.xml", path)
    error = parse_error(parser, path)
    assert "<CONSOLIDATED_LIST>" in str(error)
    with pytest.raises(ParseError):
        parser.meta(path)


def test_classic_entry_without_uid(tmp_path):
    content = CLASSIC_HEAD + "<sdnEntry>\n<lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>"
    error = parse_error(CLASSIC_PARSER, _write(tmp_path, content))
    assert "<uid>" in str(error) and error.where == "<sdnEntry>" and error.line == 4


def test_classic_entry_with_unknown_type_or_no_name(tmp_path):
    unknown = (
        CLASSIC_HEAD + "<sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Spaceship</sdnType></sdnEntry></sdnList>"
    )
    assert "Spaceship" in str(parse_error(CLASSIC_PARSER, _write(tmp_path, unknown)))
    nameless = CLASSIC_HEAD + "<sdnEntry><uid>1</uid><sdnType>Entity</sdnType></sdnEntry></sdnList>"
    assert "<lastName>" in str(parse_error(CLASSIC_PARSER, _write(tmp_path, nameless)))


def test_advanced_party_without_fixed_ref(tmp_path):
    text = ADVANCED.read_text(encoding="utf-8").replace('<DistinctParty FixedRef="41002">', "<DistinctParty>")
    error = parse_error(ADVANCED_PARSER, _write(tmp_path, text))
    assert error.where == "<DistinctParty>" and error.line is not None


def test_advanced_party_with_unknown_subtype(tmp_path):
    text = ADVANCED.read_text(encoding="utf-8").replace('PartySubTypeID="1">', 'PartySubTypeID="77">', 1)
    error = parse_error(ADVANCED_PARSER, _write(tmp_path, text))
    assert "41004" in str(error) and error.where == "<Profile>"


def test_advanced_party_without_any_name(tmp_path):
    text = ADVANCED.read_text(encoding="utf-8")
    start, end = text.index('<Alias FixedRef="41004"'), text.index("<NamePartGroups>", text.index('ID="20004"'))
    error = parse_error(ADVANCED_PARSER, _write(tmp_path, text[:start] + text[end:]))
    assert "41004 has no name" in str(error)


def test_advanced_many_parties_resolve_entries_read_after_them(tmp_path):
    """Programs and dates sit after all parties; the two passes must still join them to each."""
    text = ADVANCED.read_text(encoding="utf-8")
    start, end = text.index('<DistinctParty FixedRef="41001">'), text.index("</DistinctParties>")
    first, last = text.index("<SanctionsEntry "), text.index("</SanctionsEntries>")
    copies = range(1, 301)
    parties = "".join(text[start:end].replace('"410', f'"{n}0') for n in copies)
    entries = "".join(text[first:last].replace('ProfileID="410', f'ProfileID="{n}0') for n in copies)
    path = _write(tmp_path, text[:start] + parties + text[end:first] + entries + text[last:], "sdn_advanced.xml")
    entities = list(ADVANCED_PARSER.parse(path, "ofac_sdn"))
    assert len(entities) == 1200
    assert entities[-1].source_id == "300004" and entities[-1].programs == ("RUSSIA-EO14024",)
    assert all(e.listed_on and e.programs for e in entities)
