"""Entity <-> FollowTheMoney: valid FtM out, the same facts back in, and the folding of adjunct
entities (Sanction, Passport, Ownership, ...) onto the things they point at."""

from __future__ import annotations

import logging

import pytest
from followthemoney import model
from followthemoney.types import registry
from hypothesis import given
from hypothesis import strategies as st

from magnitsky.model import Address, DateValue, Entity, Identifier, Name, NameKind, Relation
from magnitsky.model.ftm import entity_schema, from_ftm, ftm_id, to_ftm

PERSON = Entity(
    source="ofac_sdn",
    source_id="12345",
    schema="Person",
    names=(
        Name("Dmitri Klyuev", given="Dmitri", family="Klyuev", patronymic="Vladimirovich"),
        Name("Клюев Дмитрий Владимирович", NameKind.ORIGINAL, "Cyrl"),
        Name("Dmitriy Kluev", NameKind.ALIAS),
        Name("Dima", NameKind.WEAK),
        Name("Dmitri Petrov", NameKind.FORMER),
    ),
    birth_dates=(DateValue("1967-03-12"), DateValue("1965", "1967")),
    birth_places=("Moscow, Russia",),
    death_dates=(DateValue("2020-01"),),
    nationalities=("ru",),
    countries=("cy",),
    gender="male",
    identifiers=(
        Identifier("passport", "4500123456", "ru"),
        Identifier("national_id", "770101"),
        Identifier("tax_id", "7701234567"),
        Identifier("other", "X-1", note="driving licence"),
        Identifier("crypto", "0xabc123", note="ETH"),
    ),
    addresses=(Address("Ulitsa Primernaya 1, Moscow"),),
    positions=("Director",),
    titles=("Dr",),
    measures=("asset_freeze", "travel_ban", "dealing_ban"),
    programs=("MAGNIT",),
    legal_basis=("Sergei Magnitsky Rule of Law Accountability Act of 2012",),
    listed_on="2013-04-12",
    updated_on="2019-06-01",
    remarks=("Linked to Universal Savings Bank.",),
    relations=(Relation("owns", "777", 51.0), Relation("linked_to", "888"), Relation("owned_by", "999")),
    emails=("d@example.org",),
    phones=("+7 495 000 00 00",),
)


def round_trip(entity: Entity) -> Entity:
    (back,) = from_ftm(to_ftm(entity), entity.source)
    return back


# -- Entity -> FtM -------------------------------------------------------------------------------


def test_to_ftm_writes_only_schema_properties_and_valid_ids():
    records = to_ftm(PERSON)
    for record in records:
        schema = model.get(record["schema"])
        assert set(record["properties"]) <= set(schema.properties), record["schema"]
        assert registry.entity.validate(record["id"])
        assert model.get_proxy(record).to_dict() == record  # FtM accepts it as it is
    assert len({r["id"] for r in records}) == len(records)


def test_to_ftm_main_entity_properties():
    main = to_ftm(PERSON)[0]
    props = main["properties"]
    assert main["id"] == "ofac-sdn-12345" and main["schema"] == "Person"
    assert props["name"] == ["Dmitri Klyuev"]
    assert props["alias"] == ["Клюев Дмитрий Владимирович", "Dmitriy Kluev"]  # original script -> alias
    assert props["weakAlias"] == ["Dima"] and props["previousName"] == ["Dmitri Petrov"]
    assert (props["firstName"], props["lastName"], props["fatherName"]) == (["Dmitri"], ["Klyuev"], ["Vladimirovich"])
    assert props["birthDate"] == ["1967-03-12", "1965", "1966", "1967"]  # the range as its years
    assert props["nationality"] == ["ru"] and props["country"] == ["cy"]
    assert props["passportNumber"] == ["4500123456"] and props["idNumber"] == ["770101"]
    assert props["taxNumber"] == ["7701234567"]
    assert props["topics"] == ["sanction"] and props["program"] == ["MAGNIT"]
    assert props["notes"] == ["Linked to Universal Savings Bank."]
    assert props["modifiedAt"] == ["2019-06-01"]


def test_to_ftm_sanction_and_documents():
    by_schema = {}
    for record in to_ftm(PERSON)[1:]:
        by_schema.setdefault(record["schema"], []).append(record["properties"])
    (sanction,) = by_schema["Sanction"]
    assert sanction["entity"] == ["ofac-sdn-12345"] and sanction["authorityId"] == ["12345"]
    assert sanction["provisions"] == ["Asset freeze", "Travel ban", "Dealing ban"]
    assert sanction["listingDate"] == ["2013-04-12"] and sanction["program"] == ["MAGNIT"]
    (passport,) = by_schema["Passport"]
    assert passport["number"] == ["4500123456"] and passport["country"] == ["ru"]
    (other,) = by_schema["Identification"]  # national_id/tax_id say nothing beyond the number
    assert other["type"] == ["other"] and other["description"] == ["driving licence"]
    assert by_schema["CryptoWallet"][0]["publicKey"] == ["0xabc123"]
    assert by_schema["Ownership"] == [{"owner": ["ofac-sdn-12345"], "asset": ["ofac-sdn-777"], "percentage": ["51"]}]
    # A Person cannot be an Ownership asset in FtM: "owned_by" goes through UnknownLink's role.
    roles = sorted(link["role"][0] for link in by_schema["UnknownLink"])
    assert roles == ["linked_to", "owned_by"]


