"""The case store on SQLite (and PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set): customers,
alerts and their state machine, four-eyes approvals, the good-guy list, monitoring, audit."""

import json
import threading

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from case_lists import load_lists, updated_ofac
from magnitsky.cases import (
    STRONG_MATCH,
    Actor,
    CaseError,
    CaseService,
    ConflictError,
    NotFound,
    PermissionDenied,
    Subject,
    parse_mapping,
)
from magnitsky.cases.schema import good_guys
from magnitsky.screening import Screener
from magnitsky.sources import open_list
from magnitsky.store import open_database
from reviewers import PASSWORD, enrol, founders

MAPPING = {"id": "customer_no", "name": "full_name", "birthDate": "dob", "nationality": "country"}
ALICE = Actor("alice", "analyst")
BOB = Actor("bob", "supervisor")
CAROL = Actor("carol", "supervisor")


@pytest.fixture
def store(store):
    """The conftest store with the bundled lists loaded."""
    return load_lists(store)


@pytest.fixture
def cases(store):
    return CaseService(store.engine)


@pytest.fixture
def screened(cases, store, fixtures):
    """Customers imported and screened once against the bundled lists."""
    cases.customers.import_file(fixtures / "cases" / "customers.csv", MAPPING, actor="tester")
    cases.customers.screen(Screener.from_store(store), "tester")
    return cases


def alert_for(cases, customer_id):
    """The customer's latest alert."""
    return cases.alerts.list(subject_id=customer_id)[-1]


# -- customers -----------------------------------------------------------------------------------


def test_import_maps_columns_and_keeps_fingerprints(cases, fixtures):
    summary = cases.customers.import_file(fixtures / "cases" / "customers.csv", MAPPING, actor="tester")
    assert (summary.records, summary.added, summary.updated, summary.unchanged) == (8, 8, 0, 0)
    klyuev = cases.customers.get("C001")
    assert klyuev.properties == {"name": ["KLIUEV DMITRII"], "birthDate": ["1967-08-10"], "nationality": ["RU"]}
    assert klyuev.schema == "Person" and len(klyuev.fingerprint) == 64
    again = cases.customers.import_file(fixtures / "cases" / "customers.csv", MAPPING, actor="tester")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 8)
    assert [r.action for r in cases.audit.records()][-2:] == ["customers.import", "customers.import"]


def test_jsonl_and_parquet_give_the_same_customers_as_csv(cases, fixtures, tmp_path):
    cases.customers.import_file(fixtures / "cases" / "customers.csv", MAPPING, actor="tester")
    expected = {c.id: c.fingerprint for c in cases.customers.list()}
    rows = [c.to_dict() for c in cases.customers.list()]
    jsonl = tmp_path / "customers.jsonl"  # FtM style: {"id", "schema", "properties"}
    jsonl.write_text(
        "".join(json.dumps({"id": r["id"], "schema": "Person", "properties": r["properties"]}) + "\n" for r in rows),
        encoding="utf-8",
    )
    parquet = tmp_path / "customers.parquet"  # flat columns under other names, mapped
    pq.write_table(
        pa.table(
            {
                "cid": [r["id"] for r in rows],
                "fullname": [r["caption"] for r in rows],
                "born": ["|".join(r["properties"].get("birthDate", [])) for r in rows],
                "cc": ["|".join(r["properties"].get("nationality", [])) for r in rows],
            }
        ),
        parquet,
    )
    for path, mapping in (
        (jsonl, None),
        (parquet, parse_mapping(["id=cid,name=fullname", "birthDate=born,nationality=cc"])),
    ):
        summary = cases.customers.import_file(path, mapping, actor="tester")
        assert summary.unchanged == 8, path
    assert {c.id: c.fingerprint for c in cases.customers.list()} == expected


def test_edited_customer_gets_a_new_fingerprint(cases, fixtures, tmp_path):
    cases.customers.import_file(fixtures / "cases" / "customers.csv", MAPPING, actor="tester")
    before = cases.customers.get("C002").fingerprint
    edited = tmp_path / "edited.csv"
    edited.write_text("customer_no,full_name,dob,country\nC002,Dmitri Komnov,1990-04-01,DE\n", encoding="utf-8")
    summary = cases.customers.import_file(edited, MAPPING, actor="tester")
    assert (summary.updated, summary.added) == (1, 0)
    assert cases.customers.get("C002").fingerprint != before


