"""What ``magnitsky update`` last learned of each publication: validators, checksum, outcome.

Kept in the database beside the list versions, so every front end shows the same status (the
``sources`` command, the lists desk) and a conditional request can be made from any machine that
shares the database, not only the one that fetched last.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from magnitsky.store.reading import PUBLICATIONS, PublicationState, publication_of
from magnitsky.store.schema import list_publications


class Publications:
    """Read and record the status of every publication ``magnitsky update`` fetches."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def all(self) -> dict[str, PublicationState]:
        with self.engine.connect() as conn:
            return {state.source: state for state in map(publication_of, conn.exec_driver_sql(PUBLICATIONS))}

    def get(self, source: str) -> PublicationState | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(list_publications).where(list_publications.c.source == source)).first()
        return publication_of(row) if row else None

    def checked(
        self, source: str, url: str, etag: str | None, last_modified: str | None, sha256: str | None, changed: bool
    ) -> None:
        """A check that succeeded: keep the answer's validators and checksum; clear the last error."""
        now = datetime.now(UTC)
        values = {
            "url": url,
            "etag": etag,
            "last_modified": last_modified,
            "sha256": sha256,
            "checked_at": now,
            "error": None,
        }
        if changed:
            values["changed_at"] = now
        self._put(source, values)

    def not_modified(self, source: str, url: str) -> None:
        """The publisher answered 304: nothing new; the validators stay."""
        self._put(source, {"url": url, "checked_at": datetime.now(UTC), "error": None})

    def failed(self, source: str, url: str, error: str) -> None:
        """A check that failed: the reason and when; the validators of the last good file stay, so
        the next check still asks whether anything changed since it."""
        self._put(source, {"url": url, "failed_at": datetime.now(UTC), "error": error})

    def _put(self, source: str, values: dict) -> None:
        with self.engine.begin() as conn:
            found = conn.execute(
                update(list_publications).where(list_publications.c.source == source).values(**values)
            ).rowcount
            if not found:
                conn.execute(insert(list_publications).values(source=source, **values))
