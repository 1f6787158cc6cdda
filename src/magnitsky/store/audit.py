"""The tamper-evident audit trail: append-only records, each carrying the hash of the previous.

Every decision that affects a person, every list load, key change and screening is appended here,
in the same database transaction as the change it records, so a change without its audit record
cannot be committed. ``verify`` recomputes the chain and names the first record that was edited,
deleted, inserted or reordered. Signed checkpoints of the head, kept outside the database
(:mod:`magnitsky.store.checkpoints`), anchor the chain against what it cannot show by itself: a
cut tail with the head moved back, a rewrite with every hash recomputed, an emptied log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, select, update

from magnitsky.store.schema import audit_head, audit_log

GENESIS = "0" * 64
# The statements of an append, built once: building them for every record (SQLAlchemy coercing each
# value into the statement) took more CPU than the database's own work for it, on every /match.
_LOCK_HEAD = update(audit_head).where(audit_head.c.id == 1).values(seq=audit_head.c.seq)
_HEAD = select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
_INSERT = audit_log.insert()
_ADVANCE = update(audit_head).where(audit_head.c.id == 1).values(seq=bindparam("next_seq"), hash=bindparam("next_hash"))


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "details": self.details,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class Verification:
    ok: bool
    records: int
    head: str
    problem: str | None = None  # the first break found, naming the record
    checkpoints: int = 0  # signed checkpoints the chain was checked against


def _canonical(details: dict[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def lock_chain(conn: Connection) -> None:
    """Take the row lock on the chain head for the rest of ``conn``'s transaction.

    Every audited writer takes it, so writers are serialised in one order and each appends after
    the record the previous one committed.
    """
    conn.execute(_LOCK_HEAD)


def record_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, subject: str, details: str) -> str:
    payload = "\x1f".join((prev_hash, str(seq), at, actor, action, subject, details))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, engine: Engine):
        self.engine = engine

    def append(
        self,
        actor: str,
        action: str,
        subject: str,
        details: dict[str, Any] | None = None,
        conn: Connection | None = None,
    ) -> AuditRecord:
        """Append one record. Pass ``conn`` to make it part of the caller's transaction."""
        if conn is None:
            with self.engine.begin() as own:
                return self._append(own, actor, action, subject, details or {})
        return self._append(conn, actor, action, subject, details or {})

    def _append(self, conn: Connection, actor: str, action: str, subject: str, details: dict) -> AuditRecord:
        lock_chain(conn)
        seq, prev = conn.execute(_HEAD).one()
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        text = _canonical(details)
        digest = record_hash(prev, seq + 1, at, actor, action, subject, text)
        record = {"at": at, "actor": actor, "action": action, "subject": subject, "details": text}
        conn.execute(_INSERT, {"seq": seq + 1, **record, "prev_hash": prev, "hash": digest})
        conn.execute(_ADVANCE, {"next_seq": seq + 1, "next_hash": digest})
        return AuditRecord(seq + 1, at, actor, action, subject, json.loads(text), prev, digest)

    def records(self, subject: str | None = None, since: int = 0) -> Iterator[AuditRecord]:
        query = select(audit_log).where(audit_log.c.seq > since).order_by(audit_log.c.seq)
        if subject:
            query = query.where(audit_log.c.subject == subject)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=1000).execute(query):
                yield _record(row)

    def browse(
        self,
        actor: str | None = None,
        action: str | None = None,
        subject: str | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> list[AuditRecord]:
        """The newest ``limit`` records before record ``before`` (all when None), newest first:
        by ``actor``, of actions starting with ``action`` (``alert.`` or ``alert.decide``), on
        ``subject``. Paged by record number, so an old page reads as fast as the first."""
        query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
        if before is not None:
            query = query.where(audit_log.c.seq < before)
        if actor:
            query = query.where(audit_log.c.actor == actor)
        if action:
            query = query.where(audit_log.c.action.startswith(action, autoescape=True))
        if subject:
            query = query.where(audit_log.c.subject == subject)
        with self.engine.connect() as conn:
            return [_record(row) for row in conn.execute(query)]

    def record(self, seq: int) -> AuditRecord | None:
        """The record numbered ``seq``, if there is one (a decision record page shows one)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(audit_log).where(audit_log.c.seq == seq)).first()
        return _record(row) if row else None

    def verify(self, anchors: dict[int, str] | None = None) -> Verification:
        """Recompute the whole chain; stop at the first record that does not fit.

        ``anchors`` (record number -> hash, from signed checkpoints) must all still hold: a record
        a checkpoint vouches for that is gone or has another hash means the tail was cut or the
        chain recomputed after a rewrite, which the chain alone cannot show.
        """
        anchors = anchors or {}
        expected_prev, expected_seq, count = GENESIS, 1, 0
        query = select(audit_log).order_by(audit_log.c.seq)
        with self.engine.connect() as conn:
            heads = conn.execute(select(audit_head.c.seq, audit_head.c.hash)).all()
            if len(heads) != 1:
                what = "is missing" if not heads else f"is there {len(heads)} times"
                return Verification(False, 0, "", f"the chain head row {what} (table audit_head was altered)")
            head_seq, head_hash = heads[0]
            for row in conn.execution_options(yield_per=1000).execute(query):
                problem = _misfit(row, expected_seq, expected_prev, anchors)
                if problem:
                    return Verification(False, count, head_hash, problem)
                expected_prev, expected_seq, count = row.hash, row.seq + 1, count + 1
        if head_seq != count or head_hash != expected_prev:
            return Verification(
                False, count, head_hash, f"records after {count} were deleted (the chain head is at {head_seq})"
            )
        beyond = max((seq for seq in anchors if seq > count), default=None)
        if beyond is not None:
            return Verification(
                False,
                count,
                head_hash,
                f"records after {count} were deleted: a signed checkpoint vouches for record {beyond}",
            )
        return Verification(True, count, head_hash)


def _record(row) -> AuditRecord:
    return AuditRecord(
        row.seq, row.at, row.actor, row.action, row.subject, json.loads(row.details), row.prev_hash, row.hash
    )


def _misfit(row, expected_seq: int, expected_prev: str, anchors: dict[int, str]) -> str | None:
    """Why ``row`` does not continue the chain where it should, or None."""
    if row.seq != expected_seq:
        return f"record {expected_seq} is missing (deleted); next is {row.seq}"
    if row.prev_hash != expected_prev:
        return f"record {row.seq} does not follow record {row.seq - 1} (reordered or inserted)"
    digest = record_hash(row.prev_hash, row.seq, row.at, row.actor, row.action, row.subject, row.details)
    if digest != row.hash:
        return f"record {row.seq} was altered (its content does not match its hash)"
    if anchors.get(row.seq, row.hash) != row.hash:
        return f"record {row.seq} differs from its signed checkpoint (the chain was rewritten and recomputed)"
    return None
