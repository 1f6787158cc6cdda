"""Links between listed entries of different lists that are one person or company.

Keyed on the entries' stable ids (``source:source_id``), not on version rows, so a reviewer's
confirmation or rejection holds across every later version of both lists.

Revision ID: 0014_entity_links
Revises: 0013_registry_reviews_clocks
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_entity_links"
down_revision = "0013_registry_reviews_clocks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_links",
        sa.Column("left_id", sa.String(200), primary_key=True),
        sa.Column("right_id", sa.String(200), primary_key=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(200)),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("rationale", sa.Text()),
    )
    op.create_index("ix_entity_links_status", "entity_links", ["status"])


def downgrade() -> None:
    op.drop_index("ix_entity_links_status", table_name="entity_links")
    op.drop_table("entity_links")
