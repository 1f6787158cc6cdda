"""Measures per listed entry: stated by the list, or from the program table for OFAC."""

import json

import pytest

from magnitsky.screening.measures import BUNDLED_TABLE, MeasuresTable, MeasuresTableError
from magnitsky.sources import open_list


@pytest.fixture(scope="module")
def shared_data_module():
    from conftest import SHARED_DATA

    return SHARED_DATA


@pytest.fixture(scope="module")
def sdn(shared_data_module):
    return {e.source_id: e for e in open_list(shared_data_module / "ofac_sdn_2021" / "sdn.csv").entities()}


@pytest.mark.slow
def test_magnitsky_programs_freeze_and_ban_entry(sdn):
    applied = MeasuresTable.load().for_entity(sdn["16399"])  # KLYUEV, MAGNIT
    assert applied.freeze and applied.travel_ban
    assert any(b.startswith("MAGNIT:") and "Magnitsky" in b for b in applied.basis)


@pytest.mark.slow
def test_sdn_program_without_entry_ban_is_freeze_only(sdn):
    cuba = sdn["306"]  # BANCO NACIONAL DE CUBA, CUBA program
    applied = MeasuresTable.load().for_entity(cuba)
    assert applied.freeze and not applied.travel_ban


def test_un_measures_are_read_as_stated(shared_data_module):
    un = next(open_list(shared_data_module / "un" / "consolidated.xml").entities())
    applied = MeasuresTable.load().for_entity(un)
    assert applied.travel_ban and applied.basis[0].startswith("stated by un_sc")


@pytest.mark.slow
def test_consolidated_sectoral_entries_are_not_frozen(shared_data_module):
    entries = open_list(shared_data_module / "ofac_cons" / "cons_prim.csv").entities()
    ssi = next(e for e in entries if "UKRAINE-EO13662" in e.programs)  # the SSI list's program
    applied = MeasuresTable.load().for_entity(ssi)
    assert not applied.freeze and "sectoral_debt_equity_restriction" in applied.measures


@pytest.mark.slow
def test_an_authority_can_supply_its_own_table(tmp_path, sdn):
    table = json.loads(BUNDLED_TABLE.read_text())
    table["version"] = "authority-2027-01"
    table["sources"]["ofac_sdn"]["programs"]["CUBA"] = {
        "measures": ["asset_freeze", "travel_ban"],
        "basis": "local decision",
    }
    path = tmp_path / "measures.json"
    path.write_text(json.dumps(table))
    applied = MeasuresTable.load(path).for_entity(sdn["306"])
    assert applied.travel_ban and "authority-2027-01" in applied.basis[-1]


def test_malformed_table_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"version": "x", "sources": {"s": {"programs": {"A": {"basis": "no measures"}}}}}')
    with pytest.raises(MeasuresTableError, match="bad.json"):
        MeasuresTable.load(path)
