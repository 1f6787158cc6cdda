"""A database made read-only for real, on SQLite and on PostgreSQL, for the tests of what users
see when the database refuses to write (nothing mocked: the database itself refuses)."""

from __future__ import annotations

import os
import stat
import subprocess
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text


@contextmanager
def read_only(engine: Engine):
    """While inside, every new connection of ``engine`` may read but not write; its pool is
    emptied on entry and exit so no connection opened before slips through."""
    if engine.dialect.name == "sqlite":
        # Closed while still writable: SQLite checkpoints a WAL database when its last connection
        # closes, and doing so on immutable files kills the process with SIGBUS (seen in CI).
        engine.dispose()
        with _read_only_file(Path(engine.url.database)):
            yield
    else:
        database = engine.url.database
        with engine.begin() as conn:
            conn.execute(text(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on'))
        engine.dispose()
        try:
            yield
        finally:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("SET default_transaction_read_only = off"))  # before the next statement begins
                conn.execute(text(f'ALTER DATABASE "{database}" RESET default_transaction_read_only'))
    engine.dispose()


@contextmanager
def _read_only_file(path: Path):
    """The database's files (with its write-ahead log and shared-memory index) without write
    permission; for root, whom permissions do not stop, immutable too (``chattr +i``)."""
    files = [p for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if p.exists()]
    modes = {p: p.stat().st_mode for p in files}
    immutable = os.geteuid() == 0
    for file in files:
        file.chmod(modes[file] & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        if immutable:
            subprocess.run(["chattr", "+i", str(file)], check=True)
    try:
        yield
    finally:
        for file in files:
            if immutable:
                subprocess.run(["chattr", "-i", str(file)], check=True)
            file.chmod(modes[file])
