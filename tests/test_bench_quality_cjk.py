"""The Korean and Chinese benchmark categories (bench/quality_cjk.py) write real listed persons the
way their own people do: Hangul as the DPRK writes it, Revised Romanization, Wade-Giles, either
order, on the real 2021 OFAC SDN list and Wikidata's name groups in ../shared/data/names."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from conftest import SHARED_DATA
from magnitsky.sources import open_list

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import quality_cjk as cjk  # noqa: E402

pytestmark = pytest.mark.slow  # reads the name groups and a whole list


@pytest.fixture(scope="module")
def sdn_2021() -> dict:
    entities = open_list(SHARED_DATA / "ofac_sdn_2021" / "sdn.csv", fmt="ofac_csv").entities()
    return {e.source_id: e for e in entities}


@pytest.mark.parametrize(
    ("listed", "hangul"),
    [
        ("Jong Un", "정은"),
        ("Ryong Hae", "룡해"),
        ("Pyong Chol", "병철"),
        ("Ch'o'l-Chae", "철재"),
        ("Tong-Myo'ng", "동명"),
    ],  # noqa: E501
)
def test_dprk_given_names_in_the_hangul_koreans_write(listed, hangul):
    assert cjk.korean_given(listed, SHARED_DATA) == hangul


def test_korean_queries_of_real_listed_persons(sdn_2021):
    rng = random.Random(1)
    kim = sdn_2021["20157"]  # KIM, Jong Un
    queries = cjk.korean_queries(kim, kim.names[0], SHARED_DATA, rng)
    assert queries["korean_hangul"].replace(" ", "") == "김정은"
    assert queries["korean_romanisation"].split()[0] in ("Kim", "Gim")
    choe = sdn_2021["23213"]  # CHOE, Ryong Hae
    assert cjk.korean_queries(choe, choe.names[0], SHARED_DATA, rng)["korean_hangul"].replace(" ", "") == "최룡해"
    ri = sdn_2021["23215"]  # RI, Pyong Chol
    assert cjk.korean_queries(ri, ri.names[0], SHARED_DATA, rng)["korean_hangul"].replace(" ", "") == "리병철"


def test_korean_romanisation_tables():
    assert [cjk.revised(s) for s in "최룡해"] == ["choe", "ryong", "hae"]
    assert [cjk.mccune(s) for s in "정은"] == ["cho'ng", "u'n"]
    assert cjk.mccune("은", voiced=True) == "u'n"


def test_chinese_queries_of_real_listed_persons(sdn_2021):
    li = sdn_2021["11447"]  # LI, Fangwei
    queries = cjk.chinese_queries(li, li.names[0], SHARED_DATA, random.Random(2))
    han = queries["chinese_han"]
    assert han[0] == "李" and len(han) == 3
    assert queries["chinese_romanisation"].replace("-", "").replace(" ", "").lower() == "lifangwei"
    assert cjk.pinyin_syllables("Kwok-wai", SHARED_DATA) is None  # Cantonese: not read as pinyin


def test_wade_giles_of_pinyin():
    assert [cjk.wade_giles(s) for s in ("xiao", "qing", "zhang", "guo", "jiang", "xue")] == [
        "hsiao",
        "ch'ing",
        "chang",
        "kuo",
        "chiang",
        "hsüeh",
    ]
