"""Zero-downtime list updates: the current screener, and building its successor beside it.

A :class:`Snapshot` is everything a request reads: the screener, the list versions it was built
from and an id lookup. The :class:`ScreenerHolder` keeps one, and replaces it by assigning a new
object to one attribute, which is atomic in Python: a request takes the snapshot once at its start
and finishes on it, whatever happens meanwhile. A reload builds (or loads the saved) index for the
store's current versions in a background thread while the old snapshot keeps answering (the first
load is waited for, before the worker accepts connections); when the
build fails, the old one stays. A poller notices versions loaded by another process (``magnitsky
load``), so every worker of a multi-worker server follows without being told.

The index is built in a child process, which saves it to ``home/index`` and says where; the
serving process then only loads that file. Building (and the ownership analysis that goes into
it) is seconds of CPU-bound Python: in a thread of the serving process it would hold the
interpreter lock against the requests. Worker processes share the saved indexes: a file lock
lets one of them build while the others wait and then load it. The collector is off while the
index loads and the loaded objects are frozen out of its view: a full collection over millions
of new objects would otherwise pause every request for most of a second.
"""

from __future__ import annotations

import fcntl
import gc
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from magnitsky.index import NameIndex
from magnitsky.model import Entity
from magnitsky.model.ftm import ftm_id
from magnitsky.screening import Screener
from magnitsky.screening.linkage import Linkage
from magnitsky.screening.ownership import blocked_by_ownership
from magnitsky.store import ListStore, Version
from magnitsky.store.links import LinkStore

log = logging.getLogger(__name__)
# The build is background work: at this niceness the scheduler gives the serving workers most of
# the CPU while both want it, so a reload costs requests little latency (and takes longer on a
# saturated machine instead).
BUILD_NICENESS = 10


def _build_index(url: str, index_dir: Path, threshold: float, answer) -> None:
    """In a child process: build and save the index of the store's current versions and the
    entities blocked by the ownership rule (as the CLI screens), unless another worker has saved
    it already; send its file and the versions it covers to the parent through the pipe end
    ``answer``."""
    os.nice(BUILD_NICENESS)
    store = ListStore(url)
    built = Screener.from_store(store, index_dir, threshold, ownership=blocked_by_ownership(store))
    answer.send((str(built.index_file), built.versions))


def _let_requests_run() -> None:
    """Between the parts of an index being loaded: give the lock to the request threads a moment."""
    time.sleep(0.001)


def version_labels(versions: list[Version] | tuple[Version, ...]) -> tuple[str, ...]:
    return tuple(f"{v.source}:{v.number}" for v in versions)


@dataclass(frozen=True)
class Snapshot:
    """One immutable generation of what the service screens against."""

    screener: Screener
    versions: tuple[Version, ...]
    loaded_at: datetime
    by_id: dict[str, Entity] = field(repr=False)  # our id and the FtM id -> entity
    cache: dict = field(default_factory=dict, repr=False)  # built on first use: entity views, services

    @classmethod
    def of(cls, screener: Screener, versions: tuple[Version, ...]) -> Snapshot:
        by_id: dict[str, Entity] = {}
        for entity in screener.index.entities:
            by_id[entity.id] = entity
            by_id[ftm_id(entity.source, entity.source_id)] = entity
        return cls(screener, versions, datetime.now(UTC), by_id)

    def inherit_views(self, previous: Snapshot | None) -> None:
        """Take over ``previous``'s cached entity views (``api.views``) of entries whose list
        version has not changed: otherwise the first requests after every reload rebuild them all."""
        if previous is None:
            return
        unchanged = {v.source for v in self.versions if previous.sources.get(v.source) == v}
        for key, view in list(previous.cache.items()):  # a copy: requests may add views meanwhile
            entity = self.by_id.get(key[1]) if isinstance(key, tuple) and key[0] == "view" else None
            if entity is not None and entity.source in unchanged:
                self.cache[key] = view

    @property
    def labels(self) -> tuple[str, ...]:
        return version_labels(self.versions)

    @property
    def sources(self) -> dict[str, Version]:
        return {v.source: v for v in self.versions}


@dataclass
class ReloadStatus:
    running: bool = False
    count: int = 0  # completed reloads, the first load included
    failures: int = 0
    last_error: str | None = None
    last_seconds: float | None = None


