"""Case store: reviewers, customers, screening runs, alerts, the good-guy list.

Revision ID: 0005_cases
Revises: 0004_ownership
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_cases"
down_revision = "0004_ownership"
branch_labels = None
depends_on = None

_ACTIVE = sa.text("state IN ('open', 'in_review', 'escalated', 'awaiting_approval')")


def upgrade() -> None:
    op.create_table(
        "case_users",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("schema", sa.String(30), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("properties", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "screening_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("versions", sa.Text, nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("screened", sa.Integer, nullable=False),
        sa.Column("opened", sa.Integer, nullable=False),
        sa.Column("suppressed", sa.Integer, nullable=False),
        sa.Column("report", sa.Text),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("subject_caption", sa.Text, nullable=False),
        sa.Column("subject_fingerprint", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("entity_caption", sa.Text, nullable=False),
        sa.Column("entity_fingerprint", sa.String(64), nullable=False),
        sa.Column("list_version", sa.String(120), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("measure", sa.String(20)),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("screening_runs.id")),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(20)),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("rationale", sa.Text),
        sa.Column("approved_by", sa.String(200)),
        sa.Column("approved_at", sa.DateTime(timezone=True)),
        sa.Column("flag", sa.String(20)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_alerts_state", "alerts", ["state"])
    op.create_index("ix_alerts_subject", "alerts", ["subject_kind", "subject_id"])
    op.create_index("ix_alerts_entity", "alerts", ["entity_id"])
    op.create_index(
        "uq_alerts_active",
        "alerts",
        ["subject_kind", "subject_id", "entity_id"],
        unique=True,
        sqlite_where=_ACTIVE,
        postgresql_where=_ACTIVE,
    )
    op.create_table(
        "good_guys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(200), nullable=False),
        sa.Column("subject_fingerprint", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("entity_fingerprint", sa.String(64), nullable=False),
        sa.Column("list_version", sa.String(120), nullable=False),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("approved_by", sa.String(200)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "subject_kind",
            "subject_id",
            "subject_fingerprint",
            "entity_id",
            "entity_fingerprint",
            name="uq_good_guys",
        ),
    )


def downgrade() -> None:
    op.drop_table("good_guys")
    op.drop_table("alerts")
    op.drop_table("screening_runs")
    op.drop_table("customers")
    op.drop_table("case_users")
