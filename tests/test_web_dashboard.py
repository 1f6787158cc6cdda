"""The supervisors' dashboard and the audit desk in a browser, over alerts raised by the real
server's monitoring run (tests/web_cases.py): the charts count what the store holds, the audit
trail is browsed and filtered, and its verification finds an edited record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from magnitsky.cases import Users
from magnitsky.cases.db import now
from magnitsky.cases.schema import alerts, screening_runs
from magnitsky.store.schema import audit_log
from reviewers import PASSWORD
from web_cases import HOSTILE, alert_of, alerts_server, case_store
from web_support import browser, check_page, visitor  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with alerts_server(tmp_path_factory.mktemp("web-dashboard")) as server:
        klyuev, hostile = alert_of(server, "C001"), alert_of(server, "C009")
        with case_store(server) as cases:
            ana = Users(cases.engine).authenticate("ana", PASSWORD)
            cases.alerts.decide(klyuev.id, ana, "true_match", "same birth date")
            with cases.engine.begin() as conn:  # the markup customer's alert has waited ten days
                raised = now() - timedelta(days=10)
                conn.execute(update(alerts).where(alerts.c.id == hostile.id).values(created_at=raised))
        yield server


def numbers(page, key: str) -> dict[str, list[str]]:
    """The table behind chart ``key`` (folded away: read as text, not as rendered): category -> its values."""
    rows = page.locator(f"figure:has(svg[aria-labelledby^='{key}-']) tbody tr").all()
    return {
        row.locator("th").text_content().strip(): [v.strip() for v in row.locator("td").all_text_contents()]
        for row in rows
    }


def test_a_supervisor_sees_the_dashboard_count_what_the_store_holds(server, browser):
    hostile = alert_of(server, "C009")
    today = now().date().isoformat()[5:]
    with case_store(server) as cases, cases.engine.connect() as conn:
        screened = conn.execute(select(func.sum(screening_runs.c.screened))).scalar_one()
    with visitor(browser, server) as tab:
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        tab.sign_in("sam")
        page = tab.open("/ui/dashboard")
        assert page.locator("main svg.chart").count() == 5
        outcomes = numbers(page, "outcomes")  # columns: true match, false positive, closed, undecided
        assert outcomes[today] == ["1", "0", "0", "3"]  # C001 decided; C002, C006, C008 undecided
        assert sum(int(row[3]) for row in outcomes.values()) == 4  # and C009, raised ten days ago
        assert numbers(page, "decision-time")["under an hour"] == ["1"]
        assert numbers(page, "screening")[today][0] == str(screened) != "0"  # the monitoring run
        assert numbers(page, "overdue")["7 to 14 days"] == ["1"]
        overdue = page.locator("#oldest-overdue").inner_text()
        assert f"#{hostile.id}" in overdue and HOSTILE in overdue
        assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
        assert {row.split("\t")[1] for row in page.locator("#list-loads tbody tr").all_inner_texts()} >= {"ofac_sdn"}
        check_page(tab, "dashboard")
    assert not dialogs


def test_a_supervisor_browses_the_audit_trail_and_verifies_it(server, browser):
    klyuev = alert_of(server, "C001")
    with visitor(browser, server) as tab:
        tab.sign_in("sam")  # itself a record
        with case_store(server) as cases, cases.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
        page = tab.open("/ui/audit")
        assert page.locator("#records tbody tr").count() == min(total, 50)
        page.get_by_label("Actor").fill("ana")
        page.get_by_label("Action (or its start)").fill("alert.")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        rows = page.locator("#records tbody tr").all_inner_texts()
        assert len(rows) == 1 and "alert.decide" in rows[0] and f"alert:{klyuev.id}" in rows[0]
        assert "same birth date" in rows[0]
        page.get_by_role("button", name="Verify the chain").click()
        page.wait_for_load_state()
        verified = page.locator("#verification").inner_text()
        assert "The chain is intact." in verified and f"{total} records" in verified
        check_page(tab, "audit")
        with case_store(server) as cases, cases.engine.begin() as conn:  # someone edits a rationale
            conn.execute(
                update(audit_log)
                .where(audit_log.c.action == "alert.decide", audit_log.c.subject == f"alert:{klyuev.id}")
                .values(details='{"rationale":"nothing to see"}')
            )
            [seq] = conn.execute(
                select(audit_log.c.seq).where(
                    audit_log.c.action == "alert.decide", audit_log.c.subject == f"alert:{klyuev.id}"
                )
            ).scalars()
        page.get_by_role("button", name="Verify the chain").click()
        page.wait_for_load_state()
        broken = page.locator("#verification").inner_text()
        assert "The chain is broken." in broken and f"record {seq} was altered" in broken
        check_page(tab, "audit-broken")