def test_nationality_of_a_non_person_becomes_country_and_vessel_imo_gets_prefix():
    vessel = Entity(
        "uk", "V1", "Vessel", (Name("STAR"),), nationalities=("pa",), identifiers=(Identifier("imo", "9000003"),)
    )
    props = to_ftm(vessel)[0]["properties"]
    assert props["country"] == ["pa"] and props["imoNumber"] == ["IMO9000003"]
    assert round_trip(vessel).identifiers == (Identifier("imo", "9000003"),)


def test_entity_with_only_an_original_script_name_keeps_it_as_ftm_name():
    entity = Entity("own", "1", "Person", (Name("Иван Петров", NameKind.ORIGINAL, "Cyrl"),))
    assert to_ftm(entity)[0]["properties"]["name"] == ["Иван Петров"]
    assert round_trip(entity).names == entity.names


@given(st.text(min_size=1, max_size=300))
def test_ftm_id_is_always_valid_and_stable(source_id):
    assert registry.entity.validate(ftm_id("own_list", source_id))
    assert ftm_id("own_list", source_id) == ftm_id("own_list", source_id)


def test_ftm_id_keeps_safe_keys_readable_and_keeps_lookalikes_apart():
    assert ftm_id("eu_fsf", "EU.1234.56") == "eu-fsf-EU.1234.56"
    assert ftm_id("ofac_sdn", "12345") == "ofac-sdn-12345"
    assert len({ftm_id("own", k) for k in ("a b", "a_b", "a-b", "a--b")}) == 4


# -- round trip ----------------------------------------------------------------------------------


def test_round_trip_keeps_names_dates_countries_identifiers_programs_measures():
    back = round_trip(PERSON)
    assert back.schema == "Person" and back.source_id == "ofac-sdn-12345"
    assert back.names == PERSON.names  # kinds, script and name parts included
    exact = [d for d in PERSON.birth_dates if d.end is None]
    assert set(back.birth_dates) == set(exact) | {DateValue("1965"), DateValue("1966"), DateValue("1967")}
    assert back.death_dates == PERSON.death_dates
    assert back.birth_places == PERSON.birth_places
    assert (back.nationalities, back.countries, back.gender) == (("ru",), ("cy",), "male")
    assert set(back.identifiers) == set(PERSON.identifiers)
    assert back.programs == PERSON.programs and back.measures == PERSON.measures
    assert (back.listed_on, back.updated_on) == (PERSON.listed_on, PERSON.updated_on)
    assert back.legal_basis == PERSON.legal_basis and back.remarks == PERSON.remarks
    assert back.addresses == PERSON.addresses and back.positions == PERSON.positions
    assert back.titles == PERSON.titles and back.emails == PERSON.emails
    assert back.phones == ("+74950000000",)  # FtM writes phone numbers as E.164
    assert set(back.relations) == {Relation(r.kind, ftm_id("ofac_sdn", r.target), r.share) for r in PERSON.relations}
    assert ("authority_id", "12345") in back.extra


@given(st.lists(st.from_regex(r"[a-z]{3,9}(_[a-z]{3,9}){0,2}", fullmatch=True), min_size=1, max_size=4, unique=True))
def test_round_trip_keeps_any_snake_case_measure(measures):
    entity = Entity("own", "1", "Company", (Name("ACME"),), measures=tuple(measures))
    assert set(round_trip(entity).measures) >= set(measures)


@pytest.mark.parametrize("schema", ["Organization", "Company", "LegalEntity", "Vessel", "Airplane"])
def test_round_trip_every_schema(schema):
    entity = Entity(
        "own",
        "X 1",
        schema,
        (Name("ACME STAR"), Name("ЗВЕЗДА", NameKind.ORIGINAL, "Cyrl")),
        countries=("ru",),
        programs=("P",),
    )
    back = round_trip(entity)
    assert (back.schema, back.names, back.countries, back.programs) == (schema, entity.names, ("ru",), ("P",))


# -- FtM -> Entity -------------------------------------------------------------------------------


