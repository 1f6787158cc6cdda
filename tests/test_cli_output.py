"""The command line as a program in a pipeline: the real entry point (``python -m magnitsky``) in a
subprocess whose output is a pipe, over a store holding the bundled list excerpts."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from api_support import load_bundled
from magnitsky import __version__
from magnitsky.cli import app

runner = CliRunner()


def magnitsky(*args, env=None, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "magnitsky", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "", **(env or {})},
        **kwargs,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    load_bundled(f"sqlite:///{home / 'magnitsky.db'}").engine.dispose()
    return home


def test_piped_tables_keep_each_row_on_one_line_however_wide(home):
    listed = json.loads(magnitsky("--home", str(home), "sources", "--json").stdout)
    result = magnitsky("--home", str(home), "sources")
    assert result.returncode == 0, result.stderr
    for source in listed:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(source["schemata"].items()))
        [row] = [line for line in result.stdout.splitlines() if f" {source['source']} " in line]
        assert f"({counts})" in row and "…" not in row
    assert max(len(line) for line in result.stdout.splitlines()) > 80


def test_a_reader_that_stops_early_is_not_an_error(home):
    """``magnitsky export | head -1``: the export is far larger than a pipe's buffer."""
    script = f"{sys.executable} -m magnitsky --home {home} export | head -1; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] and result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["load", "--format", "pdf", "x.csv"],
        ["export", "--format", "pdf"],
        ["frozen", "export", "--format", "pdf"],
        ["audit", "export", "--format", "pdf"],
        ["batch", "in.jsonl", "--out", "out.jsonl", "--engine", "cloud"],
        ["--log-level", "loud", "sources"],
    ],
)
def test_a_value_an_option_does_not_take_is_a_usage_error(home, args):
    result = runner.invoke(app, ["--home", str(home), *args])
    assert result.exit_code == 2 and "Invalid value" in result.output, result.output


def test_version_and_python_dash_m():
    result = magnitsky("--version")
    assert (result.returncode, result.stdout) == (0, f"magnitsky {__version__}\n")
    assert "Usage: magnitsky" in magnitsky("--help").stdout


def test_log_level(tmp_path):
    """A Sanction pointing at no listed entity is worth a warning when an FtM file is loaded."""
    listing = tmp_path / "lonely.ftm.json"
    records = [
        {"id": "p-1", "schema": "Person", "properties": {"name": ["Ivan Testov"]}},
        {"id": "s-1", "schema": "Sanction", "properties": {"entity": ["nobody"], "program": ["TEST"]}},
    ]
    listing.write_text("".join(json.dumps(r) + "\n" for r in records))
    warned = magnitsky("--home", str(tmp_path / "a"), "load", str(listing))
    assert warned.returncode == 0 and "WARNING magnitsky.model.ftm" in warned.stderr, warned.stderr
    quiet = magnitsky("--home", str(tmp_path / "b"), "--log-level", "error", "load", str(listing))
    assert quiet.returncode == 0 and "point at no entity" not in quiet.stderr, quiet.stderr
    from_env = magnitsky("--home", str(tmp_path / "c"), "load", str(listing), env={"MAGNITSKY_LOG_LEVEL": "error"})
    assert from_env.returncode == 0 and "point at no entity" not in from_env.stderr


def test_piped_entities_keep_each_entry_on_one_line(home):
    """``magnitsky entities > file``: one line per entry, however long its name (issue #19)."""
    listed = magnitsky("--home", str(home), "entities", "--json").stdout.splitlines()
    result = magnitsky("--home", str(home), "entities")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(listed) > 300
    assert all(len(line.split("\t")) == 3 for line in lines)
    assert max(len(line) for line in lines) > 100