@pytest.mark.parametrize(
    "content, mapping, expected",
    [
        (
            "customer_no,full_name\nC1,Anna Berg\nC1,Anna Berg\n",
            {"id": "customer_no", "name": "full_name"},
            "line 3: customer id 'C1' was already in line 2",
        ),
        ("customer_no,fullname\nC1,Anna Berg\n", MAPPING, "line 2: no column 'full_name' (mapped to name)"),
        (
            "customer_no,full_name,dob,country\nC1,Anna Berg,1980-01-01,DE\nC2,,1980-01-01,DE\n",
            MAPPING,
            "line 3: the query has no name to screen",
        ),
        (
            "customer_no,full_name,dob,country\nC1,Anna Berg,soon,DE\n",
            MAPPING,
            "line 2: birthDate 'soon' is not a date",
        ),
        (
            "customer_no,full_name,dob,country\n,Anna Berg,1980-01-01,DE\n",
            MAPPING,
            "line 2: no customer id in column 'customer_no'",
        ),
        (
            "customer_no,full_name,dob,country\nC1,Anna,1980-01-01,DE,extra\n",
            MAPPING,
            "line 2: more cells than header columns",
        ),
    ],
)
def test_bad_customer_file_names_the_place_and_keeps_nothing(cases, tmp_path, content, mapping, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CaseError) as failure:
        cases.customers.import_file(path, mapping, actor="tester")
    assert expected in str(failure.value) and str(path) in str(failure.value)
    assert cases.customers.count() == 0
    assert not [r for r in cases.audit.records() if r.action == "customers.import"]


@pytest.mark.parametrize(
    "second_line, expected",
    [
        ('{"id": "C2", "name": ', r"bad.jsonl, line 2: not valid JSON"),
        # valid to Python's json module, but not text: the database driver could not write it
        ('{"id": "C2", "name": "Kliuev \\ud800"}', r"bad.jsonl, line 2: not valid JSON \(no low surrogate"),
    ],
)
def test_bad_jsonl_line_is_named_and_nothing_is_kept(cases, tmp_path, second_line, expected):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "C1", "name": "Anna Berg"}\n' + second_line + "\n", encoding="utf-8")
    with pytest.raises(CaseError, match=expected):
        cases.customers.import_file(path, actor="tester")
    assert cases.customers.count() == 0


def test_mapping_and_file_type_errors(cases, tmp_path):
    with pytest.raises(CaseError, match="write PROPERTY=COLUMN"):
        parse_mapping(["name"])
    with pytest.raises(CaseError, match="unknown file type '.xlsx'"):
        cases.customers.import_file(tmp_path / "customers.xlsx", actor="tester")


# -- screening -----------------------------------------------------------------------------------


def test_screening_opens_one_alert_per_hit_and_never_twice(screened, store):
    alerts = screened.alerts.list()
    assert sorted((a.subject_id, a.entity_id) for a in alerts) == [
        ("C001", "ofac_sdn:16399"),
        ("C002", "ofac_sdn:15881"),
        ("C006", "ofac_sdn:15879"),
        ("C008", "ofac_sdn:15880"),
    ]
    klyuev = alert_for(screened, "C001")
    assert klyuev.state == "open" and klyuev.score >= STRONG_MATCH and klyuev.list_version == "ofac_sdn:1"
    assert klyuev.entity_fingerprint == store.entity("ofac_sdn:16399").fingerprint()
    assert klyuev.explanation["name"]["query"] == "KLIUEV DMITRII"
    again = screened.customers.screen(Screener.from_store(store), "tester")
    assert (again.screened, again.opened, again.active) == (8, 0, 4)
    assert len(screened.alerts.list()) == 4


# -- state machine and four-eyes -----------------------------------------------------------------


