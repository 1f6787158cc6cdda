"""Who an API key speaks for: the reviewer it is bound to, with the lesser of the two roles.

The CLI and the HTTP service both turn a key into a person here, so four-eyes compares the same
names whichever door a reviewer comes through; a password goes through
:meth:`magnitsky.cases.users.Users.authenticate` instead. The resulting :class:`Actor` carries
``via="key:<name>"``, which the audit trail records beside the person's name.
"""

from __future__ import annotations

from magnitsky.api.keys import ApiKey
from magnitsky.cases import Actor, CaseError, PermissionDenied, Users


def key_actor(users: Users, key: ApiKey) -> Actor:
    """The active reviewer ``key`` acts for; PermissionDenied when it acts for none or they are
    disabled or gone (a CaseError in every case)."""
    if key.user is None:
        raise PermissionDenied(
            f"key {key.name!r} acts for no reviewer, and this is a person's decision: the reviewer asks "
            "for a key of their own (`magnitsky keys request`), a second administrator approves it"
        )
    try:
        reviewer = users.actor(key.user)
    except CaseError as exc:  # disabled, or gone since the key was made
        raise PermissionDenied(f"key {key.name!r} acts for {key.user!r}, who may not act: {exc}") from exc
    return Actor(reviewer.name, reviewer.role, f"key:{key.name}").lesser(key.role.label)
