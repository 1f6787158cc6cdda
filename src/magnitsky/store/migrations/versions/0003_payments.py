"""Payment decisions (idempotent by message), the frozen-assets register and its releases.

Revision ID: 0003_payments
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_payments"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("message_type", sa.String(20), nullable=False),
        sa.Column("sender", sa.String(140), nullable=False),
        sa.Column("message_id", sa.String(140), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("decided_at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.UniqueConstraint("message_type", "sender", "message_id", name="uq_payment_message"),
    )
    op.create_table(
        "frozen_assets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("decision_id", sa.Integer, sa.ForeignKey("payment_decisions.id"), nullable=False),
        sa.Column("message_type", sa.String(20), nullable=False),
        sa.Column("message_id", sa.String(140), nullable=False),
        sa.Column("transaction_id", sa.String(140), nullable=False),
        sa.Column("uetr", sa.String(36)),
        sa.Column("blocked_at", sa.String(32), nullable=False),
        sa.Column("amount", sa.String(40), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("programs", sa.Text, nullable=False),
        sa.Column("legal_basis", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("parties", sa.Text, nullable=False),
        sa.Column("entries", sa.Text, nullable=False),
        sa.UniqueConstraint("decision_id", "transaction_id", name="uq_frozen_transaction"),
    )
    op.create_table(
        "frozen_asset_releases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("asset_id", sa.Integer, sa.ForeignKey("frozen_assets.id"), nullable=False, unique=True),
        sa.Column("released_at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("frozen_asset_releases")
    op.drop_table("frozen_assets")
    op.drop_table("payment_decisions")
