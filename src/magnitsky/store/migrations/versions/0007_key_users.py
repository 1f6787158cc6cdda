"""An API key may act for a reviewer: four-eyes needs persons, not systems.

A key bound to a case user (``magnitsky keys create NAME --role R --user USER``) decides and
approves alerts as that person; a key bound to nobody may read cases but not decide them.

Revision ID: 0007_key_users
Revises: 0006_api_keys
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_key_users"
down_revision = "0006_api_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:  # batch: SQLite cannot drop columns in place
        batch.add_column(sa.Column("case_user", sa.String(200)))  # a case_users name; NULL: no person


def downgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("case_user")
