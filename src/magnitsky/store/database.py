"""One database for lists, audit trail, enforcement records and cases: engine and migrations.

Every table is created by an Alembic migration in ``store/migrations/versions``, one linear chain;
opening a database upgrades it to the head, so a new release's tables appear on first use and an
existing installation keeps its data. A database already at the head (nearly every opening) is
recognised by one query, without Alembic: importing it and reading every migration script cost a
command such as ``magnitsky sources`` more time than its own work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from magnitsky.errors import UnavailableError
from magnitsky.store.reading import MIGRATIONS, head_revision

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory


class DatabaseUnavailable(UnavailableError):
    """The database cannot be opened: the server is down, or refuses the user or password."""


def database_problem(exc: SQLAlchemyError) -> str:
    """What the database said, in one line, without the statement or its parameters.

    SQLAlchemy's own message carries both: the names of customers and persons being written, in
    tracebacks and logs. The driver's first line ("attempt to write a readonly database", "database
    or disk is full", "duplicate key value violates unique constraint ...") says what went wrong;
    the lines after it (PostgreSQL's DETAIL) may quote the values, so they are left out."""
    cause = getattr(exc, "orig", None)  # the driver's exception, on a DBAPIError
    lines = str(cause).strip().splitlines() if cause is not None else []
    return f"{type(cause).__name__}: {lines[0]}" if lines else type(exc).__name__


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
    try:
        with engine.begin() as conn:
            if not _at_head(conn):
                _upgrade(conn)
    except OperationalError as exc:  # the driver's reason names host and user, never the password
        reason = "; ".join(line.strip() for line in str(exc.orig).splitlines() if line.strip())
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseUnavailable(f"cannot open the database {where}: {reason}") from None
    return engine


def _at_head(conn: Connection) -> bool:
    """Whether the database is stamped with the newest revision, and only with it."""
    head = head_revision()
    if head is None or not inspect(conn).has_table("alembic_version"):
        return False
    return [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))] == [head]


def _upgrade(conn: Connection) -> None:
    """Upgrade the schema to the newest revision with Alembic (imported only then)."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    _collapse_branch_stamps(conn, ScriptDirectory.from_config(config))
    command.upgrade(config, "head")


def _collapse_branch_stamps(conn: Connection, scripts: ScriptDirectory) -> None:
    """Keep only the newest of several stamped revisions.

    Until 2026-12 revisions 0003-0006 each branched from 0002, so a database opened then is stamped
    with every branch head it had. The chain is now linear and each of those heads is an ancestor of
    the newest one stamped (they were always applied together), so the newest stands for them all.
    """
    if not inspect(conn).has_table("alembic_version"):
        return
    stamped = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    if len(stamped) < 2:
        return
    newest = next(rev.revision for rev in scripts.walk_revisions() if rev.revision in stamped)
    conn.execute(text("DELETE FROM alembic_version WHERE version_num <> :newest"), {"newest": newest})
