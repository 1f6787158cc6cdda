"""Shared test fixtures: paths to the bundled excerpts and to the full official files in ../shared."""

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from magnitsky.store import ListStore

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    """The full official list files CI provides beside the checkout (see ../shared/data/PROVENANCE.md)."""
    assert SHARED_DATA.is_dir(), f"expected the official list files at {SHARED_DATA}"
    return SHARED_DATA


def pytest_configure(config) -> None:
    """Under pytest-xdist (``-n``), each worker gets a PostgreSQL database of its own: the tests drop
    and recreate its public schema, which two workers sharing one database would do under each other."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and os.environ.get("MAGNITSKY_TEST_POSTGRES_URL"):
        os.environ["MAGNITSKY_TEST_POSTGRES_URL"] = _worker_database(os.environ["MAGNITSKY_TEST_POSTGRES_URL"], worker)


def _worker_database(url: str, worker: str) -> str:
    """``url`` with ``_<worker>`` appended to its database name; that database is created beside it
    when missing (so the test user needs CREATEDB, as .ci/run's superuser has)."""
    given = make_url(url)
    own = given.set(database=f"{given.database}_{worker}")
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}).first()
        if exists is None:
            conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("MAGNITSKY_TEST_POSTGRES_URL") else [])


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    """An empty database: SQLite always, PostgreSQL too when MAGNITSKY_TEST_POSTGRES_URL is set
    (its public schema is dropped and recreated, so point it at a database used only for tests)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'magnitsky.db'}"
    url = os.environ["MAGNITSKY_TEST_POSTGRES_URL"]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def store(database_url):
    """An empty list store on ``database_url``; its connections are closed after the test."""
    store = ListStore(database_url)
    yield store
    store.engine.dispose()
