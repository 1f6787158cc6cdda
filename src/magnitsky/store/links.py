"""The stored links between entries of different lists, and reviewers' judgements on them.

A linking run (``magnitsky.linking``) replaces what the previous run found (``auto`` links and
``proposed`` ones) in one transaction; a reviewer's ``confirmed`` or ``rejected`` judgement on a
pair is kept across runs and list versions (pairs are keyed on ``source:source_id``), and a run
that finds a judged pair again leaves the judgement as it is. Every run and judgement is audited.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import Engine, delete, func, insert, or_, select, update

from magnitsky.store.audit import AuditLog
from magnitsky.store.link_statuses import AUTO, CONFIRMED, PROPOSED, REJECTED
from magnitsky.store.lists import StoreError
from magnitsky.store.reading import LINKS, Link, link_of
from magnitsky.store.schema import entity_links

FOUND = (AUTO, PROPOSED)  # what a linking run finds and the next replaces
JUDGED = (CONFIRMED, REJECTED)  # a reviewer's word, kept


class FoundPair(Protocol):
    """A pair a linking run found (``magnitsky.linking.PairJudgement``), read-only."""

    @property
    def left(self) -> str: ...
    @property
    def right(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def basis(self) -> tuple[str, ...]: ...


class LinkStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def replace_found(self, found: Iterable[FoundPair], actor: str) -> dict[str, int]:
        """Store a linking run's pairs in place of the previous run's; judged pairs stay as judged.
        Returns the count per status of what was stored."""
        now = datetime.now(UTC)
        counts: Counter = Counter()
        with self.engine.begin() as conn:
            judged = {
                (row.left_id, row.right_id)
                for row in conn.execute(select(entity_links).where(entity_links.c.status.in_(JUDGED)))
            }
            conn.execute(delete(entity_links).where(entity_links.c.status.in_(FOUND)))
            rows = []
            for pair in found:
                if (pair.left, pair.right) in judged:
                    continue
                counts[pair.status] += 1
                rows.append(
                    {
                        "left_id": pair.left,
                        "right_id": pair.right,
                        "status": pair.status,
                        "basis": json.dumps(list(pair.basis), ensure_ascii=False),
                        "found_at": now,
                    }
                )
            for start in range(0, len(rows), 2000):
                conn.execute(insert(entity_links), rows[start : start + 2000])
            AuditLog(self.engine).append(actor, "links.update", "links", dict(counts), conn=conn)
        return dict(counts)

    def judge(self, left: str, right: str, confirm: bool, actor: str, rationale: str) -> Link:
        """A reviewer's judgement on a found pair (a proposal, or an automatic link they overrule);
        audited with who decided. Raises :class:`StoreError` for a pair no run has found."""
        if not rationale.strip():
            raise StoreError("a judgement on a link needs a rationale")
        left, right = sorted((left, right))
        status = CONFIRMED if confirm else REJECTED
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            row = conn.execute(
                select(entity_links).where(entity_links.c.left_id == left, entity_links.c.right_id == right)
            ).first()
            if row is None:
                raise StoreError(f"no link or proposal between {left} and {right}: run 'magnitsky links update' first")
            conn.execute(
                update(entity_links)
                .where(entity_links.c.left_id == left, entity_links.c.right_id == right)
                .values(status=status, decided_by=actor, decided_at=now, rationale=rationale)
            )
            details = {"from": row.status, "to": status, "basis": json.loads(row.basis), "rationale": rationale}
            AuditLog(self.engine).append(
                actor, f"link.{'confirm' if confirm else 'reject'}", f"link:{left}|{right}", details, conn=conn
            )
        return self.link(left, right)

    def link(self, left: str, right: str) -> Link:
        left, right = sorted((left, right))
        with self.engine.connect() as conn:
            row = conn.execute(
                select(entity_links).where(entity_links.c.left_id == left, entity_links.c.right_id == right)
            ).first()
        if row is None:
            raise StoreError(f"no link or proposal between {left} and {right}")
        return link_of(row)

    def links(
        self, status: str | None = None, entity_id: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Link]:
        """Stored pairs, by status and/or touching one entry, in id order."""
        query = select(entity_links).order_by(entity_links.c.left_id, entity_links.c.right_id)
        if status:
            query = query.where(entity_links.c.status == status)
        if entity_id:
            query = query.where(or_(entity_links.c.left_id == entity_id, entity_links.c.right_id == entity_id))
        if limit is not None:
            query = query.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [link_of(row) for row in conn.execute(query)]

    def all(self) -> list[Link]:
        """Every stored pair, by its two entries (``reading.LINKS``): what screening merges entries by (``Linkage``)."""
        with self.engine.connect() as conn:
            return [link_of(row) for row in conn.exec_driver_sql(LINKS)]

    def pairs(self, *statuses: str) -> list[tuple[str, str]]:
        """The (left, right) ids of every pair of these statuses."""
        query = select(entity_links.c.left_id, entity_links.c.right_id).where(entity_links.c.status.in_(statuses))
        with self.engine.connect() as conn:
            return [(left, right) for left, right in conn.execute(query)]

    def stamp(self) -> tuple:
        """Changes whenever a run or a judgement changes the links: a server polls it to re-read them."""
        query = select(func.count(), func.max(entity_links.c.found_at), func.max(entity_links.c.decided_at))
        with self.engine.connect() as conn:
            return tuple(conn.execute(query).one())

    def counts(self) -> dict[str, int]:
        query = select(entity_links.c.status, func.count()).group_by(entity_links.c.status)
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())
