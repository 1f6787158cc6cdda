"""One person across lists, on the whole shared official files (SQLite, and PostgreSQL when
MAGNITSKY_TEST_POSTGRES_URL is set): links found, screening merged, judgements kept and audited."""

import json
import os

import pytest
from sqlalchemy import create_engine, select, text
from typer.testing import CliRunner

from conftest import SHARED_DATA
from linked_lists import NEWER_OFAC, load_every_list
from magnitsky.cases import CaseService
from magnitsky.cli import app
from magnitsky.screening import Screener
from magnitsky.screening.visa import VisaScreener
from magnitsky.screening.visa.applicant import Applicant
from magnitsky.store import ListStore
from magnitsky.store.schema import audit_log
from reviewers import PASSWORD, enrol

pytestmark = pytest.mark.slow

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("MAGNITSKY_TEST_POSTGRES_URL") else [])
# Alexander Bastrykin's entries and programs, as the shared files list him: OFAC, the EU and the UK
# with his birth date (linked automatically), Canada's 2020 list by name only (proposed)
DATED = {"ofac_sdn:21186": ["MAGNIT"], "eu_fsf:127732": ["HR"], "uk_ofsi:13867": ["Global Human Rights", "GHR"]}
CANADA = "ca_sema:Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)|1|21"
BASTRYKIN = {
    **DATED,
    CANADA: ["Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)", "JVCFOA", "JVCFOR"],
}
runner = CliRunner()


