"""API keys of the HTTP service: who may call it, with which role and rate.

Only a salted hash of each key's secret is stored; the key itself is shown once, at creation.

Revision ID: 0006_api_keys
Revises: 0005_cases
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_api_keys"
down_revision = "0005_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("key_id", sa.String(16), nullable=False, unique=True),  # public part, for lookup
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("salt", sa.String(32), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("rate", sa.Float),  # requests per second; NULL = the server's default
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("api_keys")
