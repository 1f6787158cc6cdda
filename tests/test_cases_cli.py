"""The review loop from the command line, crash safety (SIGKILL mid-screening and mid-decision)
and two processes at once, on SQLite (and PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set)."""

import csv
import json
import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from case_lists import load_bundled, updated_ofac
from magnitsky.cases import CaseService
from magnitsky.cases.schema import alerts, good_guys, screening_runs
from magnitsky.cli import app
from magnitsky.data import default_lists
from magnitsky.screening import Screener
from magnitsky.store import ListStore
from magnitsky.store.schema import audit_log
from reviewers import PASSWORD, enrol

MAP = "id=customer_no,name=full_name,birthDate=dob,nationality=country"
runner = CliRunner()


def signed_in(who):
    """The environment a reviewer's command runs with: their name, and their password."""
    return {"MAGNITSKY_USER": who, "MAGNITSKY_PASSWORD": PASSWORD} if who else {}


def cli(home, url, *args, who=None):
    return runner.invoke(app, ["--home", str(home), "--db", url, *args], env=signed_in(who))


def ok(home, url, *args, who=None):
    result = cli(home, url, *args, who=who)
    assert result.exit_code == 0, result.output
    return result.stdout


def reviewers(url, **roles):
    cases = CaseService.open(url)
    for name, role in roles.items():
        enrol(cases.users, name, role)
    cases.engine.dispose()


