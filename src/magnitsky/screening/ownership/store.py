"""The user's ownership data in the database: versioned like the lists, every load audited.

Each load of an ownership CSV is the next version and replaces the previous one for the rule
(older versions stay, so what was known when can be shown). A load checks the file against the
lists loaded at that moment, and the audit record names every entity the rule blocks then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
)

from magnitsky.model import Entity
from magnitsky.screening.derived import DerivedEntities
from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.ownership.analysis import OwnershipAnalysis, analyse
from magnitsky.screening.ownership.csv_file import OwnershipFile, read_ownership_csv
from magnitsky.screening.ownership.current import CURRENT_SHA256, derived_key
from magnitsky.store import AuditLog, ListStore, open_database
from magnitsky.store.schema import metadata  # one database, one catalogue

# Created by migration 0004_ownership.
ownership_versions = Table(
    "ownership_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number", Integer, nullable=False, unique=True),
    Column("file_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("stakes", Integer, nullable=False),
    Column("parties", Integer, nullable=False),
    Column("data", Text, nullable=False),  # OwnershipFile.to_dict() as JSON
)
AUDIT_SUBJECT = "ownership"


@dataclass(frozen=True)
class OwnershipVersion:
    number: int
    file_name: str
    sha256: str
    loaded_at: datetime
    file: OwnershipFile

    def to_dict(self) -> dict:
        return {
            "version": self.number,
            "file": self.file_name,
            "sha256": self.sha256,
            "loaded_at": self.loaded_at.isoformat(),
            "stakes": len(self.file.stakes),
            "parties": len(self.file.parties),
        }


@dataclass(frozen=True)
class OwnershipLoad:
    version: OwnershipVersion
    unchanged: bool  # the file equals the current version; nothing was written
    analysis: OwnershipAnalysis


class OwnershipStore:
    def __init__(self, database: str | Engine):
        self.engine = open_database(database) if isinstance(database, str) else database

    def load(
        self, path: Path, lists: ListStore, actor: str = "system", measures: MeasuresTable | None = None
    ) -> OwnershipLoad:
        """Check ``path`` against the current lists and store it as the next version, audited.

        Raises OwnershipCsvError (every bad line) or ParseError; then nothing is stored."""
        entities = list(lists.entities())
        parsed = read_ownership_csv(path, {entity.id for entity in entities})
        analysis = analyse(entities, parsed, measures)
        current = self.current()
        if current and current.sha256 == parsed.sha256:
            return OwnershipLoad(current, True, analysis)
        with self.engine.begin() as conn:
            number = (conn.execute(select(func.max(ownership_versions.c.number))).scalar() or 0) + 1
            version = _version(
                conn.execute(
                    insert(ownership_versions)
                    .values(
                        number=number,
                        file_name=parsed.name,
                        sha256=parsed.sha256,
                        loaded_at=datetime.now(UTC),
                        stakes=len(parsed.stakes),
                        parties=len(parsed.parties),
                        data=json.dumps(parsed.to_dict(), ensure_ascii=False, sort_keys=True),
                    )
                    .returning(ownership_versions)
                ).one()
            )
            details = {
                "version": number,
                "file": parsed.name,
                "sha256": parsed.sha256,
                "stakes": len(parsed.stakes),
                "parties": len(parsed.parties),
                "lists": [f"{v.source}:{v.number}" for v in lists.current_versions()],
                "blocked": [
                    {
                        "entity_id": d["entity_id"],
                        "caption": d["caption"],
                        "blocked_share": d["blocked_share"],
                        "paths": [p["text"] for p in d["paths"]],
                    }
                    for d in analysis.derivations
                ],
                "issues": len(analysis.issues),
            }
            AuditLog(self.engine).append(actor, "ownership.load", AUDIT_SUBJECT, details, conn=conn)
        return OwnershipLoad(version, False, analysis)

    def current(self) -> OwnershipVersion | None:
        query = select(ownership_versions).order_by(ownership_versions.c.number.desc()).limit(1)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _version(row) if row else None

    def versions(self) -> list[OwnershipVersion]:
        with self.engine.connect() as conn:
            return [
                _version(row) for row in conn.execute(select(ownership_versions).order_by(ownership_versions.c.number))
            ]

    def analysis(self, lists: ListStore, measures: MeasuresTable | None = None) -> OwnershipAnalysis:
        """The rule over the current lists and the current ownership version."""
        current = self.current()
        return analyse(lists.entities(), current.file if current else None, measures)


def blocked_entities(lists: ListStore, measures: MeasuresTable | None = None) -> list[Entity]:
    """Entities blocked by the ownership rule now, screenable."""
    return OwnershipStore(lists.engine).analysis(lists, measures).entities()


def blocked_by_ownership(lists: ListStore, measures: MeasuresTable | None = None) -> DerivedEntities:
    """The entities the ownership rule blocks, as ``Screener.from_store(lists, cache_dir,
    ownership=...)`` takes them: named by the ownership version and the measures table they
    follow from (with the list versions, which the screener adds), and derived only when no
    saved index of them exists. The analysis reads every listed entity: seconds, which a
    screening command must not spend on every call when nothing changed."""
    measures = measures or MeasuresTable.load()
    with lists.engine.connect() as conn:
        key = derived_key(conn.exec_driver_sql(CURRENT_SHA256).all(), measures)
    return DerivedEntities(key, lambda: OwnershipStore(lists.engine).analysis(lists, measures).entities())


def _version(row) -> OwnershipVersion:
    loaded_at = row.loaded_at if row.loaded_at.tzinfo else row.loaded_at.replace(tzinfo=UTC)
    return OwnershipVersion(
        row.number, row.file_name, row.sha256, loaded_at, OwnershipFile.from_dict(json.loads(row.data))
    )
