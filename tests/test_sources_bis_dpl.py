"""The US BIS Denied Persons List (shared/data/bis/dpl.txt, 581 address rows): the whole real file
against counts taken from its raw rows with the csv module, denials merged across their address
rows, persons told from companies, a renamed or cut-off copy, malformed rows, and screening it."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.model import NameKind
from magnitsky.model.programs import program_name
from magnitsky.screening.measures import MeasuresTable
from magnitsky.sources import ParseError, open_list
from magnitsky.sources.bis_dpl import BisDplParser
from parser_checks import SHARED, assert_sniffs_only_its_own, parse_error

DPL = SHARED / "bis" / "dpl.txt"
PARSER = BisDplParser()


@pytest.fixture(scope="module")
def raw() -> list[dict[str, str]]:
    """The file's data rows as the csv module reads them (never the parser)."""
    with open(DPL, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def entities():
    return {e.source_id: e for e in PARSER.parse(DPL, PARSER.source)}


def _name(row: dict[str, str]) -> str:
    return " ".join(row["Name"].split())


def test_one_entity_per_denial_with_the_raw_counts(raw, entities):
    denials = {(_name(row), row["Effective_Date"]) for row in raw}
    assert len(raw) == 581 and len(denials) == 461
    assert len(entities) == len(denials)
    assert {e.listed_on for e in entities.values()} == {
        "{2}-{0}-{1}".format(*row["Effective_Date"].split("/")) for row in raw
    }


def test_every_row_is_an_address_and_a_citation_of_its_denial(raw, entities):
    by_name: dict[str, list] = {}
    for entity in entities.values():
        by_name.setdefault(entity.source_id.rsplit(" (", 1)[0], []).append(entity)
    for row in raw:
        (entity,) = [e for e in by_name[_name(row)] if e.listed_on.replace("-", "") == _yyyymmdd(row)]
        street = " ".join(row["Street_Address"].split())
        assert any(a.full.startswith(street) for a in entity.addresses), row["Name"]
        if citation := " ".join(row["FR_Citation"].split()):
            assert citation in entity.legal_basis


def _yyyymmdd(row: dict[str, str]) -> str:
    month, day, year = row["Effective_Date"].split("/")
    return year + month + day


def test_a_denial_with_two_addresses_is_one_entity_with_both(entities):
    nasser = entities["ABDULAH AL NASSER (2002-03-04)"]
    assert nasser.schema == "Person" and nasser.programs == ("DPL",)
    assert [a.full for a in nasser.addresses] == [
        "605 TRAIL LAKE DRIVE, RICHARDSON, TX 75081, US",
        "908 AUDELIA ROAD, SUIE 200, PMB #245, RICHARDSON, TX 75081, US",
    ]
    assert nasser.countries == ("us",) and len(nasser.legal_basis) == 2
    assert ("expiration_date", "2056-06-29") in nasser.extra
    # the same name under another effective date is another denial
    assert {"HAYDEE HERRERA (2002-03-04)", "HAYDEE HERRERA (2003-06-19)"} <= set(entities)


def test_a_known_person(entities):
    villa = entities["AARON ABRAHAM VILLA (2022-08-24)"]
    assert (villa.schema, villa.caption, villa.listed_on) == ("Person", "AARON ABRAHAM VILLA", "2022-08-24")
    assert villa.countries == ("us",)  # Country blank, State TX
    assert villa.legal_basis == ("87 F.R. 52741 8/29/2022",)
    assert ("expiration_date", "2026-01-14") in villa.extra and "denial ends 2026-01-14" in villa.remarks
    assert program_name(villa.source, "DPL").startswith("Denied Persons List")
    applied = MeasuresTable.load().for_entity(villa)
    assert applied.measures == {"export_privileges_denied"} and not applied.freeze and not applied.travel_ban


def test_a_denial_past_its_end_date_is_kept_with_that_date(entities):
    """The file (September 2022) lists denials that have ended since; they load as listed, with the
    end date and the non-standard order kept for the reviewer."""
    mahdi = entities["ABDULAMIR MAHDI (2003-10-03)"]
    assert mahdi.extra == (("expiration_date", "2023-10-03"), ("standard_order", "N"))
    assert "denial ends 2023-10-03" in mahdi.remarks and mahdi.listed_on == "2003-10-03"


def test_known_companies_and_the_name_rule(entities):
    assert entities["ARROWTRONIC, LLC (2019-10-30)"].schema == "Organization"  # a legal form
    assert entities["AL NASER AIRLINES (2022-05-13)"].schema == "Organization"  # a business word
    assert entities["SYNAPTIX.NET (2001-09-06)"].schema == "Organization"  # a web domain
    assert entities["ALEXANDER BRAZHNIKOV JR (2021-03-11)"].schema == "Person"
    siberian = entities["SIBERIAN AIRLINES D/B/A S7 AIRLINES (2022-06-24)"]
    assert [(n.full, n.kind) for n in siberian.names] == [
        ("SIBERIAN AIRLINES", NameKind.PRIMARY),
        ("S7 AIRLINES", NameKind.ALIAS),
    ]
    pearl = entities["PEARL (A.K.A. NEI-CHIEN CHU) LI (2006-06-23)"]
    assert [n.full for n in pearl.names] == ["PEARL LI", "NEI-CHIEN CHU"]


def test_countries_from_the_state_only_when_it_is_a_us_state(entities):
    zadeh = entities["MITA ZADEH (2017-08-10)"]  # three Nicosia addresses with State CY, one in NC
    assert [a.country for a in zadeh.addresses] == [None, "us", None, None] and zadeh.countries == ("us",)
    assert zadeh.addresses[0].full == "16 KYRAIKOU MATSI AVE, 3RD FLOOR, 1082 NICOSIA, CY"
    assert entities["STEPHEN EDWARD SMITH (2018-04-06)"].countries == ("us",)  # Country NM: New Mexico
    assert entities["JOHNSON HU (2016-02-03)"].countries == ("cn",)  # Country PRC
    assert set(entities["UNITED AFRICAN AIRLINES (1981-09-01)"].countries) == {"lu", "ly", "mt"}


def test_sniff_recognises_the_dpl_and_nothing_else():
    assert_sniffs_only_its_own(PARSER, DPL)


def test_a_renamed_copy_is_detected_by_content(tmp_path):
    copy = tmp_path / "export_list.csv"
    shutil.copyfile(DPL, copy)
    listed = open_list(copy)
    assert (listed.meta.format, listed.meta.source) == ("bis_dpl", "us_bis_dpl")
    assert len(list(listed.entities())) == 461


def test_a_cut_off_copy_loads_nothing_and_names_its_last_line(tmp_path):
    data = DPL.read_bytes()
    cut = tmp_path / "dpl.txt"
    cut.write_bytes(data[: data.index(b"\n", len(data) // 2) - 10])
    entities = PARSER.parse(cut, PARSER.source)
    with pytest.raises(ParseError) as info:
        next(entities)  # nothing is yielded before the whole file is read
    assert "cut off" in str(info.value) and info.value.line == data[: len(cut.read_bytes())].count(b"\n") + 1


@pytest.mark.parametrize(
    ("row", "message", "where"),
    [
        ('"X"\t"1 MAIN ST"\n', "2 cells but the header has 12 columns", None),
        ('""' + '\t"A"' * 5 + '\t"01/02/2003"' + '\t""' * 5 + "\n", "the Name cell is empty", "column Name"),
        ('"JOHN DOE"' + '\t""' * 5 + '\t"2003-01-02"' + '\t""' * 5 + "\n", "not a date", "column Effective_Date"),
    ],
)
def test_a_malformed_row_is_a_one_line_error_naming_it(tmp_path, row, message, where):
    header = DPL.read_text(encoding="utf-8").splitlines(keepends=True)[:3]
    path = tmp_path / "dpl.txt"
    path.write_text("".join(header) + row, encoding="utf-8")
    error = parse_error(PARSER, path)
    assert error.line == 4 and message in str(error) and error.where == where and "\n" not in str(error)


def test_screening_finds_a_denied_person_through_the_cli(tmp_path):
    runner = CliRunner()
    loaded = runner.invoke(app, ["--home", str(tmp_path), "load", str(DPL)])
    assert loaded.exit_code == 0 and "us_bis_dpl: loaded version 1" in loaded.stdout, loaded.output
    screened = runner.invoke(app, ["--home", str(tmp_path), "screen", "Aaron Abraham Villa", "--json"])
    best = json.loads(screened.stdout)["matches"][0]
    assert best["entity_id"] == "us_bis_dpl:AARON ABRAHAM VILLA (2022-08-24)" and best["match"]
