"""Payment HOLDs and visa REFERs open alerts in the case store, once, over HTTP, from the CLI and
from the Python API, on SQLite (and PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set).

Messages: tests/fixtures/payments (written from ISO 20022 / SWIFT MT, see SOURCE.md); MRZs:
tests/fixtures/mrz (ICAO 9303, see README.md); lists: the bundled OFAC SDN and UN excerpts.
"""

import json

import pytest
from typer.testing import CliRunner

from api_support import load_bundled, running_api
from magnitsky.api.keys import Role
from magnitsky.cases import Actor, CaseService
from magnitsky.cases.enforcement import EnforcementAlerts
from magnitsky.cli import app as cli_app
from magnitsky.screening import Screener
from magnitsky.screening.payments import JurisdictionRules, PaymentScreening
from magnitsky.screening.visa import VisaScreener, compose_td3
from reviewers import bind_key, enrol

XML = {"Content-Type": "application/xml"}


@pytest.fixture
def api(database_url, tmp_path):
    with running_api(database_url, tmp_path) as api:
        for name, role in (("alice", "analyst"), ("bob", "supervisor")):
            enrol(api.app.state.cases.users, name, role)
            api.keys[name] = bind_key(
                api.app.state.keys, api.app.state.cases.users, f"key-{name}", Role.parse(role), name
            )
        yield api


def pay(api, data: bytes):
    response = api.client.post("/screen/payment", content=data, headers={**api.headers(), **XML})
    assert response.status_code == 200, response.text
    return response.json()


def test_payment_hold_opens_an_alert_whose_release_needs_four_eyes(api, fixtures):
    data = (fixtures / "payments" / "pain001_remittance_mention.xml").read_bytes()
    held = pay(api, data)
    assert held["decision"] == "HOLD"
    [opened] = held["alerts"]
    transaction = held["transactions"][0]["id"]
    assert opened == {
        "alert_id": opened["alert_id"],
        "subject_id": f"payment:{held['decision_id']}/{transaction}",
        "entity_id": "ofac_sdn:16399",
        "outcome": "opened",
    }
    alert = api.get(f"/cases/alerts/{opened['alert_id']}", "alice").json()
    assert (alert["origin"], alert["subject_kind"], alert["measure"], alert["state"]) == (
        "payment",
        "payment",
        "HOLD",
        "open",
    )
    [cause] = alert["explanation"]["causes"]
    assert (cause["kind"], cause["transaction"]) == ("free_text_match", transaction) and "RmtInf" in cause["field"]
    assert [(r["action"], r["actor"]) for r in alert["history"]] == [("alert.open", "api:test-screener")]

    again = pay(api, data)  # a retry: the stored decision, and no second alert
    assert again["replayed"] is True and again["alerts"] == [{**opened, "outcome": "active"}]
    assert api.get("/cases/alerts", "alice", params={"customer": opened["subject_id"]}).json()["counts"]["open"] == 1

    path = f"/cases/alerts/{opened['alert_id']}"
    cleared = api.post(
        f"{path}/decide",
        {"decision": "false_positive", "version": 1, "rationale": "invoice text names a namesake; parties are clean"},
        role="alice",
    ).json()
    assert cleared["state"] == "awaiting_approval"  # releasing a HOLD needs a second pair of eyes
    decide = next(r for r in api.get(path, "alice").json()["history"] if r["action"] == "alert.decide")
    assert decide["details"]["needs_approval"] == "clearing it releases a HOLD"
    approved = api.post(f"{path}/approve", {"rationale": "agreed", "version": 2}, role="bob").json()
    assert (approved["state"], approved["approved_by"]) == ("decided", "bob")


def test_block_reject_and_pass_open_no_alert(api, fixtures):
    for name, decision in (
        ("pacs008_magnit_creditor.xml", "BLOCK"),
        ("pacs008_clean.xml", "PASS"),
        ("mt103_crimea.txt", "REJECT"),
    ):
        answer = pay(api, (fixtures / "payments" / name).read_bytes())
        assert (answer["decision"], answer["alerts"]) == (decision, []), name
    assert api.get("/cases/alerts", "alice").json()["alerts"] == []


def test_a_hold_recorded_without_its_alert_gets_it_on_the_retry(api, fixtures):
    """The process died between recording the decision and opening the alert: the payment system
    gets no answer and retries; the replay opens the missing alert."""
    data = (fixtures / "payments" / "pain001_remittance_mention.xml").read_bytes()
    current = api.app.state.holder.current
    recorded = PaymentScreening(current.screener, api.app.state.store.engine).screen(data, "api:test-screener")
    assert recorded.stored.decision.value == "HOLD" and api.app.state.cases.alerts.list() == []
    retried = pay(api, data)
    assert retried["replayed"] is True and [a["outcome"] for a in retried["alerts"]] == ["opened"]
    assert len(api.app.state.cases.alerts.list()) == 1


