"""Batch screening at scale: synthetic customer files against every official list in ../shared/data.

For each size, a synthetic customer file (``magnitsky.batch.synthetic``, 0.1 % listed people
planted in customer-file spellings) is screened by the local engine with 1 process (the baseline)
and 2 processes, and by Spark on local[2]. Each engine runs in its own child process; memory is
sampled over its whole process tree (workers, Spark's JVM and Python workers): peak RSS summed
(every half second), and peak PSS summed (RSS with shared pages divided among the processes
sharing them, so the index pages the forked workers share are counted once; every 10 s, as
reading it slows the processes read). Recall: planted customers whose listed
entity is among their matches at the threshold. Also in the same run: the single-query rate of
``Screener.screen`` in this process, the ceiling of one core.

Run: python bench/batch.py [--sizes 100000,1000000] [--engines local1,local2,spark] [--only-matches]

``--only-matches`` writes only the matches at the threshold (``batch --only-matches``, what an
overnight job keeps), which also spares aligning names no evidence could lift to it; without it
every candidate whose name scores 0.5 or more is written (up to 5 per customer).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import time
from itertools import groupby, zip_longest
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from common import OUT, SHARED_DATA, list_paths, print_table

# Python puts this script's folder first on the path; bench/http.py would then shadow the
# standard library's http package for every later import (urllib3 in Spark's workers, ...).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH] + [str(BENCH)]

from magnitsky.batch.io import table_query
from magnitsky.batch.synthetic import COLUMNS, customers, plantable, write_customers
from magnitsky.index import NameIndex
from magnitsky.screening import Screener
from magnitsky.sources import open_list

ENGINES = {"local1": "local engine, 1 process", "local2": "local engine, 2 processes", "spark": "Spark local[2]"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--engines", default="local1,local2,spark")
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--work", type=Path, default=OUT / "batch")
    parser.add_argument("--only-matches", action="store_true", help="write only matches at the threshold")
    parser.add_argument("--run-engine", nargs=4, metavar=("ENGINE", "INDEX", "INPUT", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_engine:
        return run_engine(*args.run_engine, only_matches=args.only_matches)

    args.work.mkdir(parents=True, exist_ok=True)
    entities = [e for path, source in list_paths(args.data) for e in open_list(path, source=source).entities()]
    index = NameIndex(entities)
    index_path = args.work / "index.idx"
    index.save(index_path)
    listed = plantable(entities)
    single = single_query_rate(Screener(index), listed)
    print(
        f"{len(entities)} listed entities, {len(listed)} plantable people; "
        f"Screener.screen one query at a time in this process: {single:,.0f} queries/s"
    )

    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        source = args.work / f"customers-{size}.csv"
        truth_path = args.work / f"customers-{size}.truth.csv"
        started = time.perf_counter()
        write_customers(source, customers(size, listed, 0.001, seed=size), truth_path)
        print(f"generated {size} customers in {time.perf_counter() - started:.1f} s", flush=True)
        truth = read_truth(truth_path)
        baseline_out = None
        for engine in args.engines.split(","):
            target = args.work / f"results-{size}-{engine}.csv"
            seconds, peak_rss, peak_pss = measure(
                [sys.executable, __file__, "--run-engine", engine, str(index_path), str(source), str(target)]
                + (["--only-matches"] if args.only_matches else [])
            )
            found, alerted = recall(target, truth)
            same = "-" if baseline_out is None else differing_records(baseline_out, target)
            baseline_out = baseline_out or target
            rows.append(
                [
                    size,
                    ENGINES[engine],
                    round(size / seconds),
                    round(seconds, 1),
                    round(peak_rss),
                    round(peak_pss),
                    f"{found}/{len(truth)} = {found / max(len(truth), 1):.2%}",
                    alerted,
                    same,
                ]
            )
            print(rows[-1], flush=True)
        for engine in args.engines.split(","):
            (args.work / f"results-{size}-{engine}.csv").unlink(missing_ok=True)
    print_table(
        "Batch screening of synthetic customers (CSV in, CSV out, limit 5, threshold 0.85, "
        + ("only matches written)" if args.only_matches else "every candidate written)"),
        [
            "customers",
            "engine",
            "records/s",
            "wall s",
            "peak RSS MB (sum)",
            "peak PSS MB (sum)",
            "planted recall",
            "customers with a match",
            "results vs 1 process",
        ],
        rows,
    )
    print(f"\nbaseline: Screener.screen, one query at a time, one core: {single:,.0f}/s")
    print("targets: >= 5,000 records/s with 2 processes, memory < 4 GiB, planted recall >= 99 %")


def run_engine(engine: str, index_path: str, source: str, target: str, only_matches: bool) -> None:
    """In the child: load the saved index and screen the file with one engine."""
    screener = Screener(NameIndex.load(Path(index_path)))
    if engine == "spark":
        from magnitsky.spark import run_spark_batch

        run_spark_batch(screener, Path(source), Path(target), only_matches=only_matches, master="local[2]")
    else:
        from magnitsky.batch import run_batch

        run_batch(
            screener, Path(source), Path(target), workers=int(engine[-1]), resume=False, only_matches=only_matches
        )


def measure(command: list[str], pss_every: int = 20) -> tuple[float, float, float]:
    """Wall time, and peak summed RSS and PSS (MB) of the command's process tree, sampled: RSS
    every half second, PSS every ``pss_every`` samples. The kernel computes PSS by walking
    every page table of a process; read every half second, that slowed the screening it
    measured by 15 % (2 processes, every candidate written: 70 -> 81 s for 300,000 customers)."""
    import psutil

    started = time.perf_counter()
    child = subprocess.Popen(command)
    root = psutil.Process(child.pid)
    peak_rss = peak_pss = 0.0
    samples = 0
    while child.poll() is None:
        with_pss = samples % pss_every == pss_every // 2  # the first one a few seconds in
        rss = pss = 0
        try:
            for proc in [root, *root.children(recursive=True)]:
                if with_pss:
                    info = proc.memory_full_info()
                    pss += info.pss
                else:
                    info = proc.memory_info()
                rss += info.rss
        except psutil.Error:  # a process ended while sampled
            pass
        peak_rss = max(peak_rss, rss / 2**20)
        if with_pss:
            peak_pss = max(peak_pss, pss / 2**20)
        samples += 1
        time.sleep(0.5)
    if child.returncode:
        raise SystemExit(f"{command[3]} failed with exit code {child.returncode}")
    return time.perf_counter() - started, peak_rss, peak_pss


def single_query_rate(screener: Screener, listed, count: int = 3000) -> float:
    queries = [table_query(dict(zip(COLUMNS, c.row())), "")[1] for c, _, _ in customers(count, listed, seed=99)]
    for query in queries[:300]:  # warm-up: first-call costs of ICU transliterators and caches
        screener.screen(query, limit=5)
    started = time.perf_counter()
    for query in queries[300:]:
        [m.to_dict() for m in screener.screen(query, limit=5).matches]
    return (len(queries) - 300) / (time.perf_counter() - started)


def read_truth(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["id"]: row["entity_id"] for row in csv.DictReader(fh)}


def recall(results: Path, truth: dict[str, str]) -> tuple[int, int]:
    """(planted customers whose listed entity matched, customers with any match)."""
    found: set[str] = set()
    alerted: set[str] = set()
    with open(results, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["match"] == "True":
                alerted.add(row["id"])
                if truth.get(row["id"]) == row["entity_id"]:
                    found.add(row["id"])
    return len(found), len(alerted)


def differing_records(a: Path, b: Path) -> str:
    """ "identical", or how many customers' results differ from the baseline engine's."""

    def records(path: Path):
        with open(path, encoding="utf-8", newline="") as fh:
            yield from ((qid, list(rows)) for qid, rows in groupby(csv.reader(fh), key=lambda row: row[0]))

    differ = sum(x != y for x, y in zip_longest(records(a), records(b)))
    return "identical" if not differ else f"{differ} records differ"


if __name__ == "__main__":
    main()
