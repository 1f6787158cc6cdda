"""Start-up: commands that don't screen import none of the heavy libraries, and the packages
that export their API lazily (``magnitsky.lazy``) still export all of it.

Speed itself is measured in bench/startup.py; this checks what makes it: what gets imported.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

# Imported only by the commands that need them: each costs a tenth of a second to seconds.
HEAVY = ("numpy", "numba", "llvmlite", "pyarrow", "sqlalchemy", "fastapi", "icu", "followthemoney", "lxml")
LAZY_PACKAGES = (
    "magnitsky.cases",
    "magnitsky.linking",
    "magnitsky.screening.ownership",
    "magnitsky.sources",
    "magnitsky.store",
)


def modules_after(*args: str, timeout: float = 120) -> set[str]:
    """The modules a fresh interpreter holds after running ``magnitsky ARGS`` (``app``, as
    ``cli.main`` runs it: ``main`` may end the process with the command)."""
    script = (
        "import json, sys\n"
        "from magnitsky.cli import app\n"
        f"sys.argv = ['magnitsky', *{list(args)!r}]\n"
        "try:\n    app(prog_name='magnitsky')\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout)
    return set(json.loads(result.stderr.splitlines()[-1]))


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["load", "--help"], ["alerts", "--help"], ["links", "list", "--help"]]
)
def test_commands_that_dont_screen_import_no_heavy_library(args):
    loaded = modules_after(*args)
    assert "magnitsky.commands.screen" in loaded  # every command was registered ...
    assert {m.split(".")[0] for m in loaded} & set(HEAVY) == set()  # ... without the heavy libraries


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_lazily_exported_name_resolves(package):
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'nothing_by_this_name'"):
        module.nothing_by_this_name  # noqa: B018


def test_the_help_lists_every_command_without_making_them(capsys):
    import typer.main

    from magnitsky.cli import app

    group = typer.main.get_command(app)
    context = group.make_context("magnitsky", ["--help"], resilient_parsing=True)
    listed = group.get_help(context) or capsys.readouterr().out  # typer's rich help prints it
    assert group.commands == {}  # none was made from its function to be listed ...
    for name in group.list_commands(context):  # ... yet each is listed, with its help's first words
        made = group.get_command(context, name)
        assert name in listed
        assert (made.short_help or made.help or "").split()[0] in listed
    assert {"screen", "sources", "alerts", "registry"} <= set(group.commands)


def test_a_command_is_made_when_run_and_a_mistyped_one_gets_suggestions():
    from typer.testing import CliRunner

    from magnitsky.cli import app

    assert CliRunner().invoke(app, ["--version"]).exit_code == 0
    mistyped = CliRunner().invoke(app, ["sourcs"])
    assert mistyped.exit_code == 2
    assert "Did you mean 'sources'?" in mistyped.output


def test_opening_a_database_at_the_newest_revision_does_not_import_alembic(tmp_path):
    url = f"sqlite:///{tmp_path / 'magnitsky.db'}"
    script = (
        "import sys\nfrom magnitsky.store.database import open_database\n"
        f"open_database({url!r})\n"
        "print('alembic' in sys.modules)\n"
    )
    run = [sys.executable, "-c", script]
    # the first opening creates the schema with Alembic; a later one finds it current
    assert subprocess.run(run, capture_output=True, text=True, check=True).stdout.split() == ["True"]
    assert subprocess.run(run, capture_output=True, text=True, check=True).stdout.split() == ["False"]


@pytest.mark.parametrize("args", [["sources"], ["sources", "--json"], ["alerts", "--help"]])
def test_commands_run_without_pydantic(tmp_path, args):
    """typer would build a Pydantic adapter for every option, None-valued ones too (magnitsky.commands.values)."""
    loaded = modules_after("--home", str(tmp_path), *args)
    assert "magnitsky.commands.lists" in loaded  # the command ran ...
    assert "pydantic" not in loaded  # ... and read its options without Pydantic


def _typers_and_plain(param, value, ctx):
    """What typer's own coercion and the plain one make of ``value``: a result or an error's message."""
    from typer._coercion import build_runtime_param

    from magnitsky.commands.values import _Plain

    descriptor = param.type_descriptor
    outcomes = []
    for coercion in (
        build_runtime_param(descriptor),
        _Plain(descriptor.parameter_info, descriptor.annotation, descriptor),
    ):
        param._runtime_param = None
        try:
            outcomes.append(("value", coercion.coerce(value, param=param, ctx=ctx)))
        except Exception as exc:  # typer's BadParameter, with its message
            outcomes.append((type(exc).__name__, str(exc)))
    return outcomes


def test_every_option_reads_a_value_as_typer_does():
    import typer.main

    from magnitsky.cli import app

    group = typer.main.get_command(app)
    ctx = group.make_context("magnitsky", ["sources"], resilient_parsing=True)
    commands, compared = [group], 0
    while commands:
        command = commands.pop()
        if hasattr(command, "list_commands"):
            commands.extend(command.get_command(ctx, name) for name in command.list_commands(ctx))
        for param in command.params:
            values = [
                param.default,
                None,
                "",
                "abc",
                "5",
                "0",
                "-1",
                "2.5",
                "1e3",
                "~/lists",
                ["a", "b"],
                ("x",),
                7,
                0.5,
                0,
            ]
            for value in values:
                typers, plain = _typers_and_plain(param, value, ctx)
                assert plain == typers, (command.name, param.name, value)
                compared += 1
    assert compared > 3000  # every parameter of every command, with each value


def test_sources_of_a_loaded_store_reads_it_without_sqlalchemy(tmp_path, fixtures):
    from magnitsky.settings import sqlite_url
    from magnitsky.sources import open_list
    from magnitsky.store import ListStore

    store = ListStore(sqlite_url(tmp_path))
    store.load(open_list(fixtures / "un_xml" / "consolidated_excerpt.xml"))
    store.engine.dispose()
    loaded = modules_after("--home", str(tmp_path), "sources")
    assert "magnitsky.store.reading" in loaded
    assert {m.split(".")[0] for m in loaded} & set(HEAVY) == set()


def test_screening_with_a_saved_index_reads_the_store_without_sqlalchemy(tmp_path, fixtures):
    from magnitsky.settings import sqlite_url
    from magnitsky.sources import open_list
    from magnitsky.store import ListStore

    store = ListStore(sqlite_url(tmp_path))
    store.load(open_list(fixtures / "un_xml" / "consolidated_excerpt.xml"))
    store.engine.dispose()
    # builds and saves the index (and compiles the kernels, minutes, when no earlier test did)
    first = modules_after("--home", str(tmp_path), "screen", "Kim Jong Un", timeout=1800)
    assert "sqlalchemy" in first and list((tmp_path / "index").glob("index-*.idx"))
    loaded = modules_after("--home", str(tmp_path), "screen", "Kim Jong Un", timeout=600)
    assert "magnitsky.commands.screen" in loaded and "magnitsky.store.reading" in loaded
    assert {m.split(".")[0] for m in loaded} & {"sqlalchemy", "alembic"} == set()
