"""The annual report's numbers, computed once from the registry's record for a period.

Everything the report prints (the HTML, the PDF, the charts, the confidential annex) reads an
:class:`AnnualFigures`; nothing recounts. The figures come from the registry's own tables
(publications, petitions, reviews, clocks), not from the audit log, so that a test recounting the
same figures from the audit log checks one against the other. Duties are judged *as of the
period's end*: a review is overdue if its date had passed by then, a clock unanswered if no answer
had been given by then, whatever happened afterwards.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Connection, select

from magnitsky.cases.db import utc
from magnitsky.registry.errors import RegistryError
from magnitsky.registry.nomination import VICTIM_GROUPS
from magnitsky.registry.roles import Officer
from magnitsky.registry.schema import (
    registry_clocks,
    registry_nominations,
    registry_petitions,
    registry_publications,
    registry_reviews,
)
from magnitsky.registry.service import Registry

READERS = ("investigator", "legal_reviewer", "decision_maker", "publisher", "auditor")
COVERAGE = {"regime": "regime", "country": "country", "conduct": "conduct type", "victim_group": "victim group"}
UNSTATED = "not stated"  # a designation whose nomination names no victim group (or no nationality)


@dataclass(frozen=True)
class Change:
    """A designation added, varied or removed in the period, with its public reasons."""

    designation: str
    nomination: int
    name: str
    on: str
    change: str  # added / varied / removed
    regimes: tuple[str, ...]
    reasons: str


@dataclass(frozen=True)
class PetitionLine:
    petition: int
    nomination: int
    designation: str | None
    sought: str
    grounds: tuple[str, ...]
    filed_on: str
    outcome: str  # granted / refused / pending (undecided at the period's end)
    decided_on: str | None


@dataclass(frozen=True)
class ReviewLine:
    review: int
    nomination: int
    designation: str | None
    due_on: str | None
    decided_on: str
    outcome: str  # keep / vary / revoke
    late: bool


@dataclass(frozen=True)
class OverdueReview:
    nomination: int
    designation: str
    name: str
    due_on: str
    days_overdue: int  # at the period's end


@dataclass(frozen=True)
class ClockLine:
    clock: int
    regime: str
    kind: str
    duty: str | None
    due_on: str
    answered_on: str | None  # None: not answered by the period's end
    status: str  # on_time / late / unanswered


@dataclass(frozen=True)
class AnnualFigures:
    start: date
    end: date
    added: tuple[Change, ...]
    varied: tuple[Change, ...]
    removed: tuple[Change, ...]
    petitions: tuple[PetitionLine, ...]  # filed or decided in the period, or pending at its end
    reviews_done: tuple[ReviewLine, ...]
    reviews_overdue: tuple[OverdueReview, ...]
    clocks: tuple[ClockLine, ...]  # those due in the period
    in_force: tuple[str, ...]  # designations in force at the period's end
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)  # dimension -> category -> designations

    @property
    def title(self) -> str:
        if self.start.month == 1 and self.start.day == 1 and self.end == date(self.start.year, 12, 31):
            return f"Annual report {self.start.year}"
        return f"Report {self.start.isoformat()} to {self.end.isoformat()}"

    def counts(self) -> dict[str, int]:
        """The headline numbers by name: what the report prints in its summary (``data-figure``)."""
        petitions = Counter(p.outcome for p in self.petitions)
        clocks = Counter(c.status for c in self.clocks)
        return {
            "added": len(self.added),
            "varied": len(self.varied),
            "removed": len(self.removed),
            "in_force": len(self.in_force),
            "petitions_filed": sum(1 for p in self.petitions if self._in(p.filed_on)),
            "petitions_granted": petitions["granted"],
            "petitions_refused": petitions["refused"],
            "petitions_pending": petitions["pending"],
            "reviews_done": len(self.reviews_done),
            "reviews_late": sum(1 for r in self.reviews_done if r.late),
            "reviews_overdue": len(self.reviews_overdue),
            "clocks_due": len(self.clocks),
            "clocks_on_time": clocks["on_time"],
            "clocks_late": clocks["late"],
            "clocks_unanswered": clocks["unanswered"],
        }

    def _in(self, day: str | None) -> bool:
        return day is not None and self.start.isoformat() <= day <= self.end.isoformat()


def period(
    year: int | None = None, start: str | date | None = None, end: str | date | None = None
) -> tuple[date, date]:
    """A calendar ``year``, or the days ``start`` to ``end`` (dates or ISO dates, both included)."""
    if year is not None and (start or end):
        raise RegistryError("give a year or a period (from, to), not both")
    if year is not None:
        if not 1900 <= year <= 9999:
            raise RegistryError(f"year: {year} is not a calendar year")
        return date(year, 1, 1), date(year, 12, 31)
    if not (start and end):
        raise RegistryError("a report needs a year, or both the first and the last day of its period")
    days = []
    for name, value in (("from", start), ("to", end)):
        try:
            days.append(value if isinstance(value, date) else date.fromisoformat(value))
        except ValueError:
            raise RegistryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
    if days[1] < days[0]:
        raise RegistryError(f"to: {end} is before from: {start}")
    return days[0], days[1]


def annual_figures(registry: Registry, officer: Officer, start: date, end: date) -> AnnualFigures:
    """The report's figures for the days ``start`` to ``end`` (both included)."""
    officer.require(*READERS, doing="produce the registry's report")
    with registry.engine.connect() as conn:
        nominations = {r.id: r for r in conn.execute(select(registry_nominations))}
        by_designation = {r.designation_id: r for r in nominations.values() if r.designation_id}
        changes, in_force = _publications(conn, start, end)
        lines: dict[str, list[Change]] = {kind: [] for kind in ("added", "varied", "removed")}
        for designation, change, on in changes:
            row = by_designation[designation]
            reasons = registry.statement_of_reasons(row.id)
            regimes = tuple(sorted(json.loads(row.regimes)))
            lines[change].append(Change(designation, row.id, row.caption, on, change, regimes, reasons))
        overdue = []
        for designation in in_force:
            row = by_designation[designation]
            due, _ = registry.reviews.due(conn, row, as_of=end)
            if due is not None and due < end:
                overdue.append(OverdueReview(row.id, designation, row.caption, due.isoformat(), (end - due).days))
        figures = AnnualFigures(
            start=start,
            end=end,
            added=tuple(lines["added"]),
            varied=tuple(lines["varied"]),
            removed=tuple(lines["removed"]),
            petitions=_petitions(conn, nominations, start, end),
            reviews_done=_reviews(conn, nominations, start, end),
            reviews_overdue=tuple(sorted(overdue, key=lambda r: (r.due_on, r.nomination))),
            clocks=_clocks(conn, registry, start, end),
            in_force=tuple(in_force),
            coverage=_coverage([by_designation[d] for d in in_force]),
        )
    return figures


