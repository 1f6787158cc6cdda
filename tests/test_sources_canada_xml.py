"""Canada's consolidated autonomous sanctions list (SEMA, JVCFOA): the layout-written excerpt end
to end, the pre-2025 element names, and bad input."""

from __future__ import annotations

import collections

import pytest
from lxml import etree

from magnitsky.model import DateValue, Identifier, NameKind
from magnitsky.screening import Screener
from magnitsky.sources import ParseError
from magnitsky.sources.canada_xml import CanadaXmlParser
from parser_checks import (  # noqa: F401  # noqa: F401
    OURS,
    SHARED,
    assert_located,
    assert_sniffs_only_its_own,
    hostile_xml,
    parse_error,
    present_registry,
    write_list,
)

SAMPLE = OURS["canada_xml"]
PARSER = CanadaXmlParser()


@pytest.fixture(scope="module")
def entities():
    return {e.source_id: e for e in PARSER.parse(SAMPLE, "ca_sema")}


def test_no_publication_date_in_the_file():
    meta = PARSER.meta(SAMPLE)
    assert (meta.source, meta.format, meta.publication_date) == ("ca_sema", "canada_xml", None)


def test_source_id_is_the_citation(entities):
    assert list(entities) == [
        "Belarus|1, Part 1|1",
        "Belarus|1, Part 1|103",
        "Russia|1, Part 1|94",
        "Russia|1, Part 1|1210",
        "Russia|1, Part 2|460",
        "Russia|1.1|1",
        "Iran|1, Part 2|21",
        "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)||1",
    ]


def test_person_with_labelled_aliases_title_and_two_birth_dates(entities):
    tarasevich = entities["Belarus|1, Part 1|103"]
    assert tarasevich.schema == "Person"
    primary = tarasevich.names[0]
    assert (primary.full, primary.kind, primary.given, primary.family) == (
        "Andrei Romanovich TARASEVICH",
        NameKind.PRIMARY,
        "Andrei Romanovich",
        "TARASEVICH",
    )
    assert tarasevich.names_of(NameKind.ALIAS) == ["Andrei Ramanavich TARASEVICH"]
    assert tarasevich.names_of(NameKind.ORIGINAL) == ["Андрэй Раманавіч ТАРАСЕВІЧ", "Андрей Романович ТАРАСЕВИЧ"]
    assert {n.script for n in tarasevich.names if n.kind is NameKind.ORIGINAL} == {"Cyrl"}
    assert tarasevich.birth_dates == (DateValue("1972-08-10"), DateValue("1972-08-11"))
    assert tarasevich.titles == ("Major General",)
    assert tarasevich.programs == ("Belarus", "SEMA")
    assert tarasevich.nationalities == () and tarasevich.countries == ()  # Country is the regulation
    assert tarasevich.measures == ("asset_freeze", "travel_ban")
    assert tarasevich.legal_basis == ("Special Economic Measures Act",)
    assert tarasevich.listed_on == "2021-06-17"
    assert ("schedule", "1, Part 1") in tarasevich.extra and ("item", "103") in tarasevich.extra


def test_no_break_space_padding_is_removed(entities):
    akimov = entities["Russia|1, Part 1|94"]
    assert akimov.caption == "Andrey Igorevich AKIMOV"
    assert akimov.names_of(NameKind.ALIAS) == ["Andrei Igorevich AKIMOV"]  # "Andrei" spells his first name
    assert akimov.birth_dates == (DateValue("1953-09-22"),)


def test_unreadable_birth_date_is_kept_as_a_remark(entities):
    mordashov = entities["Russia|1, Part 1|1210"]
    assert mordashov.birth_dates == ()
    assert mordashov.remarks == ("Date of birth: Sep-99",)


def test_entity_aliases_split_without_orphaning_a_legal_form(entities):
    lakhta = entities["Russia|1, Part 2|460"]
    assert lakhta.schema == "Organization"
    assert lakhta.names_of(NameKind.ALIAS) == ["Lakhta Plaza Limited Liability Company", "Lakhta Plaza, LLC"]
    assert lakhta.names_of(NameKind.ORIGINAL) == ['Общество c Ограниченной Ответственностью "Лахта Плаза"']
    assert lakhta.measures == ("asset_freeze",)


