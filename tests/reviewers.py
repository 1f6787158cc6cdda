"""Reviewers made the way an installation makes them: two administrators bootstrapped, everyone
else asked for by one, approved by the other, activated with the split setup code; keys bound to
a reviewer asked for by them and approved by an administrator."""

from __future__ import annotations

from magnitsky.api.keys import KeyStore, Role
from magnitsky.cases import Actor, Users

PASSWORD = "a long passphrase for tests"
FOUNDERS = ("root", "rita")


def founders(users: Users) -> tuple[Actor, Actor]:
    return tuple(users.bootstrap(name, PASSWORD, "cli:tester@host") for name in FOUNDERS)


def enrol(users: Users, name: str, role: str) -> Actor:
    """``name`` with ``role`` and the password PASSWORD, the founders bootstrapped if needed."""
    first, second = (users.authenticate(n, PASSWORD) for n in FOUNDERS) if _founded(users) else founders(users)
    grant = users.request_grant(name, role, first, "new reviewer")
    approved = users.decide_grant(grant.request.id, second, "checked their identity")
    return users.activate(name, f"{grant.half}-{approved.half}", PASSWORD)


def bind_key(keys: KeyStore, users: Users, key_name: str, role: Role, reviewer: str) -> str:
    """A key acting for ``reviewer``, asked for by them and approved by a founder."""
    person = users.authenticate(reviewer, PASSWORD)
    request, secret = keys.request(key_name, role, person, "own key")
    approver = next(users.authenticate(n, PASSWORD) for n in FOUNDERS if n != reviewer)
    keys.decide(request.id, approver, "approved")
    return secret


def _founded(users: Users) -> bool:
    return sum(u["role"] == "admin" and u["password"] for u in users.list()) >= 2
