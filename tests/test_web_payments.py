"""The payments desk in a real browser: held and blocked messages with the parties that hit, a held
payment released under four eyes, frozen funds released under four eyes, the register's totals and
its spreadsheet-safe CSV export; checked in the store and the audit log."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import httpx
import pytest

from magnitsky.cases import Alerts
from magnitsky.screening.payments import FrozenAssetsRegister
from payments_support import message
from web_support import audit_records, browser, check_page, http_session, store_of, visitor, web_server  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _messages() -> dict[str, bytes]:
    """A held message (a listed name in the remittance text) whose other creditor is markup, and a
    blocked one (paying a listed person) whose payer's name is a spreadsheet formula."""
    held = message("pain001_remittance_mention.xml").replace(b"Transports Dubois SARL", _xml_text(HOSTILE).encode())
    blocked = message("pacs008_magnit_creditor.xml").replace(b"Baltic Timber Export GmbH", _xml_text(FORMULA).encode())
    return {"held": held, "blocked": blocked}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("web-payments")
    with web_server(home) as server:
        server.home = home
        server.decisions = {}
        for name, data in _messages().items():
            answer = httpx.post(
                server.url + "/screen/payment",
                content=data,
                headers={"Authorization": f"ApiKey {server.key}", "Content-Type": "application/xml"},
                timeout=60,
            )
            assert answer.status_code == 200, answer.text
            server.decisions[name] = answer.json()
        assert server.decisions["held"]["decision"] == "HOLD"
        assert server.decisions["blocked"]["decision"] == "BLOCK"
        yield server


def audited(server, action: str) -> list[dict]:
    return audit_records(server.home, action)


def test_the_desk_lists_held_and_blocked_messages_with_the_parties_that_hit(server, browser):
    with visitor(browser, server) as tab:
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        tab.sign_in("ana")
        page = tab.open("/ui/payments")
        rows = page.locator("main tbody tr")
        assert rows.count() == 2
        assert "NORDLICHT-PAY-20261126-01" in rows.nth(1).inner_text()  # newest first
        assert "Klyuev" in page.locator("main").inner_text()
        check_page(tab, "payments-messages")
        page.get_by_role("link", name="pain.001.001.09 NORDLICHT-PAY-20261126-01").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Payment pain.001.001.09")
        # the hostile creditor's name is shown as text, and nothing was injected
        assert page.get_by_text(HOSTILE).count() >= 1
        assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
        check_page(tab, "payments-message-held")
    assert not dialogs


def test_a_held_payment_is_released_under_four_eyes(server, browser):
    decision_id = server.decisions["held"]["decision_id"]
    [alert_id] = [a["alert_id"] for a in server.decisions["held"]["alerts"]]
    with visitor(browser, server) as analyst, visitor(browser, server) as supervisor:
        analyst.sign_in("ana")
        page = analyst.open(f"/ui/payments/{decision_id}")
        alert = page.locator(f"article[aria-labelledby='alert-{alert_id}']")
        alert.get_by_label("Release: not the listed party").check()
        alert.get_by_label("Rationale").fill("Klyuev is the delegation's guest named in the text, not a party")
        alert.get_by_role("button", name="Record decision").click()
        page.wait_for_load_state()
        assert "release awaiting approval" in page.locator("main").inner_text()
        assert page.get_by_role("button", name="Approve release").count() == 0  # an analyst cannot approve
        check_page(analyst, "payments-release-asked")

        supervisor.sign_in("sam")
        page = supervisor.open(f"/ui/payments/{decision_id}")
        page.get_by_label("Rationale for approving or rejecting the release").fill("Checked the invoice: hotel stay")
        page.get_by_role("button", name="Approve release").click()
        page.wait_for_load_state()
        assert "released" in page.locator("main section").first.inner_text()
        check_page(supervisor, "payments-released")

    store = store_of(server)
    alert = Alerts(store.engine).get(alert_id)
    store.engine.dispose()
    assert (alert.state, alert.decision, alert.decided_by, alert.approved_by) == (
        "decided",
        "false_positive",
        "ana",
        "sam",
    )
    [decided] = [r for r in audited(server, "alert.decide") if r["subject"] == f"alert:{alert_id}"]
    [approved] = [r for r in audited(server, "alert.approve") if r["subject"] == f"alert:{alert_id}"]
    assert decided["actor"] == "ana" and approved["actor"] == "sam"