class ScreenerHolder:
    """The current :class:`Snapshot`, and the one background thread that may replace it."""

    def __init__(
        self,
        store: ListStore,
        index_dir: Path,
        threshold: float,
        poll_seconds: float = 0,
        on_swap: Callable[[Snapshot, float], None] | None = None,
    ):
        self.store = store
        self.index_dir = index_dir
        self.threshold = threshold
        self.poll_seconds = poll_seconds
        self.on_swap = on_swap  # told of every new snapshot and how long it took (metrics)
        self.current: Snapshot | None = None
        self.status = ReloadStatus()
        self._lock = threading.Lock()  # guards starting a build
        self._done = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._links_seen: tuple | None = None  # the links' stamp (``LinkStore.stamp``) the snapshot screens with

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Load the index of the store's current versions, wait until it is in use (or has failed:
        with no lists loaded yet the service starts and ``/readyz`` answers 503), then start
        polling for new versions.

        Blocking is the point: uvicorn lets a worker accept connections only once its lifespan
        startup is over, so a worker that calls this there, a respawned one included, takes no
        request it would have to answer 503 while the other workers could answer it."""
        self.reload()
        self.wait()
        if self.poll_seconds > 0:
            threading.Thread(target=self._poll, name="magnitsky-list-poll", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no build is running; False on timeout."""
        with self._done:
            return self._done.wait_for(lambda: not self.status.running, timeout)

    # -- reloading ---------------------------------------------------------------------------

    def reload(self, force: bool = False) -> bool:
        """Start building a snapshot of the store's current versions; False when one is already building."""
        with self._lock:
            if self.status.running:
                return False
            self.status.running = True
        threading.Thread(target=self._build, args=(force,), name="magnitsky-reload", daemon=True).start()
        return True

    def stale(self) -> bool:
        """Whether the store has versions the current snapshot does not screen against."""
        current = self.current
        return current is None or version_labels(self.store.current_versions()) != current.labels

    def _build(self, force: bool) -> None:
        started = time.perf_counter()
        error = None
        try:
            versions = tuple(self.store.current_versions())
            if not versions:
                raise RuntimeError("no lists loaded; run `magnitsky load FILE...` first")
            if force or self.current is None or version_labels(versions) != self.current.labels:
                gc.disable()
                try:
                    snapshot = self._snapshot()
                    snapshot.inherit_views(self.current)
                    self.current = snapshot  # the swap: one reference assignment
                    gc.freeze()  # the new index leaves the collector's view (the old one is freed by refcount)
                finally:
                    gc.enable()
                if self.on_swap:
                    self.on_swap(snapshot, time.perf_counter() - started)
                log.info("screening against %s", ", ".join(snapshot.labels))
        except Exception as exc:  # the old snapshot keeps serving; the failure is reported
            error = f"{type(exc).__name__}: {exc}"
            log.error("list reload failed, still screening against the previous versions: %s", error)
        with self._done:
            status = self.status
            status.running = False
            status.last_seconds = time.perf_counter() - started
            status.last_error = error
            if error is None:
                status.count += 1
            else:
                status.failures += 1
            self._done.notify_all()

    def _snapshot(self) -> Snapshot:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / "build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one process builds; the others then load its saved index
            for _ in range(3):
                index_file, labels = self._build_beside()
                versions = tuple(self.store.current_versions())
                if labels[: len(versions)] == version_labels(versions):  # no load slipped in between
                    index = NameIndex.load(Path(index_file), between_parts=_let_requests_run)
                    if index is None:
                        raise RuntimeError(f"{index_file}: the index built for the service cannot be read")
                    self._links_seen = LinkStore(self.store.engine).stamp()
                    linkage = Linkage.from_store(self.store.engine, index.entity_ids)
                    return Snapshot.of(Screener(index, self.threshold, labels, linkage), versions)
            raise RuntimeError("lists kept changing while the index was built; try again")

    def _build_beside(self) -> tuple[str, tuple[str, ...]]:
        """Build and save the index of the current versions in a child process (which only finds
        it when another worker has saved it already); its file and the versions it covers."""
        url = self.store.engine.url.render_as_string(hide_password=False)
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(
            target=_build_index, args=(url, self.index_dir, self.threshold, send), name="magnitsky-index-build"
        )
        child.start()
        send.close()
        try:
            answer = receive.recv()
        except EOFError:  # the child died before answering
            answer = None
        child.join()
        if child.exitcode != 0 or answer is None:
            raise RuntimeError(f"building the index failed in its process (exit code {child.exitcode})")
        return answer

    def refresh_links(self) -> None:
        """Screen with the links as stored now (a judgement made, ``magnitsky links update`` run):
        the index stays, only the groups of linked entries are read again and swapped in."""
        current = self.current
        if current is not None:
            ids = current.screener.index.entity_ids
            self._links_seen = LinkStore(self.store.engine).stamp()
            current.screener.linkage = Linkage.from_store(self.store.engine, ids)

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                if not self.status.running and self.stale():
                    self.reload()
                elif LinkStore(self.store.engine).stamp() != self._links_seen:
                    self.refresh_links()
            except Exception as exc:  # a database hiccup must not end the poller
                log.warning("checking for new list versions failed: %s", exc)
