"""A reviewer's judgement on a link between entries of two lists: confirm or reject it.

Merging two listings changes what every later screening reports, so a judgement takes a
supervisor (or above), proven by a credential like every other decision; it is stored keyed on
the entries' stable ids (it holds across list versions) and audited with who decided and why.
"""

from __future__ import annotations

from sqlalchemy import Engine

from magnitsky.cases.errors import CaseError, NotFound, PermissionDenied
from magnitsky.cases.users import Actor
from magnitsky.store import StoreError
from magnitsky.store.links import Link, LinkStore

JUDGE_ROLE = "supervisor"  # who may merge or separate listings
READ_ROLE = "analyst"  # who may read the proposals


def judge_link(engine: Engine, actor: Actor, left: str, right: str, confirm: bool, rationale: str) -> Link:
    """Confirm (or reject) the link or proposal between ``left`` and ``right`` as ``actor``."""
    if not actor.ranks(JUDGE_ROLE):
        raise PermissionDenied(f"{actor.name} is {actor.role}; linking lists' entries takes a {JUDGE_ROLE}")
    if not rationale.strip():
        raise CaseError("a judgement on a link needs a rationale")
    store = LinkStore(engine)
    try:
        store.link(left, right)
    except StoreError as exc:
        raise NotFound(str(exc)) from None
    return store.judge(left, right, confirm, actor.name, rationale)
