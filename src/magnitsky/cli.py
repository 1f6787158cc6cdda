"""The ``magnitsky`` command line: the global options, then the command groups of magnitsky/commands/.

Exit codes: 0 success, 1 an error with a one-line cause on stderr, 2 a usage error. Every error
Magnitsky raises on purpose (:class:`~magnitsky.errors.MagnitskyError`) is caught here, once.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeGuard

import typer
from typer.core import TyperGroup

from magnitsky import __version__
from magnitsky.commands.context import configure, fail, one_of, stop_on_closed_pipe
from magnitsky.errors import MagnitskyError
from magnitsky.settings import LOG_LEVELS

if TYPE_CHECKING:
    from sqlalchemy.exc import SQLAlchemyError

# Each module under magnitsky/commands/ has register(app) adding its commands, in this order in --help.
COMMAND_GROUPS = (
    "lists",
    "update",
    "links",
    "screen",
    "demo",
    "visa",
    "ownership",
    "batchgen",
    "serve",
    "keys",
    "cases",
    "payments",
    "registry",
    "requests",
)


class _Commands(TyperGroup):
    def invoke(self, ctx):  # typer.Context; unannotated as typer declares its vendored click's
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
            return result
        except MagnitskyError as exc:  # the one place: the one-line cause on stderr, exit 1
            fail(str(exc))
        except BrokenPipeError:
            stop_on_closed_pipe()
        except Exception as exc:
            if not _from_the_database(exc):
                raise
            # read-only, full disk, a concurrent writer: what the database said, never the
            # statement's parameters (names of customers and persons)
            from magnitsky.store import database_problem

            fail(
                f"the database could not complete the command ({database_problem(exc)}). "
                "If another command was writing to it at the same time, run this one again."
            )


def _from_the_database(exc: Exception) -> TypeGuard[SQLAlchemyError]:
    """Whether SQLAlchemy raised ``exc``; asked without importing SQLAlchemy, which commands that
    never open the store (``--help``, ``--version``) should not load: if it is not imported, it
    raised nothing."""
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.SQLAlchemyError)


app = typer.Typer(
    name="magnitsky",
    cls=_Commands,
    help="Targeted-sanctions lists, screening and enforcement.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"magnitsky {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    home: Annotated[Path | None, typer.Option(help="Data directory (default $MAGNITSKY_HOME or ~/.magnitsky).")] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Database URL, e.g. postgresql+psycopg://user@host/db (default $MAGNITSKY_DB, else SQLite in the "
            "data directory). Leave the password out: it is read from $MAGNITSKY_DB_PASSWORD or the file named by "
            "$MAGNITSKY_DB_PASSWORD_FILE, unseen by ps."
        ),
    ] = None,
    log_level: Annotated[
        str | None,
        typer.Option(
            callback=one_of(*LOG_LEVELS, fold_case=True),
            help="Log messages from this level on, to stderr (default $MAGNITSKY_LOG_LEVEL, else warning).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    configure(home, db, log_level)


for _module in COMMAND_GROUPS:
    import_module(f"magnitsky.commands.{_module}").register(app)


def main() -> None:
    """Console-script entry point (also ``python -m magnitsky``)."""
    app(prog_name="magnitsky")


if __name__ == "__main__":
    main()
