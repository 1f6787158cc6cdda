"""Name-screening quality on the real sanctions lists: Magnitsky against the tools people use.

    python bench/quality.py [--data ../shared/data] [--sample N] [--seed S] [--out bench/out/]
                            [--skip-peers] [--companies-only]

Builds a labelled set with a fixed seed (bench/quality_data.py): names derived from listed
persons and organisations the ways real data changes them (typos, reordering, initials,
transliteration, Arabic spelling conventions, ...), each asked with and without the listed birth
date, plus ~5,000 unlisted names of many origins (Faker); and the company categories of
bench/quality_companies.py (Russian-linked organisations of the OFAC, EU and UK lists, whose
organisations are screened too, against ~3,000 ordinary company names). Runs every query through

* Magnitsky (``magnitsky.Screener``) at its default threshold, when the package has it;
* a plain baseline: Jaro-Winkler on lower-cased full names against every listed name and alias,
  best per entity, alert at 0.90 -- how OFAC's own search tool and many in-house tools work;
* OpenSanctions' nomenklatura matchers (logic-v2, regression-v1, name-based), in a separate
  virtualenv the script makes itself, alert at 0.70 (yente's default match threshold).

Candidate protocol: Magnitsky and the baseline search all lists. nomenklatura only scores pairs,
so it gets, per query, the union of Magnitsky's and the baseline's top-10 entities plus (for a
positive) the listed entity (top-10, not 20, keeps the whole run under 10 minutes on 2 cores); its false alerts can therefore only be counted on those candidates,
which flatters it slightly.

Reported per category and overall (the people and mixed categories of quality_data, then the
company categories, whose false alerts are counted on the company names apart): recall at each system's default threshold (the listed
entity's id among the matches), false alerts per 1,000 negative queries (a negative query with
any match), and recall at a matched false-alert rate (each system's threshold set so its false
alerts per 1,000 equal Magnitsky's at its default, or the 2/1,000 target without Magnitsky).
Writes bench/out/quality.json, bench/out/quality_pr.png and bench/out/quality_errors.jsonl
(Magnitsky's misses and false alerts, with its best candidates).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quality_companies as qc  # noqa: E402
import quality_data as qd  # noqa: E402  (a sibling script, not a package)
import quality_scripts as qs  # noqa: E402
from magnitsky.model import Entity, NameKind  # noqa: E402
from magnitsky.sources import open_list  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = 20210707  # the OFAC file's date; any fixed number would do
LISTS = (
    ("ofac_sdn_2021/sdn.csv", "ofac_csv"),
    ("ofac_cons/cons_prim.csv", "ofac_cons_csv"),
    ("un/consolidated.xml", "un_xml"),
)
PER_CATEGORY = 180  # derived names per category (persons 2/3, organisations 1/3)
NEGATIVES = 5000
TOP_K = 20  # candidates kept per query and system
PEER_CANDIDATES = 10  # of each system's top candidates, handed to the peers
JW_THRESHOLD = 0.90
PEER_THRESHOLD = 0.70
PEER_ALGORITHMS = ("logic-v2", "regression-v1", "name-based")
PEER_PACKAGE = "nomenklatura==4.17.4"
TARGET_RECALL, TARGET_CATEGORY_RECALL, TARGET_FALSE_ALERTS = 0.98, 0.95, 2.0
TARGET_COMPANY_RECALL, TARGET_COMPANY_FALSE_ALERTS = 0.98, 1.0  # every company category; per 1,000 company names
# every script category, with and without a birth date; per 1,000 ordinary names of those scripts
TARGET_SCRIPT_RECALL_DOB, TARGET_SCRIPT_RECALL, TARGET_SCRIPT_FALSE_ALERTS = 0.97, 0.90, 1.0


@dataclass
class Run:
    """One system's answers: per query, the scores of the entities it returned (its candidates)
    and, when the system decides itself, which of them it flagged as matches."""

    system: str
    threshold: float
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    decisions: dict[str, set[str]] | None = None  # None: a match is score >= threshold
    seconds: float = 0.0
    screening_seconds: float = 0.0  # Magnitsky: the queries alone, without building its index

    def matches(self, qid: str) -> set[str]:
        if self.decisions is not None:
            return self.decisions[qid]
        return {eid for eid, s in self.scores[qid].items() if s >= self.threshold}


CATEGORY_NAMES = qd.CATEGORY_NAMES + qc.CATEGORY_NAMES + qs.CATEGORY_NAMES


# -- data -----------------------------------------------------------------------------------------


def load_entities(data_dir: Path) -> list[Entity]:
    """Every entity of the three real lists, through Magnitsky's own parsers."""
    entities: list[Entity] = []
    for rel, fmt in LISTS:
        entities.extend(open_list(data_dir / rel, fmt=fmt).entities())
    return entities


