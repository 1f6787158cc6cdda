"""What a command that only reads the store needs: the current list versions, the status of
each publication and the links between entries, with the database's own driver, without SQLAlchemy.

``magnitsky sources`` spent half its start-up importing SQLAlchemy and the schema's tables to run
two SELECTs, ``magnitsky screen`` a quarter of it with a saved index. The store runs the same
statements through the same functions here (:meth:`ListStore.current_versions`,
:meth:`Publications.all`, :meth:`LinkStore.all`), on its SQLAlchemy connection, so the two ways in
read alike. Only a database that exists at the newest revision is read this way; any other (new,
to be upgraded, unreachable) is left to the store, which creates, upgrades or says why it cannot.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from magnitsky.store.link_statuses import LINKED

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)

CURRENT_VERSIONS = (
    "SELECT v.id, v.source, v.number, v.format, v.sha256, v.publication_date, v.loaded_at, v.files, "
    "v.entity_count, v.schema_counts FROM list_versions v JOIN (SELECT source, MAX(number) AS number "
    "FROM list_versions GROUP BY source) latest ON v.source = latest.source AND v.number = latest.number "
    "ORDER BY v.source"
)
PUBLICATIONS = (
    "SELECT source, url, etag, last_modified, sha256, checked_at, changed_at, failed_at, error "
    "FROM list_publications ORDER BY source"
)
LINKS = (
    "SELECT left_id, right_id, status, basis, found_at, decided_by, decided_at, rationale "
    "FROM entity_links ORDER BY left_id, right_id"
)


@dataclass(frozen=True)
class Version:
    id: int
    source: str
    number: int
    format: str
    sha256: str
    publication_date: str | None
    loaded_at: datetime
    files: tuple[str, ...]
    entity_count: int
    schema_counts: dict[str, int]

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "version": self.number,
            "format": self.format,
            "sha256": self.sha256,
            "publication_date": self.publication_date,
            "loaded_at": self.loaded_at.isoformat(),
            "files": list(self.files),
            "entities": self.entity_count,
            "schemata": self.schema_counts,
        }


@dataclass(frozen=True)
class PublicationState:
    """One publication's status. ``error`` is the last check's one-line failure, None after a success."""

    source: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None  # of the last file downloaded whole
    checked_at: datetime | None = None  # the last check that succeeded (changed or not)
    changed_at: datetime | None = None  # the last check that found new content
    failed_at: datetime | None = None
    error: str | None = None

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "url": self.url,
            "checked_at": _iso(self.checked_at),
            "changed_at": _iso(self.changed_at),
            "failed_at": _iso(self.failed_at),
            "error": self.error,
        }


@dataclass(frozen=True)
class Link:
    """Two entries of different lists found to be, or judged, one person or company (``left`` <
    ``right``, ids ``source:source_id``); ``status`` one of ``magnitsky.store.link_statuses``."""

    left: str
    right: str
    status: str
    basis: tuple[str, ...]
    found_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    rationale: str | None = None

    @property
    def linked(self) -> bool:
        return self.status in LINKED

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": self.left,
            "right": self.right,
            "status": self.status,
            "basis": list(self.basis),
            "found_at": self.found_at.isoformat(),
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "rationale": self.rationale,
        }


def version_of(row: Sequence[Any]) -> Version:
    """The version in a row of ``list_versions``' columns in the table's order (``SELECT *``, or
    :data:`CURRENT_VERSIONS`), its values as the driver or SQLAlchemy gave them."""
    id, source, number, format, sha256, publication_date, loaded_at, files, entity_count, schema_counts = row
    return Version(
        id=id,
        source=source,
        number=number,
        format=format,
        sha256=sha256,
        publication_date=publication_date,
        loaded_at=_moment(loaded_at, to_utc=False),
        files=tuple(json.loads(files)),
        entity_count=entity_count,
        schema_counts=json.loads(schema_counts),
    )


def publication_of(row: Sequence[Any]) -> PublicationState:
    """The status in a row of ``list_publications``' columns in the table's order (``SELECT *``,
    or :data:`PUBLICATIONS`), its values as the driver or SQLAlchemy gave them."""
    source, url, etag, last_modified, sha256, checked_at, changed_at, failed_at, error = row
    return PublicationState(
        source=source,
        url=url,
        etag=etag,
        last_modified=last_modified,
        sha256=sha256,
        checked_at=_moment(checked_at),
        changed_at=_moment(changed_at),
        failed_at=_moment(failed_at),
        error=error,
    )


def link_of(row: Sequence[Any]) -> Link:
    """The link in a row of ``entity_links``' columns in the table's order (``SELECT *``, or
    :data:`LINKS`), its values as the driver or SQLAlchemy gave them."""
    left, right, status, basis, found_at, decided_by, decided_at, rationale = row
    return Link(
        left,
        right,
        status,
        tuple(json.loads(basis)),
        _moment(found_at, to_utc=False),
        decided_by,
        _moment(decided_at, to_utc=False),
        rationale,
    )


def shown(url: str) -> tuple[list[Version], dict[str, PublicationState]] | None:
    """The current version of every source and the status of every publication, read with the
    database's own driver; None when the store must open the database (see :func:`reading`)."""
    with reading(url) as connection:
        if connection is None:
            return None
        return current_versions(connection), {state.source: state for state in publications(connection)}


