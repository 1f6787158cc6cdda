"""Reviewers and their roles: who may decide an alert and who may approve a decision.

An analyst decides alerts; a supervisor decides too and approves the decisions that need a
second pair of eyes. The CLI keeps reviewers in the ``case_users`` table (``magnitsky users
add``); the HTTP service may instead build an :class:`Actor` from an API key's name and role.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

from magnitsky.cases.db import now, utc, writing
from magnitsky.cases.errors import CaseError, NotFound, PermissionDenied
from magnitsky.cases.schema import case_users
from magnitsky.store import AuditLog

ROLES = ("analyst", "supervisor")  # roles a reviewer registered in the case store can have
# The HTTP service's key roles rank the same way: screener < analyst < supervisor < admin.
_RANK = {"screener": 0, "analyst": 1, "supervisor": 2, "admin": 3}


@dataclass(frozen=True)
class Actor:
    """A person acting on cases: the name recorded in the audit trail and the role checked."""

    name: str
    role: str

    @property
    def may_decide(self) -> bool:
        return _RANK.get(self.role, -1) >= _RANK["analyst"]

    @property
    def may_approve(self) -> bool:
        return _RANK.get(self.role, -1) >= _RANK["supervisor"]


class Users:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.audit = AuditLog(engine)

    def add(self, name: str, role: str, by: str) -> Actor:
        """Register ``name`` with ``role``, or change the role of (and re-enable) an existing reviewer."""
        name = name.strip()
        if not name:
            raise CaseError("a reviewer needs a name")
        if role not in ROLES:
            raise CaseError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
        with writing(self.engine) as conn:
            existing = conn.execute(select(case_users).where(case_users.c.name == name)).first()
            if existing is None:
                conn.execute(
                    insert(case_users).values(name=name, role=role, active=True, created_at=now(), created_by=by)
                )
            else:
                conn.execute(update(case_users).where(case_users.c.name == name).values(role=role, active=True))
            before = {"role": existing.role, "active": existing.active} if existing else None
            self.audit.append(by, "user.add", f"user:{name}", {"role": role, "before": before}, conn=conn)
        return Actor(name, role)

    def disable(self, name: str, by: str) -> None:
        """Take a reviewer's rights away; their past decisions and audit records stay."""
        with writing(self.engine) as conn:
            done = conn.execute(update(case_users).where(case_users.c.name == name).values(active=False))
            if done.rowcount != 1:
                raise NotFound(f"no reviewer named {name!r}")
            self.audit.append(by, "user.disable", f"user:{name}", {}, conn=conn)

    def actor(self, name: str) -> Actor:
        """The registered, active reviewer ``name``."""
        with self.engine.connect() as conn:
            row = conn.execute(select(case_users).where(case_users.c.name == name)).first()
        if row is None:
            raise NotFound(
                f"{name!r} is not a reviewer; a supervisor adds one with `magnitsky users add {name} --role analyst`"
            )
        if not row.active:
            raise PermissionDenied(f"reviewer {name!r} is disabled")
        return Actor(row.name, row.role)

    def list(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(case_users).order_by(case_users.c.name)).all()
        return [
            {
                "name": r.name,
                "role": r.role,
                "active": r.active,
                "created_at": utc(r.created_at).isoformat(),
                "created_by": r.created_by,
            }
            for r in rows
        ]
