"""Periodic reviews and statutory clocks (issue #17, parts 2 and 3), on SQLite and PostgreSQL.

A designation's review falls due its regime's period after listing and, once past, is listed as
overdue; a review is decided under four eyes and moves the next date on, or orders a revocation
that a publisher publishes. A legislature's request opens a 120-day clock; past its date it shows
as overdue (also through `magnitsky registry clocks --overdue`); an answer after the date is late."""

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.registry import PUBLIC_OFFICER, ConflictError, PermissionDenied, RegistryError
from registry_support import designate, nomination, open_registry, screener_of
from reviewers import PASSWORD

KEEP = {"criteria_met": True, "deceased": False, "changed_circumstances": False, "new_evidence": False}
runner = CliRunner()


@pytest.fixture
def registry(database_url, tmp_path):
    registry = open_registry(database_url, tmp_path / "home")
    yield registry
    registry.engine.dispose()


def test_a_review_falls_due_becomes_overdue_and_is_decided_under_four_eyes(registry):
    officer = registry.roles.officer
    screener = screener_of(registry)
    number = designate(registry, screener)
    other = designate(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    listed = date.fromisoformat(registry.view(number)["listed_on"])
    due = listed + timedelta(days=365)  # Global Magnitsky: reviewed every year
    assert registry.view(number)["review_due"] == due.isoformat()
    assert registry.reviews.schedule(officer("ivan"), today=due, overdue=True) == []
    overdue = registry.reviews.schedule(officer("ivan"), today=due + timedelta(days=10), overdue=True)
    assert [(r["nomination"], r["due_on"], r["days_overdue"]) for r in overdue] == [
        (number, due.isoformat(), 10),
        (other, due.isoformat(), 10),
    ]
    with pytest.raises(PermissionDenied):
        registry.reviews.schedule(officer("ngo"))

    with pytest.raises(RegistryError, match="findings.deceased"):
        registry.reviews.propose(number, {"criteria_met": True}, "keep", "still in office", officer("lena"))
    with pytest.raises(RegistryError, match="keep: the findings say"):
        registry.reviews.propose(number, {**KEEP, "deceased": True}, "keep", "x", officer("lena"))
    review = registry.reviews.propose(number, KEEP, "keep", "Still head of the centre.", officer("lena"))
    assert review["due_on"] == due.isoformat()
    with pytest.raises(ConflictError, match="awaits a decision"):
        registry.reviews.propose(number, KEEP, "keep", "again", officer("dmitri"))
    pending = registry.reviews.schedule(officer("ivan"), today=due + timedelta(days=10), overdue=True)
    assert [r["review_pending"] for r in pending] == [True, False]
    with pytest.raises(PermissionDenied):
        registry.reviews.decide(review["id"], officer("lena"))
    assert registry.reviews.decide(review["id"], officer("dora"))["state"] == "decided"
    # The next review counts from this one (here decided on the listing day: the date stays).
    today = date.fromisoformat(registry.reviews.view(review["id"])["decided_at"][:10])
    assert registry.view(number)["review_due"] == (today + timedelta(days=365)).isoformat()
    schedule = registry.reviews.schedule(officer("ivan"), today=today)
    assert [(r["nomination"], r["last_review"]) for r in schedule] == [(number, today.isoformat()), (other, None)]

    # A review that finds the person dead orders a revocation; a publisher publishes it.
    dead = {**KEEP, "criteria_met": False, "deceased": True, "note": "death certificate on file"}
    revoke = registry.reviews.propose(other, dead, "revoke", "He died in 2026.", officer("lena"))
    registry.reviews.decide(revoke["id"], officer("dora"))
    assert registry.view(other)["state"] == "under_review"
    assert registry.publish(other, officer("paul"))["change"] == "removed"
    assert [r["nomination"] for r in registry.reviews.schedule(officer("ivan"))] == [number]  # no longer in force
    actions = [r.action for r in registry.audit.records(f"nomination:{other}")]
    assert actions[-4:] == ["review.propose", "proposal.ordered", "review.decide", "registry.publish"]


def test_a_revocation_starts_the_notice_clock_where_the_regime_says_so(registry):
    """Global Magnitsky sec. 1263(g): notice 15 days before a removal. The regime file marks the clock
    ``opens_on: revocation``, so proposing (or a petition or review ordering) a removal opens it."""
    officer = registry.roles.officer
    screener = screener_of(registry)
    number = designate(registry, screener)
    designation = registry.view(number)["designation_id"]
    registry.step(number, "review", officer("lena"), "new information")
    registry.propose(number, "vary", "A new alias.", officer("lena"))
    assert registry.clocks.list(officer("ivan")) == []  # a variation starts no clock
    registry.refuse(number, officer("dora"), "Not yet.")
    registry.propose(number, "revoke", "He left the post in 2025.", officer("lena"))
    [clock] = registry.clocks.list(officer("ivan"))
    today = date.fromisoformat(clock["opened_on"])
    assert (clock["regime"], clock["kind"], clock["owner"], clock["nomination"], clock["status"]) == (
        "global_magnitsky",
        "removal_notice",
        "lena",
        number,
        "open",
    )
    assert clock["due_on"] == (today + timedelta(days=15)).isoformat() and designation in clock["concerning"]
    [opened] = [r for r in registry.audit.records(f"clock:{clock['id']}")]
    assert opened.action == "clock.open" and opened.details["event"] == "revocation"
    registry.refuse(number, officer("dora"), "Keep him.")
    registry.propose(number, "revoke", "He left the post in 2025, confirmed.", officer("lena"))
    assert len(registry.clocks.list(officer("ivan"))) == 1  # the notice clock already runs: not a second one

    # A granted petition orders the removal: the other designation's notice clock opens at the decision.
    other = designate(registry, screener, nomination(subject={"name": "Oleg Petrovich Sidorov"}))
    petition = {
        "sought": "revoke",
        "grounds": ["mistaken_identity"],
        "statement": "Not me.",
        "petitioner": {"name": "O. P. Sidorov", "capacity": "subject"},
    }
    filed, _ = registry.petitions.file(other, petition, PUBLIC_OFFICER)
    registry.petitions.propose(filed["id"], "grant", "A namesake.", officer("lena"))
    assert [c["nomination"] for c in registry.clocks.list(officer("ivan"))] == [number]
    registry.petitions.decide(filed["id"], officer("dora"))
    ordered = [c for c in registry.clocks.list(officer("ivan")) if c["nomination"] == other]
    assert [(c["kind"], c["owner"]) for c in ordered] == [("removal_notice", "lena")]
    assert f"petition:{filed['id']}" in ordered[0]["concerning"]


def test_a_120_day_clock_past_due_is_overdue_and_an_answer_after_it_is_late(registry, database_url):
    officer = registry.roles.officer
    request = "Senate Foreign Relations Committee request for a determination on Igor Zhuravlyov"
    clock = registry.clocks.open(
        "global_magnitsky", "congressional_request", request, "lena", officer("ivan"), opened_on="2026-01-15"
    )
    assert clock["due_on"] == "2026-05-15" and clock["status"] == "open" and clock["owner"] == "lena"
    assert "1263(d)" in clock["duty"]
    on_time = registry.clocks.open(
        "eu_global_human_rights", "annual_review", "EU annual review 2026", "dora", officer("lena"), "2026-03-01"
    )
    assert registry.clocks.list(officer("ivan"), overdue=True, today=date(2026, 5, 15)) == []
    overdue = registry.clocks.list(officer("ivan"), overdue=True, today=date(2026, 5, 16))
    assert [(c["id"], c["overdue"], c["days_left"]) for c in overdue] == [(clock["id"], True, -1)]

    def cli(*args: str, user: str = "ivan", code: int = 0) -> str:
        env = {"MAGNITSKY_USER": user, "MAGNITSKY_PASSWORD": PASSWORD}
        result = runner.invoke(app, ["--home", str(registry.home), "--db", database_url, *args], env=env)
        assert result.exit_code == code, result.output
        return result.output

    listed = json.loads(cli("registry", "clocks", "--overdue", "--json"))
    assert [c["id"] for c in listed] == [clock["id"]]  # today is past 2026-05-15; the EU clock is due in 2027
    assert "congressional_request" in cli("registry", "clocks", "--overdue")
    assert "needs the registry role" in cli("registry", "clocks", user="ngo", code=1)

    with pytest.raises(PermissionDenied, match="owned by lena"):
        registry.clocks.answer(clock["id"], "Determination sent", officer("ivan"))
    answered = registry.clocks.answer(clock["id"], "Determination sent in writing", officer("lena"), "2026-06-01")
    assert answered["status"] == "answered" and answered["late"] is True
    with pytest.raises(ConflictError, match="already answered"):
        registry.clocks.answer(clock["id"], "again", officer("lena"))
    done = cli(
        "registry", "clock", "answer", str(on_time["id"]), "--answer", "Reviewed", "--on", "2026-12-01", user="dora"
    )
    assert "answered on 2026-12-01" in done
    assert registry.clocks.view(on_time["id"])["late"] is False
    late = [r.details for r in registry.audit.records() if r.action == "clock.answer"]
    assert [(d["clock"], d["late"]) for d in late] == [(clock["id"], True), (on_time["id"], False)]

    with pytest.raises(RegistryError, match="has no clock 'annual_review'"):
        registry.clocks.open("global_magnitsky", "annual_review", "x", "lena", officer("ivan"))
    with pytest.raises(RegistryError, match="not a date"):
        registry.clocks.open("global_magnitsky", "annual_report", "2026", "lena", officer("ivan"), "2026-13-01")
    with pytest.raises(PermissionDenied, match="ngo cannot own a clock"):
        registry.clocks.open("global_magnitsky", "annual_report", "2026", "ngo", officer("ivan"))
