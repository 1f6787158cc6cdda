"""The consular desk in a real browser: a listed traveller's passport MRZ denied with the measure
that applies, decided and audited as POST /screen/visa decides and audits; the applicant's typed
data referred with an alert opened; a malformed MRZ named beside the form; the printable record;
markup typed as a name shown as text."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from magnitsky.cases.schema import alerts
from magnitsky.store import AuditLog
from magnitsky.store.schema import audit_log
from web_support import browser, check_page, http_session, server, store_of, visitor  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser


def decisions(server) -> int:
    store = store_of(server)
    with store.engine.connect() as conn:
        count = conn.execute(select(func.count()).where(audit_log.c.action == "visa.decide")).scalar_one()
    store.engine.dispose()
    return count


def recorded(server, seq: int):
    store = store_of(server)
    found = AuditLog(store.engine).record(seq)
    store.engine.dispose()
    return found


def decide_by_mrz(page, mrz: str) -> None:
    page.get_by_label("Machine-readable zone (TD3, TD1 or TD2)").fill(mrz)
    page.locator("form", has=page.locator("#mrz")).get_by_role("button", name="Decide").click()
    page.wait_for_load_state()


def test_a_listed_travellers_passport_is_denied_with_the_travel_ban_and_audited_as_the_api_does(
    server, browser, fixtures
):
    mrz = (fixtures / "mrz" / "klyuev_td3.txt").read_text()
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/consular")
        check_page(tab, "consular-desk")
        decide_by_mrz(page, mrz)
        page.wait_for_url("**/ui/consular/decisions/*")
        assert page.locator("#decision").inner_text() == "DENY"
        assert "listed with a travel ban" in page.locator("ul.reasons").inner_text()
        entry = page.locator("section.hit").first
        assert "KLYUEV" in entry.locator("h3").inner_text()
        assert "travel_ban" in entry.locator("dl.facts").inner_text()  # the measure that applies, with its basis
        assert "Sergei Magnitsky" in entry.locator("dl.facts").inner_text()
        assert "transliteration" in entry.locator("table.tokens").inner_text()
        seq = int(page.locator("#audit-record").inner_text())
        assert page.url.endswith(f"/ui/consular/decisions/{seq}")
        check_page(tab, "consular-desk-deny")
        page.emulate_media(media="print")  # on paper: the record, without the menu and the buttons
        assert page.locator("header.top").is_hidden() and page.locator("p.no-print").is_hidden()
        assert page.locator("#decision").is_visible()
    record = recorded(server, seq)
    assert (record.action, record.actor, record.subject) == ("visa.decide", "ana", "visa:751234567")
    assert record.details["decision"] == "DENY"
    # The API decides the same passport the same way, and audits the same record (but for who and when)
    answer = httpx.post(
        f"{server.url}/screen/visa", json={"mrz": mrz}, headers={"Authorization": f"ApiKey {server.key}"}, timeout=60
    )
    assert answer.status_code == 200, answer.text
    api_record = recorded(server, int(answer.headers["X-Audit-Record"]))
    assert (api_record.action, api_record.subject) == (record.action, record.subject)
    unlike = {"decided_at", "audit"}
    assert {k: v for k, v in api_record.details.items() if k not in unlike} == {
        k: v for k, v in record.details.items() if k not in unlike
    }


def test_typed_applicant_data_of_an_entry_without_a_travel_ban_is_referred_with_an_alert(server, browser):
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/consular")
        page.get_by_label("Surname").fill("AL-TIKRITI")
        page.get_by_label("Given names").fill("JAMAL MUSTAFA ABDALLAH SULTAN")
        page.get_by_label("Birth date").fill("1955-05-04")
        page.get_by_label("Nationality", exact=True).fill("IRQ")
        page.get_by_label("Document number").fill("A1234567")
        page.locator("form", has=page.locator("#surname")).get_by_role("button", name="Decide").click()
        page.wait_for_url("**/ui/consular/decisions/*")
        assert page.locator("#decision").inner_text() == "REFER"
        assert "listed without a travel ban" in page.locator("ul.reasons").inner_text()
        assert "asset_freeze" in page.locator("section.hit").first.inner_text()
        [alert] = page.locator("#alerts li").all_inner_texts()
        assert "un_sc:IQi.022" in alert
        check_page(tab, "consular-desk-refer")
    store = store_of(server)
    with store.engine.connect() as conn:
        [row] = conn.execute(select(alerts).where(alerts.c.subject_id == "visa:A1234567")).all()
    store.engine.dispose()
    assert (row.entity_id, row.measure, row.origin, row.state) == ("un_sc:IQi.022", "REFER", "visa", "open")


def test_a_malformed_mrz_is_named_beside_the_form_and_nothing_is_decided(server, browser, fixtures):
    good = (fixtures / "mrz" / "klyuev_td3.txt").read_text().splitlines()
    broken = good[0] + "\n" + good[1][:9] + "3" + good[1][10:]  # the document number's check digit is wrong
    before = decisions(server)
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/consular")
        decide_by_mrz(page, broken)
        assert page.url.endswith("/ui/consular")
        error = page.locator("#consular-error").inner_text()
        assert error.startswith("MRZ") and "check digit" in error and "\n" not in error
        assert page.get_by_label("Machine-readable zone (TD3, TD1 or TD2)").input_value() == broken  # kept to correct
        check_page(tab, "consular-desk-bad-mrz")
        decide_by_mrz(page, "P<UTOSHORT")
        assert "expected 2 lines of 44 characters (TD3)" in page.locator("#consular-error").inner_text()
    assert decisions(server) == before


def test_markup_typed_as_a_name_renders_as_text_on_the_record(server, browser):
    hostile = '"><img src=x onerror=alert(document.domain)>'
    with visitor(browser, server) as tab:
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        tab.sign_in("ana")
        page = tab.open("/ui/consular")
        page.get_by_label("Surname").fill(hostile)
        page.locator("form", has=page.locator("#surname")).get_by_role("button", name="Decide").click()
        page.wait_for_url("**/ui/consular/decisions/*")
        assert page.locator("#decision").inner_text() == "CLEAR"
        facts = page.locator("dl.facts").first.inner_text()
        assert hostile in facts
        assert page.locator("main img").count() == 0
        check_page(tab, "consular-desk-hostile-name")
    assert not dialogs


def test_a_decision_record_is_only_a_visa_decision(server):
    client = http_session(server, "ana")
    assert client.get("/ui/consular/decisions/1").status_code == 404  # record 1 is a list load, not a decision
    assert client.get("/ui/consular/decisions/999999").status_code == 404
    assert client.get("/ui/consular").status_code == 200
