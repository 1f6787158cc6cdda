"""``magnitsky serve``: the HTTP API under uvicorn.

Each worker is a separate process with its own copy of the screening index (about 150 MB for the
full OFAC, UN and consolidated lists). The first worker to start builds the index and saves it in
``home/index``; the others load the saved file. Workers learn of new list versions by polling the
store, and of each other's metrics through ``PROMETHEUS_MULTIPROC_DIR``.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from typing import Annotated

import typer

from magnitsky.commands.context import err, home, settings, store
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
    access_log: Annotated[
        bool, typer.Option(help="Log every request line. Off by default: /search query strings hold names of people.")
    ] = False,
) -> None:
    """Serve the yente-compatible screening API (docs at /docs, OpenAPI at /openapi.json)."""
    import uvicorn

    from magnitsky.api.protocol import GuardedHttpProtocol
    from magnitsky.api.readiness import READY_DIR, ReadinessBoard

    if not store().current_versions():
        err.print("[yellow]warning:[/] no lists loaded yet: /readyz answers 503 until `magnitsky load` and a reload")
    served = replace(settings(), service=replace(settings().service, reload_poll_seconds=poll))
    os.environ.update(served.to_env())  # the workers build the same settings: same rule files, same thresholds
    for name in (PASSWORD, PASSWORD_FILE):  # the database URL handed on holds the password
        os.environ.pop(name, None)
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = home() / "run" / "prometheus"
        shutil.rmtree(metrics_dir, ignore_errors=True)  # counters of an earlier run must not add up with ours
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    readiness = ReadinessBoard.for_new_server(home())  # where the workers say what they screen against
    os.environ[READY_DIR] = str(readiness.directory)
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
        readiness.remove()


def register(app: typer.Typer) -> None:
    app.command()(serve)
