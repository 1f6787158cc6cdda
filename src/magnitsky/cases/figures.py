"""The figures a supervisor watches, over the last N days: alerts raised per day by what became
of them, how long decisions took, how much was screened, which lists changed, and the reviews
that are overdue.

Each figure is one grouped query (the database counts; nothing is read row by row), so the
dashboard stays quick on a store of any size. Days are UTC calendar days, as the audit trail
writes them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, case, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from magnitsky.cases.db import now, utc
from magnitsky.cases.records import ACTIVE_STATES, Alert, AlertDecision, AlertState
from magnitsky.cases.schema import alerts, screening_runs
from magnitsky.store.schema import audit_log, list_versions

OUTCOMES = ("true match", "false positive", "closed", "undecided")
DECISION_TIMES = ((1, "under an hour"), (24, "1 to 24 hours"), (72, "1 to 3 days"), (168, "3 to 7 days"))
SLOWEST = "over 7 days"
SCREENING_ACTIONS = {
    "screen.match": "API screening requests",
    "screen.search": "API screening requests",
    "visa.decide": "visa decisions",
    "payment.decide": "payment decisions",
}
CUSTOMER_RUNS = "customers screened in runs"
OVERDUE_AGES = (14, 30, 90)  # the overdue are counted by age: due..14, 14..30, 30..90, over 90 days


@dataclass(frozen=True)
class ListLoad:
    source: str
    version: int
    day: str
    entities: int
    change: int | None  # entries more (or fewer) than the version before; None for the first


@dataclass(frozen=True)
class Figures:
    days: list[str]  # the window, oldest first, as YYYY-MM-DD
    outcomes: dict[str, list[int]]  # outcome -> alerts raised on each day that ended so (or not yet)
    decision_times: list[tuple[str, int]]  # (how long, alerts decided in the window that took so long)
    screening: dict[str, list[int]]  # kind -> screenings on each day
    list_loads: list[ListLoad]  # list versions loaded in the window, oldest first
    overdue_by_age: list[tuple[str, int]]  # (age, undecided alerts older than the review period)
    oldest_overdue: list[Alert]  # the ten longest waiting
    review_days: int


def figures(engine: Engine, days: int = 30, review_days: int = 7) -> Figures:
    """The figures of the ``days`` days up to today; alerts undecided after ``review_days`` are overdue."""
    today = now().date()
    window = [(today - timedelta(days=n)).isoformat() for n in range(days - 1, -1, -1)]
    since = now().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days - 1)
    with engine.connect() as conn:
        day = _day(conn)
        return Figures(
            days=window,
            outcomes=_outcomes(conn, day, since, window),
            decision_times=_decision_times(conn, since),
            screening=_screening(conn, day, since, window),
            list_loads=_list_loads(conn, since),
            overdue_by_age=_overdue(conn, review_days),
            oldest_overdue=[
                Alert.from_row(row)
                for row in conn.execute(
                    select(alerts)
                    .where(alerts.c.state.in_(ACTIVE_STATES), alerts.c.created_at < now() - timedelta(days=review_days))
                    .order_by(alerts.c.id)
                    .limit(10)
                )
            ],
            review_days=review_days,
        )


def _day(conn: Connection):
    """The UTC calendar day of a timestamp column, as YYYY-MM-DD, in this database's dialect."""
    if conn.dialect.name == "postgresql":
        return lambda column: func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return lambda column: func.substr(func.datetime(column), 1, 10)


def _hours(conn: Connection, start, end) -> ColumnElement[Any]:
    if conn.dialect.name == "postgresql":
        return func.extract("epoch", end - start) / 3600.0
    return (func.julianday(end) - func.julianday(start)) * 24.0


def _per_day(window: list[str], counted: dict[tuple[str, str], int], series: tuple[str, ...]) -> dict[str, list[int]]:
    return {name: [counted.get((name, d), 0) for d in window] for name in series}


