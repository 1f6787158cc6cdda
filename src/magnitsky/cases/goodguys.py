"""The good-guy list: subject/listed-entity pairs cleared as false positives.

A pair is remembered with the fingerprints of both sides at the time of the decision: the
subject's (the customer record's content hash) and the listed entry's (its content hash in the
list version decided on). A later screening suppresses the pair only while both fingerprints are
unchanged, so a new alias or birth date on the list entry, or an edit of the customer, raises it
again.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from magnitsky.cases.db import now, utc, writing
from magnitsky.cases.errors import CaseError, NotFound, PermissionDenied
from magnitsky.cases.records import Alert
from magnitsky.cases.schema import good_guys
from magnitsky.cases.users import Actor
from magnitsky.store import AuditLog

Pair = tuple[str, str, str, str]  # subject id, subject fingerprint, entity id, entity fingerprint


def remember(conn: Connection, alert: Alert, decided_by: str, approved_by: str | None) -> None:
    """Record ``alert``'s pair as cleared (a no-op when the same pair was cleared before)."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[conn.dialect.name]
    conn.execute(
        dialect.insert(good_guys)
        .values(
            subject_kind=alert.subject_kind,
            subject_id=alert.subject_id,
            subject_fingerprint=alert.subject_fingerprint,
            entity_id=alert.entity_id,
            entity_fingerprint=alert.entity_fingerprint,
            list_version=alert.list_version,
            alert_id=alert.id,
            decided_by=decided_by,
            approved_by=approved_by,
            created_at=now(),
        )
        .on_conflict_do_nothing()
    )


def cleared(conn: Connection, subject_kind: str, subject_ids: Iterable[str]) -> set[Pair]:
    """The cleared pairs of the given subjects."""
    found: set[Pair] = set()
    ids = sorted(set(subject_ids))
    for start in range(0, len(ids), 500):
        query = select(
            good_guys.c.subject_id,
            good_guys.c.subject_fingerprint,
            good_guys.c.entity_id,
            good_guys.c.entity_fingerprint,
        ).where(good_guys.c.subject_kind == subject_kind, good_guys.c.subject_id.in_(ids[start : start + 500]))
        found.update(tuple(row) for row in conn.execute(query))
    return found


class GoodGuys:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.audit = AuditLog(engine)

    def revoke(self, entry_id: int, actor: Actor, rationale: str) -> dict:
        """Withdraw a clearance: the pair is screened as any other again, and the next screening
        that finds it opens an alert. A supervisor's step, with a rationale, audited in the same
        transaction; the alert that cleared it keeps its decision (the trail says why it no
        longer holds)."""
        if not actor.may_approve:
            raise PermissionDenied(f"{actor.name} is {actor.role}; only a supervisor may withdraw a clearance")
        why = (rationale or "").strip()
        if not why:
            raise CaseError("a rationale is required: say why the clearance no longer holds")
        with writing(self.engine) as conn:
            row = conn.execute(select(good_guys).where(good_guys.c.id == entry_id)).first()
            if row is None:
                raise NotFound(f"no good-guy entry {entry_id}")
            conn.execute(delete(good_guys).where(good_guys.c.id == entry_id))
            entry = {**row._asdict(), "created_at": utc(row.created_at).isoformat()}
            self.audit.append(
                actor.name, "goodguy.revoke", f"alert:{row.alert_id}", {**entry, "rationale": why}, conn=conn
            )
        return entry

    def list(self, subject_id: str | None = None, after: int = 0, limit: int | None = None) -> list[dict]:
        """Cleared pairs in the order they were cleared; ``after`` an entry's id and ``limit`` page them."""
        query = select(good_guys).where(good_guys.c.id > after).order_by(good_guys.c.id).limit(limit)
        if subject_id:
            query = query.where(good_guys.c.subject_id == subject_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{**row._asdict(), "created_at": utc(row.created_at).isoformat()} for row in rows]
