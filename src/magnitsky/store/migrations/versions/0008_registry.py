"""Designation registry: nominations, encrypted submitters, evidence and custody, checklists,
statements, four-eyes proposals, publications and registry roles.

Revision ID: 0008_registry
Revises: 0007_key_users
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_registry"
down_revision = "0007_key_users"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def _nomination(**kwargs) -> sa.Column:
    """The column pointing at a nomination (a ForeignKey object belongs to one column only)."""
    return sa.Column(
        "nomination_id", sa.Integer, sa.ForeignKey("registry_nominations.id", ondelete="CASCADE"), **kwargs
    )


def upgrade() -> None:
    op.create_table(
        "registry_roles",
        sa.Column("user_name", sa.String(200), primary_key=True),
        sa.Column("role", sa.String(30), primary_key=True),
        sa.Column("granted_by", sa.String(200), nullable=False),
        sa.Column("granted_at", _WHEN, nullable=False),
    )
    op.create_table(
        "registry_nominations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("state", sa.String(30), nullable=False),
        sa.Column("schema", sa.String(30), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("regimes", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("intake", sa.Text, nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("updated_at", _WHEN, nullable=False),
        sa.Column("designation_id", sa.String(100)),
        sa.Column("listed_on", sa.String(10)),
    )
    op.create_index("ix_registry_nominations_state", "registry_nominations", ["state"])
    op.create_table(
        "registry_submitters",
        _nomination(primary_key=True),
        sa.Column("token", sa.Text, nullable=False),
    )
    op.create_table(
        "registry_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _nomination(nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("captured_at", sa.String(32)),
        sa.Column("captured_by", sa.Text),
        sa.Column("added_at", _WHEN, nullable=False),
    )
    op.create_index("ix_registry_evidence_nomination", "registry_evidence", ["nomination_id"])
    op.create_table(
        "registry_custody",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("registry_evidence.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_table(
        "registry_checklist",
        _nomination(primary_key=True),
        sa.Column("regime", sa.String(100), primary_key=True),
        sa.Column("criterion", sa.String(100), primary_key=True),
        sa.Column("element", sa.String(30), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("supporting", sa.Text, nullable=False),
        sa.Column("exculpatory", sa.Text, nullable=False),
        sa.Column("assessed_by", sa.String(200), nullable=False),
        sa.Column("assessed_at", _WHEN, nullable=False),
    )
    op.create_table(
        "registry_statements",
        _nomination(primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("paragraphs", sa.Text, nullable=False),
        sa.Column("written_by", sa.String(200), nullable=False),
        sa.Column("written_at", _WHEN, nullable=False),
    )
    op.create_table(
        "registry_proposals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _nomination(nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("override", sa.Text),
        sa.Column("proposed_by", sa.String(200), nullable=False),
        sa.Column("proposed_at", _WHEN, nullable=False),
        sa.Column("approved_by", sa.String(200)),
        sa.Column("approved_at", _WHEN),
    )
    op.create_table(
        "registry_publications",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("published_at", _WHEN, nullable=False),
        sa.Column("published_by", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "registry_publications",
        "registry_proposals",
        "registry_statements",
        "registry_checklist",
        "registry_custody",
        "registry_evidence",
        "registry_submitters",
        "registry_nominations",
        "registry_roles",
    ):
        op.drop_table(table)
