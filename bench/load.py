"""How long loading each official list file in ../shared/data takes, and how much memory it needs.

Each file is loaded into its own fresh SQLite store in a child process, so the peak memory is that
file's alone (a process's peak resident memory only grows). A ``.xz`` copy is decompressed first,
outside the timing: lists are published uncompressed. Baseline, measured in the same child:
parsing without storing (the least a load must do besides hashing). The parse of each child's
first file also pays the one-time imports of the name-handling modules (seconds on a busy machine;
see the samples' rows), so the load, measured second, can be the shorter. Run: python bench/load.py
"""

from __future__ import annotations

import argparse
import json
import lzma
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED_DATA, peak_rss_mb, print_table  # noqa: E402

# (path under ../shared/data, options for open_list) of every list file the system reads. The 2024
# sdn.csv has no companions of its date (PROVENANCE.md), so it is loaded without them.
FILES = [
    ("ofac/sdn.csv", {"without_companions": True}),
    ("ofac/sdn.xml.xz", {}),
    ("ofac_sdn_2021/sdn.csv", {}),
    ("ofac_cons/cons_prim.csv", {}),
    ("ofac_cons/consolidated.xml.xz", {}),
    ("un/consolidated.xml", {}),
    ("eu/20240513-FULL-1_1(xsd).xml.xz", {}),
    ("uk/ConList.xlsx", {}),
    ("canada/2020-04/sema-lmes.xml", {}),
    ("australia/regulation8_consolidated.xlsx", {}),
    ("bis/dpl.txt", {}),
    ("samples/sample_eu.xml", {"source": "eu_sample"}),
    ("samples/sample_hmt.csv", {"source": "uk_ofsi_sample"}),
    ("samples/sample_unsc.xml", {"source": "un_sample"}),
    ("samples/sample_ofac_consolidated.xml", {"source": "ofac_xml_sample"}),
]


def measure(path: Path, options: dict) -> dict:
    """Parse, then load into a fresh store, one file (run in a child process)."""
    from magnitsky.sources import open_list
    from magnitsky.store import ListStore

    with tempfile.TemporaryDirectory() as home:
        if path.suffix == ".xz":
            plain = Path(home) / path.stem
            with lzma.open(path) as packed, open(plain, "wb") as out:
                shutil.copyfileobj(packed, out)
            path = plain
        listfile = open_list(path, **options)
        started = time.perf_counter()
        count = sum(1 for _ in listfile.entities())
        parsed = time.perf_counter() - started
        store = ListStore(f"sqlite:///{home}/bench.db")
        started = time.perf_counter()
        store.load(listfile, allow_shrink=True)  # the samples are excerpts: they state the whole count
        loaded = time.perf_counter() - started
        store.engine.dispose()
        return {"size": path.stat().st_size, "entities": count, "parse": parsed, "load": loaded, "peak": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # child: "path under data" to measure
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.data / args.one, dict(FILES)[args.one])))
        return
    rows = []
    for name, _ in FILES:
        child = [sys.executable, __file__, "--data", str(args.data), "--one", name]
        result = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
        megabytes = result["size"] / 1e6
        rows.append(
            [name, f"{megabytes:.1f}", result["entities"], result["parse"], result["load"], f"{result['peak']:.0f}"]
        )
    print_table(
        "Loading each official list file (SQLite; load = parse + hash + store in one transaction; "
        "size uncompressed; peak = the loading process's peak resident memory)",
        ["file", "MB", "entities", "parse s", "load s", "peak MB"],
        rows,
    )


if __name__ == "__main__":
    main()
