"""``magnitsky serve``: the HTTP API under uvicorn.

Each worker is a separate process with its own copy of the screening index (about 150 MB for the
full OFAC, UN and consolidated lists). The first worker to start builds the index and saves it in
``home/index``; the others load the saved file. Workers learn of new list versions by polling the
store, and of each other's metrics through ``PROMETHEUS_MULTIPROC_DIR``.

With ``--update-every`` the serving process itself (uvicorn's supervisor when there are several
workers, never a worker) runs ``magnitsky update`` in a child process at that interval: one updater
however many workers, and the workers screen against what it loads at their next poll.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import replace
from typing import Annotated

import typer

from magnitsky.commands.context import configure, err, fail, home, screener, settings, store
from magnitsky.settings import PASSWORD, PASSWORD_FILE

# uvicorn kills a worker that has not answered its supervisor's ping within this many seconds. A
# worker answers once it has imported the application, which on a busy machine takes longer than
# uvicorn's default of 5 s: the workers were then killed and respawned in a loop, never serving.
WORKER_HEALTHCHECK_SECONDS = 60


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for all interfaces).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes (about one per core).")] = 1,
    poll: Annotated[
        float, typer.Option(min=0, help="Seconds between checks for new list versions (0: only on POST /admin/reload).")
    ] = 30.0,
    update_every: Annotated[
        float | None,
        typer.Option(
            min=0,
            help="Seconds between `magnitsky update` runs by the server, the first at start (default: "
            "$MAGNITSKY_UPDATE_INTERVAL, else 0: never; use cron or a systemd timer instead).",
        ),
    ] = None,
    access_log: Annotated[
        bool, typer.Option(help="Log every request line. Off by default: /search query strings hold names of people.")
    ] = False,
) -> None:
    """Serve the yente-compatible screening API (docs at /docs, OpenAPI at /openapi.json)."""
    import uvicorn

    from magnitsky.api.protocol import GuardedHttpProtocol
    from magnitsky.api.readiness import READY_DIR, ReadinessBoard

    loaded = bool(store().current_versions())
    if not loaded:
        err.print("[yellow]warning:[/] no lists loaded yet: /readyz answers 503 until `magnitsky load` and a reload")
    interval = settings().update.interval_seconds if update_every is None else update_every
    if interval and not poll:
        fail("--update-every needs --poll above 0: the workers learn of the lists it loads by polling the store")
    served = replace(
        settings(),
        service=replace(settings().service, reload_poll_seconds=poll),
        update=replace(settings().update, interval_seconds=interval),
    )
    os.environ.update(served.to_env())  # the workers build the same settings: same rule files, same thresholds
    for name in (PASSWORD, PASSWORD_FILE):  # the database URL handed on holds the password
        os.environ.pop(name, None)
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = home() / "run" / "prometheus"
        shutil.rmtree(metrics_dir, ignore_errors=True)  # counters of an earlier run must not add up with ours
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    if loaded:
        compile_kernels()
    readiness = ReadinessBoard.for_new_server(home())  # where the workers say what they screen against
    os.environ[READY_DIR] = str(readiness.directory)
    updates = ScheduledUpdates(interval) if interval else None
    if updates:
        updates.start()
    try:
        uvicorn.run(
            "magnitsky.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=access_log,
            log_level=served.log_level or "info",
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
            http=GuardedHttpProtocol,  # limits on request heads and slow clients
        )
    finally:
        if updates:
            updates.stop()
        readiness.remove()


# What the kernels are compiled for before the workers start: a person, a company, a name in another script.
WARM_UP_QUERIES = (
    {"schema": "Person", "properties": {"name": ["Ramzan Kadyrov"], "birthDate": ["1976-10-05"]}},
    {"schema": "Company", "properties": {"name": ["Rosneft Oil Company"], "country": ["ru"]}},
    {"schema": "Thing", "properties": {"name": ["Кадыров Рамзан"]}},
)


def compile_kernels() -> None:
    """Screen a few names as the workers will, in a child process, before they start: numba
    compiles each screening kernel there once, said on stderr with progress (``announce_compiling``),
    and caches it; the workers load the kernels from the cache. Otherwise every worker compiled
    them all, silently, on its first request: minutes on a small machine in which that request
    hung. With the kernels cached the child only loads them (a second or two)."""
    child = multiprocessing.get_context("spawn").Process(target=_screen_once, name="magnitsky-kernels")
    child.start()
    child.join()
    if child.exitcode:  # its error is on stderr; the workers meet it again, and /readyz reports it
        err.print("[yellow]warning:[/] the screening kernels could not be compiled before the workers start")


def _screen_once() -> None:
    configure(None, None)  # the served settings, from this process's environment
    engine = screener()
    for query in WARM_UP_QUERIES:
        engine.screen(query)


class ScheduledUpdates:
    """``magnitsky update`` every ``interval`` seconds, in a child process with this process's
    environment (the served settings): the download, parse and monitoring screener take memory
    and CPU the serving process gives back when the child exits, and a failure stays in it."""

    def __init__(self, interval: float):
        self.interval = interval
        self._stop = threading.Event()
        self._child: subprocess.Popen | None = None

    def start(self) -> None:
        threading.Thread(target=self._run, name="magnitsky-update", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        if self._child and self._child.poll() is None:
            self._child.terminate()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._child = subprocess.Popen(
                [sys.executable, "-m", "magnitsky", "update"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env={**os.environ, "COLUMNS": "200"},
            )
            output, _ = self._child.communicate()
            for line in output.splitlines():
                err.print(f"update: {line}", highlight=False, markup=False, soft_wrap=True)
            if self._child.returncode:
                code = self._child.returncode
                err.print(f"update: exit {code}; the next run in {self.interval:g} s", highlight=False)
            self._stop.wait(self.interval)


def register(app: typer.Typer) -> None:
    app.command()(serve)
