"""Checks every request passes before it is routed.

A NUL character (``%00``) is in no identifier, name or key, and PostgreSQL text cannot hold one:
a path or query parameter carrying it reached the database and answered 500 there, while SQLite
stored it. It is refused here, for every endpoint and on both databases, with one answer.

A body over the size limit gets 413 with a JSON ``detail`` like every other refusal. Starlette's
own limit (FastAPI's ``max_body_size``) answers ``text/plain`` whenever the route answers without
reading the body (a refused key, a GET with a body), so the limit is kept here instead. A route
may have a limit of its own for some requests (``allowance``: an administrator's list upload on the
lists page); such a body is refused as it is read, so the route's own error handling words the 413.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import unquote_to_bytes

import orjson
from starlette.exceptions import HTTPException


class BodyTooLarge(HTTPException):
    """Raised while a body is read: FastAPI answers it as JSON, and :class:`LimitBody` if it escapes."""

    def __init__(self, limit: int):
        super().__init__(413, f"the request body is over the service's limit of {limit:,} bytes")


async def _answer(send, status: int, detail: str) -> None:
    body = orjson.dumps({"detail": detail})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


Allowance = Callable[[dict], Awaitable[int | None]]  # a request's own body limit, or None for the service's


class LimitBody:
    """ASGI middleware: 413 for a request whose body, declared or as received, exceeds ``max_bytes``
    (or the limit ``allowance`` gives that request)."""

    def __init__(self, app, max_bytes: int, allowance: Allowance | None = None):
        self.app, self.max_bytes, self.allowance = app, max_bytes, allowance

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        own = await self.allowance(scope) if self.allowance else None
        limit = self.max_bytes if own is None else own
        too_large = BodyTooLarge(limit)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        over = declared.isdigit() and int(declared) > limit
        if over and own is None:
            return await _answer(send, 413, str(too_large.detail))
        received, started = 0, False

        async def limited_receive():
            nonlocal received
            if over:  # refused at the first read, before any of it is kept
                raise too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large
            return message

        async def watched_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await _answer(send, 413, str(too_large.detail))


class RefuseNul:
    """ASGI middleware: 400 for a request whose path or query string holds a NUL character."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and ("\x00" in scope["path"] or b"\x00" in unquote_to_bytes(scope["query_string"])):
            where = "path" if "\x00" in scope["path"] else "query string"
            return await _answer(send, 400, f"the URL's {where} holds a NUL character (%00), which no parameter may")
        await self.app(scope, receive, send)
