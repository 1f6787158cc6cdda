"""The reviewers' queue in the order it is read: an index on alerts by when they were raised.

The queue pages (``magnitsky.cases.queue``) walk alerts oldest first and cut pages at an alert;
with this index a page, the last one included, or an age filter ("newer than 30 days") reads one
page's worth of index entries on a store of any size instead of skipping every older alert.

Revision ID: 0011_alert_queue
Revises: 0010_web_sessions
Create Date: 2026-12-07
"""

from alembic import op

revision = "0011_alert_queue"
down_revision = "0010_web_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_alerts_queue", "alerts", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_alerts_queue", table_name="alerts")
