"""Fetching each publication and loading what changed, one source at a time.

A source is loaded only when its file changed: the publisher says so (no 304) and the bytes say
so (their SHA-256 differs from the last file fetched). The file is parsed and loaded as the store
loads any file, in one transaction with the shrink guard, so a cut or broken download keeps the
previous version current and nothing of it stays. A source that fails is reported in one line and
recorded (:class:`~magnitsky.store.Publications`, the audit log); the others are still updated.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from magnitsky.errors import MagnitskyError
from magnitsky.settings import SHRINK_LIMIT, UpdateSettings
from magnitsky.sources import PARSERS, open_list
from magnitsky.store import AuditLog, ListStore, Publications, ShrinkRefused, Version
from magnitsky.updates.catalogue import Publication
from magnitsky.updates.download import fetch

LOADED, UNCHANGED, FAILED, SKIPPED = "loaded", "unchanged", "failed", "skipped"


@dataclass(frozen=True)
class Outcome:
    """What updating one source did: ``status`` is loaded, unchanged, failed or skipped; ``detail``
    the one line saying why; ``version`` the source's current version after it, if any;
    ``warnings`` what the load noticed in the file (as ``magnitsky load`` reports them)."""

    source: str
    status: str
    detail: str
    version: Version | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Watch:
    """Who follows an update as it runs (the CLI's progress bar): ``on_bytes(received, declared)``
    as the file downloads, ``on_loading()`` when it starts being parsed and loaded, then
    ``on_entity(count)`` as its entries are read."""

    on_bytes: Callable[[int, int | None], None] | None = None
    on_loading: Callable[[], None] | None = None
    on_entity: Callable[[int], None] | None = None


class Updater:
    """Brings the store's lists up to date with their publications."""

    def __init__(
        self,
        store: ListStore,
        settings: UpdateSettings,
        shrink_limit: float = SHRINK_LIMIT,
        actor: str = "system:update",
    ):
        self.store = store
        self.settings = settings
        self.shrink_limit = shrink_limit
        self.actor = actor
        self.publications = Publications(store.engine)

    def update(self, publication: Publication, allow_shrink: bool = False, watch: Watch | None = None) -> Outcome:
        """Fetch ``publication`` and load it if it changed; a failure is the outcome, never raised,
        so one publisher's trouble never keeps the other lists from being updated."""
        source, url = publication.source, publication.url
        if publication.format not in PARSERS:
            why = f"this version of Magnitsky has no parser for its format {publication.format!r}"
            return Outcome(source, SKIPPED, why)
        try:
            return self._update(publication, allow_shrink, watch or Watch())
        except ShrinkRefused as exc:
            error = f"{exc}; nothing was loaded (pass --allow-shrink {source} if the list really shrank)"
        except (MagnitskyError, ValueError, OSError) as exc:
            error = f"{exc}; nothing was loaded" if str(exc) else f"{type(exc).__name__}; nothing was loaded"
        self.publications.failed(source, url, error)
        details = {"url": url, "error": error}
        AuditLog(self.store.engine).append(self.actor, "list.update.failed", f"list:{source}", details)
        return Outcome(source, FAILED, error, self.store.current_version(source))

    def _update(self, publication: Publication, allow_shrink: bool, watch: Watch) -> Outcome:
        source, url = publication.source, publication.url
        current = self.store.current_version(source)
        last = self.publications.get(source)
        # Ask "changed since?" only about the file the current version came from: after the
        # address changed, or with no version loaded, the publisher's 304 would keep us without one.
        known = last if last and last.url == url and last.sha256 and current else None
        with tempfile.TemporaryDirectory(prefix="magnitsky-update-") as folder:
            fetched = fetch(
                url,
                Path(folder) / publication.file_name,
                etag=known.etag if known else None,
                last_modified=known.last_modified if known else None,
                max_bytes=self.settings.max_bytes,
                timeout=self.settings.timeout_seconds,
                on_bytes=watch.on_bytes,
            )
            if fetched.path is None:
                self.publications.not_modified(source, url)
                return Outcome(source, UNCHANGED, "not modified since the last check (HTTP 304)", current)
            if known and fetched.sha256 == known.sha256:
                self.publications.checked(source, url, fetched.etag, fetched.last_modified, fetched.sha256, False)
                return Outcome(source, UNCHANGED, "the same bytes as the last file fetched (SHA-256)", current)
            listfile = open_list(fetched.path, publication.format, source)
            if watch.on_loading:
                watch.on_loading()
            result = self.store.load(
                listfile, watch.on_entity, self.actor, allow_shrink=allow_shrink, shrink_limit=self.shrink_limit
            )
        changed = not result.unchanged
        self.publications.checked(source, url, fetched.etag, fetched.last_modified, fetched.sha256, changed)
        v = result.version
        if result.unchanged:
            return Outcome(source, UNCHANGED, f"the same list as version {v.number}", v)
        loaded = f"loaded version {v.number}, {v.entity_count:,} entries"
        return Outcome(source, LOADED, loaded, v, tuple(result.warnings))
