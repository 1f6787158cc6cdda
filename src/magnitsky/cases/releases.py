"""Releasing frozen funds takes two people, like clearing an alert that holds them.

A reviewer (analyst or above) asks for the release with the licence, delisting or error that
justifies it; a supervisor other than them approves it, and only then does the frozen-assets
register mark the funds released. The register keeps the bookkeeping
(:mod:`magnitsky.screening.payments.register`); this module adds who may do which step.
"""

from __future__ import annotations

from sqlalchemy import Engine

from magnitsky.cases.errors import CaseError, PermissionDenied, request_errors
from magnitsky.cases.users import Actor
from magnitsky.screening.payments.register import FrozenAssetsRegister, RegisterError
from magnitsky.store.requests import Request


class FundReleases:
    def __init__(self, engine: Engine):
        self.register = FrozenAssetsRegister(engine)

    def request(self, asset_id: int, by: Actor, rationale: str) -> Request:
        if not by.may_decide:
            raise PermissionDenied(f"{by.name} is {by.role}; only a reviewer may ask for a release of frozen funds")
        try:
            with request_errors():
                return self.register.request_release(asset_id, by.name, by.via, rationale)
        except RegisterError as exc:
            raise CaseError(str(exc)) from exc

    def decide(self, request_id: int, by: Actor, rationale: str, approve: bool = True) -> Request:
        if not by.may_approve:
            raise PermissionDenied(f"{by.name} is {by.role}; only a supervisor may approve a release of frozen funds")
        try:
            with request_errors():
                return self.register.decide_release(request_id, by.name, by.via, rationale, approve)
        except RegisterError as exc:
            raise CaseError(str(exc)) from exc
