"""One database for lists, audit trail, enforcement records and cases: engine and migrations.

Every table is created by an Alembic migration in ``store/migrations/versions``; opening a
database upgrades it to all current heads, so a new release's tables appear on first use and an
existing installation keeps its data.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")  # wait for another process's write instead of failing
    cursor.close()


def open_database(url: str) -> Engine:
    """An engine for ``url`` with the schema upgraded to the newest revision."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
    return engine