def spawn(home, url, *args, crash_at=None, who=None):
    env = {**os.environ, "COLUMNS": "200", **signed_in(who)}
    env.pop("MAGNITSKY_CRASH_AT", None)
    if crash_at:
        env["MAGNITSKY_CRASH_AT"] = crash_at
    return subprocess.Popen(
        [sys.executable, "-m", "magnitsky.cli", "--home", str(home), "--db", url, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_child(home, url, *args, crash_at=None, who=None):
    child = spawn(home, url, *args, crash_at=crash_at, who=who)
    stdout, stderr = child.communicate(timeout=300)
    return child.returncode, stdout, stderr


def open_alerts(home, url, **filters):
    data = json.loads(ok(home, url, "alerts", "list", "--json"))
    return [a for a in data if all(a[k] == v for k, v in filters.items())]


def test_review_loop_end_to_end(database_url, tmp_path, fixtures):
    home = tmp_path / "home"
    reviewers(database_url, alice="analyst", bob="supervisor")
    assert "8 customers in customers.csv: 8 new" in ok(
        home, database_url, "customers", "import", str(fixtures / "cases" / "customers.csv"), "--map", MAP
    )
    ok(home, database_url, "load", *map(str, default_lists()))
    first = json.loads(ok(home, database_url, "monitor", "--json"))  # never screened: everyone, everything
    assert {c["source"]: c["from"] for c in first["changes"]} == {"ofac_sdn": None, "un_sc": None}
    raised = {a["subject_id"]: a for a in open_alerts(home, database_url)}
    assert {k: v["entity_id"] for k, v in raised.items()} == {
        "C001": "ofac_sdn:16399",
        "C002": "ofac_sdn:15881",
        "C006": "ofac_sdn:15879",
        "C008": "ofac_sdn:15880",
    }
    klyuev, komnov = raised["C001"]["id"], raised["C002"]["id"]

    assert "decided: true_match" in ok(
        home,
        database_url,
        "alerts",
        "decide",
        str(klyuev),
        "--decision",
        "true_match",
        "--rationale",
        "same name and birth date as the listing",
        who="alice",
    )
    waiting = ok(
        home,
        database_url,
        "alerts",
        "decide",
        str(komnov),
        "--decision",
        "false_positive",
        "--rationale",
        "passport on file: born 1990 in Hamburg",
        who="alice",
    )
    assert "awaiting_approval" in waiting
    refused = cli(home, database_url, "alerts", "approve", str(komnov), "--rationale", "ok", who="alice")
    assert refused.exit_code == 1 and "only a supervisor may approve" in refused.stderr
    assert "decided: false_positive" in ok(
        home, database_url, "alerts", "approve", str(komnov), "--rationale", "checked the passport copy", who="bob"
    )
    shown = json.loads(ok(home, database_url, "alerts", "show", str(komnov), "--json"))
    assert [(h["action"], h["actor"]) for h in shown["history"]][1:] == [
        ("alert.decide", "alice"),
        ("alert.approve", "bob"),
    ]
    shown_text = ok(home, database_url, "alerts", "show", str(komnov))
    assert "Dmitri Komnov (C002) ~ Dmitriy KOMNOV" in shown_text and "approve" in shown_text

    ok(home, database_url, "load", str(updated_ofac(tmp_path)))  # alias on 15881, new entry 99002
    report = json.loads(ok(home, database_url, "monitor", "--json"))
    assert sorted((h["customer_id"], h["entity_id"], h["change"]) for h in report["hits"]) == [
        ("C002", "ofac_sdn:15881", "changed"),
        ("C005", "ofac_sdn:99002", "added"),
    ]
    now_open = {(a["subject_id"], a["entity_id"]): a for a in open_alerts(home, database_url, state="open")}
    assert set(now_open) == {
        ("C002", "ofac_sdn:15881"),
        ("C005", "ofac_sdn:99002"),
        ("C006", "ofac_sdn:15879"),
        ("C008", "ofac_sdn:15880"),
    }
    assert now_open[("C006", "ofac_sdn:15879")]["id"] == raised["C006"]["id"]  # untouched, not duplicated
    assert not open_alerts(home, database_url, subject_id="C001", state="open")  # true match stays decided
    assert "no list changes" in ok(home, database_url, "monitor")

    assert "audit trail intact" in ok(home, database_url, "audit", "verify")
    exported = ok(home, database_url, "audit", "export").splitlines()
    records = [json.loads(line) for line in exported]
    approval = next(r for r in records if r["action"] == "alert.approve")
    rows = list(csv.DictReader(ok(home, database_url, "audit", "export", "--format", "csv").splitlines()))
    assert len(rows) == len(records) and rows[-1]["hash"] == records[-1]["hash"]
    engine = CaseService.open(database_url).engine
    with engine.begin() as conn:  # someone rewrites who approved
        details = json.dumps(
            {**approval["details"], "rationale": "approved by phone"}, sort_keys=True, separators=(",", ":")
        )
        conn.execute(update(audit_log).where(audit_log.c.seq == approval["seq"]).values(details=details))
    engine.dispose()
    broken = cli(home, database_url, "audit", "verify")
    assert broken.exit_code == 1
    assert f"record {approval['seq']} was altered" in broken.stderr


def test_cli_errors_are_one_line_with_exit_1(database_url, tmp_path, fixtures):
    home = tmp_path / "home"
    ok(home, database_url, "load", *map(str, default_lists()))
    no_customers = cli(home, database_url, "customers", "screen")
    assert no_customers.exit_code == 1 and "no customers yet" in no_customers.stderr
    bad_map = cli(home, database_url, "customers", "import", str(fixtures / "cases" / "customers.csv"), "--map", "name")
    assert bad_map.exit_code == 1 and "write PROPERTY=COLUMN" in bad_map.stderr
    ok(home, database_url, "customers", "import", str(fixtures / "cases" / "customers.csv"), "--map", MAP)
    ok(home, database_url, "customers", "screen")
    stranger = cli(
        home, database_url, "alerts", "decide", "1", "--decision", "true_match", "--rationale", "x", who="mallory"
    )
    assert stranger.exit_code == 1 and "unknown reviewer or wrong password" in stranger.stderr
    reviewers(database_url, alice="analyst")
    no_reason = cli(
        home, database_url, "alerts", "decide", "1", "--decision", "true_match", "--rationale", " ", who="alice"
    )
    assert no_reason.exit_code == 1 and "rationale is required" in no_reason.stderr
    stale = cli(
        home,
        database_url,
        "alerts",
        "decide",
        "1",
        "--decision",
        "true_match",
        "--rationale",
        "x",
        "--version",
        "7",
        who="alice",
    )
    assert stale.exit_code == 1 and "changed by someone else" in stale.stderr
    assert cli(home, database_url, "alerts", "show", "999").exit_code == 1
    assert cli(home, database_url, "audit", "export", "--format", "xml").exit_code == 2


# -- crash safety --------------------------------------------------------------------------------


@pytest.fixture
def busy_home(database_url, tmp_path, fixtures):
    """Lists loaded and 50 customers imported: the fixture's 8 and, as C1xx, the first 42 people
    of the bundled OFAC excerpt under their listed names (each a hit)."""
    store = load_bundled(database_url)
    people = [e for e in store.entities() if e.schema == "Person" and e.source == "ofac_sdn"][:42]
    store.engine.dispose()
    path = tmp_path / "customers.csv"
    with open(fixtures / "cases" / "customers.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows += [
        {"customer_no": f"C1{n:02d}", "full_name": e.caption, "dob": "", "country": ""} for n, e in enumerate(people)
    ]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["customer_no", "full_name", "dob", "country"])
        writer.writeheader()
        writer.writerows(rows)
    home = tmp_path / "home"
    ok(home, database_url, "customers", "import", str(path), "--map", MAP)
    reviewers(database_url, alice="analyst", bob="analyst")
    return home


def pairs(engine):
    with engine.connect() as conn:
        return conn.execute(select(alerts.c.subject_id, alerts.c.entity_id).order_by(alerts.c.id)).all()


def test_killed_bulk_screening_leaves_whole_batches_and_resumes(database_url, busy_home):
    code, _, _ = run_child(
        busy_home, database_url, "customers", "screen", "--commit-every", "5", crash_at="screening.batch:3"
    )
    assert code == -signal.SIGKILL
    cases = CaseService.open(database_url)
    with cases.engine.connect() as conn:
        (run,) = conn.execute(select(screening_runs)).all()
    assert run.finished_at is None and run.screened == 10  # two batches committed, the third rolled back
    kept = pairs(cases.engine)
    opened = [r for r in cases.audit.records() if r.action == "alert.open"]
    assert len(opened) == len(kept) == run.opened > 0  # every alert has its audit record, and nothing else
    assert cases.audit.verify().ok

    code, _, stderr = run_child(busy_home, database_url, "customers", "screen", "--commit-every", "5")
    assert code == 0, stderr
    after = pairs(cases.engine)
    assert after[: len(kept)] == kept and len(after) == len(set(after))  # nothing lost, nothing twice
    expected = {
        (c.id, h.entity_id)
        for c in cases.customers
        for h in Screener.from_store(ListStore(database_url)).screen(c.query(), limit=10).hits
    }
    assert set(after) == expected
    assert cases.audit.verify().ok
    cases.engine.dispose()


def test_killed_decision_changes_nothing(database_url, busy_home):
    ok(busy_home, database_url, "customers", "screen")
    cases = CaseService.open(database_url)
    target = next(a for a in cases.alerts.list() if a.subject_id == "C008")  # a weak match: cleared at once
    records = cases.audit.verify().records
    code, _, _ = run_child(
        busy_home,
        database_url,
        "alerts",
        "decide",
        str(target.id),
        "--decision",
        "false_positive",
        "--rationale",
        "different surname",
        who="alice",
        crash_at="decision",
    )
    assert code == -signal.SIGKILL
    after = cases.alerts.get(target.id)
    assert (after.state, after.version, after.decision) == ("open", 1, None)
    with cases.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(good_guys)).scalar_one() == 0
    verification = cases.audit.verify()
    assert verification.ok and verification.records == records
    code, _, stderr = run_child(
        busy_home,
        database_url,
        "alerts",
        "decide",
        str(target.id),
        "--decision",
        "false_positive",
        "--rationale",
        "different surname",
        who="alice",
    )
    assert code == 0, stderr
    assert cases.alerts.get(target.id).state == "decided" and len(cases.good_guys.list()) == 1
    cases.engine.dispose()