def current_versions(connection: Any) -> list[Version]:
    """The current version of every source, through a connection of :func:`reading`."""
    return [version_of(row) for row in rows(connection, CURRENT_VERSIONS)]


def publications(connection: Any) -> list[PublicationState]:
    """The status of every publication, through a connection of :func:`reading`."""
    return [publication_of(row) for row in rows(connection, PUBLICATIONS)]


def links(connection: Any) -> list[Link]:
    """Every stored link and proposal, in id order, through a connection of :func:`reading`."""
    return [link_of(row) for row in rows(connection, LINKS)]


def rows(connection: Any, statement: str) -> list[Sequence[Any]]:
    """The rows of ``statement`` (no parameters) through a connection of :func:`reading`."""
    with closing(connection.cursor()) as cursor:
        cursor.execute(statement)
        return cursor.fetchall()


def location(url: str) -> str:
    """The database at ``url``, for messages, its password hidden (as the store says it)."""
    scheme, separator, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{separator}{credentials.split(':', 1)[0]}:***@{place}"


def _moment(value: datetime | str | None, to_utc: bool = True) -> Any:
    """A stored time as an aware datetime: SQLite hands back the naive UTC text that was written,
    PostgreSQL an aware datetime in the session's time zone (kept as it is unless ``to_utc``)."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC) if to_utc else moment


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@contextmanager
def reading(url: str) -> Iterator[Any | None]:
    """A DB-API connection to the database at ``url`` for reading, with its own driver; None when
    the store must open it instead: not SQLite nor PostgreSQL, not there yet, not at the newest
    revision, or not answering (the store then says why)."""
    connected = _connect(url)
    if connected is None:
        yield None
        return
    connection, error = connected
    with closing(connection):
        try:
            with closing(connection.cursor()) as cursor:
                cursor.execute("SELECT version_num FROM alembic_version")
                stamped = [row[0] for row in cursor.fetchall()]
        except error:  # no such table: a database the store has not set up
            stamped = []
        yield connection if stamped == [head_revision()] else None


def _connect(url: str) -> tuple[Any, type[Exception]] | None:
    """A connection and its driver's error class, or None."""
    scheme, _, rest = url.partition("://")
    if scheme == "sqlite":
        path = rest.removeprefix("/")
        if not path or path.startswith(":") or "?" in path or not Path(path).is_file():
            return None
        try:  # read-only: nothing here may create or change the file
            return sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, timeout=30), sqlite3.Error
        except sqlite3.Error:
            return None
    if scheme in ("postgresql", "postgresql+psycopg"):
        import psycopg

        try:
            return psycopg.connect(f"postgresql://{rest}"), psycopg.Error
        except psycopg.Error:
            return None
    return None


def head_revision() -> str | None:
    """The newest revision, read from the migration scripts' ``revision`` and ``down_revision``
    lines without Alembic; None when they do not read as one chain (Alembic then decides)."""
    return _head_of(tuple(sorted(path.read_text(encoding="utf-8") for path in (MIGRATIONS / "versions").glob("*.py"))))


@cache
def _head_of(scripts: tuple[str, ...]) -> str | None:
    revisions, parents = set(), set()
    for script in scripts:
        found = {match[1]: match[2] for match in _REVISION.finditer(script)}
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and len(revisions) == len(scripts) else None