def test_every_transition_needs_a_rationale_and_is_audited(screened):
    alert = alert_for(screened, "C001")
    for empty in ("", "   ", None):
        with pytest.raises(CaseError, match="rationale is required"):
            screened.alerts.decide(alert.id, ALICE, "true_match", empty)
    assert screened.alerts.get(alert.id).state == "open"
    reviewed = screened.alerts.review(alert.id, ALICE, "checking the passport copy")
    assert (reviewed.state, reviewed.version) == ("in_review", 2)
    decided = screened.alerts.decide(alert.id, ALICE, "true_match", "same name, same birth date")
    assert (decided.state, decided.decision, decided.decided_by, decided.approved_by) == (
        "decided",
        "true_match",
        "alice",
        None,
    )
    history = screened.alerts.history(alert.id)
    assert [(r.action, r.actor) for r in history] == [
        ("alert.open", "tester"),
        ("alert.review", "alice"),
        ("alert.decide", "alice"),
    ]
    assert (
        history[-1].details["rationale"] == "same name, same birth date" and history[-1].details["from"] == "in_review"
    )
    with pytest.raises(CaseError, match="is decided; it cannot become"):
        screened.alerts.decide(alert.id, BOB, "false_positive", "changed my mind")
    with pytest.raises(CaseError, match="unknown decision"):
        screened.alerts.decide(alert.id, ALICE, "maybe", "x")
    with pytest.raises(NotFound):
        screened.alerts.get(999)


def test_only_reviewers_decide(screened):
    alert = alert_for(screened, "C001")
    with pytest.raises(PermissionDenied, match="only an analyst or supervisor"):
        screened.alerts.decide(alert.id, Actor("svc", "screener"), "true_match", "automated")
    assert Actor("root", "admin").may_approve  # API key roles rank screener < analyst < supervisor < admin


def test_clearing_a_strong_match_needs_another_supervisor(screened):
    alert = alert_for(screened, "C002")  # Dmitri Komnov, score 1.0
    waiting = screened.alerts.decide(alert.id, BOB, "false_positive", "customer's passport shows born 1990")
    assert (waiting.state, waiting.decision) == ("awaiting_approval", "false_positive")
    assert "strong match" in screened.alerts.history(alert.id)[-1].details["needs_approval"]
    with pytest.raises(PermissionDenied, match="cannot approve it"):
        screened.alerts.approve(alert.id, BOB, "fine by me")
    with pytest.raises(PermissionDenied, match="only a supervisor may approve"):
        screened.alerts.approve(alert.id, ALICE, "fine by me")
    assert not screened.good_guys.list()  # not cleared before approval
    approved = screened.alerts.approve(alert.id, CAROL, "checked the passport copy")
    assert (approved.state, approved.decided_by, approved.approved_by) == ("decided", "bob", "carol")
    (cleared,) = screened.good_guys.list()
    assert (cleared["subject_id"], cleared["entity_id"], cleared["approved_by"]) == ("C002", "ofac_sdn:15881", "carol")


def test_rejected_approval_goes_back_to_review(screened):
    alert = alert_for(screened, "C006")
    screened.alerts.decide(alert.id, ALICE, "false_positive", "different person")
    back = screened.alerts.reject(alert.id, BOB, "same DOB as the listed person: not a false positive")
    assert (back.state, back.decision, back.decided_by) == ("in_review", None, None)
    assert screened.alerts.decide(alert.id, ALICE, "true_match", "agreed").state == "decided"
    assert not screened.good_guys.list()


def test_weak_match_and_true_match_need_no_approval(screened):
    weak = alert_for(screened, "C008")  # Pavel Karpova ~ Pavel KARPOV, below the strong-match score
    assert weak.score < STRONG_MATCH, "the fixture needs a weak match here"
    assert screened.alerts.decide(weak.id, ALICE, "false_positive", "different surname").state == "decided"
    assert screened.alerts.decide(alert_for(screened, "C001").id, ALICE, "true_match", "same DOB").state == "decided"


