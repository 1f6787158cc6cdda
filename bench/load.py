"""How long loading every official list in ../shared/data takes.

Baseline, measured in the same run: hashing the same bytes (the least any load must do) and
parsing without storing. Run: python bench/load.py
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED_DATA, list_paths, peak_rss_mb, print_table  # noqa: E402
from magnitsky.sources import open_list  # noqa: E402
from magnitsky.store import ListStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    args = parser.parse_args()
    rows = []
    totals = [0.0, 0.0, 0.0, 0]
    with tempfile.TemporaryDirectory() as home:
        store = ListStore(f"sqlite:///{home}/bench.db")
        for path, source in list_paths(args.data):
            listfile = open_list(path, source=source)
            started = time.perf_counter()
            listfile.meta.sha256()
            hashed = time.perf_counter() - started
            started = time.perf_counter()
            count = sum(1 for _ in listfile.entities())
            parsed = time.perf_counter() - started
            started = time.perf_counter()
            store.load(listfile, allow_shrink=True)  # the samples are excerpts: they state the whole count
            loaded = time.perf_counter() - started
            rows.append([path.name, listfile.meta.source, count, hashed, parsed, loaded, loaded / parsed])
            for i, value in enumerate((hashed, parsed, loaded, count)):
                totals[i] += value
    rows.append(["all", "", totals[3], totals[0], totals[1], totals[2], totals[2] / totals[1]])
    print_table(
        "Loading the official lists (seconds; SQLite; load = parse + hash + store, in one transaction)",
        ["file", "source", "entities", "hash s", "parse s", "load s", "load/parse"],
        rows,
    )
    print(f"\npeak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
