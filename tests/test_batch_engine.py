"""The local batch engine: streaming formats, several processes, resuming after SIGKILL.

Lists: the bundled real excerpts (OFAC SDN MAGNIT/GLOMAG, UN; ``magnitsky.data.default_lists``).
Customers: synthetic, from ``magnitsky.batch.synthetic`` (Faker names, listed people planted).
"""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from magnitsky.batch import BatchError, count_records, read_queries, run_batch
from magnitsky.batch.io import table_query
from magnitsky.batch.output import _csv_cell
from magnitsky.batch.synthetic import COLUMNS, customers, plantable, write_customers
from magnitsky.data import default_lists
from magnitsky.screening import Screener
from magnitsky.sources import open_list
from magnitsky.sources.csv_cells import spreadsheet_safe


@pytest.fixture(scope="module")
def listed():
    return [e for path in default_lists() for e in open_list(path).entities()]


@pytest.fixture(scope="module")
def screener(listed):
    return Screener.from_entities(listed)


@pytest.fixture(scope="module")
def customer_files(tmp_path_factory, listed):
    """The same 600 customers (3 % planted) as CSV, JSON lines and Parquet, and the ground truth."""
    folder = tmp_path_factory.mktemp("customers")
    files = {}
    for kind in ("csv", "jsonl", "parquet"):
        files[kind] = folder / f"customers.{kind}"
        write_customers(files[kind], customers(600, plantable(listed), 0.03, seed=5), folder / f"truth-{kind}.csv")
    return files, folder / "truth-csv.csv"


@pytest.mark.parametrize("only_matches", [False, True])
def test_screening_many_at_once_equals_one_at_a_time(screener, listed, only_matches):
    # the batch screens a hundred customers at a time (retrieval for all first); results must
    # not depend on it: same entities, scores and explanations, in the same order
    queries = [
        table_query(dict(zip(COLUMNS, c.row())), "")[1] for c, _, _ in customers(300, plantable(listed), 0.1, seed=11)
    ]
    together = screener.screen_many(queries, limit=5, only_matches=only_matches)
    alone = [screener.screen(q, limit=5, only_matches=only_matches) for q in queries]
    assert [[m.to_dict() for m in r.matches] for r in together] == [[m.to_dict() for m in r.matches] for r in alone]
    assert sum(bool(r.hits) for r in together) >= 25  # the planted tenth is found, not an empty comparison


