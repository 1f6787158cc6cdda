"""The reviewers' queue (magnitsky.cases.queue): filters, keyset paging both ways, re-raised
alerts; on SQLite and PostgreSQL. Alerts are opened through the case store as screening opens
them, with findings on entries of the bundled lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from magnitsky.cases import Actor, CaseError, CaseService, Finding, FoundEntry, Subject, queue
from magnitsky.cases.db import now, writing
from magnitsky.cases.schema import alerts
from magnitsky.store import ListStore

ANA = Actor("ana", "analyst")


def finding(customer: str, entity: str, score: float, fingerprint: str = "f1") -> Finding:
    entry = FoundEntry(entity, entity.split(":")[0], f"listed {entity}", score, {"name": {"score": score}})
    return Finding(
        Subject("customer", customer, f"customer {customer}", fingerprint), entry, "e1", f"{entity.split(':')[0]}:1"
    )


@pytest.fixture
def cases(database_url):
    store = ListStore(database_url)
    service = CaseService(store.engine)
    yield service
    store.engine.dispose()


def open_alerts(cases: CaseService, findings: list[Finding], origin: str = "screening") -> list[int]:
    with writing(cases.engine) as conn:
        opening = cases.alerts.open_findings(conn, findings, origin, "tester")
    return [alert_id for _, _, alert_id in opening.outcomes if alert_id]


def test_filters_pick_by_state_origin_list_score_and_age(cases):
    ids = open_alerts(
        cases,
        [finding("C1", "ofac_sdn:1", 0.99), finding("C2", "un_sc:2", 0.86), finding("C3", "ofac_sdn:3", 0.91)],
    )
    [visa] = open_alerts(cases, [finding("V1", "ofac_sdn:4", 0.97)], origin="visa")
    cases.alerts.decide(ids[0], ANA, "true_match", "same birth date")
    with cases.engine.begin() as conn:  # the third was raised forty days ago
        conn.execute(update(alerts).where(alerts.c.id == ids[2]).values(created_at=now() - timedelta(days=40)))

    def shown(**which) -> list[int]:
        return [a.id for a in queue.page(cases.engine, queue.AlertFilter(**which)).alerts]

    assert shown() == [ids[2], ids[1], visa]  # undecided by default, the longest waiting first
    assert shown(state="any") == [ids[2], ids[0], ids[1], visa]
    assert shown(state="decided") == [ids[0]]
    assert shown(origin="visa") == [visa]
    assert shown(source="un_sc") == [ids[1]]
    assert shown(min_score=0.9, max_score=0.95) == [ids[2]]
    assert shown(older_than_days=30) == [ids[2]]
    assert shown(newer_than_days=30) == [ids[1], visa]
    with pytest.raises(CaseError, match="unknown state 'won'"):
        shown(state="won")
    with pytest.raises(CaseError, match="unknown origin 'mail'"):
        shown(origin="mail")


def test_pages_are_cut_by_id_both_ways(cases):
    ids = open_alerts(cases, [finding(f"C{n:02}", f"ofac_sdn:{n}", 0.9) for n in range(7)])
    first = queue.page(cases.engine, queue.AlertFilter(), size=3)
    assert [a.id for a in first.alerts] == ids[:3] and first.before is None and first.after == ids[2]
    second = queue.page(cases.engine, queue.AlertFilter(), after=first.after, size=3)
    assert [a.id for a in second.alerts] == ids[3:6] and (second.before, second.after) == (ids[3], ids[5])
    last = queue.page(cases.engine, queue.AlertFilter(), after=second.after, size=3)
    assert [a.id for a in last.alerts] == ids[6:] and (last.before, last.after) == (ids[6], None)
    back = queue.page(cases.engine, queue.AlertFilter(), before=last.before, size=3)
    assert [a.id for a in back.alerts] == ids[3:6] and (back.before, back.after) == (ids[3], ids[5])
    start = queue.page(cases.engine, queue.AlertFilter(), before=second.before, size=3)
    assert [a.id for a in start.alerts] == ids[:3] and start.before is None
    with pytest.raises(CaseError, match="no alert 999 to page from"):
        queue.page(cases.engine, queue.AlertFilter(), after=999)


def test_the_queue_is_in_the_order_alerts_were_raised(cases):
    ids = open_alerts(cases, [finding(f"C{n}", f"ofac_sdn:{n}", 0.9) for n in range(4)])
    with cases.engine.begin() as conn:  # the last was raised first (a replayed payment, say)
        conn.execute(update(alerts).where(alerts.c.id == ids[3]).values(created_at=now() - timedelta(days=3)))
    first = queue.page(cases.engine, queue.AlertFilter(), size=2)
    assert [a.id for a in first.alerts] == [ids[3], ids[0]]
    rest = queue.page(cases.engine, queue.AlertFilter(), after=first.after, size=2)
    assert [a.id for a in rest.alerts] == ids[1:3] and rest.after is None
    back = queue.page(cases.engine, queue.AlertFilter(), before=rest.before, size=2)
    assert [a.id for a in back.alerts] == [ids[3], ids[0]]


def test_an_alert_raised_again_for_the_same_pair_is_marked(cases):
    [first, other] = open_alerts(cases, [finding("C1", "ofac_sdn:1", 0.9), finding("C2", "ofac_sdn:1", 0.9)])
    cases.alerts.decide(first, ANA, "false_positive", "born in another decade")
    [again] = open_alerts(cases, [finding("C1", "ofac_sdn:1", 0.9, fingerprint="f2")])  # the customer's record changed
    page = queue.page(cases.engine, queue.AlertFilter(state="any"))
    assert page.reraised == {again}
    assert [a.id for a in queue.earlier_alerts(cases.engine, cases.alerts.get(again))] == [first]
    assert queue.earlier_alerts(cases.engine, cases.alerts.get(other)) == []
