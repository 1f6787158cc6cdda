"""Response headers every page carries.

The Content-Security-Policy allows scripts, styles and images from this server only: no inline
script, no ``eval``, no other origin. Even if a name from a list or a nomination slipped past the
template's escaping, a browser would refuse to run what it carries. Pages may not be framed
(clickjacking) and are not cached by shared caches (they hold personal data).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class PageHeaders:
    """ASGI middleware adding HEADERS to every response under ``prefix`` (not to the JSON API,
    whose clients are programs, nor to /docs, whose vendored page has an inline script)."""

    def __init__(self, app: ASGIApp, prefix: str):
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                static = scope["path"].startswith(f"{self.prefix}/static/")
                extra = [h for h in HEADERS if not (static and h[0] == b"cache-control")]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
