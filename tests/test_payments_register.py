"""Stored decisions, the frozen-assets register, releases and the audit trail, on SQLite and PostgreSQL;
and the `magnitsky payment` / `magnitsky frozen` commands."""

import csv
import io
import json

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from magnitsky.cases import CaseService
from magnitsky.cli import app
from magnitsky.data import default_lists
from magnitsky.screening.payments import Decision, MessageConflict, MessageError, PaymentScreening, RegisterError
from magnitsky.screening.payments.register import frozen_assets, payment_decisions
from magnitsky.store import AuditLog, open_database
from magnitsky.store.requests import RequestError, SelfApproval
from payments_support import CONSOLIDATED, MESSAGES, message, screener
from reviewers import PASSWORD, enrol

ACTOR = "test:payments"


@pytest.fixture
def engine(database_url):
    return open_database(database_url)


@pytest.fixture
def service(engine):
    return PaymentScreening(screener(), engine)


def count(engine, table):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_block_records_the_funds_with_decision_and_audit(service, engine):
    outcome = service.screen(message("pacs008_magnit_creditor.xml"), ACTOR)
    assert outcome.stored.decision is Decision.BLOCK and not outcome.replayed
    (asset,) = service.register.assets()
    assert (asset["status"], asset["value"], asset["currency"]) == ("frozen", "250000.00", "EUR")
    assert asset["owner"] == "Dmitry Vladislavovich Klyuev (creditor)" and asset["program"] == "MAGNIT"
    assert asset["list_entries"] == "ofac_sdn:16399 Dmitry Vladislavovich KLYUEV"
    assert "Magnitsky" in asset["legal_basis"]
    assert (asset["originator"], asset["beneficiary"], asset["beneficiary_bank"]) == (
        "Baltic Timber Export GmbH",
        "Dmitry Vladislavovich Klyuev",
        "Raiffeisen Bank International AG",
    )
    assert (
        asset["message_reference"] == "DEUTDEFF-20261125-000417"
        and asset["uetr"] == "8a562c67-ca16-48ba-b074-65581be6f011"
    )
    assert (
        "250000.00 EUR" in asset["property_description"] and asset["location"] == "held by RZBAATWW (instructed_agent)"
    )
    (record,) = [r for r in AuditLog(engine).records() if r.action == "payment.decide"]
    assert record.subject == "payment:pacs.008:DEUTDEFF:DEUTDEFF-20261125-000417"
    assert record.details["decision"] == "BLOCK" and record.details["frozen_assets"] == [asset["asset_id"]]
    assert record.details["causes"][0]["entity_id"] == "ofac_sdn:16399"
    assert AuditLog(engine).verify().ok


def test_same_message_twice_same_decision_one_row_one_audit(service, engine):
    first = service.screen(message("mt103_glomag_59f.txt"), ACTOR)
    second = service.screen(message("mt103_glomag_59f.txt"), "someone:else")
    assert second.replayed and second.stored == first.stored
    assert count(engine, payment_decisions) == 1 and count(engine, frozen_assets) == 1
    assert sum(r.action == "payment.decide" for r in AuditLog(engine).records()) == 1


def test_changed_message_under_the_same_id_is_refused(service, engine):
    service.screen(message("pacs008_clean.xml"), ACTOR)
    changed = message("pacs008_clean.xml").replace(b"4310.55", b"9310.55")
    with pytest.raises(
        MessageConflict, match="BNPAFRPP-20261125-7781.*different content; a changed message needs a new message id"
    ):
        service.screen(changed, ACTOR)
    assert count(engine, payment_decisions) == 1


@pytest.mark.parametrize(
    "name, decision",
    [
        ("pacs008_clean.xml", Decision.PASS),
        ("pain001_remittance_mention.xml", Decision.HOLD),
        ("mt103_crimea.txt", Decision.REJECT),
        ("pacs008_sectoral.xml", Decision.REJECT),
        ("pacs008_ownership.xml", Decision.BLOCK),
    ],
)
def test_every_decision_is_stored_and_audited_only_blocks_fill_the_register(service, engine, name, decision):
    outcome = service.screen(message(name), ACTOR)
    assert outcome.stored.decision is decision
    assert count(engine, frozen_assets) == (1 if decision is Decision.BLOCK else 0)
    assert [r.details["decision"] for r in AuditLog(engine).records() if r.action == "payment.decide"] == [
        decision.value
    ]


def test_bad_message_records_nothing(service, engine):
    with pytest.raises(MessageError):
        service.screen(message("pacs008_magnit_creditor.xml")[:900], ACTOR)
    assert count(engine, payment_decisions) == 0 and count(engine, frozen_assets) == 0
    assert not list(AuditLog(engine).records())


