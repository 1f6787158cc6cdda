"""The independent check of issue #23, on its own: the EU file's names in other scripts of persons
the OFAC lists also hold, screened by Magnitsky without and with the birth date the EU gives,
recall per script.

The EU file (20240513 FSF XML) is kept apart from the benchmark (``bench/quality.py`` builds its
script categories from the UK list): nothing is tuned on it, so its figures say how the matching of
names in other scripts carries over to another authority's spellings. Linking is by the same Latin
name key as exactly one OFAC person, birth years not contradicting (``quality_scripts.eu_check``).
A query is found when the linked OFAC entity is among the matches at Magnitsky's default threshold.

    python bench/eu_check.py [--data ../shared/data] [--out bench/out]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality as qb  # noqa: E402  (sibling scripts, not a package)
import quality_scripts as qs  # noqa: E402


def recall_per_script(run: qb.Run, queries: list) -> dict[str, dict[str, tuple[int, int]]]:
    """Per script and flavour (name_only, with_dob): (found, asked)."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for q in queries:
        script = q.qid.split(":")[1]
        for key in (script, "all"):
            counts[key][q.flavour][0] += qb.hit(run, q)
            counts[key][q.flavour][1] += 1
    return {s: {f: tuple(c) for f, c in flavours.items()} for s, flavours in counts.items()}


def report(table: dict[str, dict[str, tuple[int, int]]]) -> str:
    rows = [f"{'script':12s} {'name only':>18s} {'with birth date':>18s}"]
    for script in sorted(table, key=lambda s: (s == "all", s)):
        cells = []
        for flavour in ("name_only", "with_dob"):
            found, asked = table[script].get(flavour, (0, 0))
            cells.append(f"{found / asked:7.1%} ({found:4d}/{asked:4d})" if asked else f"{'-':>18s}")
        rows.append(f"{script:12s} " + " ".join(f"{c:>18s}" for c in cells))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=qb.ROOT.parent / "shared" / "data", help="the list files")
    parser.add_argument("--out", type=Path, default=qb.ROOT / "bench" / "out", help="where results go")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    entities = qb.load_entities(args.data)
    queries = qs.eu_check(entities, args.data, args.out / "lists")
    print(f"{len(queries)} EU names in other scripts of persons on the OFAC lists", file=sys.stderr)
    run = qb.run_magnitsky(qb.screener_class(), entities, queries)
    table = recall_per_script(run, queries)
    print(f"EU names in other scripts, recall at Magnitsky's default threshold {run.threshold:.2f}:")
    print(report(table))
    missed = [
        {"qid": q.qid, "name": q.name, "birth_date": q.birth_date, "expected": q.expected, "top": run.scores[q.qid]}
        for q in queries
        if not qb.hit(run, q)
    ]
    (args.out / "eu_check.json").write_text(json.dumps({"recall": table, "missed": missed}, indent=1))
    print(f"wrote eu_check.json in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
