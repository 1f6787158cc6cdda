"""Shared by the benchmarks: where the official files are, and printing a table."""

from __future__ import annotations

import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"

# (path under ../shared/data, --source name) of every official file, as the benchmarks load them.
LIST_FILES = [
    ("ofac_sdn_2021/sdn.csv", None),
    ("ofac_cons/cons_prim.csv", None),
    ("un/consolidated.xml", None),
    ("samples/sample_eu.xml", "eu_sample"),
    ("samples/sample_hmt.csv", "uk_ofsi_sample"),
    ("samples/sample_unsc.xml", "un_sample"),
    ("samples/sample_ofac_consolidated.xml", "ofac_xml_sample"),
]


def list_paths(data: Path = SHARED_DATA) -> list[tuple[Path, str | None]]:
    return [(data / rel, source) for rel, source in LIST_FILES]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_table(title: str, header: list[str], rows: list[list]) -> None:
    cells = [header] + [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(cells[0], widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
