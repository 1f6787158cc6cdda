"""Case endpoints over HTTP with role checks and four-eyes by person, on SQLite (and PostgreSQL
when MAGNITSKY_TEST_POSTGRES_URL is set). Customers: tests/fixtures/cases/customers.csv (see its
README); lists: the bundled OFAC SDN and UN excerpts."""

import pytest
from sqlalchemy import update

from api_support import running_api
from case_lists import updated_ofac
from magnitsky.api.keys import ApiKeyError, Role
from magnitsky.sources import open_list
from magnitsky.store.schema import audit_log
from reviewers import PASSWORD, bind_key, enrol

MAPPING = {"id": "customer_no", "name": "full_name", "birthDate": "dob", "nationality": "country"}
REVIEWERS = {"alice": "analyst", "bob": "supervisor", "carol": "supervisor"}


@pytest.fixture
def api(database_url, tmp_path, fixtures):
    """The app with reviewers, a key for each (role as the reviewer's), the customers imported and
    alerts opened by a monitoring run over HTTP."""
    with running_api(database_url, tmp_path) as api:
        cases = api.app.state.cases
        for name, role in REVIEWERS.items():
            enrol(cases.users, name, role)
            api.keys[name] = bind_key(api.app.state.keys, cases.users, f"key-{name}", Role.parse(role), name)
        cases.customers.import_file(fixtures / "cases" / "customers.csv", MAPPING, actor="test")
        monitored = api.post("/cases/monitor", None, role="supervisor")
        assert monitored.status_code == 200, monitored.text
        yield api


def alert_of(api, customer, role="analyst"):
    found = api.get("/cases/alerts", role, params={"customer": customer}).json()["alerts"]
    assert len(found) == 1, found
    return found[0]


def test_monitoring_opens_alerts_that_analysts_list_and_read(api):
    report = api.post("/cases/monitor", None, role="admin").json()  # nothing changed since the fixture's run
    assert report["changes"] == [] and report["run"]["opened"] == 0
    listing = api.get("/cases/alerts").status_code
    assert listing == 403  # a screener may screen, not read cases
    everything = api.get("/cases/alerts", "analyst").json()
    assert everything["counts"]["open"] == len(everything["alerts"]) >= 2
    klyuev = alert_of(api, "C001")
    assert (klyuev["entity_id"], klyuev["state"], klyuev["origin"], klyuev["version"]) == (
        "ofac_sdn:16399",
        "open",
        "monitoring",
        1,
    )
    page = api.get("/cases/alerts", "analyst", params={"limit": 1, "offset": 1}).json()["alerts"]
    assert [a["id"] for a in page] == [everything["alerts"][1]["id"]]
    assert api.get("/cases/alerts", "analyst", params={"state": "decided"}).json()["alerts"] == []
    assert api.get("/cases/alerts", "analyst", params={"state": "won"}).status_code == 422
    detail = api.get(f"/cases/alerts/{klyuev['id']}", "analyst").json()
    assert [r["action"] for r in detail["history"]] == ["alert.open"] and detail["explanation"]["name"]
    assert api.get("/cases/alerts/999999", "analyst").status_code == 404
    customers = api.get("/cases/customers", "analyst", params={"limit": 3}).json()
    assert customers["total"] == 8 and [c["id"] for c in customers["customers"]] == ["C001", "C002", "C003"]
    one = api.get("/cases/customers/C001", "analyst").json()
    assert one["properties"]["birthDate"] == ["1967-08-10"] and [a["id"] for a in one["alerts"]] == [klyuev["id"]]
    assert api.get("/cases/customers/C999", "analyst").status_code == 404
    assert (
        api.get("/cases/alerts", "analyst", params={"customer": "C\x001"}).status_code == 400
    )  # PostgreSQL holds no NUL: refused at the edge (api.edge)


