"""Statutory clocks: duties with a due date, an owner and a status, so none is missed silently.

Each regime file names its clocks (``clocks``: id, days, what the law requires): a legislature's
request for a determination answered within 120 days (Global Magnitsky Act sec. 1263(d)), notice
15 days before a removal, the EU's annual review, the annual report to the legislature. Opening a
clock records what it concerns, when it started and who owns it; its due date follows from the
regime. It is answered (on time or late) or it is still open; an open clock past its date is
overdue, and `magnitsky registry clocks --overdue` and the annual report list it.

Where the law itself starts a clock on an event the registry records, the regime file says so
(``opens_on: revocation`` on the 15-day notice before a removal) and :func:`start_clocks` opens it
in the same transaction as the event, owned by whoever proposed the change: nobody has to remember.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from magnitsky.cases.db import now, utc, writing
from magnitsky.registry.errors import ConflictError, NotFound, PermissionDenied, RegistryError
from magnitsky.registry.regimes import Clock, Regime
from magnitsky.registry.roles import Officer, Roles
from magnitsky.registry.schema import registry_clocks, registry_nominations
from magnitsky.store import AuditLog

OPENERS = ("investigator", "legal_reviewer", "decision_maker")
READERS = (*OPENERS, "auditor")


def _day(value: str | date | None, name: str) -> date:
    if value is None:
        return now().date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RegistryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _text(value: str, name: str) -> str:
    if not value.strip() or "\x00" in value or len(value) > 20_000:
        raise RegistryError(f"{name}: a non-empty text of at most 20000 characters")
    return value.strip()


def _start(
    conn: Connection,
    audit: AuditLog,
    regime_id: str,
    clock: Clock,
    concerning: str,
    owner: str,
    by: str,
    start: date,
    nomination_id: int | None,
    event: str | None = None,
) -> int:
    """Insert the running clock and audit its opening; its id."""
    due = start + timedelta(days=clock.days)
    clock_id = conn.execute(
        insert(registry_clocks)
        .values(
            regime=regime_id,
            kind=clock.id,
            concerning=concerning,
            nomination_id=nomination_id,
            opened_on=start.isoformat(),
            due_on=due.isoformat(),
            owner=owner,
            status="open",
            opened_by=by,
            opened_at=now(),
        )
        .returning(registry_clocks.c.id)
    ).scalar_one()
    details = {
        "clock": clock_id,
        "regime": regime_id,
        "kind": clock.id,
        "opened_on": start.isoformat(),
        "due_on": due.isoformat(),
        "owner": owner,
        "nomination": nomination_id,
    }
    if event:
        details["event"] = event  # opened by the registry itself, as the regime file says
    audit.append(by, "clock.open", f"clock:{clock_id}", details, conn=conn)
    return clock_id


def start_clocks(
    conn: Connection,
    audit: AuditLog,
    regimes: dict[str, Regime],
    event: str,
    nomination_id: int,
    owner: str,
    by: str,
    concerning: str,
) -> list[int]:
    """Open, inside the transaction recording ``event``, each clock that the nomination's regimes
    start on it (``opens_on``), unless the same one already runs for the nomination; their ids."""
    row = conn.execute(select(registry_nominations).where(registry_nominations.c.id == nomination_id)).one()
    opened = []
    for regime_id in json.loads(row.regimes):
        regime = regimes.get(regime_id)
        for clock in regime.clocks if regime else ():
            if clock.opens_on != event:
                continue
            running = conn.execute(
                select(registry_clocks.c.id).where(
                    registry_clocks.c.nomination_id == nomination_id,
                    registry_clocks.c.regime == regime_id,
                    registry_clocks.c.kind == clock.id,
                    registry_clocks.c.status == "open",
                )
            ).first()
            if running is None:
                start = now().date()
                opened.append(_start(conn, audit, regime_id, clock, concerning, owner, by, start, nomination_id, event))
    return opened


class Clocks:
    def __init__(self, engine: Engine, regimes: dict[str, Regime], roles: Roles):
        self.engine = engine
        self.regimes = regimes
        self.roles = roles
        self.audit = AuditLog(engine)

    def open(
        self,
        regime_id: str,
        kind: str,
        concerning: str,
        owner: str,
        officer: Officer,
        opened_on: str | date | None = None,
        nomination_id: int | None = None,
    ) -> dict[str, Any]:
        """Start the regime's clock ``kind`` (e.g. a committee's request received on ``opened_on``)."""
        officer.require(*OPENERS, doing="open a statutory clock")
        regime = self.regimes.get(regime_id)
        if regime is None:
            raise RegistryError(f"unknown regime {regime_id!r}; regimes: {', '.join(self.regimes)}")
        clock = next((c for c in regime.clocks if c.id == kind), None)
        if clock is None:
            known = ", ".join(c.id for c in regime.clocks) or "none"
            raise RegistryError(f"regime {regime_id} has no clock {kind!r} (it has: {known})")
        if not self.roles.officer(owner).roles & set(OPENERS):
            raise PermissionDenied(f"{owner} cannot own a clock: that needs the registry role {' or '.join(OPENERS)}")
        start = _day(opened_on, "opened_on")
        with writing(self.engine) as conn:
            if (
                nomination_id is not None
                and conn.execute(
                    select(registry_nominations.c.id).where(registry_nominations.c.id == nomination_id)
                ).first()
                is None
            ):
                raise NotFound(f"no nomination {nomination_id}")
            clock_id = _start(
                conn,
                self.audit,
                regime_id,
                clock,
                _text(concerning, "concerning"),
                owner,
                officer.name,
                start,
                nomination_id,
            )
        return self.view(clock_id)

    def answer(
        self, clock_id: int, answer: str, officer: Officer, answered_on: str | date | None = None
    ) -> dict[str, Any]:
        """Record the duty done (the answer sent, the notice given): by its owner or a decision-maker."""
        body = _text(answer, "answer")
        on = _day(answered_on, "answered_on")
        with writing(self.engine) as conn:
            row = self._row(conn, clock_id)
            if officer.name != row.owner:
                officer.require("decision_maker", doing=f"answer clock {clock_id}, owned by {row.owner}")
            if row.status != "open":
                raise ConflictError(f"clock {clock_id} was already answered on {row.answered_on}")
            if on < date.fromisoformat(row.opened_on):
                raise RegistryError(f"answered_on: {on} is before the clock started ({row.opened_on})")
            conn.execute(
                update(registry_clocks)
                .where(registry_clocks.c.id == clock_id)
                .values(status="answered", answered_on=on.isoformat(), answer=body, answered_by=officer.name)
            )
            details = {"clock": clock_id, "answered_on": on.isoformat(), "due_on": row.due_on}
            details["late"] = on.isoformat() > row.due_on
            self.audit.append(officer.name, "clock.answer", f"clock:{clock_id}", details, conn=conn)
        return self.view(clock_id)

    def _row(self, conn, clock_id: int):
        row = conn.execute(select(registry_clocks).where(registry_clocks.c.id == clock_id)).first()
        if row is None:
            raise NotFound(f"no clock {clock_id}")
        return row

    def view(self, clock_id: int, today: date | None = None) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return self._clock(self._row(conn, clock_id), today or now().date())

    def list(
        self, officer: Officer, overdue: bool = False, today: date | None = None, status: str | None = None
    ) -> list[dict[str, Any]]:
        """Clocks, soonest due first; ``overdue``: open ones whose due date is before ``today``."""
        officer.require(*READERS, doing="read the statutory clocks")
        today = today or now().date()
        query = select(registry_clocks).order_by(registry_clocks.c.due_on, registry_clocks.c.id)
        if status:
            query = query.where(registry_clocks.c.status == status)
        if overdue:
            query = query.where(registry_clocks.c.status == "open", registry_clocks.c.due_on < today.isoformat())
        with self.engine.connect() as conn:
            return [self._clock(r, today) for r in conn.execute(query)]

    def _clock(self, row, today: date) -> dict[str, Any]:
        regime = self.regimes.get(row.regime)
        duty = next((c.text for c in regime.clocks if c.id == row.kind), None) if regime else None
        due = date.fromisoformat(row.due_on)
        answered = date.fromisoformat(row.answered_on) if row.answered_on else None
        return {
            "id": row.id,
            "regime": row.regime,
            "kind": row.kind,
            "duty": duty,
            "concerning": row.concerning,
            "nomination": row.nomination_id,
            "opened_on": row.opened_on,
            "due_on": row.due_on,
            "owner": row.owner,
            "status": row.status,
            "answered_on": row.answered_on,
            "answer": row.answer,
            "overdue": row.status == "open" and due < today,
            "late": answered is not None and answered > due,
            "days_left": (due - today).days if row.status == "open" else None,
            "opened_by": row.opened_by,
            "opened_at": utc(row.opened_at).isoformat(),
        }