def test_the_deciding_supervisor_cannot_approve_their_own_release(server):
    """Four eyes are two people, whatever their role: sam decides, sam's approval is refused."""
    data = message("pain001_remittance_mention.xml").replace(b"NORDLICHT-PAY-20261126-01", b"NORDLICHT-PAY-2")
    answer = httpx.post(
        server.url + "/screen/payment",
        content=data,
        headers={"Authorization": f"ApiKey {server.key}", "Content-Type": "application/xml"},
        timeout=60,
    ).json()
    assert answer["decision"] == "HOLD"
    [alert_id] = [a["alert_id"] for a in answer["alerts"] if a["alert_id"]]
    decision_id = answer["decision_id"]
    sam = http_session(server, "sam")
    form = {"csrf": sam.token, "decision": "false_positive", "rationale": "not him", "version": "1"}
    assert sam.post(f"/ui/payments/{decision_id}/alerts/{alert_id}/decide", data=form).status_code == 303
    refused = sam.post(
        f"/ui/payments/{decision_id}/alerts/{alert_id}/verdict",
        data={"csrf": sam.token, "verdict": "approve", "rationale": "me again", "version": "2"},
    )
    assert refused.status_code == 403 and "cannot approve it" in refused.text
    # an alert of another message cannot be acted on through this message's page
    other = server.decisions["held"]["decision_id"]
    answer = sam.post(
        f"/ui/payments/{other}/alerts/{alert_id}/verdict",
        data={"csrf": sam.token, "verdict": "approve", "rationale": "x", "version": "2"},
    )
    assert answer.status_code == 404
    store = store_of(server)
    assert Alerts(store.engine).get(alert_id).state == "awaiting_approval"
    store.engine.dispose()


def test_frozen_funds_are_released_under_four_eyes_and_the_register_adds_up(server, browser):
    with visitor(browser, server) as analyst, visitor(browser, server) as supervisor:
        analyst.sign_in("ana")
        page = analyst.open("/ui/payments/frozen")
        totals = page.locator("table.totals tbody tr")
        assert totals.count() == 1 and totals.first.inner_text().split() == ["EUR", "250000.00"]
        check_page(analyst, "payments-frozen")
        page.get_by_label("Licence, delisting or error that justifies a release").fill("OFAC licence 2026-1234")
        page.get_by_role("button", name="Ask for release").click()
        page.wait_for_load_state()
        assert page.get_by_text("requested by ana").is_visible()
        assert page.get_by_role("button", name="Approve release").count() == 0
        check_page(analyst, "payments-frozen-release-asked")

        supervisor.sign_in("sam")
        page = supervisor.open("/ui/payments/frozen")
        page.get_by_label("Rationale").fill("Licence checked with OFAC")
        page.get_by_role("button", name="Approve release").click()
        page.wait_for_load_state()
        assert "approved by sam" in page.locator("main").inner_text()
        assert page.get_by_text("Nothing is frozen.").is_visible()
        check_page(supervisor, "payments-frozen-released")

    store = store_of(server)
    [asset] = FrozenAssetsRegister(store.engine).assets()
    store.engine.dispose()
    assert asset["status"] == "released"
    assert (asset["release_requested_by"], asset["released_by"]) == ("ana", "sam")
    [asked] = audited(server, "frozen.release.request")
    [approved] = audited(server, "frozen.release.approve")
    assert asked["actor"] == "ana" and approved["actor"] == "sam"


def test_the_register_exports_as_spreadsheet_safe_csv(server):
    client = http_session(server, "ana")
    answer = client.get("/ui/payments/frozen.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="frozen-assets.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 1 and Decimal(rows[0]["value"]) == Decimal("250000.00")
    assert rows[0]["originator"] == "'" + FORMULA  # a payer's name never becomes a formula
    assert "parties" not in rows[0] and "entries" not in rows[0]  # the report's fields, nothing more
    assert http_session(server, None).get("/ui/payments/frozen.csv").status_code == 303


def test_a_form_naming_no_such_asset_or_request_answers_a_page_not_a_crash(server):
    client = http_session(server, "sam")
    answer = client.post("/ui/payments/frozen/999/release", data={"csrf": client.token, "rationale": "x"})
    assert answer.status_code == 422 and "no frozen asset 999" in answer.text
    form = {"csrf": client.token, "verdict": "approve", "rationale": "x"}
    answer = client.post("/ui/payments/releases/999", data=form)
    assert answer.status_code == 404 and "no request 999" in answer.text
    assert client.get("/ui/payments/999").status_code == 404
    answer = client.post("/ui/payments/1/alerts/1/decide", data={"csrf": client.token, "decision": "maybe"})
    assert answer.status_code == 400
