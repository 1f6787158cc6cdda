"""Alerts and their state machine.

    open -> in_review -> decided (true_match | false_positive)
       \\           \\-> escalated -> decided
        \\-> awaiting_approval -> decided   (four-eyes; a rejection sends it back to in_review)
    any undecided state -> closed           (the listed entry was removed from its list)

Every transition names its actor and carries a mandatory rationale; it is one UPDATE guarded by
the alert's ``version`` (optimistic locking: of two reviewers deciding the same alert, the second
gets a :class:`ConflictError`) and one audit record, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from sqlalchemy import Connection, Engine, and_, func, insert, or_, select, update

from magnitsky.cases import approvals, goodguys
from magnitsky.cases.db import canonical, now, writing
from magnitsky.cases.errors import CaseError, ConflictError, NotFound, PermissionDenied
from magnitsky.cases.faults import crash_point
from magnitsky.cases.records import (
    ACTIVE_STATES,
    Alert,
    AlertDecision,
    AlertState,
    Finding,
    FindingOutcome,
    FoundEntry,
    Opening,
    Subject,
)
from magnitsky.cases.schema import alerts
from magnitsky.cases.users import Actor
from magnitsky.screening import ScreeningHit
from magnitsky.store import AuditLog, AuditRecord

OPEN, IN_REVIEW, ESCALATED, AWAITING_APPROVAL, DECIDED, CLOSED = AlertState
TRANSITIONS = {
    OPEN: {IN_REVIEW, ESCALATED, AWAITING_APPROVAL, DECIDED, CLOSED},
    IN_REVIEW: {ESCALATED, AWAITING_APPROVAL, DECIDED, CLOSED},
    ESCALATED: {AWAITING_APPROVAL, DECIDED, CLOSED},
    AWAITING_APPROVAL: {DECIDED, IN_REVIEW, CLOSED},
    DECIDED: set(),
    CLOSED: set(),
}
MAX_RATIONALE = 4000
Member = TypeVar("Member", AlertState, AlertDecision)


def _rationale(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise CaseError("a rationale is required: say why")
    if len(text) > MAX_RATIONALE:
        raise CaseError(f"the rationale is {len(text)} characters; at most {MAX_RATIONALE}")
    return text


def _member(kind: type[Member], value: str, what: str) -> Member:
    """``value`` as a member of ``kind``; a CaseError naming the values it may take."""
    try:
        return kind(value)
    except ValueError:
        raise CaseError(f"unknown {what} {value!r}; use one of {', '.join(kind)}") from None


class Alerts:
    def __init__(self, engine: Engine, four_eyes: float = approvals.STRONG_MATCH):
        self.engine = engine
        self.audit = AuditLog(engine)
        self.four_eyes = four_eyes  # clearing an alert scored at or above this needs a second reviewer

    # -- reading -------------------------------------------------------------------------------

    def get(self, alert_id: int) -> Alert:
        with self.engine.connect() as conn:
            return self._read(conn, alert_id)

    def _read(self, conn: Connection, alert_id: int) -> Alert:
        row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
        if row is None:
            raise NotFound(f"no alert {alert_id}")
        return Alert.from_row(row)

    def list(
        self,
        state: AlertState | str | None = None,
        subject_id: str | None = None,
        entity_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        subject_kind: str | None = None,
    ) -> list[Alert]:
        """Alerts, oldest first, optionally of one state, subject or listed entity. Give the
        subject's kind with its id to have the subject index answer (it leads with the kind)."""
        if state is not None:
            state = _member(AlertState, state, "state")
        query = select(alerts).order_by(alerts.c.id).offset(offset)
        for column, value in (
            (alerts.c.state, state),
            (alerts.c.subject_kind, subject_kind),
            (alerts.c.subject_id, subject_id),
            (alerts.c.entity_id, entity_id),
        ):
            if value is not None:
                query = query.where(column == value)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [Alert.from_row(row) for row in conn.execute(query)]

    def counts(self) -> dict[str, int]:
        """Number of alerts in each state."""
        with self.engine.connect() as conn:
            found: dict[str, int] = dict(
                conn.execute(select(alerts.c.state, func.count()).group_by(alerts.c.state)).all()
            )
        return {state.value: found.get(state, 0) for state in AlertState}

    def history(self, alert_id: int) -> Sequence[AuditRecord]:
        """Every transition of the alert, from the audit trail."""
        self.get(alert_id)
        return list(self.audit.records(subject=f"alert:{alert_id}"))

    # -- opening ---------------------------------------------------------------------------------

    def open_findings(
        self,
        conn: Connection,
        findings: Iterable[Finding],
        origin: str,
        actor: str,
        run_id: int | None = None,
        measure: str | None = None,
    ) -> Opening:
        """Open an alert for each finding that needs one, inside the caller's write transaction
        (see :func:`magnitsky.cases.db.writing`): never a second undecided alert for a pair."""
        findings = list(findings)
        result = Opening()
        for kind in sorted({f.subject.kind for f in findings}):
            mine = [f for f in findings if f.subject.kind == kind]
            ids = [f.subject.id for f in mine]
            active, known = self._decided_or_active(conn, kind, ids)
            cleared = goodguys.cleared(conn, kind, ids)
            for finding in mine:
                pair = (finding.subject.id, finding.hit.entity_id)
                if pair in active:
                    result.outcomes.append((finding, FindingOutcome.ACTIVE, active[pair]))
                elif pair in known:
                    result.outcomes.append((finding, FindingOutcome.KNOWN, known[pair]))
                elif (
                    finding.subject.id,
                    finding.subject.fingerprint,
                    *pair[1:],
                    finding.entity_fingerprint,
                ) in cleared:
                    result.outcomes.append((finding, FindingOutcome.SUPPRESSED, None))
                else:
                    active[pair] = self._insert(conn, finding, origin, actor, run_id, measure)
                    result.outcomes.append((finding, FindingOutcome.OPENED, active[pair]))
        return result

    def open_alert(
        self,
        subject: Subject,
        hit: ScreeningHit,
        entity_fingerprint: str,
        list_version: str,
        origin: str,
        actor: str,
        measure: str | None = None,
    ) -> tuple[FindingOutcome, Alert | None]:
        """One alert, e.g. for a payment HOLD or a visa REFER: (outcome, the alert if any)."""
        with writing(self.engine) as conn:
            opening = self.open_findings(
                conn,
                [Finding(subject, FoundEntry.of(hit), entity_fingerprint, list_version)],
                origin,
                actor,
                measure=measure,
            )
            _, outcome, alert_id = opening.outcomes[0]
            alert = self._read(conn, alert_id) if alert_id else None
        return outcome, alert

    def _decided_or_active(self, conn, kind: str, ids: Sequence[str]) -> tuple[dict, dict]:
        active: dict[tuple[str, str], int] = {}
        known: dict[tuple[str, str], int] = {}
        unique: Sequence[str] = sorted(set(ids))
        for start in range(0, len(unique), 500):
            query = select(alerts.c.id, alerts.c.subject_id, alerts.c.entity_id, alerts.c.state).where(
                alerts.c.subject_kind == kind,
                alerts.c.subject_id.in_(unique[start : start + 500]),
                or_(
                    alerts.c.state.in_(ACTIVE_STATES),
                    and_(alerts.c.state == DECIDED, alerts.c.decision == AlertDecision.TRUE_MATCH),
                ),
            )
            for row in conn.execute(query):
                target = active if row.state in ACTIVE_STATES else known
                target[(row.subject_id, row.entity_id)] = row.id
        return active, known

    def _insert(self, conn, finding: Finding, origin: str, actor: str, run_id, measure) -> int:
        subject, hit, at = finding.subject, finding.hit, now()
        values = {
            "origin": origin,
            "subject_kind": subject.kind,
            "subject_id": subject.id,
            "subject_caption": subject.caption,
            "subject_fingerprint": subject.fingerprint,
            "entity_id": hit.entity_id,
            "entity_caption": hit.caption,
            "entity_fingerprint": finding.entity_fingerprint,
            "list_version": finding.list_version,
            "score": hit.score,
            "explanation": canonical(hit.explanation),
            "measure": measure,
            "run_id": run_id,
            "state": OPEN,
            "created_at": at,
            "updated_at": at,
            "version": 1,
        }
        alert_id = conn.execute(insert(alerts).values(**values).returning(alerts.c.id)).scalar_one()
        details = {
            k: values[k]
            for k in (
                "origin",
                "subject_kind",
                "subject_id",
                "subject_fingerprint",
                "entity_id",
                "entity_fingerprint",
                "list_version",
                "score",
                "measure",
                "run_id",
            )
        }
        self.audit.append(
            actor, "alert.open", f"alert:{alert_id}", {**details, "explanation": hit.explanation}, conn=conn
        )
        return alert_id

    # -- transitions ---------------------------------------------------------------------------

    def review(self, alert_id: int, actor: Actor, rationale: str, version: int | None = None) -> Alert:
        """Take an open alert into review."""
        self._check_reviewer(actor)
        return self._change(self._load(alert_id, version), actor.name, IN_REVIEW, rationale, "alert.review")

    def decide(
        self, alert_id: int, actor: Actor, decision: AlertDecision | str, rationale: str, version: int | None = None
    ) -> Alert:
        """Decide ``true_match`` or ``false_positive``, or ``escalate`` to a supervisor. A clearance
        that needs four eyes waits in ``awaiting_approval``; a final false positive joins the
        good-guy list in the same transaction."""
        decision = _member(AlertDecision, decision, "decision")
        self._check_reviewer(actor)
        alert = self._load(alert_id, version)
        if decision == AlertDecision.ESCALATE:
            return self._change(alert, actor.name, ESCALATED, rationale, "alert.escalate")
        if alert.state == ESCALATED and not actor.may_approve:
            raise PermissionDenied(f"alert {alert_id} is escalated; a supervisor decides it")
        reason = approvals.approval_reason(alert, decision, self.four_eyes)
        values = {
            "decision": decision,
            "decided_by": actor.name,
            "decided_at": now(),
            "approved_by": None,
            "approved_at": None,
        }
        clears = decision == AlertDecision.FALSE_POSITIVE and reason is None
        return self._change(
            alert,
            actor.name,
            AWAITING_APPROVAL if reason else DECIDED,
            rationale,
            "alert.decide",
            values,
            {"decision": decision, "needs_approval": reason},
            after=(lambda conn: goodguys.remember(conn, alert, actor.name, None)) if clears else None,
        )

    def approve(self, alert_id: int, actor: Actor, rationale: str, version: int | None = None) -> Alert:
        """A second reviewer (a supervisor, not the decider) lets a decision awaiting approval take effect."""
        alert = self._load(alert_id, version)
        decider = self._check_awaiting(alert)
        approvals.check_approver(alert, actor)
        clears = alert.decision == AlertDecision.FALSE_POSITIVE
        return self._change(
            alert,
            actor.name,
            DECIDED,
            rationale,
            "alert.approve",
            {"approved_by": actor.name, "approved_at": now()},
            {"decision": alert.decision, "decided_by": decider},
            after=(lambda conn: goodguys.remember(conn, alert, decider, actor.name)) if clears else None,
        )

    def reject(self, alert_id: int, actor: Actor, rationale: str, version: int | None = None) -> Alert:
        """A supervisor sends a decision awaiting approval back to review; the decision is void."""
        alert = self._load(alert_id, version)
        self._check_awaiting(alert)
        approvals.check_approver(alert, actor)
        return self._change(
            alert,
            actor.name,
            IN_REVIEW,
            rationale,
            "alert.reject",
            {"decision": None, "decided_by": None, "decided_at": None},
            {"rejected_decision": alert.decision, "decided_by": alert.decided_by},
        )

    def close(self, conn: Connection, alert: Alert, actor: str, rationale: str) -> Alert:
        """Close an undecided alert that no longer needs a decision (inside the caller's transaction)."""
        return self._change(alert, actor, CLOSED, rationale, "alert.close", conn=conn)

    def flag(self, conn: Connection, alert: Alert, flag: str, actor: str, rationale: str) -> Alert:
        """Mark a decided alert for attention, e.g. ``delisted`` (inside the caller's transaction)."""
        return self._change(alert, actor, None, rationale, "alert.flag", {"flag": flag}, {"flag": flag}, conn=conn)

    def _check_reviewer(self, actor: Actor) -> None:
        if not actor.may_decide:
            raise PermissionDenied(f"{actor.name} is {actor.role}; only an analyst or supervisor may decide alerts")

    def _load(self, alert_id: int, version: int | None) -> Alert:
        """The alert as it is now; a conflict when the caller saw another version of it."""
        alert = self.get(alert_id)
        if version is not None and version != alert.version:
            raise self._conflict(alert)
        return alert

    def _check_awaiting(self, alert: Alert) -> str:
        """The reviewer whose decision awaits approval; a CaseError when no decision does."""
        if alert.state != AWAITING_APPROVAL or alert.decided_by is None:
            raise CaseError(
                f"alert {alert.id} is {alert.state}; only a decision awaiting approval can be approved or rejected"
            )
        return alert.decided_by

    def _conflict(self, current: Alert) -> ConflictError:
        return ConflictError(
            f"alert {current.id} was changed by someone else meanwhile (now {current.state}, version "
            f"{current.version}); reload it and try again"
        )

    def _change(
        self,
        alert: Alert,
        actor: str,
        to_state: AlertState | None,
        rationale: str,
        action: str,
        values: dict | None = None,
        details: dict | None = None,
        after: Callable[[Connection], None] | None = None,
        conn: Connection | None = None,
    ) -> Alert:
        """Move ``alert`` (as read at its version) to ``to_state`` (None: keep it), unless someone
        changed it since it was read."""
        rationale = _rationale(rationale)
        expected = alert.version
        target = to_state or alert.state
        if to_state and to_state not in TRANSITIONS[alert.state]:
            raise CaseError(f"alert {alert.id} is {alert.state}; it cannot become {to_state}")
        with writing(self.engine, conn) as tx:
            done = tx.execute(
                update(alerts)
                .where(alerts.c.id == alert.id, alerts.c.version == expected)
                .values(state=target, rationale=rationale, updated_at=now(), version=expected + 1, **(values or {}))
            )
            if done.rowcount != 1:
                raise self._conflict(self._read(tx, alert.id))
            record = {
                "from": alert.state,
                "to": target,
                "rationale": rationale,
                "version": expected + 1,
                **(details or {}),
            }
            self.audit.append(actor, action, f"alert:{alert.id}", record, conn=tx)
            if after:
                after(tx)
            crash_point("decision")
            return self._read(tx, alert.id)
