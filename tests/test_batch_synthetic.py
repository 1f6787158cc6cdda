"""The synthetic customer generator: many origins, planted listed people in customer spellings.

Listed people: the bundled real OFAC excerpt (``magnitsky.data.default_lists``), e.g.
ofac_sdn:16399 "KLYUEV, Dmitry Vladislavovich", MAGNIT, DOB 10 Aug 1967.
"""

import csv
from collections import Counter

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from magnitsky.batch import read_queries
from magnitsky.batch.synthetic import customers, plantable
from magnitsky.cli import app
from magnitsky.data import default_lists
from magnitsky.model.scripts import script_of
from magnitsky.sources import open_list


@pytest.fixture(scope="module")
def listed():
    return plantable(e for path in default_lists() for e in open_list(path).entities())


def test_ordinary_customers_are_of_many_origins(listed):
    rows = list(customers(5000, listed, 0.0, seed=3))
    assert all(entity is None for _, entity, _ in rows)
    people = [c for c, _, _ in rows if c.schema == "Person"]
    companies = [c for c, _, _ in rows if c.schema == "Organization"]
    assert 0.05 < len(companies) / len(rows) < 0.11 and all(c.country and not c.birth_date for c in companies)
    assert len(Counter(c.nationality for c in people)) >= 50
    assert all(c.birth_date[:4].isdigit() and 1935 <= int(c.birth_date[:4]) <= 2006 for c in people)
    assert len({c.name for c in people}) > 0.95 * len(people)
    other_script = sum(script_of(c.name) is not None for c in people)
    assert 0 < other_script < 0.05 * len(people)  # mostly romanised, a few in their own script
    assert [c.id for c, _, _ in rows][:2] == ["c00000000", "c00000001"]


def test_same_seed_same_customers(listed):
    assert list(customers(300, listed, 0.05, seed=8)) == list(customers(300, listed, 0.05, seed=8))
    assert list(customers(300, listed, 0.05, seed=8)) != list(customers(300, listed, 0.05, seed=9))


def test_planted_people_carry_their_listed_birth_date_in_varied_spellings(listed):
    rows = list(customers(2000, listed, 0.05, seed=4))
    planted = [(c, e, how) for c, e, how in rows if e is not None]
    assert len(planted) == 100
    for customer, entity, _ in planted:
        assert customer.schema == "Person" and customer.birth_date == entity.birth_dates[0].start
    listed_names = {n.full.lower() for _, e, _ in planted for n in e.names}
    assert sum(c.name.lower() not in listed_names for c, _, _ in planted) > 50


def test_russian_names_are_romanised_afresh_and_lose_their_patronymic(listed):
    klyuev = [e for e in listed if e.id == "ofac_sdn:16399"]
    names = {c.name for c, _, _ in customers(300, klyuev, 1.0, seed=2)}
    words = {w.lower() for n in names for w in n.split()}
    assert {"klyuev", "kliuev", "kljujew"} <= words  # as listed, ICAO 9303, German
    assert any(len(n.split()) == 2 for n in names) and any("vladislavovich" in n.lower() for n in names)
    assert any(n.split()[0].lower().startswith("dm") for n in names)  # given name first


def test_cli_writes_customers_and_ground_truth(tmp_path):
    runner = CliRunner()
    home = tmp_path / "home"
    assert runner.invoke(app, ["--home", str(home), "load", *map(str, default_lists())]).exit_code == 0
    out = tmp_path / "customers.parquet"
    result = runner.invoke(
        app, ["--home", str(home), "generate-customers", "1000", "--out", str(out), "--planted-share", "0.01"]
    )
    assert result.exit_code == 0, result.output
    assert "1000 customers (10 listed people planted)" in result.output
    assert pq.ParquetFile(out).metadata.num_rows == 1000
    with open(tmp_path / "customers.truth.csv", encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    ids = {qid for qid, _, _ in read_queries(out)}
    assert len(truth) == 10 and all(row["id"] in ids and row["entity_id"].count(":") == 1 for row in truth)
    assert not list(tmp_path.glob("*.partial"))
