"""What ``magnitsky update`` last learned of each publication it fetches.

``list_publications``: per source, its address, the validators of the last answer (ETag,
Last-Modified) for conditional requests, the SHA-256 of the last file downloaded, and when the
source was last checked, last changed and last failed (with the one-line error).

Revision ID: 0015_list_publications
Revises: 0014_entity_links
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_list_publications"
down_revision = "0014_entity_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_publications",
        sa.Column("source", sa.String(100), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("sha256", sa.String(64)),
        sa.Column("checked_at", sa.DateTime(timezone=True)),
        sa.Column("changed_at", sa.DateTime(timezone=True)),
        sa.Column("failed_at", sa.DateTime(timezone=True)),
        sa.Column("error", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("list_publications")
