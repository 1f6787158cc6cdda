"""Shared by the web tests of the case desks: a real server whose case store holds alerts raised
the way production raises them — the customers of tests/fixtures/cases/customers.csv (see its
README) plus one whose second name carries markup, screened by the server's own monitoring run
over the bundled OFAC excerpt — and the store opened beside it to check what the pages did."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from conftest import FIXTURES
from magnitsky.cases import Alert, CaseService
from magnitsky.store import ListStore
from reviewers import enrol
from server_support import Server
from web_support import web_server

MAPPING = {"id": "customer_no", "name": "full_name", "birthDate": "dob", "nationality": "country"}
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


@contextmanager
def alerts_server(home: Path) -> Iterator[Server]:
    """``web_server`` with a second supervisor (sue) and alerts on C001, C002, C006, C008 and
    C009 (the markup customer, a namesake of KOMNOV)."""
    customers = home / "customers.csv"
    rows = list(csv.reader((FIXTURES / "cases" / "customers.csv").open(encoding="utf-8")))
    rows.append(["C009", f"{HOSTILE}|Dmitri Komnov", "", "DE"])  # the markup is a second name of a match
    with customers.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    with web_server(home) as server:
        server.home = home  # type: ignore[attr-defined]
        with case_store(server) as cases:
            enrol(cases.users, "sue", "supervisor")
            cases.customers.import_file(customers, MAPPING, actor="test")
        answer = httpx.post(
            f"{server.url}/cases/monitor", headers={"Authorization": f"ApiKey {server.key}"}, timeout=300
        )
        assert answer.status_code == 200, answer.text
        yield server


@contextmanager
def case_store(server: Server) -> Iterator[CaseService]:
    """The server's case store, opened beside it (SQLite: the test reads what the server wrote)."""
    store = ListStore(f"sqlite:///{server.home / 'magnitsky.db'}")  # type: ignore[attr-defined]
    try:
        yield CaseService(store.engine)
    finally:
        store.engine.dispose()


def alert_of(server: Server, customer: str) -> Alert:
    """The customer's latest alert."""
    with case_store(server) as cases:
        return cases.alerts.list(subject_id=customer)[-1]