def test_visa_refer_opens_an_alert_deny_and_clear_do_not(api, fixtures):
    refer = api.post("/screen/visa", {"mrz": (fixtures / "mrz" / "al_tikriti_td3.txt").read_text()})
    assert refer.status_code == 200 and refer.json()["decision"] == "REFER"
    [opened] = refer.json()["alerts"]
    assert (opened["subject_id"], opened["outcome"]) == ("visa:A1234567", "opened")
    alert = api.app.state.cases.alerts.get(opened["alert_id"])
    assert (alert.origin, alert.measure, alert.entity_id) == ("visa", "REFER", refer.json()["matches"][0]["entity_id"])
    assert alert.explanation["cause"]["reason"].startswith("listed without a travel ban")
    again = api.post("/screen/visa", {"mrz": (fixtures / "mrz" / "al_tikriti_td3.txt").read_text()}).json()
    assert again["alerts"] == [{**opened, "outcome": "active"}]
    for name in ("klyuev_td3.txt", "kliuev_other_td3.txt"):
        answer = api.post("/screen/visa", {"mrz": (fixtures / "mrz" / name).read_text()}).json()
        assert answer["decision"] in ("DENY", "CLEAR") and answer["alerts"] == [], name
    assert len(api.app.state.cases.alerts.list()) == 1


def test_a_cleared_referral_is_not_raised_again_until_the_traveller_data_changes(database_url):
    """The good-guy list works for travellers too: the same document and data against the same
    entry is suppressed; a change in the traveller's data (here the nationality) raises it again."""
    store = load_bundled(database_url)
    screener = Screener.from_store(store)
    cases, alerts, visa = CaseService(store.engine), EnforcementAlerts(store.engine, screener), VisaScreener(screener)

    def passport(nationality: str) -> str:  # the al_tikriti_td3.txt holder (UN IQi.022), written with compose_td3
        return compose_td3(
            "AL TIKRITI", "JAMAL MUSTAFA ABDALLAH SULTAN", "A1234567", nationality, "550504", "M", "300315"
        )

    [opened] = alerts.for_visa(visa.screen_mrz(passport("IRQ")), "officer-1")
    alert = cases.alerts.get(opened.alert_id)
    decided = cases.alerts.decide(
        alert.id, Actor("officer-1", "analyst"), "false_positive", "a namesake: photo differs", alert.version
    )
    if decided.state == "awaiting_approval":  # a strong match needs four eyes
        cases.alerts.approve(alert.id, Actor("chief", "supervisor"), "agreed", decided.version)
    [suppressed] = alerts.for_visa(visa.screen_mrz(passport("IRQ")), "officer-1")
    assert (suppressed.outcome, suppressed.alert_id) == ("suppressed", None)
    changed = alerts.for_visa(visa.screen_mrz(passport("JOR")), "officer-1")
    assert [a.outcome for a in changed] == ["opened"]
    store.engine.dispose()


def test_a_jurisdiction_rule_hold_is_an_alert_on_the_rule(database_url, fixtures, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(
        json.dumps(
            {
                "version": "bank-7",
                "rules": [
                    {
                        "id": "nl",
                        "name": "test rule on the Netherlands",
                        "countries": ["nl"],
                        "decision": "HOLD",
                        "basis": "internal policy 12",
                    }
                ],
            }
        )
    )
    store = load_bundled(database_url)
    screener = Screener.from_store(store)
    payments = PaymentScreening(screener, store.engine, rules=JurisdictionRules.load(rules))
    outcome = payments.screen((fixtures / "payments" / "pacs008_clean.xml").read_bytes(), "cli:test")
    assert outcome.stored.decision.value == "HOLD"
    opened = EnforcementAlerts(store.engine, screener).for_payment(outcome, "cli:test")
    assert [(a.entity_id, a.outcome) for a in opened] == [("rule:nl", "opened")]  # one alert, however many parties
    alert = CaseService(store.engine).alerts.get(opened[0].alert_id)
    assert (alert.list_version, alert.measure) == ("jurisdiction_rules:bank-7", "HOLD")
    assert "test rule on the Netherlands" in alert.entity_caption
    assert [(c["party"], c["role"]) for c in alert.explanation["causes"]] == [
        ("INGBNL2A", "instructed_agent"),
        ("INGBNL2A", "creditor_agent"),
        ("Van der Berg Zuivel B.V.", "creditor"),
    ]
    store.engine.dispose()


def test_cli_payment_and_visa_open_alerts(database_url, tmp_path, fixtures):
    load_bundled(database_url)
    runner = CliRunner()
    base = ["--home", str(tmp_path), "--db", database_url]
    held = runner.invoke(cli_app, [*base, "payment", str(fixtures / "payments" / "pain001_remittance_mention.xml")])
    assert held.exit_code == 0, held.output
    assert "HOLD" in held.stdout and "opened: payment:" in held.stdout and "~ ofac_sdn:16399" in held.stdout
    referred = runner.invoke(cli_app, [*base, "visa", "--mrz", str(fixtures / "mrz" / "al_tikriti_td3.txt"), "--json"])
    assert referred.exit_code == 0, referred.output
    assert [a["outcome"] for a in json.loads(referred.stdout)["alerts"]] == ["opened"]
    listed = json.loads(runner.invoke(cli_app, [*base, "alerts", "list", "--json"]).stdout)
    assert sorted((a["origin"], a["measure"]) for a in listed) == [("payment", "HOLD"), ("visa", "REFER")]
