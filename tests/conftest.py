"""Shared test fixtures: paths to the bundled excerpts and to the full official files in ../shared."""

from pathlib import Path

import pytest

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
