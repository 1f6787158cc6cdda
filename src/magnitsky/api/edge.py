"""Checks every request passes before it is routed.

A NUL character (``%00``) is in no identifier, name or key, and PostgreSQL text cannot hold one:
a path or query parameter carrying it reached the database and answered 500 there, while SQLite
stored it. It is refused here, for every endpoint and on both databases, with one answer.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

import orjson


class RefuseNul:
    """ASGI middleware: 400 for a request whose path or query string holds a NUL character."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and ("\x00" in scope["path"] or b"\x00" in unquote_to_bytes(scope["query_string"])):
            where = "path" if "\x00" in scope["path"] else "query string"
            body = orjson.dumps({"detail": f"the URL's {where} holds a NUL character (%00), which no parameter may"})
            await send(
                {
                    "type": "http.response.start",
                    "status": 400,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
