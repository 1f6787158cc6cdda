"""The independent check of issue #23, on its own: the EU file's names in other scripts of persons
the OFAC lists also hold, screened by Magnitsky without and with the birth date the EU gives,
recall per script.

The EU file (20240513 FSF XML) is kept apart from the benchmark (``bench/quality.py`` builds its
script categories from the UK list): nothing is tuned on it, so its figures say how the matching of
names in other scripts carries over to another authority's spellings. Linking is by the same Latin
name key as exactly one OFAC person, birth years not contradicting (``quality_scripts.eu_check``).
A query is found when the linked OFAC entity is among the matches at Magnitsky's default threshold;
the second table also counts a match on another listing of the same person (the UN's, same Latin
name key and birth years), which a deployment links to the OFAC one and merges: the UN often lists
the very Arabic the EU does (ﻣﺤﻤﺪ ﺑﻠﻜﻼم, Mohamed BELKALEM), where the OFAC listing has Latin only.

    python bench/eu_check.py [--data ../shared/data] [--out bench/out] [--half a|b] [--script ARABIC] [--why]

``--half`` keeps one of two fixed halves of the EU persons (by a hash of the EU id), so that one
half can be studied to find the causes of misses while the other stays unseen, an independent
check of the fixes; ``--why`` prints each miss with the linked listing's names, the romanisations
Magnitsky makes of the query and the listing's best score and explanation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality as qb  # noqa: E402  (sibling scripts, not a package)
import quality_scripts as qs  # noqa: E402


def recall_per_script(run: qb.Run, queries: list, found=qb.hit) -> dict[str, dict[str, tuple[int, int]]]:
    """Per script and flavour (name_only, with_dob): (found, asked); ``found(run, query)``."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for q in queries:
        script = q.qid.split(":")[1]
        for key in (script, "all"):
            counts[key][q.flavour][0] += found(run, q)
            counts[key][q.flavour][1] += 1
    return {s: {f: tuple(c) for f, c in flavours.items()} for s, flavours in counts.items()}


def person_of(q) -> str:
    """The EU person id in a check query's qid (``eu_check:SCRIPT:PERSON:N[:dob]``)."""
    return q.qid.removesuffix(":dob").split(":", 2)[2].rsplit(":", 1)[0]


def half_of(person_id: str) -> str:
    """'a' or 'b': a fixed half of the EU persons, the same on every run and machine."""
    return "ab"[hashlib.sha256(person_id.encode()).digest()[0] & 1]


def why(screener, entities: dict, misses: list) -> None:
    """Each miss with what it was compared with: the listed names, the query's romanisations and
    the linked listing's best score and explanation (``--why``)."""
    from magnitsky.names import normalize, romanize

    for q in misses:
        listed = entities[q.expected]
        result = screener.screen(qb.screening_query(q), limit=1, accept=lambda e, want=q.expected: e.id == want)
        print(f"\n{q.qid}  {q.name!r}  dob={q.birth_date}")
        print(f"  listed {listed.id}: " + " | ".join(n.full for n in listed.names))
        print(f"  romanised: {romanize(normalize(q.name))[:6]}")
        for m in result.matches:
            print(f"  score {m.score:.3f}: " + json.dumps(m.explanation.get("name"), ensure_ascii=False)[:600])
        if not result.matches:
            print("  not a candidate")


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
    parser.add_argument("--half", choices=("a", "b"), help="only one fixed half of the EU persons")
    parser.add_argument("--script", help="only names in this script (ARABIC, CYRILLIC ...)")
    parser.add_argument("--why", action="store_true", help="print each miss with its explanation")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    entities = qb.load_entities(args.data)
    queries = qs.eu_check(entities, args.data, args.out / "lists")
    if args.half:
        queries = [q for q in queries if half_of(person_of(q)) == args.half]
    if args.script:
        queries = [q for q in queries if q.qid.split(":")[1] == args.script]
    print(f"{len(queries)} EU names in other scripts of persons on the OFAC lists", file=sys.stderr)
    screener = qb.screener_class().from_entities(entities)
    run = qb.run_magnitsky(SimpleNamespace(from_entities=lambda _entities: screener), entities, queries)
    table = recall_per_script(run, queries)
    listings = {p.id: {e.id for e in found} for p, found in qs.eu_persons(entities, args.data, args.out / "lists")}

    def any_listing(run: qb.Run, q) -> bool:
        return bool(run.matches(q.qid) & listings[person_of(q)])

    either = recall_per_script(run, queries, any_listing)
    print(f"EU names in other scripts, recall at Magnitsky's default threshold {run.threshold:.2f}:")
    print(report(table))
    print("\nthe same, a match on any listing of the person (OFAC or UN) counting:")
    print(report(either))
    missed = [
        {"qid": q.qid, "name": q.name, "birth_date": q.birth_date, "expected": q.expected, "top": run.scores[q.qid]}
        for q in queries
        if not any_listing(run, q)
    ]
    if args.why:
        why(screener, {e.id: e for e in entities}, [q for q in queries if not qb.hit(run, q)])
    out = {"recall": table, "recall_any_listing": either, "missed": missed}
    (args.out / "eu_check.json").write_text(json.dumps(out, indent=1))
    print(f"wrote eu_check.json in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
