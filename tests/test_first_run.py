"""The README's first-run commands are what CI runs, and the `test` extra installs everything the
tests import (a fresh `pip install -e '.[test]'` once lacked faker and pyspark: 8 failed, 15 errors)."""

import re
import tomllib

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_after(heading: str) -> str:
    return re.search(re.escape(heading) + r"\s*```sh\n(.+?)\n```", README).group(1)


def test_ci_runs_the_readme_test_command_exactly():
    command = _command_after("Run the tests:")
    assert command == "pip install -e '.[test]' && python -m pytest tests"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci
    installs = [line.split("#")[0].strip() for line in ci if line.strip().startswith("pip install")]
    # Nothing for the tests beyond what the README says; besides, only pip itself and the checkers.
    assert installs == ["pip install -q --upgrade pip", "pip install -q -e '.[check]'", command]


def test_the_test_extra_carries_what_the_tests_import():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]

    def requirements(extra: str) -> set[str]:
        found = set()
        for requirement in extras[extra]:
            name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower()
            if name == "magnitsky":  # the extras it names
                for named in re.search(r"\[(.+)\]", requirement).group(1).split(","):
                    found |= requirements(named.strip())
            else:
                found.add(name)
        return found

    assert {"pytest", "hypothesis", "httpx", "schemathesis", "faker", "pyspark", "pandas", "psycopg"} <= requirements(
        "test"
    )