def test_escalated_alert_is_decided_by_a_supervisor(screened):
    alert = alert_for(screened, "C006")
    assert screened.alerts.decide(alert.id, ALICE, "escalate", "unsure, DOB matches").state == "escalated"
    with pytest.raises(PermissionDenied, match="escalated; a supervisor decides it"):
        screened.alerts.decide(alert.id, ALICE, "true_match", "x")
    assert screened.alerts.decide(alert.id, BOB, "true_match", "same DOB and name").state == "decided"


def test_payment_hold_release_needs_four_eyes_whatever_the_score(screened, store):
    hit = Screener.from_store(store).screen({"schema": "Thing", "properties": {"name": ["Pavel Karpova"]}}).matches[0]
    subject = Subject("payment", "MSG-1/debtor", "Pavel Karpova", "f" * 64)
    outcome, alert = screened.alerts.open_alert(
        subject, hit, store.entity(hit.entity_id).fingerprint(), "ofac_sdn:1", "payment", "payments", measure="HOLD"
    )
    assert outcome == "opened" and alert.measure == "HOLD" and alert.score < 0.95
    waiting = screened.alerts.decide(alert.id, ALICE, "false_positive", "different person")
    assert waiting.state == "awaiting_approval"
    assert "releases a HOLD" in screened.alerts.history(alert.id)[-1].details["needs_approval"]
    assert screened.alerts.open_alert(subject, hit, "x" * 64, "ofac_sdn:1", "payment", "payments")[0] == "active"


# -- optimistic locking --------------------------------------------------------------------------


def test_second_session_deciding_the_same_alert_gets_a_conflict(screened, database_url):
    other = CaseService(open_database(database_url))  # a second engine: another reviewer's session
    alert_id = alert_for(screened, "C001").id
    seen_here, seen_there = screened.alerts.get(alert_id), other.alerts.get(alert_id)
    screened.alerts.decide(alert_id, ALICE, "true_match", "same DOB", version=seen_here.version)
    with pytest.raises(ConflictError, match=f"alert {alert_id} was changed by someone else"):
        other.alerts.decide(alert_id, BOB, "escalate", "unsure", version=seen_there.version)
    assert [r.action for r in screened.alerts.history(alert_id)] == ["alert.open", "alert.decide"]
    other.engine.dispose()


def test_concurrent_decisions_exactly_one_wins(screened, database_url):
    alert = alert_for(screened, "C006")
    sessions = [CaseService(open_database(database_url)) for _ in range(4)]
    barrier = threading.Barrier(len(sessions))
    outcomes = []

    def decide(service, n):
        barrier.wait()
        try:
            service.alerts.decide(
                alert.id, Actor(f"analyst{n}", "analyst"), "true_match", f"reviewer {n}", alert.version
            )
            outcomes.append("won")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=decide, args=(s, n)) for n, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["won"]
    assert sum(r.action == "alert.decide" for r in screened.alerts.history(alert.id)) == 1
    assert screened.audit.verify().ok
    for s in sessions:
        s.engine.dispose()


# -- good-guy list -------------------------------------------------------------------------------


def test_cleared_pair_stays_quiet_until_either_side_changes(screened, store, fixtures, tmp_path):
    alert = alert_for(screened, "C008")
    screened.alerts.decide(alert.id, ALICE, "false_positive", "Karpova is not Karpov")
    rerun = screened.customers.screen(Screener.from_store(store), "tester")
    assert rerun.suppressed == 1 and rerun.opened == 0
    edited = tmp_path / "edited.csv"  # the customer's record changes: the clearance no longer applies
    edited.write_text("customer_no,full_name,dob,country\nC008,Pavel Karpova,1977-08-27,\n", encoding="utf-8")
    screened.customers.import_file(edited, MAPPING, actor="tester")
    rerun = screened.customers.screen(Screener.from_store(store), "tester")
    assert rerun.opened == 1 and rerun.suppressed == 0
    assert alert_for(screened, "C008").subject_fingerprint == screened.customers.get("C008").fingerprint