def test_comma_separated_aliases_and_a_name_kept_whole(entities):
    irgc = entities["Iran|1, Part 2|21"]
    assert irgc.caption == "Islamic Revolutionary Guard Corps/Corps des Gardiens de la Révolution islamique"
    assert irgc.names_of(NameKind.ALIAS) == [
        "IRGC",
        "Army of the Guardians of the Islamic Revolution",
        "Iranian Revolutionary Guards",
        "IRG",
    ]


def test_ship(entities):
    ship = entities["Russia|1.1|1"]
    assert (ship.schema, ship.caption) == ("Vessel", "Balitiyskiy III")
    assert ship.identifiers == (Identifier("imo", "7612448"),)
    assert ship.birth_dates == ()  # the shared column is a build date for a ship
    assert ("build_date", "1980") in ship.extra
    assert ("vessel_type", "General Cargo/Multi Purpose") in ship.extra  # wrapped line, English half


def test_jvcfoa_listing_without_schedule(entities):
    maduro = entities["Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)||1"]
    assert maduro.caption == "Nicolás MADURO MOROS"
    assert maduro.legal_basis == ("Justice for Victims of Corrupt Foreign Officials Act",)
    assert maduro.programs == (
        "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)",
        "JVCFOA",
        "JVCFOR",
    )
    assert maduro.measures == ("asset_freeze", "travel_ban")
    assert ("schedule", "") not in maduro.extra


def test_pre_2025_element_names_read_the_same(tmp_path):
    path = tmp_path / "sema-lmes.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><data-set><record><Country>Ukraine</Country>'
        "<LastName>AKSYONOV</LastName><GivenName>Sergey Valeryevich</GivenName><TitleOrShip>Head</TitleOrShip>"
        "<Aliases>Serhiy Aksyonov; Goblin</Aliases><DateOfBirthOrShipBuildDate>1972-11-26"
        "</DateOfBirthOrShipBuildDate><Schedule>1, Part 1</Schedule><Item>9</Item>"
        "<DateOfListing>2014-03-17</DateOfListing></record>"
        "<record><Country>Russia</Country><EntityOrShip>Sparta</EntityOrShip><ShipIMONumber>IMO 9743679"
        "</ShipIMONumber><Schedule>1.1</Schedule><Item>4</Item></record></data-set>",
        encoding="utf-8",
    )
    person, ship = PARSER.parse(path, "ca_sema")
    assert person.source_id == "Ukraine|1, Part 1|9"
    assert person.names_of(NameKind.ALIAS) == ["Serhiy Aksyonov"]
    assert person.names_of(NameKind.WEAK) == ["Goblin"]  # a nickname, resembling no part of his name
    assert (person.titles, person.birth_dates) == (("Head",), (DateValue("1972-11-26"),))
    assert (ship.schema, ship.identifiers) == ("Vessel", (Identifier("imo", "9743679"),))


# -- the April 2020 file (shared/data/canada/2020-04/sema-lmes.xml, committed 2020-04-15) -----------

CANADA_2020 = SHARED / "canada" / "2020-04" / "sema-lmes.xml"


@pytest.fixture(scope="module")
def listed_2020():
    return {e.source_id: e for e in PARSER.parse(CANADA_2020, "ca_sema")}


def test_the_2020_layout_reads_every_record(listed_2020):
    """Entity, DateOfBirth and Title (the 2020 element names) were refused: "record #2 has no name"."""
    records = etree.parse(str(CANADA_2020)).getroot().findall("record")
    people = [r for r in records if r.find("LastName") is not None or r.find("GivenName") is not None]
    assert len(listed_2020) == len(records) == 1369
    schemas = collections.Counter(e.schema for e in listed_2020.values())
    assert (
        schemas
        == {"Person": len(people), "Organization": len(records) - len(people)}
        == {
            "Person": 985,
            "Organization": 384,
        }
    )
    air_bagan = listed_2020["Burma|1|1"]
    assert air_bagan.names_of(NameKind.ALIAS) == ["Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"]
    dated = [r for r in records if r.findtext("DateOfBirth")]
    assert len(dated) == 212 and sum(bool(e.birth_dates) for e in listed_2020.values()) == 212
    assert sum(bool(e.titles) for e in listed_2020.values()) == sum(bool(r.findtext("Title")) for r in records)
    assert collections.Counter(t for e in listed_2020.values() for t in e.titles)["Major General"] == 14


