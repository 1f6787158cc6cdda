"""The links desk in a real browser: proposals of one person across lists, each pair side by side
with the evidence, confirmed or rejected by a supervisor (a rationale required, the store and the
audit log checked); analysts are turned away; a list entry whose names hold markup is shown as text.
The server screens the bundled OFAC and UN excerpts; the EU sample file (../shared/data/samples,
whose Leo Manzi the UN lists as Leodomir Mugaragu) and a house list naming him too are loaded and
linked beside it."""

from __future__ import annotations

import pytest

from conftest import SHARED_DATA
from magnitsky.linking import relink
from magnitsky.screening import Screener
from magnitsky.sources import open_list
from magnitsky.store.links import LinkStore
from web_support import audit_records, browser, check_page, http_session, store_of, visitor, web_server  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser

SCRIPTED = "<script>alert(1)</script>"
INJECTED = '"><img src=x onerror=alert(2)>'
HOUSE_LIST = (
    "id,schema,name,aliases,birth_date,nationality,programs,measures\n"
    f'HL-1,Person,Leo Manzi,"{SCRIPTED}|{INJECTED.replace(chr(34), chr(34) * 2)}",1953,RW,HOUSE,travel_ban\n'
)
EU_UN = ("eu_fsf:5807", "un_sc:CDi.013")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("web")
    with web_server(home) as started:
        house = home / "house.csv"
        house.write_text(HOUSE_LIST, encoding="utf-8")
        store = store_of(started)
        try:
            store.load(open_list(SHARED_DATA / "samples" / "sample_eu.xml"), actor="test")
            store.load(open_list(house, source="house"), actor="test")
            relink(store, Screener.from_store(store).index, "test")
        finally:
            store.engine.dispose()
        yield started


def stored(server, left: str, right: str):
    store = store_of(server)
    try:
        return LinkStore(store.engine).link(left, right)
    finally:
        store.engine.dispose()


def pair(page, left: str, right: str):
    return (
        page.locator("section.link")
        .filter(has=page.locator(f'input[name="left"][value="{left}"]'))
        .filter(has=page.locator(f'input[name="right"][value="{right}"]'))
    )


def test_a_supervisor_sees_each_pair_side_by_side_and_confirms_then_rejects_it(server, browser):
    with visitor(browser, server) as tab:
        dialogs: list[str] = []
        tab.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        tab.sign_in("sam")
        page = tab.open("/ui/links")
        check_page(tab, "links-proposals")
        assert page.locator("h1").inner_text() == "One person across lists"
        eu_un = pair(page, *EU_UN)
        assert eu_un.count() == 1
        sides = eu_un.locator("section.link-side")
        assert "Leo Manzi" in sides.nth(0).inner_text() and "eu_fsf" in sides.nth(0).inner_text()
        assert "LEODOMIR MUGARAGU" in sides.nth(1).inner_text().upper() and "1953" in sides.nth(1).inner_text()
        assert "same birth year 1953" in eu_un.locator("ul.basis").inner_text()

        house = pair(page, "eu_fsf:5807", "house:HL-1")  # the hostile names are text, nothing injected
        assert SCRIPTED in house.inner_text() and INJECTED in house.inner_text()
        assert page.locator("img[src=x]").count() == 0 and not dialogs

        eu_un.get_by_label("Rationale").fill("UN narrative: Leodomir Mugaragu alias Leo Manzi, born 1953, RW")
        eu_un.get_by_role("button", name="Confirm: one person").click()
        page.wait_for_load_state()
        assert "confirmed by sam" in page.locator("#judged").inner_text()
        assert pair(page, *EU_UN).count() == 0  # no longer a proposal
        link = stored(server, *EU_UN)
        assert (link.status, link.decided_by) == ("confirmed", "sam")

        page = tab.open("/ui/links?status=confirmed")
        check_page(tab, "links-confirmed")
        confirmed = pair(page, *EU_UN)
        assert "UN narrative" in confirmed.inner_text()
        confirmed.get_by_label("Rationale").fill("two men after all")
        confirmed.get_by_role("button", name="Reject: not the same").click()
        page.wait_for_load_state()
        assert "rejected by sam" in page.locator("#judged").inner_text()
        assert stored(server, *EU_UN).status == "rejected"
    records = [r for r in audit_records(server.home, "link.confirm") + audit_records(server.home, "link.reject")]
    assert [(r["actor"], r["action"], r["subject"]) for r in records] == [
        ("sam", "link.confirm", f"link:{EU_UN[0]}|{EU_UN[1]}"),
        ("sam", "link.reject", f"link:{EU_UN[0]}|{EU_UN[1]}"),
    ]


def test_a_judgement_without_a_rationale_is_refused_on_the_page_and_changes_nothing(server):
    client = http_session(server, "sam")
    left, right = "house:HL-1", "un_sc:CDi.013"
    try:
        answer = client.post(
            "/ui/links/confirm", data={"csrf": client.token, "left": left, "right": right, "rationale": " "}
        )
        assert answer.status_code == 422 and "needs a rationale" in answer.text
        missing = client.post(
            "/ui/links/confirm",
            data={"csrf": client.token, "left": "house:HL-9", "right": right, "rationale": "same"},
        )
        assert missing.status_code == 404 and "no link or proposal" in missing.text
    finally:
        client.close()
    assert stored(server, left, right).status == "proposed"


def test_an_analyst_may_not_judge_links(server):
    client = http_session(server, "ana")
    try:
        assert client.get("/ui/links").status_code == 403
        refused = client.post(
            "/ui/links/confirm",
            data={"csrf": client.token, "left": "house:HL-1", "right": "un_sc:CDi.013", "rationale": "same"},
        )
        assert refused.status_code == 403
    finally:
        client.close()
    assert stored(server, "house:HL-1", "un_sc:CDi.013").status == "proposed"
