"""Tables of the list store.

Entity contents are stored once per distinct content (``entity_blobs``, keyed by the entity's
fingerprint); a version is the set of (entity id, fingerprint) pairs it contains. Unchanged
entries cost nothing in a new version, and a diff is a comparison of fingerprints.
"""

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

list_versions = Table(
    "list_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), nullable=False),
    Column("number", Integer, nullable=False),
    Column("format", String(50), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("publication_date", String(10)),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("files", Text, nullable=False),  # JSON list of file names
    Column("entity_count", Integer, nullable=False),
    Column("schema_counts", Text, nullable=False),  # JSON {schema: count}
    UniqueConstraint("source", "number", name="uq_version_number"),
)

entity_blobs = Table(
    "entity_blobs",
    metadata,
    Column("fingerprint", String(64), primary_key=True),
    Column("data", Text, nullable=False),
)

version_entities = Table(
    "version_entities",
    metadata,
    Column("version_id", Integer, ForeignKey("list_versions.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("schema", String(30), nullable=False),
    Column("caption", Text, nullable=False),
    Column("fingerprint", String(64), ForeignKey("entity_blobs.fingerprint"), nullable=False),
)

version_programs = Table(
    "version_programs",
    metadata,
    Column("version_id", Integer, ForeignKey("list_versions.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("program", String(200), nullable=False),
    Index("ix_version_programs_program", "version_id", "program"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),  # ISO-8601 UTC, as hashed
    Column("actor", String(200), nullable=False),
    Column("action", String(100), nullable=False),
    Column("subject", String(500), nullable=False),
    Column("details", Text, nullable=False),  # canonical JSON, as hashed
    Column("prev_hash", String(64), nullable=False, unique=True),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_subject", "subject"),
)

# The chain head: one row, updated in the same transaction as every append. Updating it first
# serialises appenders (a row lock on PostgreSQL, the write lock on SQLite), and comparing it with
# the last record detects records deleted from the end.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# Listed entries of different lists that are one person or company (``magnitsky.linking``). A row is
# a pair of stable entry ids (``source:source_id``, left < right), so it outlives list versions.
# ``status``: ``auto`` (strong evidence agrees) and ``proposed`` are what the last linking run found
# and are replaced by the next; ``confirmed`` and ``rejected`` are a reviewer's judgements, kept
# whatever later runs find.
entity_links = Table(
    "entity_links",
    metadata,
    Column("left_id", String(200), primary_key=True),
    Column("right_id", String(200), primary_key=True),
    Column("status", String(12), nullable=False),
    Column("basis", Text, nullable=False),  # JSON list of the evidence found, in words
    Column("found_at", DateTime(timezone=True), nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Column("rationale", Text),
    Index("ix_entity_links_status", "status"),
)

# What ``magnitsky update`` last learned of each publication it fetches: the validators to ask
# the publisher with (ETag, Last-Modified), the checksum of the last file downloaded, and when it
# last checked, last found a change and last failed (with the one-line reason).
list_publications = Table(
    "list_publications",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("url", Text, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("sha256", String(64)),
    Column("checked_at", DateTime(timezone=True)),
    Column("changed_at", DateTime(timezone=True)),
    Column("failed_at", DateTime(timezone=True)),
    Column("error", Text),
)
