"""The HTTP connection protocol of ``magnitsky serve``: uvicorn's httptools protocol with limits.

uvicorn's parser takes request heads of any size (a 32 MB header was accepted and held in memory)
and waits for a client as long as it keeps the connection open: one that connects and sends
nothing, or a byte a minute (slowloris), holds its connection forever, and enough of them take all
of a worker's. Here a request head over ``max_head_bytes``, or with over ``max_headers`` fields,
is answered 431 and the connection closed, and a request not received whole within
``request_timeout`` seconds of its first byte (or of the connection opening) is answered 408, or
cut off if its head was already read. Idle keep-alive connections are closed by uvicorn's own
``timeout_keep_alive``.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from magnitsky.settings import ServiceSettings, Settings

LINGER_SECONDS = 2.0  # a refused client has this long to read the answer before the connection closes


class HeadOverLimits(Exception):
    """Raised in a parser callback to stop parsing a request head over the limits."""


class GuardedHttpProtocol(HttpToolsProtocol):
    """``HttpToolsProtocol`` with a request-head size limit and a deadline for receiving a request."""

    _settings: ServiceSettings | None = None  # read from the environment once per worker process

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        settings = self.settings()
        self.max_head_bytes = settings.max_head_bytes
        self.max_headers = settings.max_headers
        self.request_timeout = settings.request_timeout_seconds
        self._reading_head = True
        self._head_bytes = 0  # as received, while the head is incomplete
        self._parsed_bytes = self._parsed_headers = 0  # as parsed: exact, also for a head received whole
        self._head_refusal: str | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._refused = False

    @classmethod
    def settings(cls) -> ServiceSettings:
        if cls._settings is None:
            cls._settings = Settings.from_env().service
        return cls._settings

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm_deadline()

    def connection_lost(self, exc) -> None:
        self._disarm_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:  # what the client still sends after being answered is dropped
            return
        super().data_received(data)  # a head completed within this chunk was counted by the parser callbacks
        # Still in the head: count what arrived, so that a header sent in endless pieces (which the
        # parser buffers until it ends) is refused before it fills the memory.
        if self._reading_head and not self._refused and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self._refuse(
                    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    f"the request line and headers are over {self.max_head_bytes:,} bytes",
                )

    def send_400_response(self, msg: str) -> None:
        """uvicorn answers 400 to any error raised in a parser callback; a head over the limits gets 431."""
        if self._head_refusal is None:
            super().send_400_response(msg)
        else:
            self._refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, self._head_refusal)

    # parser callbacks

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._reading_head, self._head_bytes = True, 0
        self._parsed_bytes = self._parsed_headers = 0
        self._arm_deadline()

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url), headers=0)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4, headers=1)  # with ": " and CRLF
        super().on_header(name, value)

    def _count_head(self, size: int, headers: int) -> None:
        self._parsed_bytes += size
        self._parsed_headers += headers
        if self._parsed_bytes > self.max_head_bytes:
            self._head_refusal = f"the request line and headers are over {self.max_head_bytes:,} bytes"
        elif self._parsed_headers > self.max_headers:
            self._head_refusal = f"the request has over {self.max_headers:,} header fields"
        else:
            return
        raise HeadOverLimits(self._head_refusal)

    def on_headers_complete(self) -> None:
        self._reading_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm_deadline()
        super().on_message_complete()

    # the deadline

    def _arm_deadline(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self.request_timeout, self._request_too_slow)

    def _disarm_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _request_too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._reading_head:
            self._refuse(HTTPStatus.REQUEST_TIMEOUT, f"the request was not received within {self.request_timeout:g} s")
        else:  # the application has the head and waits for the body: it sees a disconnect
            self.logger.warning("request body not received within %g s; connection closed", self.request_timeout)
            self.transport.close()

    def _refuse(self, status: HTTPStatus, detail: str) -> None:
        """Answer ``status`` before any application sees the request, and close the connection."""
        self.logger.warning("%d %s: %s; connection closed", status.value, status.phrase, detail)
        body = orjson.dumps({"detail": detail})
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n%s"
            % (status.value, status.phrase.encode(), len(body), body)
        )
        self._disarm_deadline()
        # Closing at once, with what the client is still sending unread, would reset the
        # connection and destroy the answer before the client reads it. So: end our side, drop
        # what arrives, and close when the client does or after a moment.
        self._refused = True
        self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)
