"""Deciding a four-eyes request, whatever it changes: one entry point for the CLI and HTTP.

Each kind of request belongs to the module that applies it and knows who may approve it:
reviewer accounts (administrators), keys bound to reviewers (administrators), registry roles
(administrators), releases of frozen funds (supervisors). Every one refuses the person who asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from magnitsky.api.keys import BIND, ApiKeyError, KeyStore
from magnitsky.cases import Actor, CaseError, Users
from magnitsky.cases.errors import request_errors
from magnitsky.cases.releases import FundReleases
from magnitsky.cases.users import GRANT
from magnitsky.registry import roles as registry_roles
from magnitsky.screening.payments.register import RELEASE
from magnitsky.store.requests import Request, Requests


@dataclass(frozen=True)
class Decided:
    request: Request
    setup_half: str | None = None  # an approved account: the setup code's second half, for the approver

    def to_dict(self) -> dict:
        return {**self.request.to_dict(), "setup_half": self.setup_half}


def decide(engine: Engine, request_id: int, by: Actor, rationale: str, approve: bool = True) -> Decided:
    """Approve or reject request ``request_id`` as ``by``. CaseError (PermissionDenied when ``by``
    may not, NotFound when there is no such request) says why not."""
    with request_errors():
        kind = Requests(engine).get(request_id).kind
    try:
        if kind == GRANT:
            grant = Users(engine).decide_grant(request_id, by, rationale, approve)
            return Decided(grant.request, grant.half)
        if kind == BIND:
            return Decided(KeyStore(engine).decide(request_id, by, rationale, approve))
        if kind == RELEASE:
            return Decided(FundReleases(engine).decide(request_id, by, rationale, approve))
        if kind == registry_roles.GRANT:
            return Decided(registry_roles.Roles(engine).decide_grant(request_id, by, rationale, approve))
    except ApiKeyError as exc:  # the key's name was taken meanwhile, or its reviewer disabled
        raise CaseError(str(exc)) from exc
    raise CaseError(f"request {request_id} is of an unknown kind {kind!r}")
