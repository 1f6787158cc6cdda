"""People sign in to the web pages: sessions kept server-side, and a lockout after failed passwords.

``web_sessions`` holds one row per signed-in browser: the SHA-256 of the cookie's token (the token
itself is never stored, so a copy of the table signs no one in), the reviewer, the token that
every form must echo (CSRF) and when the session ends. ``case_users`` counts failed passwords in a
row and the time until which the account refuses them.

Revision ID: 0010_web_sessions
Revises: 0009_four_eyes
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_web_sessions"
down_revision = "0009_four_eyes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_users") as batch:
        batch.add_column(sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True)))
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_web_sessions_user", "web_sessions", ["user_name"])


def downgrade() -> None:
    op.drop_index("ix_web_sessions_user", "web_sessions")
    op.drop_table("web_sessions")
    with op.batch_alter_table("case_users") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_sign_ins")
