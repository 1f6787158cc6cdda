"""Ownership data: each load of the user's ownership CSV is a version, kept whole as JSON.

Revision ID: 0004_ownership
Revises: 0003_payments
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_ownership"
down_revision = "0003_payments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ownership_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("number", sa.Integer, nullable=False, unique=True),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stakes", sa.Integer, nullable=False),
        sa.Column("parties", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ownership_versions")
