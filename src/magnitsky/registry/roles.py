"""Who may do what in the registry: roles granted to the project's registered users.

A registry officer is a user of the case store (``magnitsky users add``; the HTTP service knows
them through API keys bound to them), granted one or more registry roles here. Roles are separate
duties: whoever proposes a designation cannot approve it, and the approver cannot publish it.
``source_protection`` is the only role that can read who submitted a nomination.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, select

from magnitsky.cases.db import now, writing
from magnitsky.cases.errors import CaseError
from magnitsky.cases.users import Actor, Users
from magnitsky.registry.errors import ConflictError, NotFound, PermissionDenied, RegistryError
from magnitsky.registry.schema import registry_roles
from magnitsky.store import AuditLog
from magnitsky.store.requests import Request, Requests, refusals_as

ROLES = {
    "submitter": "drafts and submits nominations (an NGO or a ministry desk)",
    "investigator": "triages nominations, gathers evidence, assesses the criteria",
    "legal_reviewer": "checks every legal element and proposes the decision",
    "decision_maker": "approves or refuses a proposal; never their own",
    "publisher": "publishes an approved decision; never one they proposed or approved",
    "auditor": "reads nominations, evidence and the audit trail",
    "source_protection": "reads a nomination's submitter details (each read is recorded)",
}
PUBLIC = "public"  # the unauthenticated nomination channel
GRANT = "registry.role.grant"  # the four-eyes request kind: one administrator asks, another approves


@dataclass(frozen=True)
class Officer:
    """A person acting in the registry: the name the audit trail records, the roles checked."""

    name: str
    roles: frozenset[str]

    def require(self, *roles: str, doing: str) -> None:
        if not self.roles & set(roles):
            needed = " or ".join(roles)
            raise PermissionDenied(f"{self.name} may not {doing}: that needs the registry role {needed}")


PUBLIC_OFFICER = Officer(PUBLIC, frozenset({"submitter"}))


class Roles:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.users = Users(engine)
        self.audit = AuditLog(engine)
        self.requests = Requests(engine)

    def officer(self, name: str) -> Officer:
        """The registered, active user ``name`` with their registry roles."""
        try:
            user = self.users.actor(name)
        except CaseError as exc:
            raise PermissionDenied(str(exc)) from None
        with self.engine.connect() as conn:
            rows = conn.execute(select(registry_roles.c.role).where(registry_roles.c.user_name == user.name))
            return Officer(user.name, frozenset(row.role for row in rows))

    def request_grant(self, name: str, role: str, by: Actor, rationale: str) -> Request:
        """An administrator asks for the registered user ``name`` to hold ``role``; it takes effect
        when a second administrator approves (:meth:`decide_grant`), as for reviewer accounts: no
        one person hands out the power to decide or publish designations unseen."""
        _check_role(role)
        _check_administrator(by, "ask for a registry role")
        if role in self.officer(name).roles:
            raise ConflictError(f"{name} already holds the registry role {role}")
        with _request_errors(), writing(self.engine) as conn:
            subject, payload = f"registry_role:{name}:{role}", {"name": name, "role": role}
            return self.requests.propose(conn, GRANT, subject, payload, by.name, by.via, rationale, public=payload)

    def decide_grant(self, request_id: int, by: Actor, rationale: str, approve: bool = True) -> Request:
        """A second administrator approves (the user holds the role from now) or rejects the request."""
        _check_administrator(by, "approve a registry role")

        def apply(conn, request: Request) -> dict:
            name, role = request.payload["name"], request.payload["role"]
            self._insert(conn, name, role, by=request.requested_by)
            return {"name": name, "role": role}

        with _request_errors():
            request = self.requests.get(request_id)
            if request.kind == GRANT and approve:
                self.officer(request.payload["name"])  # still registered and active
            return self.requests.decide(request_id, (GRANT,), by.name, by.via, approve, rationale, apply)

    def grant(self, name: str, role: str, by: str) -> Officer:
        """Give ``name`` the role at once, for a deployment's setup script (the library trusts its
        caller); the CLI and the service grant only through :meth:`request_grant`."""
        _check_role(role)
        officer = self.officer(name)
        if role in officer.roles:
            return officer
        with writing(self.engine) as conn:
            self._insert(conn, name, role, by)
            self.audit.append(by, "registry.role.grant", f"user:{name}", {"role": role}, conn=conn)
        return Officer(name, officer.roles | {role})

    def _insert(self, conn, name: str, role: str, by: str) -> None:
        held = select(registry_roles).where(registry_roles.c.user_name == name, registry_roles.c.role == role)
        if conn.execute(held).first() is None:
            conn.execute(insert(registry_roles).values(user_name=name, role=role, granted_by=by, granted_at=now()))

    def revoke(self, name: str, role: str, by: str) -> None:
        with writing(self.engine) as conn:
            done = conn.execute(
                delete(registry_roles).where(registry_roles.c.user_name == name, registry_roles.c.role == role)
            )
            if done.rowcount != 1:
                raise NotFound(f"{name!r} does not have the registry role {role!r}")
            self.audit.append(by, "registry.role.revoke", f"user:{name}", {"role": role}, conn=conn)

    def list(self) -> dict[str, list[str]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(registry_roles).order_by(registry_roles.c.user_name, registry_roles.c.role))
            out: dict[str, list[str]] = {}
            for row in rows:
                out.setdefault(row.user_name, []).append(row.role)
            return out


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise RegistryError(f"unknown registry role {role!r}; use one of {', '.join(ROLES)}")


def _check_administrator(actor: Actor, doing: str) -> None:
    if not actor.may_administer:
        raise PermissionDenied(f"{actor.name} may not {doing}: that needs an administrator")


def _request_errors():
    """A four-eyes request's refusal as the registry error it means."""
    return refusals_as(NotFound, PermissionDenied, ConflictError)
