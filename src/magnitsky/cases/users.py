"""Reviewers: who they are, how they prove it, and what their role lets them do.

This is the one place that answers "who is acting, and may they?" for every door into the case
store (the CLI, the HTTP service, later the web app and the designation registry):

- :class:`Actor` is an authenticated person: ``name`` (recorded in the audit trail and compared for
  four-eyes), ``role`` (analyst < supervisor < admin; :attr:`Actor.may_decide`,
  :attr:`Actor.may_approve`, :attr:`Actor.may_administer`) and ``via``, the credential that proved
  it (``password`` or ``key:<name>``), which the audit trail keeps beside the name.
- :meth:`Users.authenticate` turns a name and password into an Actor; an API key bound to a
  reviewer does the same over HTTP (:func:`magnitsky.api.identity.key_actor`). A name alone, as
  typed on a command line, is never enough.
- Accounts are made under four eyes: an administrator asks (:meth:`Users.request_grant`), a second
  approves (:meth:`Users.decide_grant`), and the reviewer chooses their password with the setup code
  whose halves the two hold (:meth:`Users.activate`). Only the first two administrators of an empty
  installation are made alone, from the machine itself (:meth:`Users.bootstrap`), and audited so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update

from magnitsky.cases.credentials import (
    hash_password,
    new_half,
    password_matches,
    setup_matches,
    setup_record,
)
from magnitsky.cases.db import now, utc, writing
from magnitsky.cases.errors import CaseError, NotFound, PermissionDenied, request_errors
from magnitsky.cases.roles import ROLES
from magnitsky.cases.schema import case_users
from magnitsky.store import AuditLog
from magnitsky.store.requests import Request, Requests

# The HTTP service's key roles rank the same way: screener < analyst < supervisor < admin.
_RANK = {"screener": 0, "analyst": 1, "supervisor": 2, "admin": 3}
GRANT = "user.grant"
LOCKOUT_AFTER = 5  # wrong passwords in a row that lock an account (OWASP: a small number, then a delay)
LOCKOUT_FOR = timedelta(minutes=15)
FOUNDERS = 2  # administrators bootstrap may make: four eyes needs two people from the start
_NOT_YOU = "unknown reviewer or wrong password"  # the same either way: no probing for names


@dataclass(frozen=True)
class Actor:
    """An authenticated person acting on cases: the name recorded in the audit trail, the role
    checked, and the credential (``via``) that proved who they are."""

    name: str
    role: str
    via: str = ""

    def ranks(self, role: str) -> bool:
        """Whether this person's role is ``role`` or above it (analyst < supervisor < admin)."""
        return _RANK.get(self.role, -1) >= _RANK[role]

    @property
    def may_decide(self) -> bool:
        return _RANK.get(self.role, -1) >= _RANK["analyst"]

    @property
    def may_approve(self) -> bool:
        return _RANK.get(self.role, -1) >= _RANK["supervisor"]

    @property
    def may_administer(self) -> bool:
        return self.role == "admin"

    def lesser(self, role: str) -> Actor:
        """This person with at most ``role`` (a key acts with the lesser of its role and its reviewer's)."""
        return Actor(self.name, min(self.role, role, key=lambda r: _RANK.get(r, -1)), self.via)


@dataclass(frozen=True)
class Grant:
    """A decided or pending account request and the setup-code half shown to this step's person."""

    request: Request
    half: str | None


def _check_administrator(actor: Actor, what: str) -> None:
    if not actor.may_administer:
        raise PermissionDenied(f"{actor.name} is {actor.role}; only an administrator may {what}")