def test_decisions_need_a_person_and_a_current_version(api):
    alert = alert_of(api, "C001")
    path = f"/cases/alerts/{alert['id']}"
    nobody = api.post(f"{path}/review", {"rationale": "looking", "version": 1}, role="analyst")
    assert nobody.status_code == 403 and "acts for no reviewer" in nobody.json()["detail"]
    reviewed = api.post(f"{path}/review", {"rationale": "looking at the birth date", "version": 1}, role="alice")
    assert reviewed.status_code == 200 and (reviewed.json()["state"], reviewed.json()["version"]) == ("in_review", 2)
    stale = api.post(
        f"{path}/decide", {"decision": "true_match", "rationale": "same person", "version": 1}, role="alice"
    )
    assert stale.status_code == 409 and "changed" in stale.json()["detail"]
    blank = api.post(f"{path}/decide", {"decision": "true_match", "rationale": "   ", "version": 2}, role="alice")
    assert blank.status_code == 422 and "rationale is required" in blank.json()["detail"]
    wrong = api.post(f"{path}/decide", {"decision": "maybe", "rationale": "hm", "version": 2}, role="alice")
    assert wrong.status_code == 422
    nul = api.post(f"{path}/decide", {"decision": "true_match", "rationale": "a\x00b", "version": 2}, role="alice")
    assert nul.status_code == 422 and "rationale" in nul.json()["detail"]
    decided = api.post(
        f"{path}/decide",
        {"decision": "true_match", "rationale": "same name and birth date", "version": 2},
        role="alice",
    )
    assert decided.status_code == 200, decided.text
    assert (decided.json()["state"], decided.json()["decision"], decided.json()["decided_by"]) == (
        "decided",
        "true_match",
        "alice",
    )
    history = api.get(path, "analyst").json()["history"]
    assert [(r["action"], r["actor"]) for r in history] == [
        ("alert.open", "api:test-supervisor"),
        ("alert.review", "alice"),
        ("alert.decide", "alice"),
    ]
    again = api.post(f"{path}/decide", {"decision": "false_positive", "rationale": "oops", "version": 3}, role="alice")
    assert again.status_code == 422 and "decided" in again.json()["detail"]


def test_four_eyes_over_http_is_by_person(api):
    """Clearing the strong KLYUEV match needs a second supervisor; the decider may not approve it,
    whatever key they use, and a key acts with the lesser of its role and its reviewer's."""
    alert = alert_of(api, "C001")
    path = f"/cases/alerts/{alert['id']}"
    decided = api.post(
        f"{path}/decide", {"decision": "false_positive", "rationale": "customer says so", "version": 1}, role="bob"
    ).json()
    assert (decided["state"], decided["decided_by"]) == ("awaiting_approval", "bob")
    assert (
        api.post(f"{path}/approve", {"rationale": "ok", "version": 2}, role="alice").status_code == 403
    )  # analyst key
    cases = api.app.state.cases
    api.keys["bob-2"] = bind_key(api.app.state.keys, cases.users, "bob-2", Role.SUPERVISOR, "bob")
    own = api.post(f"{path}/approve", {"rationale": "fine by me", "version": 2}, role="bob-2")
    assert (
        own.status_code == 403 and "cannot approve it" in own.json()["detail"] and "four-eyes" in own.json()["detail"]
    )
    with pytest.raises(ApiKeyError, match="cannot have the role supervisor"):  # no key above its reviewer
        bind_key(api.app.state.keys, cases.users, "alice-sup", Role.SUPERVISOR, "alice")
    rejected = api.post(
        f"{path}/reject", {"rationale": "get the passport copy first", "version": 2}, role="carol"
    ).json()
    assert (rejected["state"], rejected["decision"]) == ("in_review", None)
    api.post(
        f"{path}/decide", {"decision": "false_positive", "rationale": "passport: born 1980", "version": 3}, role="bob"
    )
    approved = api.post(f"{path}/approve", {"rationale": "passport copy checked", "version": 4}, role="carol").json()
    assert (approved["state"], approved["decision"], approved["decided_by"], approved["approved_by"]) == (
        "decided",
        "false_positive",
        "bob",
        "carol",
    )
    assert [g["alert_id"] for g in api.app.state.cases.good_guys.list()] == [alert["id"]]
    api.app.state.cases.users.disable("carol", cases.users.authenticate("root", PASSWORD))
    other = alert_of(api, "C002")
    disabled = api.post(f"/cases/alerts/{other['id']}/review", {"rationale": "x", "version": 1}, role="carol")
    assert disabled.status_code == 403 and "disabled" in disabled.json()["detail"]


def test_monitor_refuses_a_stale_index_and_audit_verify(api, tmp_path):
    assert api.post("/cases/monitor", None, role="analyst").status_code == 403
    verified = api.get("/audit/verify", "admin").json()
    assert verified["ok"] is True and verified["records"] > 10
    assert api.get("/audit/verify", "supervisor").status_code == 403
    engine = api.app.state.store.engine
    with engine.begin() as conn:  # an auditor's nightmare: someone edits a decision record
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="mallory"))
    broken = api.get("/audit/verify", "admin").json()
    assert broken["ok"] is False and broken["problem"] == "record 3 was altered (its content does not match its hash)"
    api.app.state.store.load(open_list(updated_ofac(tmp_path)), actor="test")  # a new version, not yet indexed
    stale = api.post("/cases/monitor", None, role="supervisor")
    assert stale.status_code == 409 and "reload first" in stale.json()["detail"]
