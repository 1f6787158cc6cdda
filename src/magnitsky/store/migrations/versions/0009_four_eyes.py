"""Reviewers prove who they are, and granting, key binding and fund releases take two people.

``case_users`` gains a password (an argon2 hash) and a pending setup code (two halves, one from
the administrator who asked for the account, one from the one who approved it);
``four_eyes_requests`` keeps changes awaiting a second person; a frozen-asset release records who
asked for it beside who approved it.

Revision ID: 0009_four_eyes
Revises: 0008_registry
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_four_eyes"
down_revision = "0008_registry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_users") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(200)))  # NULL: no password yet
        batch.add_column(sa.Column("setup_hash", sa.String(200)))  # salt and the hashes of both halves
        batch.add_column(sa.Column("setup_expires_at", sa.DateTime(timezone=True)))
    op.create_table(
        "four_eyes_requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("requested_via", sa.String(200), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("decided_via", sa.String(200)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("decision_rationale", sa.Text),
    )
    op.create_index("ix_four_eyes_requests_state", "four_eyes_requests", ["state", "subject"])
    with op.batch_alter_table("frozen_asset_releases") as batch:
        batch.add_column(sa.Column("requested_by", sa.String(200)))  # NULL: released before four-eyes


def downgrade() -> None:
    with op.batch_alter_table("frozen_asset_releases") as batch:
        batch.drop_column("requested_by")
    op.drop_index("ix_four_eyes_requests_state", "four_eyes_requests")
    op.drop_table("four_eyes_requests")
    with op.batch_alter_table("case_users") as batch:
        batch.drop_column("setup_expires_at")
        batch.drop_column("setup_hash")
        batch.drop_column("password_hash")