def test_a_supervisor_withdraws_a_clearance_and_the_pair_is_raised_again(screened, store):
    alert = alert_for(screened, "C008")
    screened.alerts.decide(alert.id, ALICE, "false_positive", "Karpova is not Karpov")
    [entry] = screened.good_guys.list(subject_id="C008")
    with pytest.raises(PermissionDenied, match="only a supervisor may withdraw"):
        screened.good_guys.revoke(entry["id"], ALICE, "changed my mind")
    with pytest.raises(CaseError, match="a rationale is required"):
        screened.good_guys.revoke(entry["id"], BOB, " ")
    with pytest.raises(NotFound, match="no good-guy entry 999"):
        screened.good_guys.revoke(999, BOB, "gone")
    screened.good_guys.revoke(entry["id"], BOB, "new adverse media on the customer")
    assert screened.good_guys.list(subject_id="C008") == []
    assert screened.alerts.history(alert.id)[-1].action == "goodguy.revoke"
    rerun = screened.customers.screen(Screener.from_store(store), "tester")
    assert (rerun.opened, rerun.suppressed) == (1, 0)


def test_true_match_is_not_raised_again(screened, store):
    screened.alerts.decide(alert_for(screened, "C001").id, ALICE, "true_match", "same DOB")
    rerun = screened.customers.screen(Screener.from_store(store), "tester")
    assert (rerun.known, rerun.opened) == (1, 0)


# -- monitoring ----------------------------------------------------------------------------------


def test_monitor_rescreens_only_what_the_list_change_affects(screened, store, tmp_path):
    komnov = alert_for(screened, "C002")
    screened.alerts.decide(komnov.id, BOB, "false_positive", "born 1990")
    screened.alerts.approve(komnov.id, CAROL, "seen the passport")
    screened.alerts.decide(alert_for(screened, "C001").id, ALICE, "true_match", "same DOB")
    monitor = screened.monitor(store)
    assert monitor.run(Screener.from_store(store)).changes == []  # nothing changed since the screening
    store.load(open_list(updated_ofac(tmp_path)))
    report = monitor.run(Screener.from_store(store))
    (change,) = report.changes
    assert (change.source, change.old, change.new, change.added, change.changed) == (
        "ofac_sdn",
        1,
        2,
        ["ofac_sdn:99002"],
        {"ofac_sdn:15881": ["names"]},
    )
    assert sorted((h["customer_id"], h["entity_id"], h["change"], h["outcome"]) for h in report.hits) == [
        ("C002", "ofac_sdn:15881", "changed", "opened"),
        ("C005", "ofac_sdn:99002", "added", "opened"),
    ]
    assert report.run.screened < report.customers == 8  # only customers sharing a name key were screened
    reraised = alert_for(screened, "C002")
    assert reraised.id != komnov.id and reraised.origin == "monitoring" and reraised.list_version == "ofac_sdn:2"
    open_pairs = [(a.subject_id, a.entity_id) for a in screened.alerts.list(state="open")]
    assert sorted(open_pairs) == [
        ("C002", "ofac_sdn:15881"),
        ("C005", "ofac_sdn:99002"),
        ("C006", "ofac_sdn:15879"),
        ("C008", "ofac_sdn:15880"),
    ]
    assert monitor.run(Screener.from_store(store)).changes == []
    assert screened.audit.verify().ok


def test_monitor_closes_and_flags_alerts_of_removed_entries(screened, store, tmp_path):
    screened.alerts.decide(alert_for(screened, "C001").id, ALICE, "true_match", "same DOB")
    store.load(open_list(updated_ofac(tmp_path / "v2", alias=False, entry=False, drop=("16399",))))
    store.load(open_list(updated_ofac(tmp_path / "v3", alias=False, entry=False, drop=("16399", "15879"))))
    report = screened.monitor(store).run(Screener.from_store(store))
    assert report.changes[0].removed == ["ofac_sdn:15879", "ofac_sdn:16399"]
    droganov, klyuev = alert_for(screened, "C006"), screened.alerts.list(subject_id="C001")[0]
    assert report.closed == [droganov.id] and screened.alerts.get(droganov.id).state == "closed"
    assert report.flagged == [klyuev.id] and klyuev.flag == "delisted" and klyuev.state == "decided"
    assert "was removed from ofac_sdn (version 1 -> 3)" in screened.alerts.history(droganov.id)[-1].details["rationale"]


