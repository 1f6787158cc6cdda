"""Score query/candidate pairs with OpenSanctions' nomenklatura matchers, for bench/quality.py.

Runs in its own virtualenv (bench/out/peers-venv, made by quality.py) so that the peer and its
dependencies never touch Magnitsky's environment: it imports only the standard library,
followthemoney and nomenklatura. nomenklatura scores pairs of FtM entities rather than searching
a list, so quality.py hands it each query with a fixed candidate set.

Usage: python peers_runner.py ENTITIES.jsonl QUERIES.jsonl OUT.jsonl ALGORITHM [ALGORITHM ...]
  ENTITIES.jsonl  one FtM entity dict per line (the listed candidates)
  QUERIES.jsonl   {"qid": ..., "query": FtM entity dict, "candidates": [entity id, ...]} per line
  OUT.jsonl       {"qid": ..., "algorithm": ..., "scores": {entity id: score}, "seconds": ...}
                  per line and algorithm (seconds: that algorithm's CPU time on that query)
"""

from __future__ import annotations

import json
import os
import sys
import time
from multiprocessing import Pool

from followthemoney import model
from nomenklatura.matching import ScoringConfig, get_algorithm

_ENTITIES: dict = {}  # id -> EntityProxy, loaded before the worker pool forks so workers share it


def _config(algorithm) -> ScoringConfig:
    """The algorithm's documented defaults: the peer as shipped, not tuned for this benchmark."""
    return ScoringConfig(weights={}, config={k: v.default for k, v in algorithm.CONFIG.items()})


def _score_chunk(args: tuple[list[dict], list[str]]) -> list[dict]:
    rows, names = args
    algorithms = [(name, get_algorithm(name)) for name in names]
    configs = {name: _config(algo) for name, algo in algorithms}
    out = []
    for row in rows:
        query = model.get_proxy(row["query"])
        for name, algo in algorithms:
            began = time.process_time()
            scores = {cid: algo.compare(query, _ENTITIES[cid], configs[name]).score for cid in row["candidates"]}
            seconds = time.process_time() - began
            out.append({"qid": row["qid"], "algorithm": name, "scores": scores, "seconds": seconds})
    return out


def main(argv: list[str]) -> int:
    entities_path, queries_path, out_path, *names = argv
    unknown = [name for name in names if get_algorithm(name) is None]
    if unknown or not names:
        print(f"unknown nomenklatura algorithm(s): {unknown or 'none given'}", file=sys.stderr)
        return 2
    with open(entities_path, encoding="utf-8") as fh:
        for line in fh:
            proxy = model.get_proxy(json.loads(line))
            _ENTITIES[proxy.id] = proxy
    with open(queries_path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    chunks = [(rows[i : i + 50], names) for i in range(0, len(rows), 50)]
    with Pool(os.cpu_count() or 1) as pool, open(out_path, "w", encoding="utf-8") as out:
        for done, results in enumerate(pool.imap(_score_chunk, chunks), start=1):
            for result in results:
                out.write(json.dumps(result) + "\n")
            if done % 20 == 0:
                print(f"  peers: {done * 50}/{len(rows)} queries", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
