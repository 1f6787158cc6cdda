"""The ``magnitsky`` command line: the global options, then the command groups of magnitsky/commands/.

Exit codes: 0 success, 1 an error with a one-line cause on stderr, 2 a usage error. Every error
Magnitsky raises on purpose (:class:`~magnitsky.errors.MagnitskyError`) is caught here, once.
"""

from __future__ import annotations

import inspect
import sys
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeGuard

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

from magnitsky import __version__
from magnitsky.commands.context import (
    configure,
    end_now,
    fail,
    one_of,
    stop_on_closed_pipe,
    teardown_skippable,
)
from magnitsky.commands.values import read_plainly
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


# The commands, as their modules register them; made into the app's commands when first named.
registered = typer.Typer()


class _Commands(TyperGroup):
    """The app's commands, each made from its function only when it is run (or its own help is
    asked for): making one reads its function's signature and evaluates its annotations, and
    making all 86 for every invocation cost a command a fifth of its start-up. The list of
    commands (``magnitsky --help``) shows their names and help without making them."""

    _summarising = False  # while the help lists the commands

    def parse_args(self, ctx, args):
        read_plainly(self, ctx)  # the global options; the commands' as each is made
        return super().parse_args(ctx, args)

    def list_commands(self, ctx) -> list[str]:
        return list(_registered_commands())

    def get_command(self, ctx, cmd_name: str):
        info = _registered_commands().get(cmd_name)
        if info is None:
            return None
        if cmd_name not in self.commands:
            if self._summarising:
                return _summary(cmd_name, info)
            self.commands[cmd_name] = made = _made(info)
            read_plainly(made, ctx)
        return self.commands[cmd_name]

    def resolve_command(self, ctx, args):
        if args and args[0] not in _registered_commands():
            for name in self.list_commands(ctx):  # typer suggests among the commands made: a typo's
                self.get_command(ctx, name)  # "Did you mean 'sources'?" needs them all
        return super().resolve_command(ctx, args)

    def format_help(self, ctx, formatter) -> None:
        self._summarising = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._summarising = False

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


@cache
def _registered_commands() -> dict[str, CommandInfo | TyperInfo]:
    """Each registered command and group of commands by name, in the order registered."""
    commands: dict[str, CommandInfo | TyperInfo] = {}
    for command in registered.registered_commands:
        commands[command.name or typer.main.get_command_name(getattr(command.callback, "__name__", ""))] = command
    for group in registered.registered_groups:
        commands[str(group.name)] = group
    return commands


def _made(info: CommandInfo | TyperInfo):
    """The command (or group of commands) registered as ``info``."""
    markup, short = app.rich_markup_mode, app.pretty_exceptions_short
    if isinstance(info, TyperInfo):
        return typer.main.get_group_from_info(
            info, pretty_exceptions_short=short, rich_markup_mode=markup, suggest_commands=app.suggest_commands
        )
    return typer.main.get_command_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup)


def _summary(name: str, info: CommandInfo | TyperInfo) -> TyperCommand:
    """What the list of commands shows of a command not made yet: its name and help."""
    if isinstance(info, TyperInfo):
        solved = typer.main.solve_typer_info_defaults(info)
        return TyperCommand(name, help=solved.help, short_help=solved.short_help, hidden=solved.hidden)
    help = inspect.cleandoc(info.help) if info.help is not None else inspect.getdoc(info.callback)
    return TyperCommand(
        name,
        help=help,
        short_help=info.short_help,
        hidden=info.hidden,
        deprecated=info.deprecated,
        rich_help_panel=info.rich_help_panel,
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
    import_module(f"magnitsky.commands.{_module}").register(registered)


def main() -> None:
    """Console-script entry point (also ``python -m magnitsky``).

    A command that asked for it (``context.skip_teardown``: ``screen``) ends the process as soon as
    its output is written, without the interpreter's teardown: after a screen, freeing numba's
    and LLVM's objects module by module is a quarter of the command's CPU time, and nothing of it
    needs doing when the process ends. Only from here, never inside a caller's process (tests
    invoke ``app``)."""
    try:
        app(prog_name="magnitsky")
    except SystemExit as done:
        if not teardown_skippable():
            raise
        end_now(done.code)


if __name__ == "__main__":
    main()
