"""Four-eyes requests: a change one person proposes and a second, different person decides.

Granting a reviewer an account, binding an API key to a reviewer and releasing frozen funds each
take two people. The first proposes (``propose``): the change is kept here, pending, with who
asked, how they proved it (``via``: a key name or a password) and why. A second person approves or
rejects it (``decide``); the change itself is applied by the caller's ``apply`` in the same
transaction as the decision, so an approved request is never left unapplied and a change never
happens without its approval. Both steps write an audit record naming the person and credential.

This module keeps only the bookkeeping; who may propose or approve what is the owner's rule
(reviewers: :mod:`magnitsky.cases.users`, keys: :mod:`magnitsky.api.keys`, frozen funds:
:mod:`magnitsky.screening.payments.register`). The one rule enforced here for every kind: the
person deciding is never the person who asked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Engine, Integer, String, Table, Text, select, update

from magnitsky.store.audit import AuditLog, lock_chain
from magnitsky.store.schema import metadata

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"

four_eyes_requests = Table(
    "four_eyes_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),  # user.grant, apikey.bind, frozen.release
    Column("subject", String(200), nullable=False),  # what it changes: user:alice, apikey:desk, frozen_asset:3
    Column("payload", Text, nullable=False),  # JSON the owner needs to apply it (hashes, never secrets)
    Column("rationale", Text, nullable=False),
    Column("requested_by", String(200), nullable=False),
    Column("requested_via", String(200), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("state", String(20), nullable=False),
    Column("decided_by", String(200)),
    Column("decided_via", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Column("decision_rationale", Text),
)


class RequestError(ValueError):
    """A request that cannot be made or decided as asked (unknown, already decided, wrong kind)."""


class UnknownRequest(RequestError):
    """No request has that id."""


class SelfApproval(RequestError):
    """The person deciding a request is the one who made it."""


@contextmanager
def refusals_as(not_found: type[Exception], denied: type[Exception], other: type[Exception]) -> Iterator[None]:
    """A request's refusal as the owner's own error kinds: no such request (``not_found``), deciding
    one's own (``denied``), anything else (``other``)."""
    try:
        yield
    except UnknownRequest as exc:
        raise not_found(str(exc)) from exc
    except SelfApproval as exc:
        raise denied(str(exc)) from exc
    except RequestError as exc:
        raise other(str(exc)) from exc


@dataclass(frozen=True)
class Request:
    id: int
    kind: str
    subject: str
    payload: dict[str, Any]
    rationale: str
    requested_by: str
    requested_via: str
    requested_at: datetime
    state: str
    decided_by: str | None = None
    decided_via: str | None = None
    decided_at: datetime | None = None
    decision_rationale: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Everything but the payload, which may hold credential hashes."""
        return {
            "id": self.id,
            "kind": self.kind,
            "subject": self.subject,
            "rationale": self.rationale,
            "requested_by": self.requested_by,
            "requested_via": self.requested_via,
            "requested_at": self.requested_at.isoformat(),
            "state": self.state,
            "decided_by": self.decided_by,
            "decided_via": self.decided_via,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "decision_rationale": self.decision_rationale,
        }


def _utc(value: datetime) -> datetime:
    """Timestamps read back from SQLite have no zone; they were written in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _request(row) -> Request:
    return Request(
        row.id,
        row.kind,
        row.subject,
        json.loads(row.payload),
        row.rationale,
        row.requested_by,
        row.requested_via,
        _utc(row.requested_at),
        row.state,
        row.decided_by,
        row.decided_via,
        _utc(row.decided_at) if row.decided_at else None,
        row.decision_rationale,
    )


def _rationale(text: str) -> str:
    if not text or not text.strip():
        raise RequestError("a rationale is required: say why, it is kept in the audit trail")
    return text.strip()


