"""What every CLI command needs: the data directory, the store, the screener, output and errors.

Exit codes: 0 success, 1 an error with a one-line cause on stderr, 2 a usage error.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from magnitsky.store import ListStore, default_home, private_home, sqlite_url, store_url

out = Console()
err = Console(stderr=True)
_state: dict = {}


def configure(home: Path | None, db: str | None) -> None:
    """Set the data directory and database for this invocation (the global --home/--db options).
    Everything the command writes is its user's alone (umask 077): the data is personal."""
    if previous := _state.pop("store", None):  # an earlier invocation in this process (tests, scripts)
        previous.engine.dispose()
    os.umask(0o077)
    _state["home"] = private_home(Path(home or default_home()))
    _state["url"] = store_url(_state["home"], db)


def use_demo_home() -> Path:
    """Point this invocation at the demo's own data directory, ``<home>/demo``, in SQLite whatever
    --db or $MAGNITSKY_DB say: the bundled excerpts carry the real source names, and loaded into
    the user's store they would become version 1 of ``ofac_sdn`` with the real list as version 2."""
    demo = home() / "demo"
    _state["home"], _state["url"] = demo, sqlite_url(demo)
    return demo


def home() -> Path:
    return _state["home"]


def database_url() -> str:
    return _state["url"]


def config_file(option: Path | None, name: str) -> Path | None:
    """An explicit file, else ``$MAGNITSKY_HOME/<name>`` when an authority put one there, else None
    (the bundled default): how measures and jurisdiction tables are chosen."""
    if option is not None:
        return option
    candidate = home() / name
    return candidate if candidate.is_file() else None


def store() -> ListStore:
    """The store of this invocation: one engine (one connection pool) however many parts ask."""
    if "store" not in _state:
        _state["store"] = ListStore(_state["url"])
    return _state["store"]


def lists_loaded() -> ListStore:
    """The store, when it has a list loaded; else the one-line error naming where it looked (a
    mistyped --home must not screen to "no hits")."""
    lists = store()
    if not lists.current_versions():
        fail(f"no list is loaded in {lists.location()}: load one first (magnitsky load FILE)")
    return lists


def screener(threshold: float | None = None):
    """The screener over the current list versions, its index cached in the data directory."""
    from magnitsky.screening import DEFAULT_THRESHOLD, Screener
    from magnitsky.screening.ownership import blocked_entities

    lists = lists_loaded()
    announce_compiling()
    derived = blocked_entities(lists)  # entities blocked only by the 50 % ownership rule
    return Screener.from_store(lists, _state["home"] / "index", threshold or DEFAULT_THRESHOLD, ownership=derived)


def announce_compiling() -> None:
    """Say on stderr, once, when the screening kernels are being compiled (the first screening
    after an install: minutes on a small machine), then each kernel as it is done."""
    from magnitsky.match.compiling import report_compiling

    if _state.get("announcing"):
        return
    _state["announcing"] = True
    done: list[str] = []
    started: list[float] = []

    def on_start(name: str) -> None:
        if not started:
            started.append(time.monotonic())
            err.print(
                "Compiling the screening kernels: once after installing (a few minutes on 2 cores); "
                "they are cached for every later run.",
                highlight=False,
            )

    def on_end(name: str) -> None:
        done.append(name)
        err.print(f"  compiled {len(done)}: {name} ({time.monotonic() - started[0]:.0f} s)", highlight=False)

    report_compiling(on_start, on_end)


def actor() -> str:
    """Which machine account runs the command, for the audit trail of steps that are not a
    person's decision (loading lists, screening, importing customers)."""
    return f"cli:{getpass.getuser()}"


def person():
    """The reviewer running this command, proven by a credential, never by a name alone.

    ``MAGNITSKY_KEY``: their personal API key (one bound to them, approved by an administrator).
    Else ``MAGNITSKY_USER``: their reviewer name, with the password from ``MAGNITSKY_PASSWORD`` or,
    in a terminal, asked for without echo. The Actor returned names the credential in ``via``."""
    from magnitsky.api.identity import key_actor
    from magnitsky.api.keys import KeyStore
    from magnitsky.cases import CaseError, Users

    engine = store().engine
    try:
        if token := os.environ.get("MAGNITSKY_KEY", "").strip():
            key = KeyStore(engine).authenticate(token)
            if key is None:
                fail("MAGNITSKY_KEY is not a valid key (unknown, mistyped or revoked)")
            return key_actor(Users(engine), key)
        name = os.environ.get("MAGNITSKY_USER", "").strip()
        if not name:
            fail(
                "who is acting? set MAGNITSKY_USER to your reviewer name (your password is asked for) "
                "or MAGNITSKY_KEY to your personal API key"
            )
        password = secret(f"password for {name}", "MAGNITSKY_PASSWORD")
        return Users(engine).authenticate(name, password)
    except CaseError as exc:
        fail(str(exc))


def secret(prompt: str, variable: str | None = None, confirm: bool = False) -> str:
    """A secret from ``variable`` in the environment, else typed without echo in a terminal
    (twice when ``confirm``); never a command-line argument, which other users can see."""
    if variable and (value := os.environ.get(variable)):
        return value
    if not sys.stdin.isatty():
        fail(f"no {prompt}: run this in a terminal" + (f" or set {variable}" if variable else ""))
    value = getpass.getpass(f"{prompt}: ")
    if confirm and getpass.getpass(f"{prompt} again: ") != value:
        fail(f"the two {prompt}s differ")
    return value


def fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def progress() -> Progress:
    """A progress bar on stderr (count, rate, elapsed) that disappears when done."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def advance(bar: Progress, task: TaskID) -> Callable[[int], None]:
    """The ``on_*(count)`` callback of a long step: it moves ``task`` of ``bar`` to the count."""
    return lambda n: bar.update(task, completed=n)
