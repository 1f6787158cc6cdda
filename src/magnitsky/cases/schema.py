"""Tables of the case store: reviewers, customers, screening runs, alerts and the good-guy list.

Created by the Alembic migration ``0005_cases``; these Core tables mirror it for queries, on the
list store's ``MetaData`` (the database is one, so is its catalogue).
An alert's history is not kept here: every transition is a record in the hash-chained audit log
(subject ``alert:<id>``), written in the same transaction as the change.
"""

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from magnitsky.cases.records import ACTIVE_STATES
from magnitsky.store.schema import metadata

# at most one alert per (subject, entity) in a state that still needs someone
_ACTIVE = text(f"state IN ({', '.join(repr(state.value) for state in ACTIVE_STATES)})")

case_users = Table(
    "case_users",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("password_hash", String(200)),  # argon2; NULL until the reviewer sets one (migration 0009)
    Column("setup_hash", String(200)),  # the pending setup code's salt and halves' hashes
    Column("setup_expires_at", DateTime(timezone=True)),
    Column("failed_sign_ins", Integer, nullable=False, server_default="0"),  # wrong passwords in a row (0010)
    Column("locked_until", DateTime(timezone=True)),  # refuses every password until then
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 of the cookie's token, never the token
    Column("user_name", String(200), nullable=False),
    Column("csrf_token", String(64), nullable=False),  # every form of the session echoes it
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_web_sessions_user", "user_name"),
)

customers = Table(
    "customers",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("schema", String(30), nullable=False),
    Column("caption", Text, nullable=False),
    Column("properties", Text, nullable=False),  # canonical JSON {property: [values]}
    Column("fingerprint", String(64), nullable=False),
    Column("source_file", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

screening_runs = Table(
    "screening_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # "customers" (everyone) or "monitor" (list changes)
    Column("actor", String(200), nullable=False),
    Column("versions", Text, nullable=False),  # JSON {source: version number} screened against
    Column("threshold", Float, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),  # NULL: still running, or interrupted
    Column("screened", Integer, nullable=False),
    Column("opened", Integer, nullable=False),
    Column("suppressed", Integer, nullable=False),
    Column("report", Text),  # JSON report of a monitor run
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", String(20), nullable=False),  # screening, monitoring, payment, visa
    Column("subject_kind", String(20), nullable=False),  # customer, payment, visa
    Column("subject_id", String(200), nullable=False),
    Column("subject_caption", Text, nullable=False),
    Column("subject_fingerprint", String(64), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("entity_caption", Text, nullable=False),
    Column("entity_fingerprint", String(64), nullable=False),
    Column("list_version", String(120), nullable=False),  # "source:number"
    Column("score", Float, nullable=False),
    Column("explanation", Text, nullable=False),  # JSON, as the screener gave it
    Column("measure", String(20)),  # BLOCK / HOLD / REFER when a payment or visa decision raised it
    Column("run_id", Integer, ForeignKey("screening_runs.id")),
    Column("state", String(20), nullable=False),
    Column("decision", String(20)),  # true_match / false_positive
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Column("rationale", Text),  # of the latest transition; every earlier one is in the audit log
    Column("approved_by", String(200)),
    Column("approved_at", DateTime(timezone=True)),
    Column("flag", String(20)),  # "delisted": the listed entry was removed after a true match
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),  # optimistic lock: bumped by every change
    Index("ix_alerts_state", "state"),
    Index("ix_alerts_subject", "subject_kind", "subject_id"),
    Index("ix_alerts_entity", "entity_id"),
    Index("ix_alerts_queue", "created_at", "id"),  # the reviewers' queue, oldest first (0011)
    Index(
        "uq_alerts_active",
        "subject_kind",
        "subject_id",
        "entity_id",
        unique=True,
        sqlite_where=_ACTIVE,
        postgresql_where=_ACTIVE,
    ),
)

good_guys = Table(
    "good_guys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_kind", String(20), nullable=False),
    Column("subject_id", String(200), nullable=False),
    Column("subject_fingerprint", String(64), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("entity_fingerprint", String(64), nullable=False),
    Column("list_version", String(120), nullable=False),
    Column("alert_id", Integer, ForeignKey("alerts.id"), nullable=False),
    Column("decided_by", String(200), nullable=False),
    Column("approved_by", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint(
        "subject_kind", "subject_id", "subject_fingerprint", "entity_id", "entity_fingerprint", name="uq_good_guys"
    ),
)