class Requests:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.audit = AuditLog(engine)

    def propose(
        self,
        conn: Connection,
        kind: str,
        subject: str,
        payload: dict[str, Any],
        by: str,
        via: str,
        rationale: str,
        public: dict[str, Any] | None = None,
    ) -> Request:
        """Keep a pending request in the caller's transaction (which must hold the audit chain's
        lock) and audit it as ``<kind>.request`` with ``public`` (never the payload's hashes).
        One pending request per subject: a second is refused until the first is decided."""
        rationale = _rationale(rationale)
        waiting = conn.execute(
            select(four_eyes_requests.c.id).where(
                four_eyes_requests.c.subject == subject, four_eyes_requests.c.state == PENDING
            )
        ).first()
        if waiting is not None:
            raise RequestError(f"request {waiting.id} on {subject} is still pending; approve or reject it first")
        at = datetime.now(UTC)
        request_id = conn.execute(
            four_eyes_requests.insert()
            .values(
                kind=kind,
                subject=subject,
                payload=json.dumps(payload, sort_keys=True),
                rationale=rationale,
                requested_by=by,
                requested_via=via,
                requested_at=at,
                state=PENDING,
            )
            .returning(four_eyes_requests.c.id)
        ).scalar_one()
        details = {"request": request_id, "via": via, "rationale": rationale, **(public or {})}
        self.audit.append(by, f"{kind}.request", subject, details, conn=conn)
        return Request(request_id, kind, subject, payload, rationale, by, via, at, PENDING)

    def decide(
        self,
        request_id: int,
        kinds: tuple[str, ...],
        by: str,
        via: str,
        approve: bool,
        rationale: str,
        apply: Callable[[Connection, Request], dict[str, Any]],
    ) -> Request:
        """Approve (running ``apply`` in the same transaction; what it returns joins the audit
        record) or reject a pending request of one of ``kinds``, as someone other than its requester."""
        rationale = _rationale(rationale)
        with self.engine.begin() as conn:
            lock_chain(conn)  # serialises deciders: the state read below is the committed one
            request = self.get(request_id, conn)
            if request.kind not in kinds:
                raise RequestError(f"request {request_id} is a {request.kind} request, not {' or '.join(kinds)}")
            if request.state != PENDING:
                raise RequestError(
                    f"request {request_id} was already {request.state} by {request.decided_by} on "
                    f"{request.decided_at:%Y-%m-%d %H:%M}"
                )
            if by == request.requested_by:
                raise SelfApproval(
                    f"{by} made request {request_id} and cannot decide it; a second person must (four-eyes)"
                )
            applied = apply(conn, request) if approve else {}
            at, state = datetime.now(UTC), APPROVED if approve else REJECTED
            conn.execute(
                update(four_eyes_requests)
                .where(four_eyes_requests.c.id == request_id)
                .values(state=state, decided_by=by, decided_via=via, decided_at=at, decision_rationale=rationale)
            )
            details = {
                "request": request_id,
                "via": via,
                "requested_by": request.requested_by,
                "requested_via": request.requested_via,
                "rationale": rationale,
                **applied,
            }
            self.audit.append(
                by, f"{request.kind}.{'approve' if approve else 'reject'}", request.subject, details, conn
            )
        return self.get(request_id)

    def get(self, request_id: int, conn: Connection | None = None) -> Request:
        query = select(four_eyes_requests).where(four_eyes_requests.c.id == request_id)
        if conn is None:
            with self.engine.connect() as own:
                row = own.execute(query).first()
        else:
            row = conn.execute(query).first()
        if row is None:
            raise UnknownRequest(f"no request {request_id}")
        return _request(row)

    def list(self, pending_only: bool = True, kind: str | None = None) -> list[Request]:
        query = select(four_eyes_requests).order_by(four_eyes_requests.c.id)
        if pending_only:
            query = query.where(four_eyes_requests.c.state == PENDING)
        if kind:
            query = query.where(four_eyes_requests.c.kind == kind)
        with self.engine.connect() as conn:
            return [_request(row) for row in conn.execute(query)]
