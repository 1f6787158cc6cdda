"""The script categories' generators (bench/quality_scripts.py) write what a real transliteration
would, on the UK's Cyrillic names of persons OFAC lists (issue #23)."""

from __future__ import annotations

import random
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


def test_serbian_cyrillic_is_not_transliterated_as_russian(forms):
    # OFAC 23288 TESIC, Slobodan; the UK's Cyrillic name for him is Тешић (Serbian ћ), which the
    # Russian tables turned into the mixed "Tešiћ" (seed 6060); his Cyrillic name is still asked
    from magnitsky.sources import open_list

    sdn = open_list(SHARED_DATA / "ofac_sdn_2021" / "sdn.csv", fmt="ofac_csv").entities()
    tesic = next(e for e in sdn if e.id.endswith(":23288"))
    queries = qs.positives([(tesic, Name("Тешић"))], forms, 10, random.Random(6060))
    assert {q.category for q in queries} == {"cyrillic_script"}
    assert qs._is_russian("Игорь Иванович СЕЧИН") and not qs._is_russian("Тешић")


@pytest.fixture(scope="module")
def eu_queries(tmp_path_factory) -> list:
    from magnitsky.sources import open_list

    entities = list(open_list(SHARED_DATA / "ofac_sdn_2021" / "sdn.csv", fmt="ofac_csv").entities())
    return qs.eu_check(entities, SHARED_DATA, tmp_path_factory.mktemp("lists"))


def test_the_eu_check_asks_an_ofac_persons_eu_name_without_and_with_the_eus_birth_date(eu_queries):
    # EU 2024 lists KIM Su Il (PRK) as 김수일, born 4 March 1985; OFAC's 2021 SDN as Su Il KIM (26944)
    asked = [(q.name, q.birth_date, q.expected) for q in eu_queries if q.name == "김수일"]
    assert asked == [("김수일", None, "ofac_sdn:26944"), ("김수일", "1985-03-04", "ofac_sdn:26944")]


def test_the_eu_check_names_each_querys_script_and_asks_no_latin_name(eu_queries):
    scripts = {q.qid.split(":")[1] for q in eu_queries}
    assert {"CYRILLIC", "ARABIC", "HANGUL", "CJK"} <= scripts
    assert all(q.qid.split(":")[1] == qs.eu_script(q.name) for q in eu_queries)
    assert qs.eu_script("Kim Su Il") is None and qs.eu_script("Ο χειρουργός") == "GREEK"