def jsonl_results(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_all_formats_give_the_same_results_in_input_order(screener, customer_files, tmp_path):
    files, _ = customer_files
    ids = [qid for qid, _, _ in read_queries(files["csv"])]
    assert (
        len(ids)
        == count_records(files["csv"])
        == count_records(files["jsonl"])
        == count_records(files["parquet"])
        == 600
    )
    results = {}
    for kind, path in files.items():
        out = tmp_path / f"{kind}.jsonl"
        summary = run_batch(screener, path, out)
        assert summary.records == 600 and summary.with_hits >= 18
        results[kind] = jsonl_results(out)
    assert results["csv"] == results["jsonl"] == results["parquet"]
    assert [r["id"] for r in results["csv"]] == ids
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.checkpoint.json"))


def test_two_processes_write_what_one_writes(screener, customer_files, tmp_path):
    files, _ = customer_files
    for kind in ("jsonl", "csv", "parquet"):
        one, two = tmp_path / f"one.{kind}", tmp_path / f"two.{kind}"
        run_batch(screener, files["csv"], one, workers=1)
        summary = run_batch(screener, files["csv"], two, workers=2)
        assert summary.records == 600
        if kind == "parquet":
            assert pq.read_table(one).to_pylist() == pq.read_table(two).to_pylist()
        else:
            assert one.read_bytes() == two.read_bytes()


def test_planted_listed_people_are_found(screener, customer_files, tmp_path):
    files, truth_path = customer_files
    truth = dict(line.split(",")[:2] for line in truth_path.read_text(encoding="utf-8").splitlines()[1:])
    assert len(truth) == 18
    out = tmp_path / "r.jsonl"
    run_batch(screener, files["jsonl"], out, only_matches=True, workers=2)
    found = {r["id"] for r in jsonl_results(out) if any(m["entity_id"] == truth.get(r["id"]) for m in r["matches"])}
    assert len(found) >= 17, sorted(set(truth) - found)


def test_flat_outputs_have_one_row_per_match_and_an_empty_row_otherwise(screener, customer_files, tmp_path):
    files, _ = customer_files
    run_batch(screener, files["parquet"], tmp_path / "r.jsonl", limit=3)
    run_batch(screener, files["parquet"], tmp_path / "r.parquet", limit=3)
    nested = jsonl_results(tmp_path / "r.jsonl")
    rows = pq.read_table(tmp_path / "r.parquet").to_pylist()
    expected = [
        (r["id"], m["entity_id"], m["score"])
        for r in nested
        for m in r["matches"] or [{"entity_id": None, "score": None}]
    ]
    assert [(r["id"], r["entity_id"], r["score"]) for r in rows] == expected


RUN = """
import sys
from pathlib import Path
from magnitsky.batch import run_batch
from magnitsky.data import default_lists
from magnitsky.screening import Screener
from magnitsky.sources import open_list
screener = Screener.from_entities(e for p in default_lists() for e in open_list(p).entities())
run_batch(screener, Path(sys.argv[1]), Path(sys.argv[2]), workers=2, resume=True, commit_every=100)
"""


@pytest.fixture(scope="module")
def long_customer_file(tmp_path_factory, listed):
    """5,000 customers: enough that a batch killed after 200 is surely still running (with 600,
    fast screening sometimes finished before the kill)."""
    path = tmp_path_factory.mktemp("long") / "customers.csv"
    write_customers(path, customers(5000, plantable(listed), 0.01, seed=7), path.with_name("truth.csv"))
    return path


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_resume_after_sigkill_equals_an_uninterrupted_run(screener, long_customer_file, tmp_path, kind):
    source = long_customer_file
    target = tmp_path / f"r.{kind}"
    checkpoint = tmp_path / f"r.{kind}.checkpoint.json"
    process = subprocess.Popen([sys.executable, "-c", RUN, str(source), str(target)], start_new_session=True)
    deadline = time.monotonic() + 120
    while not (checkpoint.exists() and json.loads(checkpoint.read_text())["records"] >= 200):
        assert process.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, with no chance to clean up
    process.wait()
    done = json.loads(checkpoint.read_text())["records"]
    assert 200 <= done < 5000 and not target.exists()

    summary = run_batch(screener, source, target, workers=2)
    assert summary.resumed == done and summary.records == 5000
    assert not checkpoint.exists()
    reference = tmp_path / f"reference.{kind}"
    run_batch(screener, source, reference, workers=1)
    if kind == "parquet":
        assert pq.read_table(target).to_pylist() == pq.read_table(reference).to_pylist()
    else:
        assert target.read_bytes() == reference.read_bytes()


def test_interrupted_run_resumes_only_with_the_same_input_and_options(screener, customer_files, tmp_path):
    files, _ = customer_files
    target = tmp_path / "r.jsonl"
    seen = []

    def interrupt(done):
        seen.append(done)
        if done >= 300:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(screener, files["csv"], target, on_progress=interrupt, commit_every=100)
    state = json.loads((tmp_path / "r.jsonl.checkpoint.json").read_text())
    assert state["records"] == seen[-1]  # the interruption commits whole chunks done so far
    with pytest.raises(BatchError, match="another input file, options or list versions"):
        run_batch(screener, files["csv"], target, threshold=0.7)
    assert run_batch(screener, files["csv"], target, resume=False).resumed == 0  # starts over
    reference = tmp_path / "reference.jsonl"
    run_batch(screener, files["csv"], reference)
    assert target.read_bytes() == reference.read_bytes()


def test_bad_record_stops_the_batch_and_keeps_nothing(screener, tmp_path):
    source = tmp_path / "q.csv"
    source.write_text(
        "id,schema,name,birthDate\na,Person,Anna Smith,1970\nb,Person,Ivan Petrov,tomorrow\n", encoding="utf-8"
    )
    target = tmp_path / "r.parquet"
    with pytest.raises(BatchError, match=r"q.csv, line 3: birthDate 'tomorrow' is not a date"):
        run_batch(screener, source, target, workers=2)
    assert list(tmp_path.iterdir()) == [source]


def test_a_lone_surrogate_in_json_lines_is_a_bad_record(screener, tmp_path):
    # valid JSON for Python's json module, but no text: it could be neither screened nor written
    source = tmp_path / "q.jsonl"
    source.write_text(
        '{"id": "a", "properties": {"name": ["Anna Smith"]}}\n'
        '{"id": "b", "properties": {"name": ["Kliuev \\ud800 Dmitrii"]}}\n',
        encoding="utf-8",
    )
    with pytest.raises(BatchError, match=r"q.jsonl, line 2: not valid JSON \(.*surrogate"):
        run_batch(screener, source, tmp_path / "r.csv")
    assert list(tmp_path.iterdir()) == [source]


def test_parquet_input_resumes_inside_a_row_group(screener, customer_files):
    files, _ = customer_files
    all_ids = [qid for qid, _, _ in read_queries(files["parquet"])]
    skipped = list(read_queries(files["parquet"], skip=437))
    assert [qid for qid, _, _ in skipped] == all_ids[437:]
    assert skipped[0][2].endswith("row 438")


def test_cli_batch_reports_summary_and_resumes(tmp_path, customer_files):
    from typer.testing import CliRunner

    from magnitsky.cli import app

    files, _ = customer_files
    runner = CliRunner()
    home = tmp_path / "home"
    assert runner.invoke(app, ["--home", str(home), "load", *map(str, default_lists())]).exit_code == 0
    out = tmp_path / "r.csv"
    result = runner.invoke(
        app, ["--home", str(home), "batch", str(files["parquet"]), "--out", str(out), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "600 records" in result.output and "with matches" in result.output and "/s)" in result.output
    (tmp_path / "r.csv.checkpoint.json").write_text(json.dumps({"fingerprint": {}, "records": 1}))
    result = runner.invoke(app, ["--home", str(home), "batch", str(files["parquet"]), "--out", str(out)])
    assert result.exit_code == 1 and "--no-resume" in result.output
    result = runner.invoke(app, ["--home", str(home), "batch", str(files["parquet"]), "--out", str(out), "--no-resume"])
    assert result.exit_code == 0 and not (tmp_path / "r.csv.checkpoint.json").exists()


def test_unreadable_input_is_named(screener, tmp_path):
    source = tmp_path / "q.parquet"
    source.write_bytes(b"PAR1 not really")
    with pytest.raises(BatchError, match=r"q.parquet: unreadable Parquet"):
        count_records(source)
    with pytest.raises(BatchError, match=r"q.parquet: unreadable Parquet"):
        run_batch(screener, source, tmp_path / "r.csv")
    assert list(tmp_path.iterdir()) == [source]


_EXPAND_AND_MEASURE = """
import resource, sys
from pathlib import Path
from magnitsky.batch import BatchError, read_queries
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    print("read", sum(1 for _ in read_queries(Path(sys.argv[1]))))
except BatchError as exc:
    print(exc)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_a_dictionary_encoded_parquet_bomb_is_refused_before_it_expands(customer_files, tmp_path):
    files, _ = customer_files
    """One 1,500-character name repeated a million times: ~160 KB on disk, whose footer declares
    ~150 KB for the column (the dictionary holds the value once), 1.5 GB once expanded."""
    import pyarrow as pa

    rows = 1_000_000
    names = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["Ivanov " * 214 + "Ivan"]))
    bomb = tmp_path / "bomb.parquet"
    pq.write_table(pa.table({"id": pa.array([str(i % 7) for i in range(rows)]), "name": names}), bomb)
    assert bomb.stat().st_size < 400_000

    run = subprocess.run(
        [sys.executable, "-c", _EXPAND_AND_MEASURE, str(bomb)], capture_output=True, text=True, check=True
    )
    refusal, growth_kb = run.stdout.splitlines()
    assert refusal.startswith(f"{bomb}: row group 0, column 'name' expands to more text") and "refused" in refusal
    assert int(growth_kb) < 200_000  # peak memory grew by well under 200 MB for 1.5 GB of text
    assert sum(1 for _ in read_queries(files["parquet"])) == count_records(files["parquet"])


def test_csv_results_read_back_as_the_json_lines_results(screener, customer_files, tmp_path):
    """The CSV output is quoted by the batch's own cell encoder: a reader must get back exactly
    what the JSON-lines output says, also for ids and names with quotes, commas and line breaks."""
    files, _ = customer_files
    source = tmp_path / "q.jsonl"
    hostile = [
        {"id": 'x,"1"', "schema": "Person", "properties": {"name": ['Dmitrii "Dima", Kliuev'], "birthDate": ["1967"]}},
        {"id": "x\r\n2", "schema": "Person", "properties": {"name": ["Klyuev\nDmitry Viktorovich"]}},
    ]
    source.write_text(
        files["jsonl"].read_text(encoding="utf-8") + "".join(json.dumps(r) + "\n" for r in hostile), encoding="utf-8"
    )
    run_batch(screener, source, tmp_path / "r.jsonl")
    run_batch(screener, source, tmp_path / "r.csv", workers=2)
    expected = [
        (r["id"], m["entity_id"], str(m["score"]), str(m["match"]), m)
        for r in jsonl_results(tmp_path / "r.jsonl")
        for m in r["matches"]
    ]
    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["entity_id"]]
    assert [(r["id"], r["entity_id"], r["score"], r["match"]) for r in rows] == [e[:4] for e in expected]
    assert [json.loads(r["explanation"]) for r in rows] == [e[4]["explanation"] for e in expected]
    assert {r["id"] for r in rows} >= {'x,"1"', "x\r\n2"}


@given(st.lists(st.one_of(st.none(), st.booleans(), st.floats(allow_nan=False), st.text()), min_size=2, max_size=9))
def test_csv_cells_are_quoted_as_the_csv_module_quotes_them(row):
    """Quoted as csv.writer quotes the same cells once made spreadsheet-safe (a leading ``=`` gets
    its apostrophe first: tests/test_csv_exports.py checks that part)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([spreadsheet_safe(value) for value in row])
    assert ",".join(map(_csv_cell, row)) + "\r\n" == buffer.getvalue()
