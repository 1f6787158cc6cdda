"""Ongoing monitoring: after a list load, re-screen only what the change can affect.

For each source, the versions screened last (by the latest finished run) are compared with the
current ones (``ListStore.diff``). A small name index over just the added and changed entries
picks the customers whose names share a retrieval key with any of them; only those are screened
again, with the full screener (so scores equal a full screening), and only hits on the added or
changed entries count. Alerts on entries that were removed are closed when undecided, and flagged
``delisted`` when decided as true matches (the restriction may have to be lifted).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, and_, or_, select

from magnitsky.cases.alerts import Alerts
from magnitsky.cases.customers import SCREEN_LIMIT, Customers
from magnitsky.cases.records import ACTIVE_STATES, Alert, AlertDecision, AlertState
from magnitsky.cases.runs import COMMIT_EVERY, RunSummary, ScreeningRun
from magnitsky.cases.schema import alerts, screening_runs
from magnitsky.index import NameIndex, name_forms
from magnitsky.match import Query
from magnitsky.screening import Screener
from magnitsky.store import ListStore

MONITOR_ACTOR = "system:monitor"


@dataclass
class SourceChange:
    source: str
    old: int | None  # version screened last; None: never screened
    new: int
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # entity id -> fields that changed
    removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "from": self.old,
            "to": self.new,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
        }


@dataclass
class MonitorReport:
    run: RunSummary
    changes: list[SourceChange]
    customers: int  # customers considered
    hits: list[dict]  # new or changed designations that hit a customer
    closed: list[int]  # undecided alerts closed because the entry was removed
    flagged: list[int]  # true-match alerts whose entry was removed

    def to_dict(self) -> dict:
        return {
            "run": self.run.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
            "customers": self.customers,
            "hits": self.hits,
            "closed": self.closed,
            "flagged": self.flagged,
        }


class Monitor:
    def __init__(self, engine: Engine, store: ListStore):
        self.engine = engine
        self.store = store
        self.alerts = Alerts(engine)
        self.customers = Customers(engine)

    def screened_versions(self) -> dict[str, int]:
        """Per source, the newest version a finished run screened the customers against."""
        found: dict[str, int] = {}
        query = select(screening_runs.c.versions).where(screening_runs.c.finished_at.is_not(None))
        with self.engine.connect() as conn:
            for (versions,) in conn.execute(query):
                for source, number in json.loads(versions).items():
                    found[source] = max(number, found.get(source, 0))
        return found

    def changes(self) -> list[SourceChange]:
        """What changed in each source since the customers were last screened against it."""
        screened = self.screened_versions()
        out = []
        for version in self.store.current_versions():
            old = screened.get(version.source)
            if old == version.number:
                continue
            change = SourceChange(version.source, old, version.number)
            if old is None:
                change.added = sorted(e.id for e in self.store.entities([version]))
            else:
                diff = self.store.diff(version.source, old, version.number)
                change.added, change.changed, change.removed = diff.added, diff.changed, diff.removed
            out.append(change)
        return out

    def run(
        self,
        screener: Screener,
        actor: str = MONITOR_ACTOR,
        on_customer: Callable[[int], None] | None = None,
        commit_every: int = COMMIT_EVERY,
    ) -> MonitorReport:
        """Re-screen the customers the list changes can affect; open, close and flag alerts."""
        changes = self.changes()
        how: dict[str, tuple[str, list[str]]] = {eid: ("added", []) for c in changes for eid in c.added}
        how.update({eid: ("changed", fields) for c in changes for eid, fields in c.changed.items()})
        removed = {eid: c for c in changes for eid in c.removed}
        affected = [e for e in screener.index.entities if e.id in how]
        prefilter = NameIndex(affected) if affected else None
        run = ScreeningRun(self.engine, "monitor", actor, screener, "monitoring", commit_every)
        considered = 0
        for customer in self.customers if prefilter else ():
            considered += 1
            query = Query.from_dict(customer.query())
            if prefilter is not None and _could_match(prefilter, query):
                result = screener.screen(query, limit=SCREEN_LIMIT, only_matches=True)
                run.add(customer.subject(), [h for h in result.hits if h.entity_id in how])
            if on_customer:
                on_customer(considered)
        closed: list[int] = []
        flagged: list[int] = []
        hits: list[dict] = []

        def report(conn: Connection) -> dict:
            for alert in self._alerts_on(conn, list(removed)):
                change = removed[alert.entity_id]
                why = f"{alert.entity_id} was removed from {change.source} (version {change.old} -> {change.new})"
                if alert.state in ACTIVE_STATES:
                    self.alerts.close(conn, alert, actor, why)
                    closed.append(alert.id)
                else:
                    self.alerts.flag(conn, alert, "delisted", actor, why + "; the restriction may have to be lifted")
                    flagged.append(alert.id)
            hits.extend(
                {
                    "alert_id": alert_id,
                    "outcome": outcome,
                    "customer_id": f.subject.id,
                    "customer": f.subject.caption,
                    "entity_id": f.hit.entity_id,
                    "listed_name": f.hit.caption,
                    "change": how[f.hit.entity_id][0],
                    "fields": how[f.hit.entity_id][1],
                    "score": f.hit.score,
                    "list_version": f.list_version,
                }
                for f, outcome, alert_id in run.opening.outcomes
            )
            return {
                "changes": [c.to_dict() for c in changes],
                "customers": considered,
                "hits": hits,
                "closed": closed,
                "flagged": flagged,
            }

        summary = run.finish(report)
        return MonitorReport(summary, changes, considered, hits, closed, flagged)

    def _alerts_on(self, conn: Connection, entity_ids: list[str]) -> list[Alert]:
        """Alerts on removed entries that still matter: undecided, or decided true matches not yet flagged."""
        found: list[Alert] = []
        for start in range(0, len(entity_ids), 500):
            query = (
                select(alerts)
                .where(
                    alerts.c.entity_id.in_(entity_ids[start : start + 500]),
                    or_(
                        alerts.c.state.in_(ACTIVE_STATES),
                        and_(
                            alerts.c.decision == AlertDecision.TRUE_MATCH,
                            alerts.c.state == AlertState.DECIDED,
                            alerts.c.flag.is_(None),
                        ),
                    ),
                )
                .order_by(alerts.c.id)
            )
            found.extend(Alert.from_row(row) for row in conn.execute(query))
        return found


def _could_match(index: NameIndex, query: Query) -> bool:
    """Whether the query shares any retrieval key (or an identifier) with an indexed entry: the
    full screener only scores candidates that do, so a query failing this cannot hit them."""
    forms = [form for name in query.names for form in name_forms(name, query.organisation)]
    return bool(index.candidates(forms, 1)) or any(index.by_identifier(v) for v in query.identifiers)