@pytest.fixture(scope="module", params=BACKENDS)
def linked(request, tmp_path_factory):
    """(home, url): every shared list loaded, reviewers enrolled, ``links update`` run."""
    home = tmp_path_factory.mktemp(f"linked-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{home / 'magnitsky.db'}"
    else:
        url = os.environ["MAGNITSKY_TEST_POSTGRES_URL"]
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    store = load_every_list(ListStore(url), home / "files")
    store.engine.dispose()
    cases = CaseService.open(url)
    enrol(cases.users, "sam", "supervisor")
    enrol(cases.users, "ana", "analyst")
    cases.engine.dispose()
    ok(home, url, "links", "update")
    return home, url


def cli(home, url, *args, who=None):
    env = {"MAGNITSKY_USER": who, "MAGNITSKY_PASSWORD": PASSWORD} if who else {}
    return runner.invoke(app, ["--home", str(home), "--db", url, *args], env=env)


def ok(home, url, *args, who=None):
    result = cli(home, url, *args, who=who)
    assert result.exit_code == 0, result.output
    return result.stdout


def screen(home, url, name):
    data = json.loads(ok(home, url, "screen", name, "--json"))
    return [m for m in data["matches"] if m["match"]]


def listed_together(hits: list[dict]) -> list[set[str]]:
    """Each hit's listings: the entries screening reports as one person."""
    return [{listing["entity_id"] for listing in hit.get("listings", [])} or {hit["entity_id"]} for hit in hits]


def test_bastrykin_is_one_person_with_each_list_program_and_the_evidence(linked):
    """Linked automatically where the birth date agrees; Canada's entry, which states none, is
    proposed, and once a supervisor confirms it he is one person listed by four authorities."""
    hits = screen(*linked, "Alexander Bastrykin")
    assert len(hits) == 2, [h["entity_id"] for h in hits]
    dated = next(hit for hit in hits if hit["entity_id"] != CANADA)
    assert {listing["entity_id"] for listing in dated["explanation"]["merged"]["listings"]} == set(DATED)
    assert dated["explanation"]["merged"]["links"] and all(
        link["status"] == "auto" and "same birth date 1953-08-27" in link["basis"]
        for link in dated["explanation"]["merged"]["links"]
    )
    proposed = json.loads(ok(*linked, "links", "list", "--entity", CANADA, "--json"))
    assert {(p["left"], p["right"]) for p in proposed} >= {(CANADA, "ofac_sdn:21186")}
    assert all("nothing else to compare" in p["basis"] for p in proposed)
    home, url = linked
    ok(home, url, "links", "confirm", CANADA, "ofac_sdn:21186", "--rationale", "JVCFOR schedule 1 item 21", who="sam")

    hits = screen(*linked, "Alexander Bastrykin")
    assert len(hits) == 1, [h["entity_id"] for h in hits]
    merged = hits[0]["explanation"]["merged"]
    listed = {listing["entity_id"]: listing for listing in merged["listings"]}
    assert {entity_id: listed[entity_id]["programs"] for entity_id in listed} == BASTRYKIN
    assert hits[0]["score"] == max(listing["score"] for listing in merged["listings"] if listing["score"])
    assert hits[0]["listings"] == merged["listings"]
    assert {link["status"] for link in merged["links"]} == {"auto", "confirmed"}


def test_show_gives_the_merged_view_with_each_value_s_lists(linked):
    shown = json.loads(ok(*linked, "show", "ofac_sdn:21186", "--json"))
    values = {field: {v["value"]: v["listed_by"] for v in items} for field, items in shown["merged"]["values"].items()}
    assert sorted(values["birth_dates"]["1953-08-27"]) == sorted(DATED)
    assert values["programs"] == {
        program: [entity_id] for entity_id, programs in BASTRYKIN.items() for program in programs
    }
    assert "One person on" in ok(*linked, "show", "eu_fsf:127732")


def test_export_writes_ftm_statements_with_each_value_s_list_and_the_person_s_canonical_id(linked, tmp_path):
    home, url = linked
    ok(home, url, "export", "--format", "statements", "--out", str(tmp_path / "statements.jsonl"))
    bastrykin = [
        s
        for line in (tmp_path / "statements.jsonl").read_text(encoding="utf-8").splitlines()
        if (s := json.loads(line))["entity_id"] in ("ofac-sdn-21186", "eu-fsf-127732", "uk-ofsi-13867")
    ]
    assert {s["canonical_id"] for s in bastrykin} == {bastrykin[0]["canonical_id"]}
    assert bastrykin[0]["canonical_id"].startswith("magnitsky-")
    birth = {(s["dataset"], s["value"]) for s in bastrykin if s["prop"] == "birthDate"}
    assert birth == {("ofac_sdn", "1953-08-27"), ("eu_fsf", "1953-08-27"), ("uk_ofsi", "1953-08-27")}
    ok(home, url, "export", "--merged", "--out", str(tmp_path / "merged.jsonl"))
    merged = [json.loads(line) for line in (tmp_path / "merged.jsonl").read_text(encoding="utf-8").splitlines()]
    person = next(r for r in merged if "ofac-sdn-21186" in r.get("referents", []))
    assert person["datasets"] == sorted({entity_id.split(":")[0] for entity_id in BASTRYKIN})
    assert not any(r["id"] in ("ofac-sdn-21186", "eu-fsf-127732") for r in merged)


def test_a_visa_decision_names_each_list_s_measures_and_basis(linked):
    home, url = linked
    store = ListStore(url)
    try:
        visa = VisaScreener(Screener.from_store(store))
        applicant = Applicant.from_form("Bastrykin", "Alexander", "1953-08-27", "RU")
        decision = visa.screen_applicant(applicant)
    finally:
        store.engine.dispose()
    assert decision.decision.value == "DENY"
    cited = {entry.entity_id: entry for entry in decision.matches}
    assert set(DATED) <= set(cited)
    for entity_id in DATED:
        assert cited[entity_id].basis, entity_id
    # the US bars his entry (the Magnitsky Act); the EU's financial sanctions file freezes his assets
    assert "travel_ban" in cited["ofac_sdn:21186"].measures
    assert cited["eu_fsf:127732"].measures == ("asset_freeze",)


def test_a_supervisor_s_judgement_holds_across_runs_and_list_versions_and_is_audited(linked, tmp_path):
    home, url = linked
    left, right = "eu_fsf:127732", "ofac_sdn:21186"
    refused = cli(home, url, "links", "reject", left, right, "--rationale", "not sure", who="ana")
    assert refused.exit_code == 1 and "supervisor" in refused.output
    ok(home, url, "links", "reject", left, right, "--rationale", "checked: two men", who="sam")
    assert "ofac_sdn: loaded version 2" in ok(home, url, "load", str(SHARED_DATA / NEWER_OFAC), "--without-companions")
    ok(home, url, "links", "update")  # the new version's entry is found again by the rules, still rejected
    rejected = json.loads(ok(home, url, "links", "list", "--status", "rejected", "--entity", left, "--json"))
    assert [(r["right"], r["decided_by"]) for r in rejected] == [(right, "sam")]
    apart = listed_together(screen(*linked, "Alexander Bastrykin"))
    assert any(left in found for found in apart) and any(right in found for found in apart)
    assert not any({left, right} <= found for found in apart)
    ok(home, url, "links", "confirm", left, right, "--rationale", "same man after all", who="sam")
    together = [found for found in listed_together(screen(home, url, "Alexander Bastrykin")) if left in found]
    assert len(together) == 1 and right in together[0]
    engine = create_engine(url)
    with engine.connect() as conn:
        actions = conn.execute(
            select(audit_log.c.actor, audit_log.c.action).where(audit_log.c.subject == f"link:{left}|{right}")
        ).all()
    engine.dispose()
    assert [tuple(a) for a in actions] == [("sam", "link.reject"), ("sam", "link.confirm")]


def test_proposals_are_listed_and_a_confirmed_one_merges_screening(linked):
    home, url = linked
    proposals = json.loads(ok(home, url, "links", "list", "--json", "--limit", "500"))
    assert proposals and all(p["status"] == "proposed" and p["basis"] for p in proposals)
    proposal = proposals[0]
    ok(home, url, "links", "confirm", proposal["left"], proposal["right"], "--rationale", "same", who="sam")
    shown = json.loads(ok(home, url, "show", proposal["left"], "--json"))
    assert proposal["right"] in shown["merged"]["listings"]
    missing = cli(home, url, "links", "confirm", "ofac_sdn:1", "eu_fsf:2", "--rationale", "x", who="sam")
    assert missing.exit_code == 1 and "no link or proposal" in missing.output