def test_alias_name_parts_become_whole_names(listed_2020):
    """The alias field holds other spellings of a part of the name ("PASHENKO", "Ekaterina"); alone
    they would be a perfect match for anyone of that name."""
    by_caption = {e.caption: e for e in listed_2020.values()}
    pashchenko = by_caption["Natalya Aleksandrovna PASHCHENKO"]
    assert pashchenko.names_of(NameKind.ALIAS) == ["Natalya Aleksandrovna PASHENKO"]
    assert by_caption["Yekaterina Borisovna ALTABAEVA"].names_of(NameKind.ALIAS) == ["Ekaterina Borisovna ALTABAEVA"]
    assert by_caption["Sergey Nikolayevich STANKEVICH"].names_of(NameKind.ALIAS) == ["Sergei Nikolaevich STANKEVICH"]
    assert by_caption["Igor GIRKIN"].names_of(NameKind.ALIAS) == ["Igor STRELKOV"]  # a whole name
    assert by_caption["Asma Al Assad"].names_of(NameKind.ALIAS) == ["Asma Fawaz Al Akhras"]  # her maiden name
    assert by_caption["Arseny PAVLOV"].names_of(NameKind.WEAK) == ["Motorola"]  # a nom de guerre
    aliases = [
        n for e in listed_2020.values() if e.schema == "Person" for n in e.names if n.kind is not NameKind.PRIMARY
    ]
    one_word = [n.full for n in aliases if " " not in n.full]
    assert sorted(one_word) == ["Arina", "Batya", "Fritz", "Givi", "Kazak", "Motorola", "Serbian"]

    screener = Screener.from_entities(listed_2020.values())

    def matches(name: str) -> list[str]:
        hits = screener.screen({"schema": "Person", "properties": {"name": [name]}}).hits
        return [hit.caption for hit in hits if hit.match]

    assert matches("Ekaterina") == []  # was a 1.000 match on ALTABAEVA and PYRKOVA
    assert matches("Ekaterina ALTABAEVA") == ["Yekaterina Borisovna ALTABAEVA"]


def test_programs_are_found_by_code_and_label(listed_2020):
    jvcfoa = [e for e in listed_2020.values() if "JVCFOA" in e.programs]
    assert len(jvcfoa) == 70
    assert all("Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)" in e.programs for e in jvcfoa)
    assert sum("SEMA" in e.programs for e in listed_2020.values()) == 1369 - 70
    assert sum("Russia" in e.programs for e in listed_2020.values()) == 197


# -- sniffing ------------------------------------------------------------------------------------


def test_sniff_recognises_canada_xml_and_nothing_else():
    assert_sniffs_only_its_own(PARSER, SAMPLE)


def test_detect_format(present_registry):
    assert present_registry.detect_format(SAMPLE) == "canada_xml"


# -- bad input -----------------------------------------------------------------------------------

GOOD = SAMPLE.read_bytes()
BAD = {
    **hostile_xml(b"data-set", GOOD),
    "another_format": (SHARED / "samples" / "sample_unsc.xml").read_bytes(),
    "missing_item": GOOD.replace(b"<Item-NumeroDarticle>94</Item-NumeroDarticle>", b"", 1),
    "missing_country": GOOD.replace(b"<Country-Pays>Iran / Iran</Country-Pays>", b"", 1),
    "duplicate_listing": GOOD.replace(b"<Item-NumeroDarticle>1210<", b"<Item-NumeroDarticle>94<", 1),
    "no_name": GOOD.replace(b"<EntityOrShip-EntiteOuNavire>Lakhta Plaza</EntityOrShip-EntiteOuNavire>", b"", 1)
    .replace(b"Lakhta Plaza Limited Liability Company; Lakhta Plaza, LLC; ", b"", 1)
    .replace("<Aliases-Alias>Общество".encode(), b"<Unused>", 1)
    .replace('"Лахта Плаза"</Aliases-Alias>'.encode(), b"</Unused>", 1),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_raises_located_parse_error(tmp_path, case):
    path = write_list(tmp_path, BAD[case], "sema-lmes.xml")
    assert_located(parse_error(PARSER, path), path, needs_line=case not in ("empty", "another_format"))


def test_duplicate_listing_is_refused_naming_both(tmp_path):
    path = tmp_path / "sema-lmes.xml"
    path.write_bytes(BAD["duplicate_listing"])
    with pytest.raises(
        ParseError, match=r"record #4: listing 'Russia\|1, Part 1\|94' appears twice \(also record #3\)"
    ):
        list(PARSER.parse(path, "ca_sema"))