def test_killed_import_keeps_nothing(database_url, tmp_path, fixtures):
    home = tmp_path / "home"
    code, _, _ = run_child(
        home,
        database_url,
        "customers",
        "import",
        str(fixtures / "cases" / "customers.csv"),
        "--map",
        MAP,
        crash_at="customers.import",
    )
    assert code == -signal.SIGKILL
    cases = CaseService.open(database_url)
    assert cases.customers.count() == 0 and cases.audit.verify().ok
    cases.engine.dispose()


def test_two_processes_screening_and_two_deciding_at_once(database_url, busy_home):
    ok(busy_home, database_url, "customers", "screen")  # alerts to decide, and the index cached
    cases = CaseService.open(database_url)
    expected = set(pairs(cases.engine))
    target = cases.alerts.list(subject_id="C100")[0]
    with cases.engine.begin() as conn:  # a list change would re-raise; here: closed alerts are re-opened
        conn.execute(update(alerts).where(alerts.c.subject_id.like("C11%")).values(state="closed"))
    children = [spawn(busy_home, database_url, "customers", "screen", "--commit-every", "3") for _ in range(2)]
    children += [
        spawn(
            busy_home,
            database_url,
            "alerts",
            "decide",
            str(target.id),
            "--decision",
            "true_match",
            "--rationale",
            f"reviewer {who}",
            "--version",
            "1",
            who=who,
        )
        for who in ("alice", "bob")
    ]
    results = [(c.wait(timeout=300), c.stdout.read(), c.stderr.read()) for c in children]
    assert [code for code, _, _ in results[:2]] == [0, 0], results
    decisions = sorted(code for code, _, _ in results[2:])
    assert decisions == [0, 1], results
    loser = next(err for code, _, err in results[2:] if code == 1)
    assert "changed by someone else" in loser
    with cases.engine.connect() as conn:
        active = conn.execute(
            select(alerts.c.subject_id, alerts.c.entity_id, func.count())
            .where(alerts.c.state.in_(["open", "in_review", "escalated", "awaiting_approval"]))
            .group_by(alerts.c.subject_id, alerts.c.entity_id)
        ).all()
    assert all(count == 1 for *_, count in active)
    reopened = {(s, e) for s, e, _ in active} | {(target.subject_id, target.entity_id)}
    assert reopened == expected
    assert sum(r.action == "alert.decide" for r in cases.alerts.history(target.id)) == 1
    assert cases.audit.verify().ok
    cases.engine.dispose()


