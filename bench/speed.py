"""Screening speed in-process over every official list in ../shared/data.

Measures index build time, index reload time (what a restart costs), peak memory, and the
latency of single queries on one core. Baseline in the same run: a brute-force rapidfuzz
Jaro-Winkler scan over every listed name (how simple in-house tools search).
Run: python bench/speed.py [--queries N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rapidfuzz import process  # noqa: E402
from rapidfuzz.distance import JaroWinkler  # noqa: E402

from common import SHARED_DATA, list_paths, peak_rss_mb, print_table  # noqa: E402
from magnitsky import Screener  # noqa: E402
from magnitsky.index import NameIndex  # noqa: E402
from magnitsky.sources import open_list  # noqa: E402

GIVEN = ["John", "Maria", "Ahmed", "Olga", "Chen", "Fatima", "Pierre", "Ivan", "Aisha", "Carlos", "Yuki", "Anna"]
FAMILY = ["Smith", "Garcia", "Khan", "Petrova", "Li", "Haddad", "Dubois", "Novak", "Okafor", "Silva", "Tanaka", "Berg"]


def queries(entities, count: int, rng: random.Random) -> list[dict]:
    """Half listed names (some with a typo, some with a birth date), half ordinary names."""
    people = [e for e in entities if e.schema == "Person"]
    out = []
    for i in range(count // 2):
        entity = rng.choice(people)
        name = rng.choice(entity.names).full
        if i % 3 == 0 and len(name) > 5:
            pos = rng.randrange(1, len(name) - 1)
            name = name[:pos] + name[pos + 1 :]
        props = {"name": [name]}
        if i % 2 and entity.birth_dates:
            props["birthDate"] = [entity.birth_dates[0].start]
        out.append({"schema": "Person", "properties": props})
    for _ in range(count - len(out)):
        out.append({"schema": "Person", "properties": {"name": [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"]}})
    rng.shuffle(out)
    return out


def latencies(fn, items) -> list[float]:
    times = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(label: str, times: list[float]) -> list:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return [label, len(times), 1000 / statistics.fmean(times), statistics.median(times), p99, max(times)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--baseline-queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)

    entities = [e for path, source in list_paths(args.data) for e in open_list(path, source=source).entities()]
    started = time.perf_counter()
    index = NameIndex(entities)
    build = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.idx"
        index.save(path)
        started = time.perf_counter()
        NameIndex.load(path)
        reload = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
    screener = Screener(index)
    qs = queries(entities, args.queries, rng)
    for q in qs[:50]:  # warm-up: first-call costs of ICU transliterators and caches
        screener.screen(q)
    fresh = queries(entities, args.queries, random.Random(11))  # not seen before: no cache hits
    ours = latencies(screener.screen, fresh)

    names = [n.full for e in entities for n in e.names]
    baseline = latencies(
        lambda q: process.extract(
            q["properties"]["name"][0], names, scorer=JaroWinkler.normalized_similarity, limit=10
        ),
        fresh[: args.baseline_queries],
    )
    print_table(
        f"Screening latency, one core, over {len(entities)} entities / {len(names)} names / "
        f"{len(index.forms)} name forms (ms)",
        ["engine", "queries", "q/s", "p50 ms", "p99 ms", "max ms"],
        [summary("magnitsky Screener.screen", ours), summary("baseline: rapidfuzz JW scan", baseline)],
    )
    print_table(
        "Index",
        ["build s", "reload s", "pickle MB", "peak RSS MB", "p50 speed-up vs baseline"],
        [[build, reload, size_mb, peak_rss_mb(), statistics.median(baseline) / statistics.median(ours)]],
    )
    print("\ntargets: p50 <= 2 ms, p99 <= 10 ms")


if __name__ == "__main__":
    main()
