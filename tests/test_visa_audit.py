"""Every visa decision, a clearance included, is in the audit trail; and the ``magnitsky visa`` command.

Runs on SQLite and, with MAGNITSKY_TEST_POSTGRES_URL set, on PostgreSQL (fixture ``database_url``).
Lists: the bundled OFAC SDN and UN excerpts; MRZ fixtures: tests/fixtures/mrz (README.md there).
"""

import json

import pytest
from typer.testing import CliRunner

from magnitsky.cli import app
from magnitsky.data import default_lists
from magnitsky.screening import Screener
from magnitsky.screening.visa import Applicant, VisaScreener
from magnitsky.sources import open_list
from magnitsky.store import AuditLog, ListStore

runner = CliRunner()


@pytest.fixture(scope="module")
def screener():
    return Screener.from_entities(e for path in default_lists() for e in open_list(path).entities())


def test_every_decision_is_audited_and_the_chain_verifies(database_url, screener, fixtures):
    audit = AuditLog(ListStore(database_url).engine)
    visa = VisaScreener(screener, audit=audit)
    denied = visa.screen_mrz((fixtures / "mrz" / "klyuev_td3.txt").read_text(), actor="officer:17")
    cleared = visa.screen_mrz((fixtures / "mrz" / "icao_td3_eriksson.txt").read_text(), actor="officer:17")
    form = visa.screen_applicant(Applicant.from_form("KLIUEV", "DMITRII"), actor="consulate:riga")

    [record] = audit.records("visa:751234567")
    assert (record.action, record.actor, record.seq) == ("visa.decide", "officer:17", denied.audit["seq"])
    assert record.details["decision"] == "DENY" and record.details["matches"][0]["entity_id"] == "ofac_sdn:16399"
    assert record.details["thresholds"] == {"match": 0.85, "strong": 0.92}
    assert record.hash == denied.audit["hash"]
    [clear] = audit.records("visa:L898902C3")
    assert clear.details["decision"] == "CLEAR" and cleared.audit["seq"] == clear.seq
    [referred] = audit.records(form.applicant.subject())
    assert form.applicant.subject().startswith("visa:applicant-") and referred.details["decision"] == "REFER"
    check = audit.verify()
    assert check.ok and check.records == 3


def test_without_an_audit_log_nothing_is_recorded(screener, fixtures):
    decision = VisaScreener(screener).screen_mrz((fixtures / "mrz" / "klyuev_td3.txt").read_text())
    assert decision.audit is None and decision.decision == "DENY"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("visa-home")
    result = runner.invoke(app, ["--home", str(home), "load", *map(str, default_lists())])
    assert result.exit_code == 0, result.output
    return home


def run(home, *args, **kwargs):
    return runner.invoke(app, ["--home", str(home), "visa", *args], **kwargs)


def test_cli_denies_the_magnit_passport_with_exit_code_zero(home, fixtures):
    result = run(home, "--mrz", str(fixtures / "mrz" / "klyuev_td3.txt"))
    assert result.exit_code == 0, result.output
    assert "DENY" in result.stdout and "MAGNIT" in result.stdout and "audit record" in result.stdout


def test_cli_reads_the_mrz_from_stdin_as_json(home, fixtures):
    text = (fixtures / "mrz" / "al_tikriti_td3.txt").read_text()
    result = run(home, "--mrz", "-", "--json", input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["decision"] == "REFER" and data["list_versions"] == ["ofac_sdn:1", "un_sc:1"]
    assert data["audit"]["seq"] > 0 and data["document"]["name_truncated"]


def test_cli_applicant_form(home):
    result = run(
        home,
        "--surname",
        "KADYROV",
        "--given",
        "RAMZAN",
        "--dob",
        "1976-10-05",
        "--nationality",
        "RUS",
        "--passport",
        "123456789",
        "--sex",
        "M",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["decision"] == "DENY" and data["matches"][0]["entity_id"] == "ofac_sdn:23343"


def test_cli_decisions_are_in_the_audit_trail(home, fixtures):
    run(home, "--mrz", str(fixtures / "mrz" / "de_mustermann_td3.txt"))
    store = ListStore(f"sqlite:///{home / 'magnitsky.db'}")
    [record] = AuditLog(store.engine).records("visa:C01X00T47")
    assert record.details["decision"] == "CLEAR" and record.actor.startswith("cli:")


def test_cli_bad_check_digit_exits_1_with_field_and_position(home):
    bad = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408123F1204159ZE184226B<<<<<10\n"
    result = run(home, "--mrz", "-", input=bad)
    assert result.exit_code == 1
    assert "birth date check digit, line 2, position 20" in result.stderr


def test_cli_bad_form_and_usage_errors(home, tmp_path):
    assert run(home, "--surname", "DOE", "--dob", "someday").exit_code == 1
    assert run(home).exit_code == 2
    assert run(home, "--mrz", "-", "--surname", "DOE", input="x").exit_code == 2
    missing = run(home, "--mrz", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 1 and "cannot read MRZ file" in missing.stderr
    garbage = tmp_path / "photo.jpg"
    garbage.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    assert run(home, "--mrz", str(garbage)).exit_code == 1
