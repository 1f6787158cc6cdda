"""Who may call what: API-key authentication, role checks and per-key rate limits.

A key is sent as ``Authorization: ApiKey <key>`` (what yente clients send), ``Authorization:
Bearer <key>`` or ``X-API-Key: <key>``. No valid key: 401. A key whose role is below the one an
endpoint needs: 403. Keys are never logged; log lines and audit records name the key, not its text.
"""

from __future__ import annotations

import math
import threading
import time

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyHeader

from magnitsky.api.keys import ApiKey, KeyStore, Role

# Each scheme needs its own name: by default both are called "APIKeyHeader" and the OpenAPI
# document kept only the second, so clients generated from it never sent `Authorization`.
_authorization = APIKeyHeader(
    name="Authorization",
    scheme_name="Authorization",
    auto_error=False,
    description="`ApiKey <key>` (what yente clients send) or `Bearer <key>`",
)
_x_api_key = APIKeyHeader(
    name="X-API-Key", scheme_name="X-API-Key", auto_error=False, description="The key as it was shown at creation."
)
_SCHEMES = ("apikey ", "bearer ")


def _token(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key.strip()
    if authorization:
        value = authorization.strip()
        for scheme in _SCHEMES:
            if value.lower().startswith(scheme):
                return value[len(scheme) :].strip()
        return value
    return None


class KeyCache:
    """Checked keys, trusted for a few seconds so a busy client does not cost a database read per
    request. A revocation reaches this worker at once and the other workers within ``ttl`` seconds."""

    def __init__(self, keys: KeyStore, ttl: float, size: int = 10_000):
        self.keys = keys
        self.ttl = ttl
        self.size = size
        self._entries: dict[str, tuple[ApiKey, float]] = {}

    def authenticate(self, token: str) -> ApiKey | None:
        now = time.monotonic()
        cached = self._entries.get(token)
        if cached and cached[1] > now:
            return cached[0]
        key = self.keys.authenticate(token)
        if key is not None and self.ttl > 0:
            if len(self._entries) >= self.size:
                self._entries.clear()
            self._entries[token] = (key, now + self.ttl)
        return key

    def forget(self, name: str) -> None:
        for token, (key, _) in list(self._entries.items()):
            if key.name == name:
                self._entries.pop(token, None)


class RateLimiter:
    """A token bucket per key, in this worker's memory: ``rate`` requests per second on average,
    up to ``burst`` at once. With N workers a key can get up to N times the rate."""

    def __init__(self, rate: float, burst: float):
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}  # key name -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, key: ApiKey) -> float:
        """0 when the request may go ahead, else the seconds to wait before the next one may."""
        return self.take_named(key.name, key.rate or self.rate)

    def take_named(self, name: str, rate: float) -> float:
        """``take`` for any caller named ``name`` (a key, or a client address on an open endpoint)."""
        with self._lock:
            tokens, now = self._refilled(name, rate)
            if tokens >= 1:
                self._buckets[name] = (tokens - 1, now)
                return 0.0
            self._buckets[name] = (tokens, now)
            return (1 - tokens) / rate

    def charge(self, key: ApiKey, requests: float) -> None:
        """Take ``requests`` more from the key's bucket, below zero if need be: what a request cost
        beyond the one it was admitted for (its audit record's size), paid by waiting longer."""
        with self._lock:
            tokens, now = self._refilled(key.name, key.rate or self.rate)
            self._buckets[key.name] = (tokens - requests, now)

    def _refilled(self, name: str, rate: float) -> tuple[float, float]:
        """The caller's tokens now, after the refill since its last request (the lock is held)."""
        burst = max(self.burst, rate)
        now = time.monotonic()
        tokens, then = self._buckets.get(name, (burst, now))
        return min(burst, tokens + (now - then) * rate), now


def require(role: Role):
    """A dependency admitting keys of ``role`` or above; it returns the key (for the audit trail)."""

    def check(
        request: Request,
        authorization: str | None = Depends(_authorization),
        x_api_key: str | None = Depends(_x_api_key),
    ) -> ApiKey:
        token = _token(authorization, x_api_key)
        state = request.app.state
        key = state.key_cache.authenticate(token) if token else None
        if key is None:
            what = "no API key given" if not token else "the API key is not valid (unknown, mistyped or revoked)"
            raise HTTPException(
                401, f"{what}; send `Authorization: ApiKey <key>`", headers={"WWW-Authenticate": "ApiKey"}
            )
        if key.role < role:
            raise HTTPException(403, f"key {key.name!r} has role {key.role.label}; this needs {role.label} or above")
        wait = state.rate_limiter.take(key)
        if wait:
            raise HTTPException(
                429,
                f"key {key.name!r} is over its rate of {key.rate or state.rate_limiter.rate:g} "
                f"requests per second; retry after {wait:.2f} s",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        request.state.key = key
        return key

    return check