def screening_query(q: qd.Query) -> dict:
    """The query as an FtM-shaped dict, the form Magnitsky's Screener and nomenklatura take."""
    properties = {"name": [q.name]}
    if q.birth_date:
        properties["birthDate"] = [q.birth_date]
    return {"schema": q.schema, "properties": properties}


_FTM_NAME_PROPS = {
    NameKind.PRIMARY: "name",
    NameKind.ALIAS: "alias",
    NameKind.ORIGINAL: "alias",
    NameKind.WEAK: "weakAlias",
    NameKind.FORMER: "previousName",
}


def ftm_dict(entity: Entity) -> dict:
    """The listed entity as an FtM entity dict for the peers (names, birth dates, countries)."""
    properties: dict[str, list[str]] = {}
    for name in entity.names:
        properties.setdefault(_FTM_NAME_PROPS[name.kind], []).append(name.full)
    if entity.schema == "Person":
        properties["birthDate"] = [d.start for d in entity.birth_dates]
        properties["nationality"] = list(entity.nationalities)
    else:
        properties["country"] = list(entity.countries)
    return {"id": entity.id, "schema": entity.schema, "properties": {k: v for k, v in properties.items() if v}}


# -- systems --------------------------------------------------------------------------------------


def run_jaro_winkler(entities: list[Entity], queries: list[qd.Query]) -> Run:
    """Jaro-Winkler of the lower-cased query against every listed name of every entity, best name
    per entity. ``process.cdist`` is rapidfuzz's batched ``process.extract``; the listed entity's
    score is kept even when it is not in the top 20, so recall never depends on ranking."""
    owners, choices = [], []
    for index, entity in enumerate(entities):
        for name in entity.names:
            owners.append(index)
            choices.append(name.full.lower())
    starts = np.flatnonzero(np.r_[True, np.diff(owners) != 0])
    ids = [entities[owners[s]].id for s in starts]
    position = {eid: i for i, eid in enumerate(ids)}
    run, began = Run("jaro-winkler", JW_THRESHOLD), time.perf_counter()
    for lo in range(0, len(queries), 500):
        batch = queries[lo : lo + 500]
        matrix = process.cdist(
            [q.name.lower() for q in batch],
            choices,
            scorer=JaroWinkler.normalized_similarity,
            dtype=np.float64,
            workers=-1,
        )
        per_entity = np.maximum.reduceat(matrix, starts, axis=1)
        for q, row in zip(batch, per_entity):
            top = np.argpartition(-row, TOP_K)[:TOP_K]
            scores = {ids[i]: float(row[i]) for i in top}
            if q.expected:
                scores[q.expected] = float(row[position[q.expected]])
            run.scores[q.qid] = scores
    run.seconds = time.perf_counter() - began
    return run


def screener_class():
    """Magnitsky's Screener, or None while the package does not have it yet."""
    try:
        from magnitsky import Screener
    except ImportError:
        return None
    return Screener


def run_magnitsky(screener_cls, entities: list[Entity], queries: list[qd.Query]) -> Run:
    began = time.perf_counter()
    screener = screener_cls.from_entities(entities)
    run = Run("magnitsky", float(screener.threshold), decisions={})
    screening = time.perf_counter()
    for q in queries:
        result = screener.screen(screening_query(q), limit=TOP_K)
        run.scores[q.qid] = {m.entity_id: float(m.score) for m in result.matches}
        run.decisions[q.qid] = {m.entity_id for m in result.matches if m.match}
    run.screening_seconds = time.perf_counter() - screening
    run.seconds = time.perf_counter() - began
    return run