def test_failed_audit_leaves_no_half_written_block(service, engine, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(service.register.audit, "append", broken)
    with pytest.raises(RuntimeError):
        service.screen(message("pacs008_magnit_creditor.xml"), ACTOR)
    assert count(engine, payment_decisions) == 0 and count(engine, frozen_assets) == 0


def test_release_takes_two_people_and_the_row_stays(service, engine):
    service.screen(message("pacs008_magnit_creditor.xml"), ACTOR)
    (asset,) = service.register.assets()
    register = service.register
    with pytest.raises(RegisterError, match="needs a rationale"):
        register.request_release(asset["asset_id"], "officer-a", "password", "  ")
    with pytest.raises(RegisterError, match="no frozen asset 999"):
        register.request_release(999, "officer-a", "password", "licence")
    request = register.request_release(asset["asset_id"], "officer-a", "key:a-desk", "OFAC licence MAGNIT-2026-17")
    assert register.asset(asset["asset_id"])["status"] == "frozen"  # nothing released on one person's word
    with pytest.raises(RequestError, match="still pending"):
        register.request_release(asset["asset_id"], "officer-c", "password", "me too")
    with pytest.raises(SelfApproval, match="officer-a made request"):
        register.decide_release(request.id, "officer-a", "password", "I am sure")
    register.decide_release(request.id, "officer-b", "password", "licence checked")
    released = register.asset(asset["asset_id"])
    assert (
        released["status"],
        released["release_requested_by"],
        released["released_by"],
        released["release_rationale"],
    ) == ("released", "officer-a", "officer-b", "OFAC licence MAGNIT-2026-17")
    with pytest.raises(RequestError, match="already approved by officer-b"):
        register.decide_release(request.id, "officer-c", "password", "again")
    with pytest.raises(RegisterError, match="already released"):
        register.request_release(asset["asset_id"], "officer-c", "password", "again")
    assert register.assets(include_released=False) == [] and len(register.assets()) == 1
    steps = [
        (r.action, r.actor, r.details["via"])
        for r in AuditLog(engine).records()
        if r.subject == f"frozen_asset:{asset['asset_id']}"
    ]
    assert steps == [
        ("frozen.release.request", "officer-a", "key:a-desk"),
        ("frozen.release.approve", "officer-b", "password"),
    ]
    assert AuditLog(engine).verify().ok


# -- the command line ------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    result = runner.invoke(app, ["--home", str(home), "load", str(default_lists()[0]), str(CONSOLIDATED)])
    assert result.exit_code == 0, result.output
    return home


def run(home, *args, who=None):
    env = {"MAGNITSKY_USER": who, "MAGNITSKY_PASSWORD": PASSWORD} if who else {}
    return runner.invoke(app, ["--home", str(home), *args], env=env)


def test_cli_payment_json_replay_and_register(home):
    path = str(MESSAGES / "mt103_glomag_59f.txt")
    first = run(home, "payment", path, "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert data["decision"] == "BLOCK" and data["replayed"] is False
    assert data["transactions"][0]["causes"][0]["entity_id"] == "ofac_sdn:23252"
    again = json.loads(run(home, "payment", path, "--json").stdout)
    assert again["replayed"] is True and again["decision_id"] == data["decision_id"]
    text = run(home, "payment", str(MESSAGES / "pacs008_clean.xml"))
    assert text.exit_code == 0 and text.stdout.startswith("PASS pacs.008.001.02 BNPAFRPP-20261125-7781")

    exported = run(home, "frozen", "export", "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert (row["owner"], row["value"], row["currency"], row["program"]) == (
        "DAN GERTLER (creditor)",
        "75000.00",
        "USD",
        "GLOMAG",
    )
    cases = CaseService.open(f"sqlite:///{home / 'magnitsky.db'}")
    enrol(cases.users, "alice", "analyst")
    enrol(cases.users, "bob", "supervisor")
    anonymous = run(home, "frozen", "release", row["asset_id"], "--rationale", "delisted 2026-12-01")
    assert anonymous.exit_code == 1 and "who is acting?" in anonymous.stderr
    asked = run(home, "frozen", "release", row["asset_id"], "--rationale", "delisted 2026-12-01", who="alice")
    assert asked.exit_code == 0, asked.output
    assert "requested (request 3)" in asked.stdout  # 1 and 2: alice's and bob's accounts
    assert [a["status"] for a in json.loads(run(home, "frozen", "list", "--json").stdout)] == ["frozen"]
    own = run(home, "requests", "approve", "3", "--rationale", "fine", who="alice")
    assert own.exit_code == 1 and "only a supervisor may approve a release" in own.stderr
    approved = run(home, "requests", "approve", "3", "--rationale", "delisting confirmed", who="bob")
    assert approved.exit_code == 0, approved.output
    (listed,) = json.loads(run(home, "frozen", "list", "--all", "--json").stdout)
    assert (listed["status"], listed["release_requested_by"], listed["released_by"]) == ("released", "alice", "bob")
    assert json.loads(run(home, "frozen", "list", "--json").stdout) == []
    cases.engine.dispose()


def test_cli_bad_message_exits_1_naming_the_problem(home, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(message("mt103_crimea.txt").replace(b":71A:OUR", b":71A:OUR\r\n:88X:FOO"))
    result = run(home, "payment", str(bad))
    assert result.exit_code == 1
    assert "unknown field :88X:" in result.stderr and "nothing was recorded" in result.stderr
    assert json.loads(run(home, "frozen", "list", "--all", "--json").stdout) == []
