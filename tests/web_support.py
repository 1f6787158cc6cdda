"""Shared by the web page tests: a real ``magnitsky serve`` with reviewers of every role, and
Debian's Chromium driven headless by Playwright (browser downloads are not possible here, so the
system browser is named with ``executable_path``).

Every page a test opens goes through :func:`check_page`: a full-page screenshot is saved under
``test-artifacts/screenshots/`` (README.md shows some of them), axe-core (vendored from the npm
registry in ``tests/vendor``) checks WCAG 2.1 A/AA and fails the test on serious or critical
violations, and the browser's console must show no error (a Content-Security-Policy refusal is
one).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Response, sync_playwright
from sqlalchemy import select

from magnitsky.cases import Users
from magnitsky.store import ListStore
from magnitsky.store.schema import audit_log
from reviewers import PASSWORD, enrol, founders
from server_support import Server, running_server

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("MAGNITSKY_TEST_ARTIFACTS", ROOT / "test-artifacts"))
AXE = (ROOT / "tests" / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM = os.environ.get("MAGNITSKY_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Reviewers of the test server, one per role (the founders root and rita are administrators).
PEOPLE = {"ana": "analyst", "sam": "supervisor", "root": "admin", "rita": "admin"}
AXE_STANDARDS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextmanager
def web_server(home: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """``magnitsky serve`` over the bundled lists, with the reviewers of PEOPLE, on plain HTTP (and
    the variables ``env`` set)."""
    with running_server(home, *args, env={"MAGNITSKY_SECURE_COOKIES": "false", **(env or {})}) as server:
        store = ListStore(f"sqlite:///{home / 'magnitsky.db'}")
        users = Users(store.engine)
        founders(users)
        for name, role in PEOPLE.items():
            if role != "admin":
                enrol(users, name, role)
        store.engine.dispose()
        server.home = home  # type: ignore[attr-defined]
        yield server


def store_of(server: Server) -> ListStore:
    """The test server's store, to check what a page did (dispose of its engine after use)."""
    return ListStore(f"sqlite:///{server.home / 'magnitsky.db'}")  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """One test server per test module (starting one takes a while), for modules that import it."""
    with web_server(tmp_path_factory.mktemp("web")) as started:
        yield started


class _Chromium:
    """One Playwright and one Chromium for the whole run. Each test module imports the ``browser``
    fixture, which makes it a fixture of its own there; two of them each starting Playwright would
    fail ("Sync API inside the asyncio loop"), so they share this one, closed by the last."""

    users = 0
    playwright: Playwright | None = None
    browser: Browser | None = None

    @classmethod
    def open(cls) -> Browser:
        if cls.browser is None:
            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        cls.users += 1
        return cls.browser

    @classmethod
    def close(cls) -> None:
        cls.users -= 1
        if cls.users == 0 and cls.browser is not None and cls.playwright is not None:
            cls.browser.close()
            cls.playwright.stop()
            cls.browser = cls.playwright = None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    yield _Chromium.open()
    _Chromium.close()


@dataclass
class Visitor:
    """A browser tab of its own (own cookies) on the test server, recording console errors."""

    page: Page
    server: Server
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        response = self.page.goto(self.server.url + path)
        assert response is not None
        return self.page

    def sign_in(self, name: str, password: str = PASSWORD) -> Page:
        self.open("/ui/sign-in")
        self.page.get_by_label("Name").fill(name)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()
        return self.page


@contextmanager
def visitor(browser: Browser, server: Server) -> Iterator[Visitor]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = Visitor(page, server)

    def console(message: ConsoleMessage) -> None:
        # a page answered 4xx on purpose (a refused form) is logged as a failed load too: resources
        # are checked by status below instead
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            seen.errors.append(message.text)

    def response(answer: Response) -> None:
        if answer.request.resource_type != "document" and answer.status >= 400:
            seen.errors.append(f"{answer.url} answered {answer.status}")

    page.on("console", console)
    page.on("response", response)
    try:
        yield seen
    finally:
        context.close()


def check_page(visitor: Visitor, name: str) -> None:
    """Screenshot the page as ``name``.png, fail on serious accessibility violations, on any
    console error and on any script, style sheet or image that failed to load."""
    page = visitor.page
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.evaluate(AXE)  # through the DevTools protocol: the page's CSP does not apply to it
    result = page.evaluate("standards => axe.run(document, {runOnly: {type: 'tag', values: standards}})", AXE_STANDARDS)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{name}: accessibility violations: {serious}"
    assert not visitor.errors, f"{name}: the browser console shows errors: {visitor.errors}"


TOKEN = r'name="csrf" value="([^"]+)"'


def form_token(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(TOKEN, html)
    assert found, "the page has no form token"
    return found[1]


def http_session(server: Server, name: str | None) -> httpx.Client:
    """An HTTP client signed in as ``name`` (None: nobody) through the sign-in form, not following
    redirects; its ``.token`` is the session's form token."""
    client = httpx.Client(base_url=server.url, follow_redirects=False, timeout=30)
    client.token = ""  # type: ignore[attr-defined]
    if name is not None:
        page = client.get("/ui/sign-in")
        answer = client.post(
            "/ui/sign-in", data={"name": name, "password": PASSWORD, "csrf": form_token(page.text), "next": "/ui/"}
        )
        assert answer.status_code == 303, answer.text
        client.token = form_token(client.get("/ui/").text)  # type: ignore[attr-defined]
    return client


def audit_records(home: Path, action: str) -> list[dict]:
    """The audit records of ``action`` in the test server's store under ``home``, oldest first:
    what a page did is checked in the audit log, not only on the page."""
    store = ListStore(f"sqlite:///{home / 'magnitsky.db'}")
    try:
        with store.engine.connect() as conn:
            query = select(audit_log).where(audit_log.c.action == action).order_by(audit_log.c.seq)
            return [dict(row._mapping) for row in conn.execute(query)]
    finally:
        store.engine.dispose()
