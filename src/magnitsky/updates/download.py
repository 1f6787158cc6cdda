"""Fetching one published list file: only when it changed, never more than the limit, never half.

A conditional request (``If-None-Match`` with the ETag, ``If-Modified-Since`` with the
Last-Modified the publisher gave last time) lets the publisher answer 304 instead of the file.
The body streams to a file in a folder the caller owns and removes, hashed (SHA-256) on the way;
a body longer than the limit, or shorter than the length the publisher declared, is refused,
as is any answer but 200 or 304. Each refusal is one line naming what went wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from magnitsky import __version__
from magnitsky.errors import UnavailableError

USER_AGENT = f"magnitsky/{__version__} (sanctions list update)"
_CHUNK = 1 << 16


class DownloadError(UnavailableError):
    """The publication could not be fetched whole: an HTTP error, a timeout, a cut or oversize file."""


@dataclass(frozen=True)
class Fetched:
    """A publisher's answer: ``path`` is None when it said nothing changed (304)."""

    path: Path | None
    sha256: str | None = None
    size: int = 0
    etag: str | None = None
    last_modified: str | None = None


def fetch(
    url: str,
    target: Path,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int,
    timeout: float,
    on_bytes: Callable[[int, int | None], None] | None = None,
) -> Fetched:
    """Download ``url`` to the file ``target`` unless the publisher says it has not changed since
    the answer that gave ``etag`` / ``last_modified``. Raises :class:`DownloadError`; ``target``
    may then hold part of the body, so it must live in a folder the caller removes.

    ``on_bytes(received, declared)`` is told of each part as it arrives (a progress bar);
    ``declared`` is the publisher's Content-Length, None when it sent none."""
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    host = urlsplit(url).netloc or url
    try:
        with httpx.stream("GET", url, headers=headers, timeout=timeout, follow_redirects=True) as response:
            if response.status_code == 304:
                return Fetched(None, etag=etag, last_modified=last_modified)
            if response.status_code != 200:
                raise DownloadError(f"HTTP {response.status_code} {response.reason_phrase} from {url}")
            declared = _declared_length(response)
            if declared is not None and declared > max_bytes:
                raise DownloadError(
                    f"the file is {declared:,} bytes, over the limit of {max_bytes:,} (update.max_bytes)"
                )
            digest, size = hashlib.sha256(), 0
            with open(target, "wb") as out:
                for chunk in response.iter_bytes(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise DownloadError(f"the file is over the limit of {max_bytes:,} bytes (update.max_bytes)")
                    digest.update(chunk)
                    out.write(chunk)
                    if on_bytes:
                        on_bytes(size, declared)
            received = response.num_bytes_downloaded  # as sent, before any content decoding
            if declared is not None and received != declared:
                raise DownloadError(f"the download was cut: {received:,} of the {declared:,} bytes declared arrived")
            return Fetched(
                target, digest.hexdigest(), size, response.headers.get("ETag"), response.headers.get("Last-Modified")
            )
    except httpx.TimeoutException:
        raise DownloadError(f"no answer from {host} within {timeout:g} s") from None
    except httpx.RemoteProtocolError as exc:  # the connection closed before the declared length arrived
        raise DownloadError(f"the download was cut: {_first_line(exc)}") from None
    except httpx.HTTPError as exc:
        raise DownloadError(f"cannot fetch from {host}: {_first_line(exc) or type(exc).__name__}") from None


def _declared_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else ""
