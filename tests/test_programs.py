"""Programs per list, found by code or name in any case (issue #19), on the shared OFAC files: the
consolidated non-SDN list (cons_prim.csv with its companions, about 2025-12) and the SDN list's
MAGNIT/GLOMAG excerpt bundled with the package, which share programs such as SDGT."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.data import default_lists
from magnitsky.model.programs import EXACT, NONE, WORDS, program_match
from magnitsky.sources import open_list
from magnitsky.store import StoreError

_CONS = ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")


def _ofac_sdn_excerpt():
    return next(p for p in default_lists() if p.parent.name == "ofac_sdn")


@pytest.fixture
def both_ofac_lists(store, shared_data):
    for path in (shared_data / "ofac_cons" / "cons_prim.csv", _ofac_sdn_excerpt()):
        store.load(open_list(path), actor="test")
    return store


def _raw_counts(entities) -> Counter:
    return Counter(p for e in entities for p in set(e.programs))


def test_a_program_of_two_lists_is_counted_per_list(both_ofac_lists, shared_data):
    cons = _raw_counts(open_list(shared_data / "ofac_cons" / "cons_prim.csv").entities())
    sdn = _raw_counts(open_list(_ofac_sdn_excerpt()).entities())
    shared = set(cons) & set(sdn)
    assert "SDGT" in shared
    counts = {(c.source, c.program): c.entries for c in both_ofac_lists.programs()}
    assert counts == {("ofac_cons", p): n for p, n in cons.items()} | {("ofac_sdn", p): n for p, n in sdn.items()}
    assert counts[("ofac_cons", "SDGT")] == cons["SDGT"] and counts[("ofac_sdn", "SDGT")] == sdn["SDGT"]


def test_programs_are_found_by_code_or_name_in_any_case(both_ofac_lists):
    def members(query):
        return {e.id for e in both_ofac_lists.entities(program=query)}

    glomag = members("GLOMAG")
    assert len(glomag) == 315
    assert members("glomag") == members("global magnitsky") == members("Global Magnitsky") == glomag
    assert len(members("magnit")) == 55  # the code, exactly, rather than every name with the word
    both = members("magnitsky")  # no code or name is exactly this: the programs whose names have it
    assert both == glomag | members("MAGNIT")
    sdgt = members("sdgt")
    assert {i.split(":")[0] for i in sdgt} == {"ofac_cons", "ofac_sdn"}
    with pytest.raises(StoreError, match="no program of the current lists is named 'no such regime'"):
        members("no such regime")


def test_match_grades():
    assert program_match("jvcfoa", "canada_sema", "JVCFOA") == EXACT
    assert program_match("human rights", "uk_ofsi", "Global Human Rights") == WORDS
    assert program_match("global magnitsky", "ofac_sdn", "GLOMAG") == WORDS
    assert program_match("global magnitsky", "uk_ofsi", "GLOMAG") == NONE  # OFAC's names are OFAC's
    assert program_match("  ", "ofac_sdn", "GLOMAG") == NONE


def test_cli_programs_per_list_and_entities_by_name(tmp_path, shared_data):
    for name in _CONS:
        shutil.copy(shared_data / "ofac_cons" / name, tmp_path / name)
    home = tmp_path / "home"
    runner = CliRunner()
    for path in (tmp_path / "cons_prim.csv", _ofac_sdn_excerpt()):
        assert runner.invoke(app, ["--home", str(home), "load", str(path)]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["--home", str(home), "programs", "--json"]).stdout)
    sdgt = [row for row in listed if row["program"] == "SDGT"]
    assert [row["source"] for row in sdgt] == ["ofac_cons", "ofac_sdn"]
    glomag = next(row for row in listed if row["program"] == "GLOMAG")
    assert glomag["name"].startswith("Global Magnitsky") and glomag["entries"] == 315
    found = runner.invoke(app, ["--home", str(home), "entities", "--program", "global magnitsky"])
    assert found.exit_code == 0 and len(found.stdout.splitlines()) == 315
    missing = runner.invoke(app, ["--home", str(home), "entities", "--program", "nothing like it"])
    assert missing.exit_code == 1 and "no program of the current lists is named 'nothing like it'" in missing.output


def test_canada_s_magnitsky_law_is_found_by_its_code_in_any_case(store, shared_data):
    """Canada's April 2020 file labels the program 'Justice for Victims of Corrupt Foreign Officials
    Regulations' (70 characters); its short code and the label's words find it too."""
    path = shared_data / "canada" / "2020-04" / "sema-lmes.xml"
    store.load(open_list(path), actor="test")
    listed = {e.id for e in open_list(path).entities() if "JVCFOA" in e.programs}
    assert len(listed) > 50
    assert {e.id for e in store.entities(program="jvcfoa")} == listed
    assert {e.id for e in store.entities(program="corrupt foreign officials")} == listed
