"""API keys: created with a role, stored as a salted hash, revocable, every change audited.

A key reads ``mgk_<key id>_<secret>``. The key id is public and finds the row; the secret is 256
random bits, of which only ``HMAC-SHA256(salt, secret)`` is stored. A fast hash is enough here
because the secret is random, not a password a person chose: there is nothing to guess from.
The whole key is shown once, when it is created, and never again (nor written to any log).

A key may be bound to a reviewer of the case store (``user``): four-eyes needs persons, so only
such a key decides or approves alerts, as that person. Its rights are then the lesser of the
key's role and the reviewer's. Such a key is never made by one person: the reviewer asks for it
themselves, proving who they are (:meth:`KeyStore.request`, so no one else ever sees its secret),
and an administrator other than them approves it (:meth:`KeyStore.decide`); only then does the
key work. A key bound to nobody (a system's: screening, list reloads) an administrator creates
alone (:meth:`KeyStore.create`): it can decide nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    String,
    Table,
    select,
    update,
)

from magnitsky.cases import Actor, PermissionDenied
from magnitsky.cases.db import utc
from magnitsky.cases.errors import request_errors
from magnitsky.cases.schema import case_users
from magnitsky.errors import InputError
from magnitsky.store import AuditLog
from magnitsky.store.audit import lock_chain
from magnitsky.store.requests import Request, Requests
from magnitsky.store.schema import metadata  # one database, one catalogue

PREFIX = "mgk"
_KEY = re.compile(rf"^{PREFIX}_([0-9a-f]{{12}})_([A-Za-z0-9_-]{{43}})$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")

api_keys = Table(
    "api_keys",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("key_id", String(16), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("salt", String(32), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("rate", Float),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("case_user", String(200)),  # the reviewer the key acts for (migration 0007_key_users)
)


class ApiKeyError(InputError):
    """A key operation that cannot be done as asked (bad name or role, unknown or duplicate key)."""


BIND = "apikey.bind"  # the four-eyes request kind of a key bound to a reviewer


class Role(IntEnum):
    """Each role may do what the roles below it may: screener < analyst < supervisor < admin."""

    SCREENER = 1  # screen names, payments, visa applicants
    ANALYST = 2  # also read alerts and cases
    SUPERVISOR = 3  # also approve decisions (the second pair of eyes)
    ADMIN = 4  # also manage keys and reload lists

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ApiKeyError(f"unknown role {text!r}; use one of {', '.join(r.label for r in cls)}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class ApiKey:
    name: str
    key_id: str
    role: Role
    rate: float | None
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    user: str | None = None  # the reviewer this key acts for; None: it may read cases, not decide

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "role": self.role.label,
            "rate": self.rate,
            "key_id": self.key_id,
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "user": self.user,
        }


def _digest(salt: str, secret: str) -> str:
    return hmac.new(salt.encode(), secret.encode(), hashlib.sha256).hexdigest()


class KeyStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def create(self, name: str, role: Role, actor: str, rate: float | None = None) -> tuple[ApiKey, str]:
        """A new key bound to no reviewer (a system's); returns it with the full key text, which
        only this call ever sees."""
        row, secret = _new_key(name, role, rate, actor, None)
        with self.engine.begin() as conn:
            self._insert(conn, row)
            AuditLog(self.engine).append(
                actor,
                "apikey.create",
                f"apikey:{name}",
                {"role": role.label, "rate": rate, "key_id": row["key_id"], "user": None},
                conn=conn,
            )
        return self._key(row), secret

    def request(
        self, name: str, role: Role, by: Actor, rationale: str, rate: float | None = None
    ) -> tuple[Request, str]:
        """The reviewer ``by`` asks for a key acting for them; it works once an administrator other
        than them approves it. Returns the request and the key text, which only ``by`` ever sees."""
        if not by.may_decide:
            raise PermissionDenied(f"{by.name} is {by.role}; only a reviewer may have a key acting for them")
        if role > Role.parse(by.role):
            raise ApiKeyError(f"a key acting for {by.name} ({by.role}) cannot have the role {role.label}")
        row, secret = _new_key(name, role, rate, by.name, by.name)
        with request_errors(), self.engine.begin() as conn:
            lock_chain(conn)
            _check_free(conn, name)
            payload = {**row, "created_at": None}
            public = {"role": role.label, "rate": rate, "key_id": row["key_id"], "user": by.name}
            request = Requests(self.engine).propose(
                conn, BIND, f"apikey:{name}", payload, by.name, by.via, rationale, public
            )
        return request, secret

    def decide(self, request_id: int, by: Actor, rationale: str, approve: bool = True) -> Request:
        """An administrator other than the key's reviewer approves (the key works from now) or
        rejects a key request."""
        if not by.may_administer:
            raise PermissionDenied(f"{by.name} is {by.role}; only an administrator may approve a key")

        def apply(conn: Connection, request: Request) -> dict:
            row = {**request.payload, "created_at": datetime.now(UTC)}
            self._insert(conn, row)
            return {"role": row["role"], "key_id": row["key_id"], "user": row["case_user"]}

        with request_errors():
            return Requests(self.engine).decide(request_id, (BIND,), by.name, by.via, approve, rationale, apply)

    def _insert(self, conn: Connection, row: dict) -> None:
        """Store a key, checking its name is free (that of a revoked key is, its history staying in
        the audit log) and, for a bound key, that its reviewer is still active."""
        if row["case_user"] is not None:
            _check_reviewer(conn, row["case_user"])
        if _check_free(conn, row["name"]):
            conn.execute(api_keys.delete().where(api_keys.c.name == row["name"]))
        conn.execute(api_keys.insert().values(**row))

    def revoke(self, name: str, actor: str) -> ApiKey:
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            done = conn.execute(
                update(api_keys).where(api_keys.c.name == name, api_keys.c.revoked_at.is_(None)).values(revoked_at=now)
            ).rowcount
            if not done:
                raise ApiKeyError(f"no active key named {name!r}")
            AuditLog(self.engine).append(actor, "apikey.revoke", f"apikey:{name}", {}, conn=conn)
        return self.get(name)

    def get(self, name: str) -> ApiKey:
        with self.engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.name == name)).first()
        if row is None:
            raise ApiKeyError(f"no key named {name!r}")
        return self._key(row._mapping)

    def list(self) -> list[ApiKey]:
        with self.engine.connect() as conn:
            return [self._key(r._mapping) for r in conn.execute(select(api_keys).order_by(api_keys.c.name))]

    def authenticate(self, token: str) -> ApiKey | None:
        """The active key ``token`` is, or None (malformed, unknown, wrong secret or revoked)."""
        found = _KEY.match(token)
        if not found:
            return None
        key_id, secret = found.groups()
        with self.engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        if row is None or not hmac.compare_digest(row.secret_hash, _digest(row.salt, secret)):
            return None
        key = self._key(row._mapping)
        return key if key.active else None

    @staticmethod
    def _key(row) -> ApiKey:
        return ApiKey(
            row["name"],
            row["key_id"],
            Role.parse(row["role"]),
            row["rate"],
            utc(row["created_at"]),
            row["created_by"],
            utc(row["revoked_at"]),
            row["case_user"],
        )


def _new_key(name: str, role: Role, rate: float | None, actor: str, user: str | None) -> tuple[dict, str]:
    """A key's stored row and its text (shown once)."""
    if not NAME.match(name):
        raise ApiKeyError(f"invalid key name {name!r}: letters, digits and . _ @ - only, at most 100")
    if rate is not None and rate <= 0:
        raise ApiKeyError("the rate must be a positive number of requests per second")
    key_id, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), secrets.token_hex(16)
    row = {
        "name": name,
        "key_id": key_id,
        "role": role.label,
        "salt": salt,
        "secret_hash": _digest(salt, secret),
        "rate": rate,
        "created_at": datetime.now(UTC),
        "created_by": actor,
        "revoked_at": None,
        "case_user": user,
    }
    return row, f"{PREFIX}_{key_id}_{secret}"


def _check_free(conn: Connection, name: str) -> bool:
    """Refuse the name of an active key; True when a revoked key holds it."""
    existing = conn.execute(select(api_keys.c.revoked_at).where(api_keys.c.name == name)).first()
    if existing is not None and existing.revoked_at is None:
        raise ApiKeyError(f"a key named {name!r} exists; revoke it first or choose another name")
    return existing is not None


def _check_reviewer(conn: Connection, user: str) -> None:
    """A key acts only for an active reviewer of the case store."""
    row = conn.execute(select(case_users.c.active).where(case_users.c.name == user)).first()
    if row is None or not row.active:
        raise PermissionDenied(f"reviewer {user!r} is unknown or disabled; a key cannot act for them")
