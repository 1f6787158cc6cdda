"""Periodic reviews of designations and statutory clocks.

``registry_reviews``: each review of a designation, its findings and proposed outcome (keep, vary,
revoke), and who proposed and who decided it (four eyes). ``registry_clocks``: each statutory
duty with a due date (a legislature's request, a notice before removal, an annual review or
report), its owner, and when and how it was answered.

Revision ID: 0013_registry_reviews_clocks
Revises: 0012_registry_petitions
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_registry_reviews_clocks"
down_revision = "0012_registry_petitions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "nomination_id",
            sa.Integer,
            sa.ForeignKey("registry_nominations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("due_on", sa.String(10)),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("findings", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("proposed_by", sa.String(200), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_registry_reviews_nomination", "registry_reviews", ["nomination_id"])
    op.create_table(
        "registry_clocks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("regime", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("concerning", sa.Text, nullable=False),
        sa.Column("nomination_id", sa.Integer, sa.ForeignKey("registry_nominations.id", ondelete="SET NULL")),
        sa.Column("opened_on", sa.String(10), nullable=False),
        sa.Column("due_on", sa.String(10), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("answered_on", sa.String(10)),
        sa.Column("answer", sa.Text),
        sa.Column("answered_by", sa.String(200)),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_registry_clocks_due", "registry_clocks", ["status", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_registry_clocks_due", "registry_clocks")
    op.drop_table("registry_clocks")
    op.drop_index("ix_registry_reviews_nomination", "registry_reviews")
    op.drop_table("registry_reviews")
