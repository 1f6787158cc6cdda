"""Spark screening on local[2] gives the local engine's results (pyspark: the ``spark`` extra).

Lists: the bundled real excerpts (``magnitsky.data.default_lists``); customers: synthetic, from
``magnitsky.batch.synthetic``, the same files as tests/test_batch_engine.py.
"""

import csv
import json

import pyarrow.parquet as pq
import pytest

from magnitsky.batch import BatchError, run_batch
from magnitsky.spark import read_input, run_spark_batch, screen_dataframe
from test_batch_engine import customer_files, listed, screener  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.slow  # runs Spark: .ci/run runs it, `pytest -m "not slow"` leaves it out


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("magnitsky tests")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_dataframe_results_equal_the_local_engine(spark, screener, customer_files, tmp_path):  # noqa: F811
    files, _ = customer_files
    local = tmp_path / "local.parquet"
    run_batch(screener, files["parquet"], local, limit=5, workers=2)
    expected = pq.read_table(local).to_pylist()
    frame = screen_dataframe(read_input(spark, files["parquet"]), screener, limit=5)
    assert frame.columns == [
        "id",
        "entity_id",
        "source",
        "source_id",
        "schema",
        "caption",
        "score",
        "match",
        "explanation",
    ]
    got = [row.asDict() for row in frame.collect()]
    assert got == expected  # same rows, same scores, same order
    assert sum(row["match"] is True for row in got) >= 18


def test_json_lines_and_a_saved_index_path(spark, screener, customer_files, tmp_path):  # noqa: F811
    files, _ = customer_files
    index_path = tmp_path / "index.pkl"
    screener.index.save(index_path)
    local = tmp_path / "local.csv"
    run_batch(screener, files["jsonl"], local, threshold=0.7, only_matches=True)
    frame = screen_dataframe(read_input(spark, files["jsonl"]), str(index_path), threshold=0.7, only_matches=True)
    rows = frame.collect()
    assert all(r["match"] for r in rows if r["entity_id"] is not None)
    assert any(r["entity_id"] is not None for r in rows)
    assert [(r["id"], r["entity_id"], r["score"]) for r in rows] == _id_entity_score(local)


def _id_entity_score(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            (r["id"], r["entity_id"] or None, float(r["score"]) if r["score"] else None) for r in csv.DictReader(fh)
        ]


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_engine_spark_writes_the_local_engines_file(screener, customer_files, tmp_path, kind):  # noqa: F811
    files, _ = customer_files
    local, distributed = tmp_path / f"local.{kind}", tmp_path / f"spark.{kind}"
    expected = run_batch(screener, files["csv"], local)
    summary = run_spark_batch(screener, files["csv"], distributed, master="local[2]")
    assert (summary.records, summary.with_hits) == (expected.records, expected.with_hits) == (600, expected.with_hits)
    assert distributed.read_bytes() == local.read_bytes()
    if kind == "jsonl":
        assert json.loads(distributed.read_text(encoding="utf-8").splitlines()[0])["id"] == "c00000000"


def test_bad_record_on_an_executor_is_reported_with_its_id(screener, tmp_path):  # noqa: F811
    source = tmp_path / "q.csv"
    source.write_text(
        "id,schema,name,birthDate\na,Person,Anna Smith,1970\nb,Person,Ivan Petrov,tomorrow\n", encoding="utf-8"
    )
    target = tmp_path / "r.csv"
    with pytest.raises(BatchError, match=r"record id 'b': birthDate 'tomorrow' is not a date"):
        run_spark_batch(screener, source, target)
    assert list(tmp_path.iterdir()) == [source]
