"""Transactions of the case store.

Every case write also appends to the audit log, whose chain head is a single row. A write
transaction takes that row's lock *first*: writers are then serialised in one order (no deadlock
between, say, a screening run inserting alerts and a reviewer deciding one), and whatever a
writer reads after the lock is what the previous writer committed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, overload

from sqlalchemy import Connection, Engine

from magnitsky.store.audit import lock_chain


@contextmanager
def writing(engine: Engine, conn: Connection | None = None) -> Iterator[Connection]:
    """A write transaction holding the audit chain's lock; or ``conn`` when the caller has one open."""
    if conn is not None:
        yield conn
        return
    with engine.begin() as own:
        lock_chain(own)
        yield own


def now() -> datetime:
    return datetime.now(UTC)


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
def utc(value: datetime | None) -> datetime | None:
    """Timestamps read back from SQLite have no zone; they were written in UTC."""
    if value is None or value.tzinfo:
        return value
    return value.replace(tzinfo=UTC)


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
