"""The reviewers' queue: alerts picked by state, origin, list, score and age, a page at a time.

Oldest first, as the work came in: ordered by when each alert was raised (then by id), which
the index ``ix_alerts_queue`` holds in that order. Pages are cut at an alert (keyset paging: "the
50 after alert 81234"), never by an offset, so the hundredth page costs what the first does on a
store of any size: the database walks the index from the cut and stops after one page, and an
age filter ("newer than 30 days") starts the walk where that age begins instead of skipping
everything older.

Re-raised alerts are marked: an alert whose subject and listed entry had an alert before (a
clearance undone by a changed record, a list update, a delisting and relisting) is one a
reviewer should read with the earlier decision in mind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection, Engine, and_, bindparam, exists, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from magnitsky.cases.db import now
from magnitsky.cases.errors import CaseError
from magnitsky.cases.records import ACTIVE_STATES, Alert, AlertState
from magnitsky.cases.schema import alerts

ORIGINS = ("screening", "monitoring", "payment", "visa")
ACTIVE = "active"  # every state that still needs someone
ANY = "any"
PAGE = 50


@dataclass(frozen=True)
class AlertFilter:
    """Which alerts a queue shows. Empty fields do not filter."""

    state: str = ACTIVE  # ACTIVE, ANY or an AlertState
    origin: str | None = None  # screening, monitoring, payment, visa
    source: str | None = None  # the list the entry is on, e.g. ofac_sdn
    min_score: float | None = None
    max_score: float | None = None
    older_than_days: int | None = None
    newer_than_days: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        """The filter as SQL conditions on the alerts table; a CaseError for a value out of place."""
        found: list[ColumnElement[bool]] = []
        # The state as an expression, not the bare column: SQLite keeps no statistics unless told
        # to ANALYZE, and without them it would pick the state index and sort every undecided
        # alert, where walking the queue's index in order finds a page of them at once.
        state = alerts.c.state.concat("")
        if self.state == ACTIVE:
            found.append(state.in_(ACTIVE_STATES))
        elif self.state != ANY:
            if self.state not in {s.value for s in AlertState}:
                raise CaseError(f"unknown state {self.state!r}; use {ACTIVE}, {ANY} or one of {', '.join(AlertState)}")
            found.append(state == self.state)
        if self.origin:
            if self.origin not in ORIGINS:
                raise CaseError(f"unknown origin {self.origin!r}; use one of {', '.join(ORIGINS)}")
            found.append(alerts.c.origin == self.origin)
        if self.source:
            found.append(alerts.c.list_version.startswith(f"{self.source}:", autoescape=True))
        if self.min_score is not None:
            found.append(alerts.c.score >= self.min_score)
        if self.max_score is not None:
            found.append(alerts.c.score <= self.max_score)
        if self.older_than_days is not None:
            found.append(alerts.c.created_at <= now() - timedelta(days=self.older_than_days))
        if self.newer_than_days is not None:
            found.append(alerts.c.created_at >= now() - timedelta(days=self.newer_than_days))
        return found


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue and where the pages beside it start."""

    alerts: list[Alert]
    reraised: set[int]  # ids of the alerts on this page raised again for the same pair
    before: int | None  # the id to page back from, or None on the first page
    after: int | None  # the id to page on from, or None on the last page


def page(
    engine: Engine, which: AlertFilter, after: int | None = None, before: int | None = None, size: int = PAGE
) -> QueuePage:
    """The ``size`` alerts matching ``which`` after the alert ``after`` (or, paging back, before
    ``before``), oldest first."""
    order = (alerts.c.created_at, alerts.c.id)
    query = select(alerts).where(*which.conditions())
    backwards = before is not None and after is None
    with engine.connect() as conn:
        cursor = _cursor(conn, before if backwards else after)
        if backwards:
            query = query.where(tuple_(*order) < cursor).order_by(*(c.desc() for c in order))
        else:
            if cursor is not None:
                query = query.where(tuple_(*order) > cursor)
            query = query.order_by(*order)
        rows = conn.execute(query.limit(size + 1)).all()
    more = len(rows) > size
    found = [Alert.from_row(row) for row in rows[:size]]
    if backwards:
        found.reverse()
        earlier, later = more, True
    else:
        earlier, later = after is not None, more
    return QueuePage(
        found,
        reraised(engine, [a.id for a in found]),
        found[0].id if found and earlier else None,
        found[-1].id if found and later else None,
    )


def _cursor(conn: Connection, alert_id: int | None):
    """The position of alert ``alert_id`` in the queue's order, (raised at, id); a CaseError for an
    alert that does not exist (a page link from another store)."""
    if alert_id is None:
        return None
    raised = conn.execute(select(alerts.c.created_at).where(alerts.c.id == alert_id)).scalar_one_or_none()
    if raised is None:
        raise CaseError(f"no alert {alert_id} to page from; start from the first page")
    return tuple_(bindparam("raised", raised, alerts.c.created_at.type), bindparam("cut", alert_id))


def reraised(engine: Engine, ids: Sequence[int]) -> set[int]:
    """Those of ``ids`` whose subject and listed entry had an alert before them."""
    if not ids:
        return set()
    earlier = alerts.alias("earlier")
    query = select(alerts.c.id).where(
        alerts.c.id.in_(ids),
        exists().where(
            and_(
                earlier.c.subject_kind == alerts.c.subject_kind,
                earlier.c.subject_id == alerts.c.subject_id,
                earlier.c.entity_id == alerts.c.entity_id,
                earlier.c.id < alerts.c.id,
            )
        ),
    )
    with engine.connect() as conn:
        return set(conn.execute(query).scalars())


def earlier_alerts(engine: Engine, alert: Alert) -> list[Alert]:
    """The alerts on the same subject and listed entry before ``alert``, oldest first."""
    query = (
        select(alerts)
        .where(
            alerts.c.subject_kind == alert.subject_kind,
            alerts.c.subject_id == alert.subject_id,
            alerts.c.entity_id == alert.entity_id,
            alerts.c.id < alert.id,
        )
        .order_by(alerts.c.id)
    )
    with engine.connect() as conn:
        return [Alert.from_row(row) for row in conn.execute(query)]