def _day(value: datetime) -> str:
    return utc(value).date().isoformat()


def _before_end(end: date) -> datetime:
    return datetime.combine(end + timedelta(days=1), time(), UTC)


def _publications(conn: Connection, start: date, end: date) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Changes published in the period (designation, change, day), and what was in force at its end."""
    rows = conn.execute(
        select(registry_publications)
        .where(registry_publications.c.published_at < _before_end(end))
        .order_by(registry_publications.c.number)
    ).all()
    last: dict[str, str] = {}
    changes = []
    for row in rows:
        on = _day(row.published_at)
        for item in json.loads(row.changes):
            last[item["designation"]] = item["change"]
            if on >= start.isoformat():
                changes.append((item["designation"], item["change"], on))
    return changes, sorted(d for d, change in last.items() if change != "removed")


def _petitions(conn: Connection, nominations: dict, start: date, end: date) -> tuple[PetitionLine, ...]:
    """Petitions filed or decided in the period, and older ones still undecided at its end (pending;
    one decided after the end counts as pending too)."""
    begin, stop = datetime.combine(start, time(), UTC), _before_end(end)
    rows = conn.execute(
        select(registry_petitions)
        .where(registry_petitions.c.filed_at < stop)
        .order_by(registry_petitions.c.filed_at, registry_petitions.c.id)
    ).all()
    out = []
    for row in rows:
        decided = row.decided_at is not None and utc(row.decided_at) < stop and row.state in ("granted", "refused")
        if decided and utc(row.decided_at) < begin:
            continue  # done with before the period
        out.append(
            PetitionLine(
                petition=row.id,
                nomination=row.nomination_id,
                designation=nominations[row.nomination_id].designation_id,
                sought=row.sought,
                grounds=tuple(json.loads(row.grounds)),
                filed_on=_day(row.filed_at),
                outcome=row.state if decided else "pending",
                decided_on=_day(row.decided_at) if decided else None,
            )
        )
    return tuple(out)


def _reviews(conn: Connection, nominations: dict, start: date, end: date) -> tuple[ReviewLine, ...]:
    rows = conn.execute(
        select(registry_reviews)
        .where(
            registry_reviews.c.state == "decided",
            registry_reviews.c.decided_at >= datetime.combine(start, time(), UTC),
            registry_reviews.c.decided_at < _before_end(end),
        )
        .order_by(registry_reviews.c.decided_at, registry_reviews.c.id)
    ).all()
    return tuple(
        ReviewLine(
            review=r.id,
            nomination=r.nomination_id,
            designation=nominations[r.nomination_id].designation_id,
            due_on=r.due_on,
            decided_on=_day(r.decided_at),
            outcome=r.outcome,
            late=bool(r.due_on and _day(r.decided_at) > r.due_on),
        )
        for r in rows
    )


def _clocks(conn: Connection, registry: Registry, start: date, end: date) -> tuple[ClockLine, ...]:
    """Clocks due in the period: answered on time, late (by the period's end), or not at all."""
    rows = conn.execute(
        select(registry_clocks)
        .where(registry_clocks.c.due_on >= start.isoformat(), registry_clocks.c.due_on <= end.isoformat())
        .order_by(registry_clocks.c.due_on, registry_clocks.c.id)
    ).all()
    out = []
    for row in rows:
        answered = row.answered_on if row.answered_on and row.answered_on <= end.isoformat() else None
        status = "unanswered" if answered is None else "late" if answered > row.due_on else "on_time"
        regime = registry.regimes.get(row.regime)
        duty = next((c.text for c in regime.clocks if c.id == row.kind), None) if regime else None
        out.append(ClockLine(row.id, row.regime, row.kind, duty, row.due_on, answered, status))
    return tuple(out)


def _coverage(rows: list) -> dict[str, dict[str, int]]:
    """Designations in force by regime, subject's country, conduct type (criterion) and victim group."""
    counts: dict[str, Counter] = {dimension: Counter() for dimension in COVERAGE}
    for row in rows:
        regimes = json.loads(row.regimes)
        body = json.loads(row.body)
        counts["regime"].update(list(regimes))
        counts["conduct"].update({c for criteria in regimes.values() for c in criteria})
        counts["country"].update(set(body["subject"]["nationalities"]) or {UNSTATED})
        groups = body["conduct"].get("victim_groups") or []  # nominations made before victim groups had none
        counts["victim_group"].update(set(groups) or {UNSTATED})
    return {dimension: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for dimension, c in counts.items()}


def victim_group_label(group: str) -> str:
    return VICTIM_GROUPS.get(group, group)
