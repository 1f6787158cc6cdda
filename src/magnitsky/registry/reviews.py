"""Periodic reviews: every designation is looked at again on its regime's schedule.

A designation's next review falls its regime's ``review_period_days`` after it was listed, or
after its last review (the shortest period among its regimes). A review records whether the
criteria are still met and what has changed (the person died, circumstances changed, new
evidence) and leads to keep, vary or revoke, under four eyes: a legal reviewer or decision-maker
proposes, a decision-maker who is not them decides. Vary and revoke are ordered on the
designation for a publisher (:mod:`magnitsky.registry.orders`), as a granted petition is.
A designation whose date has passed without a decided review is overdue, and listed as such.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from magnitsky.cases.db import canonical, now, utc, writing
from magnitsky.registry.errors import ConflictError, NotFound, RegistryError
from magnitsky.registry.orders import listed_row, order_change
from magnitsky.registry.regimes import Regime
from magnitsky.registry.roles import Officer
from magnitsky.registry.schema import registry_nominations, registry_reviews
from magnitsky.registry.workflow import LISTED_STATES, check_approver
from magnitsky.store import AuditLog

OUTCOMES = ("keep", "vary", "revoke")
FINDINGS = {
    "criteria_met": "the criteria of the designation are still met",
    "deceased": "the person has died (or the organisation has ceased to exist)",
    "changed_circumstances": "circumstances have changed since the designation",
    "new_evidence": "new evidence bears on the designation",
}
READERS = ("investigator", "legal_reviewer", "decision_maker", "auditor")


def parse_findings(data: Any) -> dict[str, Any]:
    """``{"criteria_met": bool, "deceased": bool, "changed_circumstances": bool, "new_evidence": bool,
    "note": str}``: each flag required, so a review states every question it answered."""
    if not isinstance(data, dict):
        raise RegistryError("findings: expected an object with " + ", ".join(FINDINGS))
    if unknown := sorted(set(data) - set(FINDINGS) - {"note"}):
        raise RegistryError(f"findings: unknown field(s) {', '.join(unknown)}")
    findings: dict[str, Any] = {}
    for name in FINDINGS:
        if not isinstance(data.get(name), bool):
            raise RegistryError(f"findings.{name}: true or false ({FINDINGS[name]})")
        findings[name] = data[name]
    note = data.get("note", "")
    if not isinstance(note, str) or "\x00" in note or len(note) > 20_000:
        raise RegistryError("findings.note: a text of at most 20000 characters")
    return findings | {"note": note}


class Reviews:
    def __init__(self, engine: Engine, regimes: dict[str, Regime]):
        self.engine = engine
        self.regimes = regimes
        self.audit = AuditLog(engine)

    def period_days(self, regimes: dict[str, list[str]]) -> int | None:
        """The shortest review period among the designation's regimes."""
        return min((self.regimes[r].review_period_days for r in regimes if r in self.regimes), default=None)

    def due(self, conn: Connection, row, as_of: date | None = None) -> tuple[date | None, str | None]:
        """When the designation of ``row`` is next due for review, and when it was last reviewed;
        ``as_of``: counting only the reviews decided by that day (the annual report's period end)."""
        days = self.period_days(json.loads(row.regimes))
        decided = [registry_reviews.c.nomination_id == row.id, registry_reviews.c.state == "decided"]
        if as_of is not None:
            decided.append(registry_reviews.c.decided_at < datetime.combine(as_of + timedelta(days=1), time(), UTC))
        last = conn.execute(
            select(registry_reviews.c.decided_at)
            .where(*decided)
            .order_by(registry_reviews.c.decided_at.desc())
            .limit(1)
        ).scalar()
        last_on = utc(last).date() if last else None
        base = last_on or (date.fromisoformat(row.listed_on) if row.listed_on else None)
        if base is None or days is None:
            return None, None
        return base + timedelta(days=days), last_on.isoformat() if last_on else None

    def next_due(self, nomination_id: int) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(registry_nominations).where(registry_nominations.c.id == nomination_id)).first()
            if row is None or row.state not in LISTED_STATES:
                return None
            due, _ = self.due(conn, row)
        return due.isoformat() if due else None

    def schedule(self, officer: Officer, today: date | None = None, overdue: bool = False) -> list[dict[str, Any]]:
        """Every designation in force with its next review date, soonest first; ``overdue``: only
        those whose date is before ``today`` (default: the current UTC date)."""
        officer.require(*READERS, doing="read the review schedule")
        today = today or now().date()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(registry_nominations)
                .where(registry_nominations.c.state.in_(sorted(LISTED_STATES)))
                .order_by(registry_nominations.c.id)
            ).all()
            pending = set(
                conn.execute(
                    select(registry_reviews.c.nomination_id).where(registry_reviews.c.state == "proposed")
                ).scalars()
            )
            out = []
            for row in rows:
                due, last = self.due(conn, row)
                if due is None or (overdue and due >= today):
                    continue
                out.append(
                    {
                        "nomination": row.id,
                        "designation": row.designation_id,
                        "caption": row.caption,
                        "regimes": sorted(json.loads(row.regimes)),
                        "listed_on": row.listed_on,
                        "last_review": last,
                        "due_on": due.isoformat(),
                        "overdue": due < today,
                        "days_overdue": max(0, (today - due).days),
                        "review_pending": row.id in pending,
                    }
                )
        return sorted(out, key=lambda r: (r["due_on"], r["nomination"]))

    def propose(
        self, nomination_id: int, findings: Any, outcome: str, reasons: str, officer: Officer
    ) -> dict[str, Any]:
        """Record a review's findings and the outcome proposed (keep, vary or revoke)."""
        officer.require("legal_reviewer", "decision_maker", doing="propose the outcome of a review")
        checked = parse_findings(findings)
        if outcome not in OUTCOMES:
            raise RegistryError(f"outcome {outcome!r}: use one of {', '.join(OUTCOMES)}")
        if not reasons.strip() or "\x00" in reasons:
            raise RegistryError("a review needs its reasons")
        if outcome == "keep" and (checked["deceased"] or not checked["criteria_met"]):
            raise RegistryError("keep: the findings say the criteria are not met or the person has died")
        with writing(self.engine) as conn:
            row = listed_row(conn, nomination_id, "review")
            waiting = conn.execute(
                select(registry_reviews.c.id).where(
                    registry_reviews.c.nomination_id == nomination_id, registry_reviews.c.state == "proposed"
                )
            ).first()
            if waiting is not None:
                raise ConflictError(f"review {waiting.id} of nomination {nomination_id} awaits a decision")
            due, _ = self.due(conn, row)
            review_id = conn.execute(
                insert(registry_reviews)
                .values(
                    nomination_id=nomination_id,
                    due_on=due.isoformat() if due else None,
                    state="proposed",
                    findings=canonical(checked),
                    outcome=outcome,
                    reasons=reasons,
                    proposed_by=officer.name,
                    proposed_at=now(),
                )
                .returning(registry_reviews.c.id)
            ).scalar_one()
            details = {"review": review_id, "outcome": outcome, "due_on": due.isoformat() if due else None}
            details |= {name: checked[name] for name in FINDINGS}
            self.audit.append(officer.name, "review.propose", f"nomination:{nomination_id}", details, conn=conn)
        return self.view(review_id)

    def decide(self, review_id: int, officer: Officer, agree: bool = True) -> dict[str, Any]:
        """A decision-maker other than the proposer decides (``agree``) or sends the review back."""
        with writing(self.engine) as conn:
            row = self._row(conn, review_id)
            if row.state != "proposed":
                raise ConflictError(f"review {review_id} is {row.state}, not awaiting a decision")
            check_approver(officer, row.proposed_by)
            at = now()
            subject = f"nomination:{row.nomination_id}"
            state = "decided" if agree else "sent_back"
            proposal = None
            if agree and row.outcome != "keep":
                reasons = f"review {review_id}: {row.reasons}"
                proposal = order_change(
                    conn,
                    self.audit,
                    self.regimes,
                    row.nomination_id,
                    row.outcome,
                    reasons,
                    row.proposed_by,
                    officer.name,
                    at,
                    f"review:{review_id}",
                )
            conn.execute(
                update(registry_reviews)
                .where(registry_reviews.c.id == review_id)
                .values(state=state, decided_by=officer.name, decided_at=at)
            )
            late = bool(agree and row.due_on and at.date().isoformat() > row.due_on)
            details = {"review": review_id, "state": state, "outcome": row.outcome, "late": late, "proposal": proposal}
            self.audit.append(officer.name, "review.decide", subject, details, conn=conn)
        return self.view(review_id)

    def _row(self, conn: Connection, review_id: int):
        row = conn.execute(select(registry_reviews).where(registry_reviews.c.id == review_id)).first()
        if row is None:
            raise NotFound(f"no review {review_id}")
        return row

    def view(self, review_id: int, officer: Officer | None = None) -> dict[str, Any]:
        if officer is not None:
            officer.require(*READERS, doing="read reviews")
        with self.engine.connect() as conn:
            return _review(self._row(conn, review_id))

    def list(self, officer: Officer, nomination_id: int | None = None) -> list[dict[str, Any]]:
        officer.require(*READERS, doing="read reviews")
        query = select(registry_reviews).order_by(registry_reviews.c.id)
        if nomination_id is not None:
            query = query.where(registry_reviews.c.nomination_id == nomination_id)
        with self.engine.connect() as conn:
            return [_review(r) for r in conn.execute(query)]


def _review(row) -> dict[str, Any]:
    return {
        "id": row.id,
        "nomination": row.nomination_id,
        "due_on": row.due_on,
        "state": row.state,
        "findings": json.loads(row.findings),
        "outcome": row.outcome,
        "reasons": row.reasons,
        "proposed_by": row.proposed_by,
        "proposed_at": utc(row.proposed_at).isoformat(),
        "decided_by": row.decided_by,
        "decided_at": utc(row.decided_at).isoformat() if row.decided_at else None,
    }