# -- audit -------------------------------------------------------------------------------------


def test_every_case_action_is_in_the_verified_chain(screened):
    alert = alert_for(screened, "C002")
    screened.alerts.decide(alert.id, BOB, "false_positive", "born 1990")
    screened.alerts.approve(alert.id, CAROL, "ok")
    enrol(screened.users, "dave", "analyst")
    actions = [r.action for r in screened.audit.records()]
    assert actions.count("list.load") == 2 and actions.count("customers.import") == 1
    assert actions.count("screening.start") == actions.count("screening.finish") == 1
    assert actions.count("alert.open") == 4
    assert actions[-7:] == [
        "alert.decide",
        "alert.approve",
        "user.bootstrap",
        "user.bootstrap",
        "user.grant.request",
        "user.grant.approve",
        "user.activate",
    ]
    assert screened.audit.verify().ok
    with screened.engine.connect() as conn:
        assert conn.execute(select(good_guys.c.alert_id)).scalars().all() == [alert.id]


def test_reviewers_are_made_by_two_administrators_and_prove_who_they_are(cases):
    users = cases.users
    with pytest.raises(NotFound, match="not a reviewer"):
        users.actor("eve")
    root, rita = founders(users)
    with pytest.raises(PermissionDenied, match="2 administrators exist already"):
        users.bootstrap("mallory", PASSWORD, "cli:mallory@host")
    grant = users.request_grant("eve", "analyst", root, "joins the desk")
    assert "eve" not in {u["name"] for u in users.list()}  # nothing until a second administrator approves
    with pytest.raises(PermissionDenied, match="root made request .* second person must"):
        users.decide_grant(grant.request.id, root, "my own")
    first = grant.half
    approved = users.decide_grant(grant.request.id, rita, "met her")
    assert approved.request.state == "approved" and approved.request.decided_by == "rita"
    assert users.actor("eve") == Actor("eve", "analyst")
    with pytest.raises(PermissionDenied, match="wrong password"):  # no password until she chooses one
        users.authenticate("eve", PASSWORD)
    with pytest.raises(PermissionDenied, match="setup code is wrong"):  # one half is not enough
        users.activate("eve", f"{first}-{first}", PASSWORD)
    with pytest.raises(CaseError, match="at least 12 characters"):
        users.activate("eve", f"{first}-{approved.half}", "short")
    assert users.activate("eve", f"{first}-{approved.half}", PASSWORD).via == "password"
    with pytest.raises(PermissionDenied, match="used or expired"):  # single use
        users.activate("eve", f"{first}-{approved.half}", "another long passphrase")
    eve = users.authenticate("eve", PASSWORD)
    assert (eve.name, eve.role, eve.via) == ("eve", "analyst", "password")
    with pytest.raises(PermissionDenied, match="unknown reviewer or wrong password"):
        users.authenticate("eve", "not her password at all")
    with pytest.raises(PermissionDenied, match="only an administrator may ask"):
        users.request_grant("frank", "admin", eve, "let me in")
    with pytest.raises(CaseError, match="unknown role"):
        users.request_grant("frank", "boss", root, "x")
    promotion = users.request_grant("eve", "supervisor", rita, "promoted")
    with pytest.raises(CaseError, match="still pending"):
        users.request_grant("eve", "admin", root, "twice")
    users.decide_grant(promotion.request.id, root, "agreed")
    assert users.authenticate("eve", PASSWORD).may_approve  # her password stays
    users.disable("eve", root)
    with pytest.raises(PermissionDenied, match="disabled"):
        users.actor("eve")
    with pytest.raises(PermissionDenied, match="disabled"):
        users.authenticate("eve", PASSWORD)
    records = [(r.actor, r.action, r.details.get("via")) for r in cases.audit.records() if r.subject == "user:eve"]
    assert records == [
        ("root", "user.grant.request", "password"),
        ("rita", "user.grant.approve", "password"),
        ("eve", "user.activate", "setup code"),
        ("rita", "user.grant.request", "password"),
        ("root", "user.grant.approve", "password"),
        ("root", "user.disable", "password"),
    ]
    assert cases.audit.verify().ok
