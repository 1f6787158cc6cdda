"""Configuration of the HTTP service, read from the environment so every worker process sees it.

``magnitsky serve`` starts uvicorn workers as separate processes; they build their app from
these variables (``MAGNITSKY_HOME``, ``MAGNITSKY_DB`` as for the CLI, and ``MAGNITSKY_API_*``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from magnitsky.screening.screener import DEFAULT_THRESHOLD
from magnitsky.store import default_home, private_home, store_url


@dataclass(frozen=True)
class Settings:
    database_url: str
    home: Path  # the data directory: the saved indexes live in home/index
    threshold: float = DEFAULT_THRESHOLD
    max_body_bytes: int = 1_048_576  # larger requests get 413
    rate: float = 50.0  # requests per second per key and worker, unless the key has its own rate
    burst: float = 100.0  # requests a key may send at once before the rate applies
    reload_poll_seconds: float = 30.0  # how often a worker looks for new list versions; 0 = never
    key_cache_seconds: float = 5.0  # how long a checked key is trusted before it is looked up again
    max_head_bytes: int = 65_536  # request line and headers; larger ones get 431 (api.protocol)
    request_timeout_seconds: float = 30.0  # to receive a whole request; slower clients get 408 (api.protocol)

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @classmethod
    def from_env(cls) -> Settings:
        home = private_home(Path(os.environ.get("MAGNITSKY_HOME") or default_home()))
        env = os.environ.get
        return cls(
            database_url=store_url(home, env("MAGNITSKY_DB")),
            home=home,
            threshold=float(env("MAGNITSKY_API_THRESHOLD", DEFAULT_THRESHOLD)),
            max_body_bytes=int(env("MAGNITSKY_API_MAX_BODY", 1_048_576)),
            rate=float(env("MAGNITSKY_API_RATE", 50.0)),
            burst=float(env("MAGNITSKY_API_BURST", 100.0)),
            reload_poll_seconds=float(env("MAGNITSKY_API_RELOAD_POLL", 30.0)),
            key_cache_seconds=float(env("MAGNITSKY_API_KEY_CACHE", 5.0)),
            max_head_bytes=int(env("MAGNITSKY_API_MAX_HEAD", 65_536)),
            request_timeout_seconds=float(env("MAGNITSKY_API_REQUEST_TIMEOUT", 30.0)),
        )
