"""The one request allowed a larger body than the service's limit: an administrator's list upload.

A list file is larger than any other request (OFAC's SDN file is several megabytes, the service's
limit one), so the lists page's load form has a limit of its own (``service.max_upload_bytes``). It
applies only to a signed-in administrator, checked before a byte of the body is read: anyone else
posting there keeps the service's limit. The body is counted as it streams (:class:`~magnitsky.api.edge.LimitBody`)
into the form parser's temporary files, which are discarded when it runs over.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from anyio import to_thread
from starlette.requests import HTTPConnection

from magnitsky.cases.sessions import Sessions
from magnitsky.web.sessions import COOKIE


def list_upload_allowance(sessions: Sessions, path: str, max_bytes: int) -> Callable[[dict], Awaitable[int | None]]:
    """``max_bytes`` for a POST to ``path`` by a signed-in administrator; None (the service's limit) otherwise."""

    async def allowance(scope: dict) -> int | None:
        if scope["method"] != "POST" or scope["path"] != path:
            return None
        token = HTTPConnection(scope).cookies.get(COOKIE)
        session = await to_thread.run_sync(sessions.resume, token) if token else None
        return max_bytes if session is not None and session.actor.ranks("admin") else None

    return allowance
