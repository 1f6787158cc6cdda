"""FCDO UK Sanctions List XML: the schema-written excerpt end to end, and bad input."""

from __future__ import annotations

import pytest

from magnitsky.model import DateValue, Identifier, NameKind, Relation
from magnitsky.sources import ParseError
from magnitsky.sources.uk_xml import UkXmlParser
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

SAMPLE = OURS["uk_xml"]
PARSER = UkXmlParser()


@pytest.fixture(scope="module")
def entities():
    return {e.source_id: e for e in PARSER.parse(SAMPLE, "uk_fcdo")}


def test_meta_reads_date_generated():
    meta = PARSER.meta(SAMPLE)
    assert (meta.source, meta.format, meta.publication_date) == ("uk_fcdo", "uk_xml", "2024-08-20")


def test_designations_in_order_with_their_schema(entities):
    assert {k: e.schema for k, e in entities.items()} == {
        "RUS0251": "Person",
        "AFG0006": "Person",
        "RUS0263": "Organization",
        "DPR0075": "Vessel",
    }


def test_uk_designated_person(entities):
    kovalev = entities["RUS0251"]
    assert [(n.full, n.kind, n.script) for n in kovalev.names] == [
        ("Dmitry Nikolayevich KOVALEV", NameKind.PRIMARY, None),
        ("Dmitri Nikolaevich KOVALYOV", NameKind.ALIAS, None),  # "Primary Name Variation"
        ("Дмитрий Николаевич КОВАЛЕВ", NameKind.ORIGINAL, "Cyrl"),
    ]
    assert (kovalev.names[0].given, kovalev.names[0].family) == ("Dmitry Nikolayevich", "KOVALEV")
    assert kovalev.birth_dates == (DateValue("1966-05-13"),)
    assert kovalev.birth_places == ("Yaroslavl, Russia",)
    assert kovalev.nationalities == ("ru",)
    assert kovalev.gender == "male"
    assert kovalev.identifiers == (Identifier("passport", "752391860", None, "Russian diplomatic passport"),)
    assert kovalev.measures == ("asset_freeze", "trust_services", "travel_ban")
    assert kovalev.programs == ("The Russia (Sanctions) (EU Exit) Regulations 2019",)
    assert (kovalev.listed_on, kovalev.updated_on) == ("2022-03-15", "2023-04-14")
    assert kovalev.addresses[0].full == "Okhotny Ryad 1, Moscow, 103265, Russia"
    assert kovalev.addresses[0].country == "ru"
    assert kovalev.remarks[0].startswith("Member of the State Duma who voted")
    assert ("ofsi_group_id", "14296") in kovalev.extra and ("designation_source", "UK") in kovalev.extra


def test_un_designated_person_with_layout_quirks(entities):
    akhund = entities["AFG0006"]
    by_kind = {kind: akhund.names_of(kind) for kind in NameKind}
    assert by_kind[NameKind.PRIMARY] == ["MOHAMMAD HASSAN AKHUND"]  # NameType "Primary name"
    assert by_kind[NameKind.ALIAS] == ["Mohammad Hassan Akhund", "Haji Mohammad Hassan"]
    assert by_kind[NameKind.WEAK] == ["Mullah Hassan"]  # "ALias", "Low quality a.k.a"
    assert by_kind[NameKind.ORIGINAL] == ["محمد حسن آخوند"]
    alias = next(n for n in akhund.names if n.full == "Haji Mohammad Hassan")
    assert (alias.given, alias.family) == (None, None)  # a whole name in Name6 is no surname
    assert akhund.birth_dates == (DateValue("1945"), DateValue("1946"), DateValue("1958-06"))  # dd/mm placeholders
    assert akhund.titles == ("Mullah", "Haji")
    assert akhund.identifiers == (
        Identifier("national_id", "57943", None, "Afghan national identification card (tazkira)"),
    )
    assert akhund.measures == ("asset_freeze", "arms_embargo", "travel_ban")
    assert ("un_ref", "TAi.002") in akhund.extra


def test_entity_with_indicator_measures_registrations_and_links(entities):
    psb = entities["RUS0263"]
    assert psb.caption == "PUBLIC JOINT STOCK COMPANY PROMSVYAZBANK"
    assert psb.names[0].family is None
    assert psb.names_of(NameKind.ORIGINAL) == ["ПАО «Промсвязьбанк»"]
    assert psb.measures == ("asset_freeze", "trust_services")  # from SanctionsImposedIndicators
    assert psb.identifiers == (
        Identifier("tax_id", "7744000912", None, "INN"),
        Identifier("registration", "1027739019142", None, "OGRN"),
    )
    assert psb.relations == (
        Relation("owned_by", "Federal Agency for State Property Management"),
        Relation("owns", "PSB Capital LLC"),
    )
    assert psb.emails == ("info@psbank.ru", "press@psbank.ru")
    assert (psb.phones, psb.websites) == (("+7 495 787 3333",), ("www.psbank.ru",))
    assert ("entity_type", "Public Joint Stock Company") in psb.extra


