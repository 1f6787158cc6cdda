"""Petitions against a designation: a listed person (or their representative) asks for removal or variation.

``registry_petitions`` holds each petition with its grounds, the petitioner's details (kept out of
the audit log), the SHA-256 of the receipt token the petitioner checks its status with, and the
decision taken under four eyes; ``registry_petition_messages`` the exchanges with the petitioner.

Revision ID: 0012_registry_petitions
Revises: 0011_alert_queue
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_registry_petitions"
down_revision = "0011_alert_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_petitions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "nomination_id",
            sa.Integer,
            sa.ForeignKey("registry_nominations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("sought", sa.String(20), nullable=False),
        sa.Column("grounds", sa.Text, nullable=False),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("new_matter", sa.Text),
        sa.Column("petitioner", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_by", sa.String(200), nullable=False),
        sa.Column("decision", sa.String(20)),
        sa.Column("reasons", sa.Text),
        sa.Column("proposed_by", sa.String(200)),
        sa.Column("proposed_at", sa.DateTime(timezone=True)),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_registry_petitions_nomination", "registry_petitions", ["nomination_id"])
    op.create_table(
        "registry_petition_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "petition_id",
            sa.Integer,
            sa.ForeignKey("registry_petitions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sender", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("registry_petition_messages")
    op.drop_index("ix_registry_petitions_nomination", "registry_petitions")
    op.drop_table("registry_petitions")