def test_from_ftm_maps_schemata_and_skips_non_things():
    records = [
        {"id": "pb1", "schema": "PublicBody", "properties": {"name": ["Ministry of Examples"]}},
        {"id": "a1", "schema": "Address", "properties": {"full": ["1 Main St"]}},
        {"id": "sec1", "schema": "Security", "properties": {"name": ["ACME bond"]}},
    ]
    (entity,) = from_ftm(records, "os")
    assert (entity.schema, entity.source, entity.source_id) == ("Organization", "os", "pb1")
    assert entity_schema("Company") == "Company" and entity_schema("Sanction") is None


def test_from_ftm_rejects_unknown_schema():
    with pytest.raises(ValueError, match="Spaceship"):
        list(from_ftm([{"id": "x", "schema": "Spaceship", "properties": {}}], "os"))


def test_from_ftm_names_by_script_not_property():
    record = {
        "id": "p",
        "schema": "Person",
        "properties": {"name": ["Ivan Petrov", "Иван Петров"], "alias": ["محمد"], "weakAlias": ["Vanya"]},
    }
    (entity,) = from_ftm([record], "os")
    assert [(n.full, n.kind, n.script) for n in entity.names] == [
        ("Ivan Petrov", NameKind.PRIMARY, None),
        ("Иван Петров", NameKind.ORIGINAL, "Cyrl"),
        ("محمد", NameKind.ORIGINAL, "Arab"),
        ("Vanya", NameKind.WEAK, None),
    ]


@pytest.mark.parametrize(
    "provisions,measures",
    [
        (["Block"], ("asset_freeze",)),
        (["Asset freeze", "Travel ban"], ("asset_freeze", "travel_ban")),
        (["Arms embargo"], ("arms_embargo",)),
        (["Prohibition of entry or transit; freezing of funds"], ("asset_freeze", "travel_ban")),
        (["Targeted sanctions under article 5 of the regulation of the council"], ()),
    ],
)
def test_measures_from_sanction_provisions(provisions, measures):
    records = [
        {"id": "p", "schema": "Person", "properties": {"name": ["A B"]}},
        {"id": "s", "schema": "Sanction", "properties": {"entity": ["p"], "provisions": provisions}},
    ]
    (entity,) = from_ftm(records, "os")
    assert entity.measures == measures


def test_from_ftm_folds_adjuncts_arriving_before_or_within_the_window():
    sanction = {"id": "s", "schema": "Sanction", "properties": {"entity": ["p1"], "program": ["EARLY"]}}
    late = {"id": "s2", "schema": "Sanction", "properties": {"entity": ["p1"], "program": ["LATE"]}}
    things = [{"id": f"p{i}", "schema": "Person", "properties": {"name": [f"Person {i}"]}} for i in range(1, 4)]
    (first, *_) = from_ftm([sanction, things[0], things[1], late, things[2]], "os", window=2)
    assert first.programs == ("EARLY", "LATE")


def test_from_ftm_counts_adjuncts_that_come_after_their_entity_left_the_window(caplog):
    things = [{"id": f"p{i}", "schema": "Person", "properties": {"name": [f"Person {i}"]}} for i in range(3)]
    late = {"id": "s", "schema": "Sanction", "properties": {"entity": ["p0"], "program": ["LATE"]}}
    with caplog.at_level(logging.WARNING):
        entities = list(from_ftm([*things, late], "os", window=1))
    assert entities[0].programs == ()
    assert "1 Sanction/Identification/link entities" in caplog.text


def test_link_to_an_entity_outside_the_stream_is_not_reported_lost(caplog):
    with caplog.at_level(logging.WARNING):
        list(from_ftm(to_ftm(PERSON), "ofac_sdn"))
    assert "point at no entity" not in caplog.text


def test_from_ftm_skips_a_thing_without_any_name(caplog):
    records = [{"id": "plane", "schema": "Airplane", "properties": {"registrationNumber": ["EX-001"]}}]
    with caplog.at_level(logging.WARNING):
        assert list(from_ftm(records, "os")) == []
    assert "plane" in caplog.text


def test_from_ftm_accepts_entity_proxies_and_uses_caption_when_nameless():
    proxy = model.get_proxy(
        {"id": "v", "schema": "Vessel", "properties": {"name": ["STAR"], "imoNumber": ["IMO9000003"]}}
    )
    (entity,) = from_ftm([proxy], "os")
    assert entity.identifiers == (Identifier("imo", "9000003"),)
    (named,) = from_ftm([{"id": "v", "schema": "Vessel", "caption": "STAR", "properties": {}}], "os")
    assert named.caption == "STAR"


def test_a_share_on_a_link_ftm_cannot_hold_it_is_dropped_not_an_error():
    entity = Entity("own", "1", "Person", (Name("A B"),), relations=(Relation("linked_to", "2", 10.0),))
    assert round_trip(entity).relations == (Relation("linked_to", ftm_id("own", "2")),)