def test_customers_screen_and_monitor_with_entities_blocked_by_ownership(database_url, tmp_path, fixtures):
    """The README's order of steps: lists, an ownership file that blocks companies, customers,
    then `customers screen` and `monitor`. A customer named like a company blocked only by the
    50 % rule gets an alert on the derived entity; the run records list versions only."""
    home = tmp_path / "home"
    ok(home, database_url, "load", *map(str, default_lists()))
    ok(home, database_url, "ownership", str(fixtures / "ownership" / "ownership.csv"))
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_no,kind,full_name\nC1,Company,Foo Holding LLC\n", encoding="utf-8")
    ok(home, database_url, "customers", "import", str(customers), "--map", "id=customer_no,schema=kind,name=full_name")
    ok(home, database_url, "customers", "screen")
    raised = open_alerts(home, database_url, subject_id="C1")
    assert [a["entity_id"] for a in raised] == ["ownership:FOO-HOLDING"]
    report = json.loads(ok(home, database_url, "monitor", "--json"))
    assert report["run"]["versions"] == {"ofac_sdn": 1, "un_sc": 1}


def test_a_parquet_customer_file_that_expands_to_150_megabytes_is_refused_and_nothing_kept(database_url, tmp_path):
    """A column the mapping does not even use holds one 1,500-character text repeated 100,000
    times, dictionary-encoded: a file of some hundred KB whose text expands to 150 MB. Refused by
    the batch reader's check, which the customer import shares, before the rows are expanded."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 100_000
    repeated = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["Ivanov " * 214 + "Ivan"]))
    names = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["Ivan Petrov"]))
    bomb = tmp_path / "customers.parquet"
    pq.write_table(pa.table({"id": pa.array(range(rows), pa.int64()), "name": names, "notes": repeated}), bomb)
    assert bomb.stat().st_size < 640_000  # so the budget is the 64 MB floor

    home = tmp_path / "home"
    refused = cli(home, database_url, "customers", "import", str(bomb), "--map", "id=id,name=name")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        f"error: {bomb}: row group 0, column 'notes' expands to more text than the file can plausibly hold "
        "(over 100x its size and 64 MB); refused"
    )
    assert "no customers yet" in cli(home, database_url, "customers", "screen").stderr