def test_ship(entities):
    ship = entities["DPR0075"]
    assert ship.names_of(NameKind.PRIMARY, NameKind.ALIAS) == ["PETREL 8", "JAL VAHINI"]
    assert ship.identifiers == (Identifier("imo", "8620301"),)  # published as "IMO 8620301"
    assert ship.countries == ("km",)  # current believed flag
    assert ship.measures == ("asset_freeze", "prohibition_of_port_entry", "deflag")
    assert ship.relations == (Relation("operated_by", "Petrel Shipping Co Ltd"),)
    assert {("vessel_type", "Bulk Carrier"), ("build_date", "1986"), ("previous_flag", "India")} <= set(ship.extra)


def test_passport_detail_elements_are_read_whatever_their_name(tmp_path):
    path = tmp_path / "uk.xml"
    path.write_text(
        "<Designations><Designation><UniqueID>IRN0001</UniqueID><IndividualEntityShip>Individual"
        "</IndividualEntityShip><Names><Name><Name1>Ali</Name1><Name6>REZAEI</Name6><NameType>Primary Name</NameType>"
        "</Name></Names><IndividualDetails><Individual><PassportDetails><PassportDetail><PassportNumber>K123"
        "</PassportNumber></PassportDetail></PassportDetails></Individual></IndividualDetails></Designation>"
        "</Designations>",
        encoding="utf-8",
    )
    (entity,) = PARSER.parse(path, "uk_fcdo")
    assert entity.identifiers == (Identifier("passport", "K123"),)
    assert entity.measures == ()


# -- sniffing ------------------------------------------------------------------------------------


def test_sniff_recognises_uk_xml_and_nothing_else():
    assert_sniffs_only_its_own(PARSER, SAMPLE)


def test_detect_format(present_registry):
    assert present_registry.detect_format(SAMPLE) == "uk_xml"


# -- bad input -----------------------------------------------------------------------------------

GOOD = SAMPLE.read_bytes()
BAD = {
    **hostile_xml(b"Designations", GOOD),
    "another_format": (SHARED / "samples" / "sample_eu.xml").read_bytes(),
    "missing_unique_id": GOOD.replace(b"<UniqueID>AFG0006</UniqueID>", b"", 1),
    "unknown_kind": GOOD.replace(b">Ship</IndividualEntityShip>", b">Aircraft</IndividualEntityShip>", 1),
    "no_name": GOOD.replace(b"<Name6>PETREL 8</Name6>", b"", 1).replace(b"<Name6>JAL VAHINI</Name6>", b"", 1),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_raises_located_parse_error(tmp_path, case):
    path = write_list(tmp_path, BAD[case], "UK-Sanctions-List.xml")
    assert_located(parse_error(PARSER, path), path, needs_line=case not in ("empty", "another_format"))


def test_missing_id_error_names_the_designation(tmp_path):
    path = tmp_path / "uk.xml"
    path.write_bytes(BAD["missing_unique_id"])
    with pytest.raises(ParseError, match=r"Designation #2: designation has no UniqueID"):
        list(PARSER.parse(path, "uk_fcdo"))


def test_dtd_is_refused_before_any_entity(tmp_path):
    path = tmp_path / "uk.xml"
    path.write_bytes(BAD["xml_bomb"])
    with pytest.raises(ParseError, match="possible XML bomb"):
        next(PARSER.parse(path, "uk_fcdo"))


@pytest.mark.parametrize(
    "encode",
    [
        lambda bomb: bomb.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"),
        lambda bomb: bomb.replace(b"?>\n", b"?>\n<!--" + b" padding " * 10_000 + b"-->\n", 1),  # 90 KB on
    ],
    ids=["utf-16", "declaration after 90 KB"],
)
def test_dtd_is_refused_wherever_and_however_encoded(tmp_path, encode):
    """The byte search of the first 64 KiB missed these; lxml (entities off) still blocked the attack."""
    path = tmp_path / "uk.xml"
    path.write_bytes(encode(BAD["xml_bomb"]))
    with pytest.raises(ParseError, match="possible XML bomb"):
        next(PARSER.parse(path, "uk_fcdo"))
