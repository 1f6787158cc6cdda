"""Customers: imported from the bank's files, kept with a fingerprint, screened into alerts.

A customer's fingerprint is the hash of its screening data (schema and properties). Re-importing
an unchanged record changes nothing; an edited record gets a new fingerprint, which is what makes
an earlier false-positive clearance of that customer stop applying.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, update

from magnitsky.cases.customer_files import read_customers
from magnitsky.cases.db import canonical, now, utc, writing
from magnitsky.cases.errors import CaseError, NotFound
from magnitsky.cases.faults import crash_point
from magnitsky.cases.records import Subject
from magnitsky.cases.runs import COMMIT_EVERY, RunSummary, ScreeningRun
from magnitsky.cases.schema import customers
from magnitsky.match import Query, QueryError
from magnitsky.screening import Screener
from magnitsky.store import AuditLog

SCREEN_LIMIT = 10  # candidates per customer; only those at the threshold become alerts
_BATCH = 1000


@dataclass(frozen=True)
class Customer:
    id: str
    schema: str
    caption: str
    properties: dict[str, list[str]]
    fingerprint: str
    source_file: str
    imported_at: datetime
    updated_at: datetime

    def query(self) -> dict:
        return {"schema": self.schema, "properties": self.properties}

    def subject(self) -> Subject:
        return Subject("customer", self.id, self.caption, self.fingerprint)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "schema": self.schema,
            "caption": self.caption,
            "properties": self.properties,
            "fingerprint": self.fingerprint,
            "source_file": self.source_file,
            "imported_at": self.imported_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }

    @classmethod
    def from_row(cls, row) -> Customer:
        return cls(
            row.id,
            row.schema,
            row.caption,
            json.loads(row.properties),
            row.fingerprint,
            row.source_file,
            utc(row.imported_at),
            utc(row.updated_at),
        )


def fingerprint(schema: str, properties: dict[str, list[str]]) -> str:
    """Content hash of a customer's screening data; the order of values does not matter."""
    data = {"schema": schema, "properties": {k: sorted(v) for k, v in properties.items() if v}}
    return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


@dataclass
class ImportSummary:
    file: str
    sha256: str
    records: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class Customers:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.audit = AuditLog(engine)

    # -- import --------------------------------------------------------------------------------

    def import_file(
        self,
        path: Path,
        mapping: dict[str, str] | None = None,
        schema: str = "Person",
        actor: str = "system",
        on_record: Callable[[int], None] | None = None,
    ) -> ImportSummary:
        """Add new customers and update changed ones from ``path``, all or nothing: a bad record
        stops the import with its place and nothing from the file is kept."""
        path = Path(path)
        records = read_customers(path, mapping)
        summary = ImportSummary(path.name, _sha256(path))
        seen: dict[str, str] = {}
        batch: list[tuple[str, str, str, dict]] = []
        with writing(self.engine) as conn:
            for record in records:
                if record.id in seen:
                    raise CaseError(f"{record.where}: customer id {record.id!r} was already in {seen[record.id]}")
                seen[record.id] = record.where.rpartition(", ")[2]
                record_schema = record.schema or schema
                try:
                    query = Query.from_dict({"schema": record_schema, "properties": record.properties})
                except QueryError as exc:
                    raise CaseError(f"{record.where}: {exc}") from None
                batch.append((record.id, query.schema, query.names[0], record.properties))
                if len(batch) >= _BATCH:
                    self._write(conn, batch, summary, path.name)
                if on_record:
                    on_record(len(seen))
            self._write(conn, batch, summary, path.name)
            if not summary.records:
                raise CaseError(f"{path}: no customer records")
            self.audit.append(
                actor,
                "customers.import",
                f"file:{path.name}",
                {**summary.to_dict(), "mapping": mapping or {}},
                conn=conn,
            )
            crash_point("customers.import")
        return summary

    def _write(self, conn, batch: list, summary: ImportSummary, source_file: str) -> None:
        ids = [b[0] for b in batch]
        known = dict(conn.execute(select(customers.c.id, customers.c.fingerprint).where(customers.c.id.in_(ids))).all())
        at = now()
        new_rows = []
        for key, schema, caption, properties in batch:
            digest = fingerprint(schema, properties)
            values = {
                "schema": schema,
                "caption": caption,
                "properties": canonical(properties),
                "fingerprint": digest,
                "source_file": source_file,
                "updated_at": at,
            }
            if key not in known:
                new_rows.append({"id": key, "imported_at": at, **values})
            elif known[key] != digest:
                conn.execute(update(customers).where(customers.c.id == key).values(**values))
                summary.updated += 1
            else:
                summary.unchanged += 1
        if new_rows:
            conn.execute(insert(customers), new_rows)
        summary.added += len(new_rows)
        summary.records += len(batch)
        batch.clear()

    # -- reading -------------------------------------------------------------------------------

    def get(self, customer_id: str) -> Customer:
        with self.engine.connect() as conn:
            row = conn.execute(select(customers).where(customers.c.id == customer_id)).first()
        if row is None:
            raise NotFound(f"no customer {customer_id!r}")
        return Customer.from_row(row)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(customers)).scalar_one()

    def list(self, limit: int | None = None, offset: int = 0) -> list[Customer]:
        query = select(customers).order_by(customers.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [Customer.from_row(row) for row in conn.execute(query)]

    def __iter__(self) -> Iterator[Customer]:
        """Every customer by id, read in pages so no cursor stays open across the caller's writes."""
        after = None
        while True:
            query = select(customers).order_by(customers.c.id).limit(_BATCH)
            if after is not None:
                query = query.where(customers.c.id > after)
            with self.engine.connect() as conn:
                page = [Customer.from_row(row) for row in conn.execute(query)]
            yield from page
            if len(page) < _BATCH:
                return
            after = page[-1].id

    # -- screening -----------------------------------------------------------------------------

    def screen(
        self,
        screener: Screener,
        actor: str = "system",
        on_customer: Callable[[int], None] | None = None,
        commit_every: int = COMMIT_EVERY,
    ) -> RunSummary:
        """Screen every customer against the screener's lists; open alerts for new hits."""
        run = ScreeningRun(self.engine, "customers", actor, screener, "screening", commit_every)
        for customer in self:
            result = screener.screen(customer.query(), limit=SCREEN_LIMIT, only_matches=True)
            run.add(customer.subject(), result.hits)
            if on_customer:
                on_customer(run.screened)
        return run.finish()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise CaseError(f"{path}: {exc.strerror or exc}") from None
    return digest.hexdigest()
