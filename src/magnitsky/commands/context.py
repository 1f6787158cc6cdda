"""What every CLI command needs: the settings, the store, the screener, the rule tables, output and errors.

Exit codes: 0 success, 1 an error with a one-line cause on stderr, 2 a usage error. A command
raises a :class:`~magnitsky.errors.MagnitskyError` (or calls :func:`fail`); ``magnitsky.cli``
turns it into the one line and the exit code.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

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

from magnitsky.settings import Settings, StoreSettings, sqlite_url

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported by the commands that open it, not by --help
    from magnitsky.store import ListStore

# Where an option's default comes from, said once (docs/configuration.md has them all).
MATCH_HELP = "Match threshold (default: $MAGNITSKY_MATCH_THRESHOLD, else 0.85)."
MEASURES_HELP = "Measures table (default: $MAGNITSKY_MEASURES, else $MAGNITSKY_HOME/measures.json, else bundled)."
RULES_HELP = (
    "Jurisdiction rules (default: $MAGNITSKY_JURISDICTIONS, else $MAGNITSKY_HOME/jurisdictions.json, else bundled)."
)
PIPED_WIDTH = 100_000  # piped output is for programs: a table row stays one line, however wide


class _Console(Console):
    def on_broken_pipe(self) -> None:
        stop_on_closed_pipe()


out = _Console()
err = Console(stderr=True)
_state: dict = {}


def skip_teardown() -> None:
    """Let the console script end this process without the interpreter's teardown once the
    command is done (``cli.main``): for a command that holds nothing needing to be closed or
    cleaned up when it returns (no files being written, no child processes, no temporary files)."""
    _state["skip_teardown"] = True


def teardown_skippable() -> bool:
    return bool(_state.get("skip_teardown"))


def end_now(code: int | str | None) -> NoReturn:
    """End the process with ``code`` as ``SystemExit`` would, after flushing the output and the
    logs, without the interpreter's teardown."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: not an error (``stop_on_closed_pipe``)
        pass
    sys.stderr.flush()
    os._exit(code or 0)


def one_of(*values: str, fold_case: bool = False) -> Callable[[str | None], str | None]:
    """The callback of an option that takes only ``values``: any other is a usage error (exit 2)."""

    def check(value: str | None) -> str | None:
        if value is not None and fold_case:
            value = value.lower()
        if value is not None and value not in values:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(values)}")
        return value

    return check


def configure(home: Path | None, db: str | None, log_level: str | None = None) -> None:
    """Build this invocation's settings from the environment and the global options.
    Everything the command writes is its user's alone (umask 077): the data is personal."""
    if previous := _state.pop("store", None):  # an earlier invocation in this process (tests, scripts)
        previous.engine.dispose()
    os.umask(0o077)
    _state["settings"] = current = Settings.from_env(home=home, db=db, log_level=log_level)
    level = (current.log_level or "warning").upper()
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    if not out.is_terminal:
        out.width = PIPED_WIDTH


def use_demo_home() -> Path:
    """Point this invocation at the demo's own data directory, ``<home>/demo``, in SQLite whatever
    --db or $MAGNITSKY_DB say: the bundled excerpts carry the real source names, and loaded into
    the user's store they would become version 1 of ``ofac_sdn`` with the real list as version 2."""
    demo = home() / "demo"
    if previous := _state.pop("store", None):  # the store opened on the user's database, if any
        previous.engine.dispose()
    _state["settings"] = replace(settings(), store=StoreSettings(demo, sqlite_url(demo)))
    return demo


def settings() -> Settings:
    return _state["settings"]


def home() -> Path:
    return settings().store.home


def database_url() -> str:
    return settings().store.database_url


def measures_table(option: Path | None = None):
    """The measures table: ``option``, else the authority's (settings), else the bundled one."""
    from magnitsky.screening.measures import MeasuresTable

    return MeasuresTable.load(option or settings().screening.measures_file)


def jurisdiction_rules(option: Path | None = None):
    """The jurisdiction rules: ``option``, else the authority's (settings), else the bundled ones."""
    from magnitsky.screening.payments import JurisdictionRules

    return JurisdictionRules.load(option or settings().screening.jurisdictions_file)


def store() -> ListStore:
    """The store of this invocation: one engine (one connection pool) however many parts ask."""
    if "store" not in _state:
        from magnitsky.store import ListStore

        _state["store"] = ListStore(database_url())
    return _state["store"]


def lists_loaded() -> ListStore:
    """The store, when it has a list loaded; else the one-line error naming where it looked (a
    mistyped --home must not screen to "no hits")."""
    lists = store()
    if not lists.current_versions():
        fail(f"no list is loaded in {lists.location()}: load one first (magnitsky load FILE)")
    return lists


def screener(threshold: float | None = None):
    """The screener over the current list versions, its index cached in the data directory: read
    without the store (SQLAlchemy) when that index is saved, else built through the store."""
    from magnitsky.screening import Screener

    match = settings().screening.thresholds.match if threshold is None else threshold
    announce_compiling()
    if saved := Screener.from_saved(database_url(), settings().store.index_dir, match):
        return saved
    from magnitsky.screening.ownership import blocked_by_ownership

    lists = lists_loaded()
    derived = blocked_by_ownership(lists)  # entities blocked only by the 50 % ownership rule
    return Screener.from_store(lists, settings().store.index_dir, match, ownership=derived)


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
    from magnitsky.cases import Users

    engine = store().engine
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


def stop_on_closed_pipe() -> NoReturn:
    """The reader of our output went away (``magnitsky entities | head``): that is its choice, not
    an error. Later writes, the final flush included, go nowhere, and the command exits 0."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's buffer)
        pass
    raise SystemExit(0)


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
