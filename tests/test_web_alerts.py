"""The alerts desk in a browser: the queue, an alert beside its listed entry, deciding it, four
eyes through the approvals inbox with two supervisors, the good-guy list, re-raised alerts, and
a customer name carrying markup. Alerts are raised by the real server's monitoring run over the
bundled OFAC excerpt, on the customers of tests/fixtures/cases/customers.csv (see its README)."""

from __future__ import annotations

import pytest

from magnitsky.cases import Finding, FoundEntry, Subject
from magnitsky.cases.db import writing
from web_cases import HOSTILE, alert_of, alerts_server, case_store
from web_support import browser, check_page, http_session, visitor  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with alerts_server(tmp_path_factory.mktemp("web-alerts")) as server:
        yield server


def audit_of(server, alert_id: int, action: str):
    with case_store(server) as cases:
        return [r for r in cases.alerts.history(alert_id) if r.action == action]


def test_an_analyst_filters_the_queue_reads_an_alert_and_decides_it(server, browser):
    klyuev = alert_of(server, "C001")
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/alerts")
        rows = page.locator("main tbody tr")
        assert rows.count() == 5  # C001, C002, C006, C008 and the hostile C009
        check_page(tab, "alert-queue")
        page.get_by_label("Lowest score").fill("0.95")
        page.get_by_role("button", name="Show").click()
        page.wait_for_load_state()
        assert "min_score=0.95" in page.url
        shown = page.locator("main tbody tr").all_inner_texts()
        assert shown and all(float(row.split("\t")[3]) >= 0.95 for row in shown)
        assert not any("KARPOVA" in row.upper() for row in shown)  # C008 scores 0.92
        page.get_by_role("link", name=f"#{klyuev.id}", exact=True).click()
        page.wait_for_load_state()
        compare = page.locator("table.compare").inner_text()
        assert "KLIUEV DMITRII" in compare and "Dmitry Vladislavovich KLYUEV" in compare
        assert compare.count("1967-08-10") == 2 and "RU" in compare
        assert page.locator("table.tokens").inner_text().count("transliteration") >= 1
        check_page(tab, "alert-page")
        page.get_by_label("True match").check()
        page.get_by_label("Rationale").fill("same birth date and name; passport seen")
        page.get_by_role("button", name="Record decision").click()
        page.wait_for_load_state()
        assert page.locator("#state").inner_text() == "decided"
        assert page.locator("#decision").inner_text().startswith("true_match — ana")
    decided = alert_of(server, "C001")
    assert (decided.state, decided.decision, decided.decided_by) == ("decided", "true_match", "ana")
    [record] = audit_of(server, klyuev.id, "alert.decide")
    assert record.actor == "ana" and record.details["rationale"] == "same birth date and name; passport seen"


def test_a_refused_decision_keeps_what_was_typed_and_changes_nothing(server):
    droganov = alert_of(server, "C006")
    client = http_session(server, "ana")
    form = {"csrf": client.token, "version": str(droganov.version), "decision": "true_match", "rationale": "  "}
    answer = client.post(f"/ui/alerts/{droganov.id}/decide", data=form)
    assert answer.status_code == 422 and "a rationale is required" in answer.text
    stale = client.post(
        f"/ui/alerts/{droganov.id}/decide", data={**form, "version": "99", "rationale": "my careful reasons"}
    )
    assert stale.status_code == 409 and "changed by someone else" in stale.text and "my careful reasons" in stale.text
    assert alert_of(server, "C006").version == droganov.version and not audit_of(server, droganov.id, "alert.decide")
    bad = client.get("/ui/alerts", params={"min_score": "high"})
    assert bad.status_code == 400 and "lowest score: expected a number from 0 to 1" in bad.text
    assert client.get("/ui/alerts/999999").status_code == 404


def test_clearing_a_strong_match_waits_for_a_second_supervisor(server, browser):
    komnov = alert_of(server, "C002")  # score 1.0: a strong match
    with visitor(browser, server) as sam:
        sam.sign_in("sam")
        page = sam.open(f"/ui/alerts/{komnov.id}")
        page.get_by_label("False positive").check()
        page.get_by_label("Rationale").fill("born 1990, a namesake")
        page.get_by_role("button", name="Record decision").click()
        page.wait_for_load_state()
        assert page.locator("#state").inner_text() == "awaiting_approval"
        assert "A supervisor other than the decider" in page.locator("#awaiting").inner_text()
        page = sam.open("/ui/approvals")
        item = page.locator("section.inbox-item", has_text=f"#{komnov.id}")
        assert "Your own proposal" in item.inner_text() and item.locator("button").count() == 0
        own = http_session(server, "sam").post(
            f"/ui/alerts/{komnov.id}/approve",
            data={"csrf": "", "version": str(komnov.version + 1), "rationale": "mine"},
        )
        assert own.status_code == 403  # no form token: refused before anything else
        sams = http_session(server, "sam")
        own = sams.post(
            f"/ui/alerts/{komnov.id}/approve",
            data={"csrf": sams.token, "version": str(komnov.version + 1), "rationale": "mine"},
        )
        assert own.status_code == 403 and "cannot approve it" in own.text
    with visitor(browser, server) as sue:
        sue.sign_in("sue")
        page = sue.open("/ui/approvals")
        check_page(sue, "approvals")
        item = page.locator("section.inbox-item", has_text=f"#{komnov.id}")
        assert "born 1990, a namesake" in item.inner_text() and "strong match" in item.inner_text()
        item.get_by_label(f"Rationale for alert #{komnov.id}").fill("saw the passport copy")
        item.get_by_role("button", name="Approve").click()
        page.wait_for_load_state()
        assert page.url.endswith("/ui/approvals") and page.locator(f"text=#{komnov.id}").count() == 0
        page = sue.open("/ui/good-guys")
        assert page.get_by_role("link", name=f"#{komnov.id}").count() == 1
        check_page(sue, "good-guys")
    approved = alert_of(server, "C002")
    assert (approved.state, approved.decision, approved.decided_by, approved.approved_by) == (
        "decided",
        "false_positive",
        "sam",
        "sue",
    )
    [record] = audit_of(server, komnov.id, "alert.approve")
    assert record.actor == "sue" and record.details["rationale"] == "saw the passport copy"
    with case_store(server) as cases:
        [cleared] = cases.good_guys.list(subject_id="C002")
        assert (cleared["alert_id"], cleared["approved_by"]) == (komnov.id, "sue")
        assert cases.audit.verify().ok