def peers_python(out_dir: Path) -> Path:
    """The peers' own virtualenv with nomenklatura, made on first use (a comparison, never a
    dependency of Magnitsky)."""
    env_dir = out_dir / "peers-venv"
    python = env_dir / "bin" / "python"
    probe = [str(python), "-c", "import nomenklatura.matching"]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return python
    print(f"installing {PEER_PACKAGE} into {env_dir} ...", file=sys.stderr)
    venv.create(env_dir, with_pip=True, clear=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", PEER_PACKAGE], check=True)
    return python


def run_peers(runs: list[Run], entities: list[Entity], queries: list[qd.Query], out_dir: Path) -> list[Run]:
    """nomenklatura's algorithms on each query's candidate set (see the module docstring)."""
    by_id = {e.id: e for e in entities}
    candidates = {q.qid: sorted(_candidates(q, runs)) for q in queries}
    work = out_dir / "peers"
    work.mkdir(parents=True, exist_ok=True)
    needed = sorted({eid for ids in candidates.values() for eid in ids})
    _write_jsonl(work / "entities.jsonl", (ftm_dict(by_id[eid]) for eid in needed))
    _write_jsonl(
        work / "queries.jsonl",
        (
            {"qid": q.qid, "query": {"id": q.qid, **screening_query(q)}, "candidates": candidates[q.qid]}
            for q in queries
        ),
    )
    python = peers_python(out_dir)
    files = [str(work / f) for f in ("entities.jsonl", "queries.jsonl", "scores.jsonl")]
    subprocess.run([str(python), str(Path(__file__).parent / "peers_runner.py"), *files, *PEER_ALGORITHMS], check=True)
    peers = {name: Run(f"nk:{name}", PEER_THRESHOLD) for name in PEER_ALGORITHMS}
    with open(work / "scores.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            peers[row["algorithm"]].scores[row["qid"]] = row["scores"]
            peers[row["algorithm"]].seconds += row["seconds"]
    return list(peers.values())


def _candidates(q: qd.Query, runs: list[Run]) -> set[str]:
    ids = {eid for run in runs for eid in _top(run.scores[q.qid], PEER_CANDIDATES)}
    return ids | {q.expected} if q.expected else ids


def _top(scores: dict[str, float], k: int) -> list[str]:
    return sorted(scores, key=scores.get, reverse=True)[:k]


def _write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


# -- metrics --------------------------------------------------------------------------------------


def query_score(run: Run, q: qd.Query) -> float:
    """A positive's score is the listed entity's (0 when not returned); a negative's is its best
    candidate's: the number a threshold is compared with to decide a hit or a false alert."""
    scores = run.scores[q.qid]
    if q.expected:
        return scores.get(q.expected, 0.0)
    return max(scores.values(), default=0.0)


def hit(run: Run, q: qd.Query) -> bool:
    """At the system's default: a positive is found, or a negative raises an alert."""
    matches = run.matches(q.qid)
    return q.expected in matches if q.expected else bool(matches)


def threshold_for(negative_scores: np.ndarray, per_1000: float) -> float:
    """The lowest threshold at which at most ``per_1000`` of every 1,000 negatives alert."""
    allowed = math.floor(per_1000 * len(negative_scores) / 1000 + 1e-9)
    ranked = np.sort(negative_scores)[::-1]
    if allowed >= len(ranked):
        return 0.0
    return float(np.nextafter(ranked[allowed], np.inf))


def evaluate(run: Run, queries: list[qd.Query], matched_rate: float) -> dict:
    """Recall per category and overall, false alerts per 1,000, at the default threshold and at
    the threshold that gives ``matched_rate`` false alerts per 1,000."""
    company_pos = [q for q in queries if q.category in qc.CATEGORY_NAMES]
    script_pos = [q for q in queries if q.category in qs.CATEGORY_NAMES]
    apart = qc.CATEGORY_NAMES + qs.CATEGORY_NAMES  # reported apart, so the people figures stay comparable
    eu_check = [q for q in queries if q.category == qs.EU_CHECK]  # the independent check, never in the figures
    pos = [q for q in queries if q.expected and q.category not in (*apart, qs.EU_CHECK)] or company_pos or script_pos
    company_neg = [q for q in queries if q.category == "company_negative"]
    script_neg = [q for q in queries if q.category == "script_negative"]
    neg = [q for q in queries if q.category == "negative"] or company_neg or script_neg
    neg_scores = np.array([query_score(run, q) for q in neg])
    matched = threshold_for(neg_scores, matched_rate)
    at_target = threshold_for(neg_scores, TARGET_FALSE_ALERTS)
    positives = [q for q in queries if q.expected]
    groups = {"overall": pos, **{c: [q for q in positives if q.category == c] for c in CATEGORY_NAMES}}
    groups |= {f"overall {f}": [q for q in pos if q.flavour == f] for f in ("name_only", "with_dob")}
    groups |= {"companies overall": company_pos, "scripts overall": script_pos, "EU check (apart)": eu_check}
    groups |= {
        f"{c} {f}": [q for q in positives if q.category == c and q.flavour == f]
        for c in qs.CATEGORY_NAMES
        for f in ("name_only", "with_dob")
    }
    groups = {k: qs for k, qs in groups.items() if qs}
    return {
        "threshold": run.threshold,
        "matched_threshold": matched,
        "seconds": round(run.seconds, 1),
        "queries_per_second": round(len(queries) / run.screening_seconds, 1) if run.screening_seconds else None,
        "recall": {k: _mean(hit(run, q) for q in qs) for k, qs in groups.items()},
        "recall_matched": {k: _mean(query_score(run, q) >= matched for q in qs) for k, qs in groups.items()},
        "false_alerts_per_1000": {
            f: 1000 * _mean(hit(run, q) for q in neg if f in ("all", q.flavour))
            for f in ("all", "name_only", "with_dob")
        },
        "company_false_alerts_per_1000": {
            kind: 1000 * _mean(hit(run, q) for q in company_neg if kind in ("all", q.qid.split(":")[1]))
            for kind in ("all", *qc.NEGATIVE_KINDS)
        },
        "script_false_alerts_per_1000": {
            f: 1000 * _mean(hit(run, q) for q in script_neg if f in ("all", q.flavour))
            for f in ("all", "name_only", "with_dob")
        },
        "false_alerts_per_1000_matched": 1000 * float(np.mean(neg_scores >= matched)),
        "recall_at_target_false_alerts": _mean(query_score(run, q) >= at_target for q in pos),
        "n": {k: len(qs) for k, qs in groups.items()}
        | {"negatives": len(neg), "company_negatives": len(company_neg), "script_negatives": len(script_neg)},
    }


def errors(run: Run, queries: list[qd.Query]) -> list[dict]:
    """The queries ``run`` got wrong at its default (missed positives, alerting negatives), with
    its best candidates: what to look at when a category falls short."""
    wrong = []
    for q in queries:
        if hit(run, q) != bool(q.expected):
            top = {eid: round(run.scores[q.qid][eid], 3) for eid in _top(run.scores[q.qid], 3)}
            wrong.append(
                {
                    "qid": q.qid,
                    "category": q.category,
                    "name": q.name,
                    "birth_date": q.birth_date,
                    "listed_name": q.listed_name,
                    "expected": q.expected,
                    "top": top,
                }
            )
    return wrong


def _mean(values) -> float:
    values = list(values)
    return float(np.mean(values)) if values else float("nan")


def curve(run: Run, queries: list[qd.Query]) -> dict[str, np.ndarray]:
    """Recall, precision and false alerts per 1,000 at every score threshold (at this set's mix
    of positives and negatives, so precision is relative, not a production figure)."""
    pos = np.array([query_score(run, q) for q in queries if q.expected])
    neg = np.array([query_score(run, q) for q in queries if not q.expected])
    thresholds = np.unique(np.r_[pos, neg])
    thresholds = thresholds[thresholds > 0]
    tp = len(pos) - np.searchsorted(np.sort(pos), thresholds, side="left")
    fp = len(neg) - np.searchsorted(np.sort(neg), thresholds, side="left")
    return {
        "recall": tp / len(pos),
        "precision": tp / np.maximum(tp + fp, 1),
        "false_alerts_per_1000": 1000 * fp / len(neg),
    }


# -- report ---------------------------------------------------------------------------------------


def table(results: dict[str, dict], matched_rate: float, reference: str) -> str:
    """The plain-text report: recall at defaults, recall at the matched false-alert rate, false alerts."""
    systems = list(results)
    head = f"{'category':22s} {'n':>5s} " + " ".join(f"{s:>16s}" for s in systems)
    rows = [
        "Recall at each system's default threshold: "
        + ", ".join(f"{s} {r['threshold']:.2f}" for s, r in results.items()),
        head,
    ]
    keys = list(next(iter(results.values()))["recall"])
    n = next(iter(results.values()))["n"]
    for key in keys:
        rows.append(f"{key:22s} {n[key]:5d} " + " ".join(f"{results[s]['recall'][key]:16.1%}" for s in systems))
    rows.append(
        f"{'false alerts /1000':22s} {n['negatives']:5d} "
        + " ".join(f"{results[s]['false_alerts_per_1000']['all']:16.1f}" for s in systems)
    )
    for flavour in ("name_only", "with_dob"):
        rows.append(
            f"{'  ' + flavour:22s} {'':5s} "
            + " ".join(f"{results[s]['false_alerts_per_1000'][flavour]:16.1f}" for s in systems)
        )
    for kind in ("all", *qc.NEGATIVE_KINDS):
        label = "company false /1000" if kind == "all" else "  " + kind
        rows.append(
            f"{label:22s} {n['company_negatives'] if kind == 'all' else '':>5} "
            + " ".join(f"{results[s]['company_false_alerts_per_1000'][kind]:16.1f}" for s in systems)
        )
    for flavour in ("all", "name_only", "with_dob"):
        label = "script false /1000" if flavour == "all" else "  " + flavour
        rows.append(
            f"{label:22s} {n['script_negatives'] if flavour == 'all' else '':>5} "
            + " ".join(f"{results[s]['script_false_alerts_per_1000'][flavour]:16.1f}" for s in systems)
        )
    rows += [
        "",
        f"Recall at a matched false-alert rate: {matched_rate:.1f} per 1,000 negatives ({reference})",
        head.replace("category", "category (thr)"),
    ]
    rows.append(f"{'threshold':22s} {'':5s} " + " ".join(f"{results[s]['matched_threshold']:16.3f}" for s in systems))
    for key in keys:
        rows.append(f"{key:22s} {n[key]:5d} " + " ".join(f"{results[s]['recall_matched'][key]:16.1%}" for s in systems))
    rows.append(
        f"{'false alerts /1000':22s} {n['negatives']:5d} "
        + " ".join(f"{results[s]['false_alerts_per_1000_matched']:16.1f}" for s in systems)
    )
    rows.append(
        f"{'overall at ' + format(TARGET_FALSE_ALERTS, 'g') + '/1000 FA':22s} {n['overall']:5d} "
        + " ".join(f"{results[s]['recall_at_target_false_alerts']:16.1%}" for s in systems)
    )
    rows.append(f"{'seconds (see note)':22s} {'':5s} " + " ".join(f"{results[s]['seconds']:16.1f}" for s in systems))
    for system, result in results.items():
        if result.get("queries_per_second"):
            rows.append(
                f"{system} screening speed (index built): {result['queries_per_second']:.1f} queries/s, one process"
            )
    rows.append(
        "note: seconds are wall time for Magnitsky (incl. building its index) and the baseline "
        "(2 threads), and summed CPU time on the candidate pairs for the peers."
    )
    return "\n".join(rows)


def targets(result: dict) -> str:
    """Magnitsky's result against the project's targets."""
    recall = result["recall"]
    checks = []
    people = [c for c in qd.CATEGORY_NAMES if c in recall]
    if people:
        checks += _people_checks(recall, people, result["false_alerts_per_1000"]["all"])
    companies = [c for c in qc.CATEGORY_NAMES if c in recall]
    if companies:
        worst = min(companies, key=lambda c: recall[c])
        fa = result["company_false_alerts_per_1000"]["all"]
        checks += [
            (
                f"recall >= {TARGET_COMPANY_RECALL:.0%} in every company category",
                recall[worst] >= TARGET_COMPANY_RECALL,
                f"lowest {worst} {recall[worst]:.1%}",
            ),
            (
                f"<= {TARGET_COMPANY_FALSE_ALERTS:g} false alerts per 1,000 company names",
                fa <= TARGET_COMPANY_FALSE_ALERTS,
                f"{fa:.1f}",
            ),
        ]
    scripts = [c for c in qs.CATEGORY_NAMES if f"{c} name_only" in recall]
    if scripts:
        checks += _script_checks(recall, scripts, result["script_false_alerts_per_1000"]["all"])
    return "\n".join(f"  [{'met' if ok else 'MISSED'}] {what}: {value}" for what, ok, value in checks)


def _script_checks(recall: dict, categories: list[str], fa: float) -> list[tuple[str, bool, str]]:
    checks = []
    for flavour, target in (("with_dob", TARGET_SCRIPT_RECALL_DOB), ("name_only", TARGET_SCRIPT_RECALL)):
        present = [c for c in categories if f"{c} {flavour}" in recall]
        if present:
            worst = min(present, key=lambda c: recall[f"{c} {flavour}"])
            value = recall[f"{worst} {flavour}"]
            checks.append(
                (
                    f"recall >= {target:.0%} {flavour} in every script category",
                    value >= target,
                    f"lowest {worst} {value:.1%}",
                )
            )
    checks.append(
        (
            f"<= {TARGET_SCRIPT_FALSE_ALERTS:g} false alerts per 1,000 names in those scripts",
            fa <= TARGET_SCRIPT_FALSE_ALERTS,
            f"{fa:.1f}",
        )
    )
    return checks


def _people_checks(recall: dict, categories: list[str], fa: float) -> list[tuple[str, bool, str]]:
    worst = min(categories, key=lambda c: recall[c])
    return [
        (f"recall >= {TARGET_RECALL:.0%} overall", recall["overall"] >= TARGET_RECALL, f"{recall['overall']:.1%}"),
        (
            f"recall >= {TARGET_CATEGORY_RECALL:.0%} in every category",
            recall[worst] >= TARGET_CATEGORY_RECALL,
            f"lowest {worst} {recall[worst]:.1%}",
        ),
        (f"<= {TARGET_FALSE_ALERTS:g} false alerts per 1,000 negatives", fa <= TARGET_FALSE_ALERTS, f"{fa:.1f}"),
    ]


def plot(curves: dict[str, dict], results: dict[str, dict], path: Path) -> None:
    """Precision-recall (left) and recall against false alerts per 1,000 (right), one curve per
    system, each system's default operating point marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (pr, fa) = plt.subplots(1, 2, figsize=(13, 5.5))
    for system, c in curves.items():
        (line,) = pr.plot(c["recall"], c["precision"], label=system)
        fa.plot(np.maximum(c["false_alerts_per_1000"], 0.1), c["recall"], color=line.get_color(), label=system)
        r = results[system]
        fa.plot(max(r["false_alerts_per_1000"]["all"], 0.1), r["recall"]["overall"], "o", color=line.get_color())
    pr.set(xlabel="recall", ylabel="precision (at this set's mix)", title="Precision-recall", xlim=(0, 1.01))
    fa.set(
        xscale="log",
        xlabel="false alerts per 1,000 negatives (log; 0 drawn at 0.1)",
        ylabel="recall",
        title="Recall vs false alerts (dots: default thresholds)",
        ylim=(0, 1.01),
    )
    fa.axvline(TARGET_FALSE_ALERTS, color="grey", linestyle=":")
    fa.axhline(TARGET_RECALL, color="grey", linestyle=":")
    for ax in (pr, fa):
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


# -- main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="folder with the official list files (default: ../shared/data beside the repo)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help=f"quick run: N derived names per category and 25*N negatives (default {PER_CATEGORY} and {NEGATIVES})",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"the evaluation set's seed (default {SEED})")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="where results go")
    parser.add_argument("--companies-only", action="store_true", help="only the company categories and company names")
    parser.add_argument("--scripts-only", action="store_true", help="only the script categories and their negatives")
    parser.add_argument(
        "--eu-check",
        action="store_true",
        help="also screen the EU file's names in other scripts of persons on the OFAC lists, without and with the EU's "
        "birth date: the independent check, reported apart (per script: bench/eu_check.py)",
    )
    parser.add_argument("--skip-peers", action="store_true", help="leave out the nomenklatura matchers")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    per_category = args.sample or PER_CATEGORY
    n_negatives = min(25 * args.sample, NEGATIVES) if args.sample else NEGATIVES

    entities = load_entities(args.data)
    only = args.companies_only or args.scripts_only
    queries = [] if only else qd.evaluation_set(entities, per_category, n_negatives, args.seed)
    if not args.companies_only:
        n_scripts = min(25 * args.sample, qs.SCRIPT_NEGATIVES) if args.sample else qs.SCRIPT_NEGATIVES
        queries += qs.evaluation_set(entities, args.data, args.out / "lists", per_category, n_scripts, args.seed)
    if args.eu_check:
        queries += qs.eu_check(entities, args.data, args.out / "lists", 20 * per_category)
    entities += qc.extra_organisations(args.data, args.out / "lists", {e.id for e in entities})
    if not args.scripts_only:
        n_companies = min(25 * args.sample, qc.COMPANY_NEGATIVES) if args.sample else qc.COMPANY_NEGATIVES
        queries += qc.evaluation_set(entities, per_category, n_companies, args.seed)
    n_pos = sum(1 for q in queries if q.expected)
    print(
        f"{len(entities)} listed entities; {n_pos} positive and {len(queries) - n_pos} negative queries"
        f" (seed {args.seed})",
        file=sys.stderr,
    )

    runs = [run_jaro_winkler(entities, queries)]
    screener = screener_class()
    if screener is None:
        print("magnitsky.Screener is not there yet: Magnitsky left out of this run", file=sys.stderr)
    else:
        runs.insert(0, run_magnitsky(screener, entities, queries))
    if not args.skip_peers:
        runs += run_peers(runs, entities, queries, args.out)

    reference = runs[0] if screener else None
    matched_rate = TARGET_FALSE_ALERTS
    if reference:
        negative = "company_negative" if args.companies_only else "script_negative" if args.scripts_only else "negative"
        matched_rate = 1000 * _mean(hit(reference, q) for q in queries if q.category == negative)
    results = {run.system: evaluate(run, queries, matched_rate) for run in runs}
    curves = {run.system: curve(run, queries) for run in runs}

    print(
        table(results, matched_rate, "Magnitsky's at its default" if reference else "the target; no Magnitsky"),
        flush=True,
    )
    if reference:
        print("\nTargets (Magnitsky at its default threshold):\n" + targets(results[reference.system]), flush=True)
        _write_jsonl(args.out / "quality_errors.jsonl", errors(reference, queries))
    report = {
        "seed": args.seed,
        "per_category": per_category,
        "negatives": n_negatives,
        "matched_false_alerts_per_1000": matched_rate,
        "systems": results,
        "jw_threshold": JW_THRESHOLD,
        "peer_threshold": PEER_THRESHOLD,
        "peer_package": PEER_PACKAGE,
    }
    (args.out / "quality.json").write_text(json.dumps(report, indent=2))
    plot(curves, results, args.out / "quality_pr.png")
    print(f"\nwrote quality.json, quality_pr.png and quality_errors.jsonl in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
