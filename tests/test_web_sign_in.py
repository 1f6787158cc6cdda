"""Signing in to the web pages: sessions, lockout, CSRF, the role every page needs, and outside
input rendered as text. A real server and, where a person would use one, a real browser."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from magnitsky.cases import Users
from magnitsky.cases.users import LOCKOUT_AFTER
from magnitsky.store import ListStore
from magnitsky.store.schema import audit_log
from magnitsky.web import pages
from magnitsky.web.sessions import Signed
from reviewers import PASSWORD, enrol
from web_support import PEOPLE, browser, check_page, form_token, http_session, visitor, web_server  # noqa: F401

pytestmark = pytest.mark.slow  # a real server and a browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("web")
    with web_server(home) as server:
        server.home = home
        yield server


def store_of(server) -> ListStore:
    return ListStore(f"sqlite:///{server.home / 'magnitsky.db'}")


def audited(server, action: str, subject: str) -> list[dict]:
    store = store_of(server)
    with store.engine.connect() as conn:
        rows = conn.execute(select(audit_log).where(audit_log.c.action == action, audit_log.c.subject == subject)).all()
    store.engine.dispose()
    return [row._mapping for row in rows]


def test_a_reviewer_signs_in_sees_their_desks_and_signs_out(server, browser):
    with visitor(browser, server) as tab:
        page = tab.open("/ui/")
        assert page.url.endswith("/ui/sign-in?next=/ui/")  # a stranger is sent to sign in first
        check_page(tab, "sign-in")
        tab.sign_in("ana")
        assert page.url == server.url + "/ui/"
        assert page.get_by_text("ana (analyst)").is_visible()
        check_page(tab, "home")
        [cookie] = [c for c in page.context.cookies() if c["name"] == "magnitsky_session"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/ui"
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/ui/sign-in")
    assert len(audited(server, "user.sign_in", "user:ana")) >= 1
    assert len(audited(server, "user.sign_out", "user:ana")) >= 1
    # the signed-out session's cookie opens nothing any more
    stale = http_session(server, None)
    stale.cookies.set("magnitsky_session", cookie["value"], path="/ui")
    assert stale.get("/ui/").status_code == 303


def test_repeated_wrong_passwords_lock_the_account_even_against_the_right_one(server, browser):
    store = store_of(server)
    enrol(Users(store.engine), "lena", "analyst")
    store.engine.dispose()
    with visitor(browser, server) as tab:
        for _ in range(LOCKOUT_AFTER):
            page = tab.sign_in("lena", "not her password at all")
            assert page.locator("#sign-in-error").inner_text() == "unknown reviewer or wrong password"
        page = tab.sign_in("lena", PASSWORD)
        assert "too many wrong passwords" in page.locator("#sign-in-error").inner_text()
        assert page.url.endswith("/ui/sign-in")
        check_page(tab, "sign-in-locked")
    [locked] = audited(server, "user.locked", "user:lena")
    assert locked["actor"] == "system"


def test_a_form_without_the_session_token_is_refused(server):
    client = http_session(server, "ana")
    refused = client.post("/ui/sign-out", data={"csrf": "forged"})
    assert refused.status_code == 403 and "did not come from this site" in refused.text
    assert client.get("/ui/").status_code == 200  # still signed in
    assert client.post("/ui/sign-out", data={"csrf": client.token}).status_code == 303
    assert client.get("/ui/").status_code == 303


def test_the_sign_in_form_needs_its_token_too(server):
    client = http_session(server, None)
    answer = client.post("/ui/sign-in", data={"name": "ana", "password": PASSWORD, "next": "/ui/"})
    assert answer.status_code == 403 and "magnitsky_session" not in answer.cookies


def test_signing_in_never_sends_the_reader_to_another_site(server):
    client = http_session(server, None)
    token = form_token(client.get("/ui/sign-in").text)
    for elsewhere in ("//evil.example/ui/", "https://evil.example/", "/ui/\\\\evil.example"):
        form = {"name": "ana", "password": PASSWORD, "csrf": token, "next": elsewhere}
        answer = client.post("/ui/sign-in", data=form)
        assert answer.headers["location"] == "/ui/", elsewhere


def test_markup_typed_into_the_form_renders_as_text(server, browser):
    hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    with visitor(browser, server) as tab:
        dialogs = []
        tab.page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        page = tab.sign_in(hostile, "whatever it is")
        assert page.get_by_label("Name").input_value() == hostile
        assert page.locator("img").count() == 0 and page.locator("main script").count() == 0
        check_page(tab, "sign-in-hostile-name")
    assert not dialogs


def test_pages_forbid_inline_scripts_and_framing(server):
    answer = http_session(server, None).get("/ui/sign-in")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert answer.headers["x-frame-options"] == "DENY" and answer.headers["cache-control"] == "no-store"


def _pages() -> list[tuple[str, str, str]]:
    """(method, path, least role) of every page that needs a signed-in role."""
    found = []
    for router in pages.ROUTERS:
        for route in router.routes:
            for dependency in route.dependant.dependencies:
                if isinstance(dependency.call, Signed):
                    path = re.sub(r"\{[^}]+\}", "1", route.path)
                    found += [(method, "/ui" + path, dependency.call.role) for method in sorted(route.methods)]
    return found


RANKS = ["analyst", "supervisor", "admin"]


def test_every_page_sends_strangers_to_sign_in_and_refuses_a_lower_role(server):
    clients = {role: http_session(server, name) for name, role in PEOPLE.items() if name != "rita"}
    stranger = http_session(server, None)
    checked = _pages()
    assert len(checked) >= 2
    for method, path, role in checked:
        answer = stranger.request(method, path, data={"csrf": "x"})
        assert answer.status_code == 303 and answer.headers["location"].startswith("/ui/sign-in"), (method, path)
        for lower in RANKS[: RANKS.index(role)]:
            client = clients[lower]
            answer = client.request(method, path, data={"csrf": client.token})
            assert answer.status_code == 403, (method, path, lower, answer.status_code)
