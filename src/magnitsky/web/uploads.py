"""The requests allowed a larger body than the service's limit: an administrator's list upload and
a nomination with its evidence files.

A list file is larger than any other request (OFAC's SDN file is several megabytes, the service's
limit one), so the lists page's load form has a limit of its own (``service.max_upload_bytes``). It
applies only to a signed-in administrator, checked before a byte of the body is read: anyone else
posting there keeps the service's limit. Evidence (photos, scanned documents) is larger too, so the
public nomination form and the API's evidence file upload have their own limit
(``service.max_evidence_bytes``) for anyone, signed in or not: the form is the public's way in.
The body is counted as it streams (:class:`~magnitsky.api.edge.LimitBody`) into the form parser's
(or the evidence store's) temporary files, which are discarded when it runs over.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from anyio import to_thread
from starlette.requests import HTTPConnection

from magnitsky.cases.sessions import Sessions
from magnitsky.web.sessions import COOKIE

Allowance = Callable[[dict], Awaitable[int | None]]


def list_upload_allowance(sessions: Sessions, path: str, max_bytes: int) -> Allowance:
    """``max_bytes`` for a POST to ``path`` by a signed-in administrator; None (the service's limit) otherwise."""

    async def allowance(scope: dict) -> int | None:
        if scope["method"] != "POST" or scope["path"] != path:
            return None
        token = HTTPConnection(scope).cookies.get(COOKIE)
        session = await to_thread.run_sync(sessions.resume, token) if token else None
        return max_bytes if session is not None and session.actor.ranks("admin") else None

    return allowance


def evidence_allowance(path: str, max_bytes: int) -> Allowance:
    """``max_bytes`` for any POST to a path ``path`` (a regular expression) matches whole: the public
    nomination form, the API's evidence file upload; None otherwise. Who may upload is the route's
    check; the body is only counted against the larger limit."""
    pattern = re.compile(path)

    async def allowance(scope: dict) -> int | None:
        return max_bytes if scope["method"] == "POST" and pattern.fullmatch(scope["path"]) else None

    return allowance


def either(*allowances: Allowance) -> Allowance:
    """The first limit one of ``allowances`` gives a request; None if none does."""

    async def allowance(scope: dict) -> int | None:
        for one in allowances:
            own = await one(scope)
            if own is not None:
                return own
        return None

    return allowance
