"""The dashboard's figures (magnitsky.cases.figures) on SQLite and PostgreSQL: alerts per day by
outcome, time to decision, screening volume, list loads and overdue reviews, from alerts opened
and decided through the case store and lists loaded into the store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from case_lists import load_lists, updated_ofac
from magnitsky.cases import Actor, CaseService, Finding, FoundEntry, Subject, figures
from magnitsky.cases.db import now, writing
from magnitsky.cases.schema import alerts
from magnitsky.sources import open_list
from magnitsky.store import ListStore

ANA = Actor("ana", "analyst")


@pytest.fixture
def cases(database_url):
    store = ListStore(database_url)
    yield CaseService(store.engine), store
    store.engine.dispose()


def raise_alerts(service: CaseService, count: int) -> list[int]:
    findings = [
        Finding(
            Subject("customer", f"C{n}", f"customer {n}", "f"),
            FoundEntry(f"ofac_sdn:{n}", "ofac_sdn", f"listed {n}", 0.9, {}),
            "e",
            "ofac_sdn:1",
        )
        for n in range(count)
    ]
    with writing(service.engine) as conn:
        opening = service.alerts.open_findings(conn, findings, "screening", "tester")
    return [alert_id for _, _, alert_id in opening.outcomes if alert_id]


def backdate(service: CaseService, alert_id: int, raised_days_ago: float, decided_hours_later: float | None = None):
    raised = now() - timedelta(days=raised_days_ago)
    values = {"created_at": raised}
    if decided_hours_later is not None:
        values["decided_at"] = raised + timedelta(hours=decided_hours_later)
    with service.engine.begin() as conn:
        conn.execute(update(alerts).where(alerts.c.id == alert_id).values(**values))


def test_figures_count_what_happened_on_each_day(cases, tmp_path):
    service, store = cases
    load_lists(store)
    store.load(open_list(updated_ofac(tmp_path)))  # OFAC version 2: one entry more
    ids = raise_alerts(service, 6)
    service.alerts.decide(ids[0], ANA, "true_match", "same person")
    service.alerts.decide(ids[1], ANA, "false_positive", "another person")  # score 0.9: no four eyes
    backdate(service, ids[0], 2, decided_hours_later=0.5)
    backdate(service, ids[1], 2, decided_hours_later=30)
    backdate(service, ids[2], 10)  # undecided for 10 days: overdue
    backdate(service, ids[3], 40)  # raised before the window, and long overdue
    service.audit.append("api:key", "screen.match", "apikey:key", {})
    service.audit.append("api:key", "visa.decide", "apikey:key", {})

    seen = figures.figures(service.engine, days=30, review_days=7)
    today, two_days_ago = seen.days[-1], seen.days[-3]
    assert len(seen.days) == 30 and today == now().date().isoformat()
    at = {day: i for i, day in enumerate(seen.days)}
    assert seen.outcomes["true match"][at[two_days_ago]] == 1
    assert seen.outcomes["false positive"][at[two_days_ago]] == 1
    assert seen.outcomes["undecided"][at[today]] == 2 and sum(seen.outcomes["undecided"]) == 3
    assert dict(seen.decision_times) == {
        "under an hour": 1,
        "1 to 24 hours": 0,
        "1 to 3 days": 1,
        "3 to 7 days": 0,
        "over 7 days": 0,
    }
    assert seen.screening["API screening requests"][at[today]] == 1
    assert seen.screening["visa decisions"][at[today]] == 1
    loads = [(load.source, load.version, load.change) for load in seen.list_loads]
    assert ("ofac_sdn", 1, None) in loads and ("ofac_sdn", 2, 1) in loads
    assert dict(seen.overdue_by_age) == {"7 to 14 days": 1, "14 to 30 days": 0, "30 to 90 days": 1, "over 90 days": 0}
    assert [a.id for a in seen.oldest_overdue] == [ids[2], ids[3]]
