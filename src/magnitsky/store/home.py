"""Where Magnitsky keeps its data: ``--home``, else ``$MAGNITSKY_HOME``, else ``~/.magnitsky``.

The directory holds customers' names, decisions and the audit trail, so only its owner may read
it: it is created 0700 and its files 0600 (a directory an older release left 0755, with its
database 0644, is tightened when next opened). The CLI also sets the umask to 077 so files
written later (the SQLite journal, the saved indexes, exports) are private too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIRECTORY, PRIVATE_FILE = 0o700, 0o600
DATABASE = "magnitsky.db"
_OURS = (DATABASE, "index")  # what makes a directory a Magnitsky home (never tighten one that is not)


def default_home() -> Path:
    return Path(os.environ.get("MAGNITSKY_HOME") or Path.home() / ".magnitsky")


def private_home(home: Path) -> Path:
    """Create ``home`` readable by its owner only, or tighten an existing Magnitsky home and the
    entries directly in it; a directory that is not one (e.g. ``--home`` pointed at a shared
    folder holding nothing of ours) keeps its mode."""
    home = Path(home)
    if not home.exists():
        home.mkdir(mode=PRIVATE_DIRECTORY, parents=True)
        home.chmod(PRIVATE_DIRECTORY)  # mkdir's mode is filtered by the umask; say it exactly
        return home
    if not any((home / name).exists() for name in _OURS):
        return home
    _tighten(home, PRIVATE_DIRECTORY)
    for entry in home.iterdir():
        if not entry.is_symlink():
            _tighten(entry, PRIVATE_DIRECTORY if entry.is_dir() else PRIVATE_FILE)
    return home


def _tighten(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode:
        path.chmod(current & mode)


def store_url(home: Path | None = None, url: str | None = None) -> str:
    """The database URL: an explicit URL (e.g. ``postgresql+psycopg://...``) or SQLite in ``home``,
    whose file is created 0600 (SQLite gives its journal files the database file's mode)."""
    if url:
        return url
    if env_url := os.environ.get("MAGNITSKY_DB"):
        return env_url
    return sqlite_url(Path(home or default_home()))


def sqlite_url(home: Path) -> str:
    """The SQLite database in the data directory ``home``, both created private if missing (the
    file 0600: SQLite gives its journal files the database file's mode)."""
    database = private_home(home) / DATABASE
    try:
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    except FileExistsError:
        pass
    return f"sqlite:///{database}"
