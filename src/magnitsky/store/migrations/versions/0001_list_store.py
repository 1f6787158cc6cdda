"""List store: versions, content-addressed entity blobs, version membership, programs.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("format", sa.String(50), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("publication_date", sa.String(10)),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("entity_count", sa.Integer, nullable=False),
        sa.Column("schema_counts", sa.Text, nullable=False),
        sa.UniqueConstraint("source", "number", name="uq_version_number"),
    )
    op.create_table(
        "entity_blobs",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "version_entities",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("list_versions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_id", sa.String(200), primary_key=True),
        sa.Column("schema", sa.String(30), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), sa.ForeignKey("entity_blobs.fingerprint"), nullable=False),
    )
    op.create_table(
        "version_programs",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("list_versions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("program", sa.String(200), nullable=False),
    )
    op.create_index("ix_version_programs_program", "version_programs", ["version_id", "program"])


def downgrade() -> None:
    op.drop_table("version_programs")
    op.drop_table("version_entities")
    op.drop_table("entity_blobs")
    op.drop_table("list_versions")
