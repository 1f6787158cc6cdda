"""Every screening answer is written to the audit trail before it is sent.

The record says who asked (the key's name), when, what was asked, what was answered and which
list versions were used. It is committed before the response leaves: if it cannot be written the
client gets 503 and no answer, so there is never an answer the trail does not hold.

Appends are serialised before they reach the database: by a lock among this worker's threads
and, on SQLite, by a file lock among worker processes. SQLite would serialise them anyway, but by
making losers sleep and retry, which under load costs tens of milliseconds per request; a lock
wakes the next writer the moment the previous one commits.
"""

from __future__ import annotations

import fcntl
import json
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, Response
from sqlalchemy import Engine

from magnitsky.api.keys import ApiKey
from magnitsky.store import AuditLog, AuditRecord
from magnitsky.store.checkpoints import EVERY, CheckpointError, CheckpointSigner

log = logging.getLogger(__name__)
# Audit bytes one request may write for its one token of the key's rate; a bigger record is
# charged as that many requests, so no key writes the trail faster than its rate times this.
AUDIT_BYTES_PER_REQUEST = 16 * 1024


class AuditWriter:
    """``AuditLog.append`` with writers queued instead of contending, and a signed checkpoint of
    the chain's head every ``every`` records when given a signer."""

    def __init__(self, engine: Engine, signer: CheckpointSigner | None = None, every: int = EVERY):
        self.log = AuditLog(engine)
        self.signer, self.every = signer, every
        self._thread_lock = threading.Lock()
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        self._lock_path = Path(f"{database}.audit-lock") if database and database != ":memory:" else None
        self._next_checkpoint: int | None = None

    def append(self, actor: str, action: str, subject: str, details: dict[str, Any]) -> AuditRecord:
        with self._thread_lock, self._process_lock():
            record = self.log.append(actor, action, subject, details)
            self._checkpoint_when_due(record.seq)
            return record

    def _checkpoint_when_due(self, seq: int) -> None:
        """Sign the (committed) head once ``every`` records have passed since the last checkpoint;
        a failure is logged, not raised: the record it follows is already safely written."""
        if self.signer is None:
            return
        try:
            if self._next_checkpoint is None:
                latest = self.signer.latest()
                self._next_checkpoint = (latest.seq if latest else 0) + self.every
            if seq >= self._next_checkpoint:
                self._next_checkpoint = self.signer.write(self.log.engine).seq + self.every
        except (CheckpointError, OSError) as exc:
            log.error("audit checkpoint failed: %s", exc)

    @contextmanager
    def _process_lock(self) -> Iterator[None]:
        if self._lock_path is None:
            yield
            return
        with open(self._lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield


def audited(request: Request, response: Response, key: ApiKey, action: str, details: dict[str, Any]) -> None:
    """Append the record, naming it in the response headers; 503 when the trail cannot be written."""
    request_id = uuid.uuid4().hex
    record = {
        "request_id": request_id,
        "endpoint": f"{request.method} {request.url.path}",
        "params": dict(request.query_params),
        **details,
    }
    try:
        written = request.app.state.audit.append(f"api:{key.name}", action, f"apikey:{key.name}", record)
    except Exception as exc:  # whatever the cause, an unaudited answer must not be sent
        log.error("audit write failed for %s (request %s): %s", action, request_id, type(exc).__name__)
        raise HTTPException(
            503,
            "the audit trail could not be written, so no answer is given; retry later",
            headers={"Retry-After": "5"},
        ) from exc
    response.headers["X-Request-Id"] = request_id
    response.headers["X-Audit-Record"] = str(written.seq)
    size = len(json.dumps(written.details, ensure_ascii=False, default=str))
    if size > AUDIT_BYTES_PER_REQUEST:  # a big record counts as several requests against the key's rate
        request.app.state.rate_limiter.charge(key, size / AUDIT_BYTES_PER_REQUEST - 1)
