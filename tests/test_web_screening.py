"""The screening desk in a real browser: a search explained token by token, the entry pages, the
audit record of every search, and markup typed as a query shown as text."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from magnitsky.store.schema import audit_log
from web_support import browser, check_page, server, store_of, visitor  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser


def searches_by(server, actor: str) -> list[dict]:
    store = store_of(server)
    query = select(audit_log).where(audit_log.c.action == "screen.match", audit_log.c.actor == actor)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(audit_log.c.seq)).all()
    store.engine.dispose()
    return [json.loads(row.details) for row in rows]


def test_an_analyst_sees_which_tokens_matched_how_and_what_the_birth_date_did(server, browser):
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/screening")
        check_page(tab, "screening-desk")
        page.get_by_label("Name", exact=True).fill("Dmitrii Kliuev")
        page.get_by_label("Birth date").fill("1967-08-10")
        page.get_by_label("Country").fill("Russia")
        page.get_by_label("Type").select_option("Person")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/ui/screening?*")
        best = page.locator("li.hit").first
        assert "KLYUEV" in best.locator("h3 a").inner_text()
        assert best.locator(".badge.match").is_visible()
        tokens = best.locator("table.tokens tbody tr")
        rows = [[cell.strip() for cell in tokens.nth(i).locator("td").all_inner_texts()] for i in range(tokens.count())]
        assert ["kliuev", "transliteration", "klyuyev"] in [row[:3] for row in rows], rows
        evidence = best.locator("table.evidence tbody tr")
        findings = {evidence.nth(i).locator("td").first.inner_text(): evidence.nth(i) for i in range(evidence.count())}
        assert "same date: 1967-08-10" in findings["birth date"].inner_text()
        assert findings["birth date"].locator("strong").inner_text().startswith("+")
        assert findings["birth date"].locator("svg rect[fill='#1e6b34']").count() == 1  # drawn to the right, green
        # a namesake born years apart: the birth date takes score away, drawn red, to the left
        others = page.locator("li.hit").filter(has_text="years apart")
        assert others.count() >= 1
        assert others.first.locator("table.evidence svg rect[fill='#a4161a']").count() >= 1
        check_page(tab, "screening-results")

        best.locator("h3 a").click()
        page.wait_for_url("**/ui/entities/*")
        assert "KLYUEV" in page.locator("h1").inner_text()
        main = page.locator("main").inner_text()
        assert "travel_ban" in main and "MAGNIT" in main and "Sergei Magnitsky" in main  # measures with their basis
        assert "Dmitriy KLYUYEV" in page.locator("td.name").all_inner_texts()  # every name, aliases too
        history = page.locator("table.history tbody tr")
        assert history.count() == 1 and "listed" in history.first.inner_text()
        check_page(tab, "screening-entity")
    [audited] = searches_by(server, "ana")
    assert audited["asked"]["properties"] == {
        "name": ["Dmitrii Kliuev"],
        "birthDate": ["1967-08-10"],
        "country": ["Russia"],
    }
    assert audited["answered"][0]["id"] == "ofac_sdn:16399" and audited["answered"][0]["match"]
    assert audited["versions"] == ["ofac_sdn:1", "un_sc:1"]


def test_an_entry_page_shows_original_scripts_and_identifiers(server, browser):
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/entities/un_sc:IQi.001")
        names = page.locator("table").first.locator("tbody tr")
        arabic = names.filter(has_text="صدام حسين التكريتي")
        assert arabic.count() == 1 and "Arab" in arabic.inner_text()
        assert "version 1" in page.locator("main > p").first.inner_text()
        check_page(tab, "screening-entity-original-script")
        page = tab.open("/ui/entities/ofac_sdn:23252")  # GERTLER: his passport is listed
        assert "10945182" in page.locator("td.token").all_inner_texts()
        page = tab.open("/ui/entities/ofac_sdn:0")
        assert page.locator("p.error").inner_text().startswith("no listed entry 'ofac_sdn:0'")


def test_a_bad_birth_date_is_named_beside_the_form(server, browser):
    with visitor(browser, server) as tab:
        tab.sign_in("ana")
        page = tab.open("/ui/screening?name=Klyuev&birth_date=10.08.67")
        assert "birthDate '10.08.67' is not a date" in page.locator("#search-error").inner_text()
        assert page.get_by_label("Name", exact=True).input_value() == "Klyuev"
        check_page(tab, "screening-bad-date")


def test_markup_typed_as_a_query_renders_as_text(server, browser):
    hostile = "<script>alert(2)</script> Dmitry Klyuev"
    injected = '"><img src=x onerror=alert(1)>'
    with visitor(browser, server) as tab:
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        tab.sign_in("sam")
        page = tab.open("/ui/screening")
        page.get_by_label("Name", exact=True).fill(hostile)
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/ui/screening?*")
        assert page.get_by_label("Name", exact=True).input_value() == hostile
        assert page.locator("li.hit q.name").first.inner_text() == hostile  # the query as the explanation echoes it
        assert page.locator("main script").count() == 0
        check_page(tab, "screening-hostile-query")
        page.get_by_label("Birth date").fill(injected)
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/ui/screening?*")
        assert injected in page.locator("#search-error").inner_text()
        assert page.locator("main img").count() == 0
    assert not dialogs
    audited = searches_by(server, "sam")
    assert [a["asked"]["properties"]["name"] for a in audited] == [[hostile]]  # the refused search answered nothing
