"""Where Magnitsky keeps its data: ``--home``, else ``$MAGNITSKY_HOME``, else ``~/.magnitsky``."""

from __future__ import annotations

import os
from pathlib import Path


def default_home() -> Path:
    return Path(os.environ.get("MAGNITSKY_HOME") or Path.home() / ".magnitsky")


def store_url(home: Path | None = None, url: str | None = None) -> str:
    """The database URL: an explicit URL (e.g. ``postgresql+psycopg://...``) or SQLite in ``home``."""
    if url:
        return url
    if env_url := os.environ.get("MAGNITSKY_DB"):
        return env_url
    return sqlite_url(Path(home or default_home()))


def sqlite_url(home: Path) -> str:
    """The SQLite database in the data directory ``home`` (created if missing)."""
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'magnitsky.db'}"
