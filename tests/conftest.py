"""Shared test fixtures: paths to the bundled excerpts and to the full official files in ../shared."""

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

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