def _outcomes(conn: Connection, day, since, window: list[str]) -> dict[str, list[int]]:
    outcome = case(
        (alerts.c.decision == AlertDecision.TRUE_MATCH.value, literal(OUTCOMES[0])),
        (
            (alerts.c.state == AlertState.DECIDED.value) & (alerts.c.decision == AlertDecision.FALSE_POSITIVE.value),
            literal(OUTCOMES[1]),
        ),
        (alerts.c.state == AlertState.CLOSED.value, literal(OUTCOMES[2])),
        else_=literal(OUTCOMES[3]),
    )
    raised = day(alerts.c.created_at)
    query = select(outcome, raised, func.count()).where(alerts.c.created_at >= since).group_by(outcome, raised)
    counted = {(name, d): n for name, d, n in conn.execute(query)}
    return _per_day(window, counted, OUTCOMES)


def _decision_times(conn: Connection, since) -> list[tuple[str, int]]:
    hours = _hours(conn, alerts.c.created_at, alerts.c.decided_at)
    bucket = case(*((hours < limit, literal(label)) for limit, label in DECISION_TIMES), else_=literal(SLOWEST))
    query = (
        select(bucket, func.count())
        .where(alerts.c.state == AlertState.DECIDED.value, alerts.c.decided_at >= since)
        .group_by(bucket)
    )
    counted: dict[str, int] = dict(conn.execute(query).tuples().all())
    return [(label, counted.get(label, 0)) for label in [*(label for _, label in DECISION_TIMES), SLOWEST]]


def _screening(conn: Connection, day, since, window: list[str]) -> dict[str, list[int]]:
    counted: dict[tuple[str, str], int] = defaultdict(int)
    runs = day(screening_runs.c.started_at)
    query = select(runs, func.sum(screening_runs.c.screened)).where(screening_runs.c.started_at >= since).group_by(runs)
    for d, screened in conn.execute(query):
        counted[(CUSTOMER_RUNS, d)] += int(screened or 0)
    logged = func.substr(audit_log.c.at, 1, 10)
    query = (
        select(audit_log.c.action, logged, func.count())
        .where(audit_log.c.at >= since.isoformat(), audit_log.c.action.in_(SCREENING_ACTIONS))
        .group_by(audit_log.c.action, logged)
    )
    for action, d, n in conn.execute(query):
        counted[(SCREENING_ACTIONS[action], d)] += n
    return _per_day(window, counted, (CUSTOMER_RUNS, *dict.fromkeys(SCREENING_ACTIONS.values())))


def _list_loads(conn: Connection, since) -> list[ListLoad]:
    previous = func.lag(list_versions.c.entity_count).over(
        partition_by=list_versions.c.source, order_by=list_versions.c.number
    )
    ranked = select(
        list_versions.c.source,
        list_versions.c.number,
        list_versions.c.loaded_at,
        list_versions.c.entity_count,
        previous.label("previous"),
    ).subquery()
    query = select(ranked).where(ranked.c.loaded_at >= since).order_by(ranked.c.loaded_at, ranked.c.source)
    return [
        ListLoad(
            row.source,
            row.number,
            utc(row.loaded_at).date().isoformat(),
            row.entity_count,
            None if row.previous is None else row.entity_count - row.previous,
        )
        for row in conn.execute(query)
    ]


def _overdue(conn: Connection, review_days: int) -> list[tuple[str, int]]:
    at = now()
    edges = [review_days, *(age for age in OVERDUE_AGES if age > review_days)]
    labels = [f"{low} to {high} days" for low, high in zip(edges, edges[1:], strict=False)] + [f"over {edges[-1]} days"]
    younger = zip(edges[1:], labels, strict=False)  # younger than each upper edge: that bucket
    age = case(
        *((alerts.c.created_at > at - timedelta(days=high), literal(label)) for high, label in younger),
        else_=literal(labels[-1]),
    )
    query = (
        select(age, func.count())
        .where(alerts.c.state.in_(ACTIVE_STATES), alerts.c.created_at <= at - timedelta(days=review_days))
        .group_by(age)
    )
    counted: dict[str, int] = dict(conn.execute(query).tuples().all())
    return [(label, counted.get(label, 0)) for label in labels]