def test_a_supervisor_rejects_a_proposal_and_it_goes_back_to_review(server, browser):
    droganov = alert_of(server, "C006")  # score 0.99: clearing it needs four eyes
    with visitor(browser, server) as ana:
        ana.sign_in("ana")
        page = ana.open(f"/ui/alerts/{droganov.id}")
        assert "needs a second supervisor's approval" in page.locator("form.decide").inner_text()
        page.get_by_label("False positive").check()
        page.get_by_label("Rationale").fill("different patronymic")
        page.get_by_role("button", name="Record decision").click()
        page.wait_for_load_state()
        assert page.locator("#state").inner_text() == "awaiting_approval"
    with visitor(browser, server) as sam:
        sam.sign_in("sam")
        page = sam.open(f"/ui/alerts/{droganov.id}")
        page.get_by_label(f"Rationale for alert #{droganov.id}").fill("the birth dates agree; look again")
        page.get_by_role("button", name="Reject").click()
        page.wait_for_load_state()
        assert page.url.endswith("/ui/approvals")
    back = alert_of(server, "C006")
    assert (back.state, back.decision, back.decided_by) == ("in_review", None, None)
    [record] = audit_of(server, droganov.id, "alert.reject")
    assert record.actor == "sam" and record.details["rejected_decision"] == "false_positive"


def test_a_re_raised_alert_is_marked(server, browser):
    komnov = alert_of(server, "C002")
    with case_store(server) as cases, writing(cases.engine) as conn:  # the customer's record changed since clearing
        entry = FoundEntry(komnov.entity_id, "ofac_sdn", komnov.entity_caption, komnov.score, komnov.explanation)
        subject = Subject("customer", "C002", komnov.subject_caption, "changed")
        finding = Finding(subject, entry, komnov.entity_fingerprint, komnov.list_version)
        cases.alerts.open_findings(conn, [finding], "screening", "test")
    again = alert_of(server, "C002")
    assert again.id != komnov.id
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/alerts")
        row = page.locator("main tbody tr", has_text=f"#{again.id}")
        assert "re-raised" in row.inner_text()
        page = tab.open(f"/ui/alerts/{again.id}")
        marked = page.locator("#reraised").inner_text()
        assert f"#{komnov.id}" in marked and "false_positive by sam" in marked and "saw the passport copy" in marked
        check_page(tab, "alert-page-reraised")


def test_a_customer_name_with_markup_renders_as_text(server, browser):
    hostile = alert_of(server, "C009")
    with visitor(browser, server) as tab:
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        tab.sign_in("ana")
        for path in ("/ui/alerts", f"/ui/alerts/{hostile.id}"):
            page = tab.open(path)
            assert HOSTILE in page.locator("main").inner_text()
            assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
        check_page(tab, "alert-page-hostile-name")
    assert not dialogs


def test_a_supervisor_withdraws_a_clearance(server, browser):
    komnov = alert_of(server, "C002")  # an alert re-raised above; its first was cleared by sam and sue
    with case_store(server) as cases:
        [cleared] = cases.good_guys.list(subject_id="C002")
    with visitor(browser, server) as ana:
        ana.sign_in("ana")
        page = ana.open("/ui/good-guys")
        assert page.get_by_role("link", name=f"#{cleared['alert_id']}").count() == 1
        assert page.get_by_text("Withdraw clearance").count() == 0  # an analyst may not
    with visitor(browser, server) as sue:
        sue.sign_in("sue")
        page = sue.open("/ui/good-guys")
        page.get_by_text("Withdraw clearance").click()
        page.get_by_label(f"Why it no longer holds (#{cleared['alert_id']})").fill("the passport copy was forged")
        page.get_by_role("button", name="Withdraw", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_role("link", name=f"#{cleared['alert_id']}").count() == 0
        check_page(sue, "good-guys-withdrawn")
    with case_store(server) as cases:
        assert cases.good_guys.list(subject_id="C002") == []
        [record] = [r for r in cases.alerts.history(cleared["alert_id"]) if r.action == "goodguy.revoke"]
        assert record.actor == "sue" and record.details["rationale"] == "the passport copy was forged"
        assert cases.audit.verify().ok
    assert komnov.id != cleared["alert_id"]
