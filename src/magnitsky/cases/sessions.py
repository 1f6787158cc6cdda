"""Signed-in browsers: a session per sign-in, kept in the database so every worker knows it.

A session is a random token in a cookie. The database keeps only its SHA-256, so a copy of the
table signs no one in; signing out or disabling the reviewer ends it at once on every worker
(a signed cookie could not be taken back). Each session has its own CSRF token, which every form
echoes. A session ends after ``IDLE`` without use or ``LIFETIME`` after sign-in, whichever is first.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, delete, insert, select, update

from magnitsky.cases.db import now, utc, writing
from magnitsky.cases.schema import case_users, web_sessions
from magnitsky.cases.users import Actor, Users
from magnitsky.store import AuditLog

IDLE = timedelta(minutes=30)
LIFETIME = timedelta(hours=12)
_TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is rewritten at most this often, not on every page


@dataclass(frozen=True)
class Session:
    """A signed-in reviewer and the token their forms must echo."""

    actor: Actor
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.users = Users(engine)
        self.audit = AuditLog(engine)

    def sign_in(self, name: str, password: str, where: str) -> tuple[str, Session]:
        """Check the password (counting failures, see :meth:`Users.authenticate`) and open a
        session; returns the cookie's token. ``where`` (the door, e.g. ``web``) goes to the audit."""
        actor = self.users.authenticate(name, password)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        started = now()
        with writing(self.engine) as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < started))  # the expired go
            conn.execute(
                insert(web_sessions).values(
                    token_hash=_digest(token),
                    user_name=actor.name,
                    csrf_token=csrf,
                    created_at=started,
                    last_seen_at=started,
                    expires_at=started + LIFETIME,
                )
            )
            self.audit.append(actor.name, "user.sign_in", f"user:{actor.name}", {"via": where}, conn=conn)
        return token, Session(actor, csrf)

    def resume(self, token: str) -> Session | None:
        """The session ``token`` opened, if it is still open and its reviewer still active."""
        query = (
            select(web_sessions, case_users.c.role, case_users.c.active)
            .join(case_users, case_users.c.name == web_sessions.c.user_name)
            .where(web_sessions.c.token_hash == _digest(token))
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        moment = now()
        if row is None or not row.active or utc(row.expires_at) <= moment or utc(row.last_seen_at) + IDLE <= moment:
            return None
        if utc(row.last_seen_at) + _TOUCH_EVERY <= moment:
            with self.engine.begin() as conn:
                conn.execute(
                    update(web_sessions).where(web_sessions.c.token_hash == row.token_hash).values(last_seen_at=moment)
                )
        return Session(Actor(row.user_name, row.role, "password"), row.csrf_token)

    def sign_out(self, token: str) -> None:
        with writing(self.engine) as conn:
            ended = delete(web_sessions).where(web_sessions.c.token_hash == _digest(token))
            gone = conn.execute(ended.returning(web_sessions.c.user_name)).first()
            if gone is not None:
                self.audit.append(gone.user_name, "user.sign_out", f"user:{gone.user_name}", {}, conn=conn)