class Users:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.audit = AuditLog(engine)
        self.requests = Requests(engine)

    # -- proving who you are -----------------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> Actor:
        """The active reviewer ``name`` if ``password`` is theirs; PermissionDenied otherwise.

        Wrong passwords are counted: after LOCKOUT_AFTER in a row the account refuses every
        password, the right one too, for LOCKOUT_FOR, so guessing costs an attacker days, not
        seconds. The lock is audited; a right password resets the count."""
        with self.engine.connect() as conn:
            row = conn.execute(select(case_users).where(case_users.c.name == name)).first()
        if row is not None and row.locked_until is not None and utc(row.locked_until) > now():
            raise PermissionDenied(
                f"too many wrong passwords for {name!r}: signing in is refused until {utc(row.locked_until):%H:%M} UTC"
            )
        if row is None or not password_matches(row.password_hash, password):
            if row is not None:
                self._count_failure(name)
            raise PermissionDenied(_NOT_YOU)
        if not row.active:
            raise PermissionDenied(f"reviewer {name!r} is disabled")
        if row.failed_sign_ins:
            with self.engine.begin() as conn:
                conn.execute(update(case_users).where(case_users.c.name == name).values(failed_sign_ins=0))
        return Actor(row.name, row.role, "password")

    def _count_failure(self, name: str) -> None:
        with writing(self.engine) as conn:
            failed = conn.execute(select(case_users.c.failed_sign_ins).where(case_users.c.name == name)).scalar_one()
            if failed + 1 < LOCKOUT_AFTER:
                conn.execute(update(case_users).where(case_users.c.name == name).values(failed_sign_ins=failed + 1))
                return
            until = now() + LOCKOUT_FOR
            conn.execute(
                update(case_users).where(case_users.c.name == name).values(failed_sign_ins=0, locked_until=until)
            )
            details = {"wrong_passwords": LOCKOUT_AFTER, "locked_until": until.isoformat(timespec="seconds")}
            self.audit.append("system", "user.locked", f"user:{name}", details, conn=conn)

    def actor(self, name: str) -> Actor:
        """The registered, active reviewer ``name`` (for a credential already checked, e.g. a key)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(case_users).where(case_users.c.name == name)).first()
        if row is None:
            raise NotFound(f"{name!r} is not a reviewer; an administrator asks for one with `magnitsky users add`")
        if not row.active:
            raise PermissionDenied(f"reviewer {name!r} is disabled")
        return Actor(row.name, row.role)

    # -- accounts ----------------------------------------------------------------------------------

    def bootstrap(self, name: str, password: str, machine_account: str) -> Actor:
        """Make one of the first two administrators, alone, from the machine holding the database.

        Everyone after them is made under four eyes; this refuses once two active administrators
        exist. The audit record names the operating-system account that ran it."""
        name = _valid_name(name)
        password_hash = hash_password(password)
        with writing(self.engine) as conn:
            admins = conn.execute(
                select(func.count()).where(and_(case_users.c.role == "admin", case_users.c.active.is_(True)))
            ).scalar_one()
            if admins >= FOUNDERS:
                raise PermissionDenied(
                    f"{admins} administrators exist already; new reviewers are asked for by one "
                    "(`magnitsky users add`) and approved by another (`magnitsky requests approve`)"
                )
            before = _upsert(conn, name, {"role": "admin", "password_hash": password_hash}, machine_account)
            self.audit.append(
                machine_account,
                "user.bootstrap",
                f"user:{name}",
                {"role": "admin", "before": before, "administrators_before": admins},
                conn=conn,
            )
        return Actor(name, "admin", "password")

    def request_grant(self, name: str, role: str, by: Actor, rationale: str) -> Grant:
        """An administrator asks for ``name`` to be a reviewer with ``role`` (a new account, a role
        change or a password reset); they are shown the setup code's first half."""
        _check_administrator(by, "ask for a reviewer account")
        name = _valid_name(name)
        if role not in ROLES:
            raise CaseError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
        half, kept = new_half()
        with request_errors(), writing(self.engine) as conn:
            exists = conn.execute(select(case_users.c.role).where(case_users.c.name == name)).first()
            request = self.requests.propose(
                conn,
                GRANT,
                f"user:{name}",
                {"name": name, "role": role, "first": kept},
                by.name,
                by.via,
                rationale,
                public={"role": role, "before": exists.role if exists else None},
            )
        return Grant(request, half)

    def decide_grant(self, request_id: int, by: Actor, rationale: str, approve: bool = True) -> Grant:
        """A second administrator approves (the account takes the role and the setup code's second
        half is shown to them) or rejects the request."""
        _check_administrator(by, "approve a reviewer account")
        second, kept = new_half()

        def apply(conn: Connection, request: Request) -> dict[str, Any]:
            name, role = request.payload["name"], request.payload["role"]
            setup_hash, expires = setup_record(request.payload["first"], kept)
            values = {"role": role, "setup_hash": setup_hash, "setup_expires_at": expires}
            before = _upsert(conn, name, values, request.requested_by)
            return {"role": role, "before": before, "setup_expires_at": expires.isoformat(timespec="seconds")}

        with request_errors():
            request = self.requests.decide(request_id, (GRANT,), by.name, by.via, approve, rationale, apply)
        return Grant(request, second if approve else None)

    def activate(self, name: str, setup_code: str, password: str) -> Actor:
        """The reviewer chooses their password with both halves of the setup code (single use)."""
        password_hash = hash_password(password)
        with writing(self.engine) as conn:
            row = conn.execute(select(case_users).where(case_users.c.name == name)).first()
            if row is None or not setup_matches(row.setup_hash, utc(row.setup_expires_at), setup_code):
                raise PermissionDenied(
                    "unknown reviewer, or the setup code is wrong, used or expired; "
                    "ask an administrator for a new one (`magnitsky users add`)"
                )
            if not row.active:
                raise PermissionDenied(f"reviewer {name!r} is disabled")
            conn.execute(
                update(case_users)
                .where(case_users.c.name == name)
                .values(password_hash=password_hash, setup_hash=None, setup_expires_at=None)
                .values(failed_sign_ins=0, locked_until=None)  # a new password lifts a lockout
            )
            self.audit.append(name, "user.activate", f"user:{name}", {"via": "setup code"}, conn=conn)
        return Actor(row.name, row.role, "password")

    def disable(self, name: str, by: Actor) -> None:
        """Take a reviewer's rights away (one administrator may: it restricts, it releases nothing);
        their past decisions and audit records stay."""
        _check_administrator(by, "disable a reviewer")
        with writing(self.engine) as conn:
            done = conn.execute(
                update(case_users)
                .where(case_users.c.name == name)
                .values(active=False, setup_hash=None, setup_expires_at=None)
            )
            if done.rowcount != 1:
                raise NotFound(f"no reviewer named {name!r}")
            self.audit.append(by.name, "user.disable", f"user:{name}", {"via": by.via}, conn=conn)

    def list(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(case_users).order_by(case_users.c.name)).all()
        return [
            {
                "name": r.name,
                "role": r.role,
                "active": r.active,
                "password": r.password_hash is not None,
                "setup_pending": r.setup_hash is not None,
                "created_at": utc(r.created_at).isoformat(),
                "created_by": r.created_by,
            }
            for r in rows
        ]


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise CaseError("a reviewer needs a name")
    if len(name) > 200:
        raise CaseError("a reviewer's name has at most 200 characters")
    return name


def _upsert(conn: Connection, name: str, values: dict[str, Any], by: str) -> dict[str, Any] | None:
    """Create reviewer ``name`` with ``values`` or update them (re-enabling); returns their previous
    role and state for the audit record."""
    existing = conn.execute(select(case_users).where(case_users.c.name == name)).first()
    if existing is None:
        conn.execute(insert(case_users).values(name=name, active=True, created_at=now(), created_by=by, **values))
        return None
    conn.execute(update(case_users).where(case_users.c.name == name).values(active=True, **values))
    return {"role": existing.role, "active": existing.active}
