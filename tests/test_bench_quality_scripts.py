"""The script categories' generators (bench/quality_scripts.py) write what a real transliteration
would, on the UK's Cyrillic names of persons OFAC lists (issue #23)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import SHARED_DATA
from magnitsky.model import Name

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import quality_scripts as qs  # noqa: E402

pytestmark = pytest.mark.slow  # reads Wikidata's name groups: .ci/run runs it, `pytest -m "not slow"` leaves it out


@pytest.fixture(scope="module")
def forms() -> dict[str, str]:
    return qs.ukrainian_forms(SHARED_DATA)


def test_the_ukrainian_form_is_the_nearest_of_the_name_groups(forms):
    # Wikidata's Giorgi group also holds георгий, with the Georgian гіоргі as its Ukrainian form
    assert forms["георгий"] == "георгій"
    assert forms["сергей"] == "сергій"


@pytest.mark.parametrize(
    ("listed", "ukrainian"),
    [
        ("Сергей Валерьевич АКСЁНОВ", "Serhiy Valerevych Aksyonov"),  # OFAC 16642, UK's Cyrillic: ё as yo
        ("Георгий Мурадов", "Heorhiy Muradov"),  # OFAC 20282, not "Hiorhi"
    ],
)
def test_ukrainian_forms_are_latin_as_ukrainian_romanisation_writes_them(forms, listed, ukrainian):
    assert qs._to_ukrainian(None, Name(listed), forms) == ukrainian
