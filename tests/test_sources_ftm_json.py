"""OpenSanctions-style entities.ftm.json: the fixture end to end, order independence, round trip
through to_ftm, detection, and bad input located by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from followthemoney import model

from magnitsky.model import DateValue, Identifier, NameKind, Relation
from magnitsky.model.ftm import to_ftm
from magnitsky.sources import ParseError, open_list
from magnitsky.sources.ftm_json import FtmJsonParser
from magnitsky.store import ListStore
from magnitsky.store.lists import StoreError
from parser_checks import FIXTURES, assert_located, foreign_heads, head, present_registry  # noqa: F401

SAMPLE = FIXTURES / "ftm_json" / "entities.ftm.json"
PARSER = FtmJsonParser()
P1, P2, P3 = "NK-Fx1vanovPetrSergeev01", "NK-FxFixturovAslanBek002", "NK-Fx1vanovaElenaRel003"
C1, V1 = "NK-FxTradingOOOCompany4", "NK-FxStarVesselTanker05"


@pytest.fixture(scope="module")
def entities():
    return {e.source_id: e for e in PARSER.parse(SAMPLE, "opensanctions")}


def write_lines(tmp_path: Path, lines: list[str], name: str = "entities.ftm.json") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()


# -- the fixture ---------------------------------------------------------------------------------


def test_fixture_uses_only_ftm_schema_properties():
    for line in sample_lines():
        record = json.loads(line)
        assert set(record["properties"]) <= set(model.get(record["schema"]).properties), record["id"]


def test_fixture_yields_the_things_only(entities):
    assert {k: e.schema for k, e in entities.items()} == {
        P1: "Person",
        P2: "Person",
        P3: "Person",
        C1: "Company",
        V1: "Vessel",
    }
    assert all(e.source == "opensanctions" for e in entities.values())


def test_person_with_cyrillic_alias_passport_and_sanction_listed_before_it(entities):
    p = entities[P1]
    assert p.caption == "Petr Sergeevich IVANOV"
    primary = p.names[0]
    assert (primary.given, primary.family, primary.patronymic) == ("Petr", "IVANOV", "Sergeevich")
    assert [(n.full, n.kind) for n in p.names[1:]] == [
        ("Пётр Сергеевич Иванов", NameKind.ORIGINAL),
        ("Pyotr IVANOV", NameKind.ALIAS),
        ("Petya", NameKind.WEAK),
    ]
    assert p.names[1].script == "Cyrl"
    assert p.birth_dates == (DateValue("1971-05-14"),) and p.birth_places == ("Tver, Russia",)
    assert (p.nationalities, p.countries, p.gender) == (("ru",), ("ru",), "male")
    assert p.identifiers == (Identifier("passport", "4509123456", "ru"),)  # Passport entity + property, once
    assert p.measures == ("asset_freeze", "travel_ban")
    assert p.programs == ("The Global Human Rights Sanctions Regulations 2020",)
    assert p.listed_on == "2020-07-06"
    assert p.positions == ("Deputy Head, Tver Tax Inspectorate",)
    assert p.addresses[0].full == "Ulitsa Primernaya 1, Tver"
    assert p.remarks == ("Fictional entry written for tests.",)
    assert set(p.relations) == {Relation("family", P3), Relation("owns", C1, 51.0)}
    assert ("authority_id", "GHR0099") in p.extra and ("referent", "gb-fcdo-ghr0099") in p.extra


def test_magnit_listed_person(entities):
    p = entities[P2]
    assert p.programs == ("MAGNIT",) and p.measures == ("asset_freeze",)  # OFAC "Block"
    assert p.listed_on == "2013-04-12"
    assert p.birth_dates == (DateValue("1965"), DateValue("1966"), DateValue("1967"))
    assert p.names_of(NameKind.FORMER) == ["Aslan BEKOV"]
    assert p.identifiers == (Identifier("national_id", "770000000001"),)
    assert ("dataset", "us_ofac_sdn") in p.extra and ("authority_id", "90002") in p.extra


def test_non_target_relative_is_kept_and_marked(entities):
    p = entities[P3]
    assert ("target", "false") in p.extra and ("topic", "role.rca") in p.extra
    assert p.programs == () and p.relations == (Relation("family", P1),)
    assert p.names[1].kind is NameKind.ORIGINAL


def test_company_with_registry_codes_and_ownership(entities):
    c = entities[C1]
    assert c.names_of(NameKind.ORIGINAL) == ["ООО Фикстура Трейдинг"]
    assert c.countries == ("ru",)  # jurisdiction
    assert set(c.identifiers) == {Identifier("tax_id", "7700000001"), Identifier("registration", "1027700000001")}
    assert set(c.relations) == {Relation("owned_by", P1, 51.0), Relation("owns", V1)}
    assert (c.programs, c.measures, c.listed_on) == (("RUS",), ("asset_freeze",), "2022-03-15")


def test_vessel(entities):
    v = entities[V1]
    assert v.caption == "FIXTURE STAR" and v.names_of(NameKind.FORMER) == ["STAR OF FIXTURES"]
    assert v.identifiers == (Identifier("imo", "9000003"),)
    assert v.countries == ("pa",)  # flag
    assert v.measures == ("ship_specification",)
    assert v.relations == (Relation("owned_by", C1),)


def test_line_order_does_not_matter(tmp_path, entities):
    reordered = write_lines(tmp_path, list(reversed(sample_lines())))
    assert {e.source_id: e for e in PARSER.parse(reordered, "opensanctions")} == entities


def test_round_trip_through_to_ftm(tmp_path, entities):
    lines = [json.dumps(r, ensure_ascii=False) for e in entities.values() for r in to_ftm(e)]
    back = {e.names[0].full: e for e in PARSER.parse(write_lines(tmp_path, lines), "opensanctions")}
    for entity in entities.values():
        again = back[entity.names[0].full]
        assert again.names == entity.names
        assert (again.birth_dates, again.nationalities, again.countries) == (
            entity.birth_dates,
            entity.nationalities,
            entity.countries,
        )
        assert set(again.identifiers) == set(entity.identifiers)
        assert (again.programs, again.measures, again.listed_on) == (entity.programs, entity.measures, entity.listed_on)


# -- detection -----------------------------------------------------------------------------------


def test_detect_format(present_registry):  # noqa: F811
    assert present_registry.detect_format(SAMPLE) == "ftm_json"


def test_sniff_does_not_claim_other_formats():
    for fmt, text in foreign_heads("ftm_json"):
        assert not PARSER.sniff(Path(fmt), text), fmt
    assert not PARSER.sniff(SAMPLE, (FIXTURES / "simple_csv" / "own_list.csv").read_text(encoding="utf-8"))
    assert not PARSER.sniff(SAMPLE, '[{"id": "x"}]')


def test_sniff_accepts_a_first_line_cut_by_the_head_limit():
    assert PARSER.sniff(SAMPLE, head(SAMPLE)[:200])


# -- bad input -----------------------------------------------------------------------------------


def parse_error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        list(PARSER.parse(path, "opensanctions"))
    return info.value


def test_malformed_json_line_is_located(tmp_path):
    lines = sample_lines()
    lines[3] = lines[3].replace('"schema":', '"schema"', 1)
    error = parse_error(write_lines(tmp_path, lines))
    assert_located(error, tmp_path / "entities.ftm.json")
    assert error.line == 4 and "malformed JSON" in str(error)


def test_a_lone_surrogate_is_malformed_json(tmp_path):
    # Python's json module reads "\\ud800" as a one-character string that no store can write
    lines = sample_lines()
    lines[2] = lines[2].replace('"properties":{', '"properties":{"alias":["Kliuev \\ud800"],', 1)
    assert "ud800" in lines[2]
    error = parse_error(write_lines(tmp_path, lines))
    assert error.line == 3 and "malformed JSON" in error.reason and "surrogate" in error.reason


def test_truncated_file_fails_on_its_last_line(tmp_path):
    data = SAMPLE.read_bytes()
    path = tmp_path / "cut.ftm.json"
    path.write_bytes(data[: len(data) - 150])
    error = parse_error(path)
    assert error.line == len(sample_lines()) and "malformed JSON" in error.reason


def test_bad_line_is_reported_before_any_entity_is_emitted(tmp_path):
    lines = sample_lines() + ['{"id": "x", "schema": "Person", "properties": ']
    with pytest.raises(ParseError):
        next(PARSER.parse(write_lines(tmp_path, lines), "opensanctions"))


def test_unknown_schema_names_the_line(tmp_path):
    lines = sample_lines()
    lines[1] = lines[1].replace('"schema":"Person"', '"schema":"Persn"', 1)
    error = parse_error(write_lines(tmp_path, lines))
    assert error.line == 2 and "'Persn'" in error.reason


@pytest.mark.parametrize(
    "line,message",
    [
        ('["not", "an", "object"]', "JSON object"),
        ('{"schema": "Person", "properties": {}}', "no id"),
        ('{"id": "x", "schema": "Person"}', "no properties"),
    ],
)
def test_structurally_wrong_lines(tmp_path, line, message):
    error = parse_error(write_lines(tmp_path, sample_lines()[:2] + [line]))
    assert error.line == 3 and message in error.reason


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_an_empty_file_lists_nobody_and_the_store_refuses_it_unless_allowed(tmp_path, content):
    """An empty FtM stream is the registry's list after its last revocation; for any other list
    it is a failed download, which the store refuses naming the file."""
    path = tmp_path / "empty.ftm.json"
    path.write_bytes(content)
    assert list(PARSER.parse(path, "ftm")) == []
    store = ListStore(f"sqlite:///{tmp_path / 'store.db'}")
    with pytest.raises(StoreError, match=r"empty.ftm.json: the file holds no entries; nothing was loaded"):
        store.load(open_list(path, "ftm_json", "registry"))
    assert store.versions() == []
    assert store.load(open_list(path, "ftm_json", "registry"), allow_empty=True).version.entity_count == 0
    store.engine.dispose()


def test_wrong_encoding_names_the_line(tmp_path):
    data = SAMPLE.read_bytes().replace("Пётр".encode(), "P\xe9tr".encode("latin-1"))
    path = tmp_path / "latin1.ftm.json"
    path.write_bytes(data)
    error = parse_error(path)
    assert error.line == 2 and "UTF-8" in error.reason


def test_another_format_is_refused(tmp_path):
    error = parse_error(FIXTURES / "simple_csv" / "own_list.csv")
    assert error.line == 1 and "malformed JSON" in error.reason
