"""The attack campaign of issue #22 (bench/attack.py), reduced: a few hostile inputs of every
category against the command line, the parsers and a real `magnitsky serve` on 127.0.0.1, with
the bundled lists in SQLite (and PostgreSQL when MAGNITSKY_TEST_POSTGRES_URL is set).

No wrong answer, no 5xx, no traceback, no data lost.
"""

import sys

import pytest

from conftest import BACKENDS, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import attack  # noqa: E402


@pytest.mark.slow  # minutes: a real server, a killed load of the full OFAC file; .ci/run runs it
def test_the_reduced_campaign_finds_nothing(database_url):
    database = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    assert database in BACKENDS
    tallies = attack.run({database: None if database == "sqlite" else database_url}, quick=True)
    assert {t.category for t in tallies} == set(attack.CATEGORIES)
    assert all(t.tried for t in tallies)
    assert [f for t in tallies for f in t.failures] == []
