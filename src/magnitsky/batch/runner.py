"""Running a batch: every query screened, results written as they come, a summary at the end."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from magnitsky.batch.io import BatchError, read_queries, result_writer
from magnitsky.match import QueryError


@dataclass
class BatchSummary:
    records: int = 0
    with_hits: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


def run_batch(
    screener,
    source: Path,
    target: Path,
    threshold: float | None = None,
    limit: int = 5,
    only_matches: bool = False,
    on_record: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Screen every query in ``source`` into ``target``. A bad record stops the batch with its
    location, and no partial output file is left behind."""
    summary = BatchSummary()
    started = time.perf_counter()
    with result_writer(target) as write:
        for qid, query, where in read_queries(source):
            try:
                result = screener.screen(query, threshold=threshold, limit=limit)
            except QueryError as exc:
                raise BatchError(f"{where}: {exc}") from None
            matches = result.hits if only_matches else result.matches
            write(qid, [m.to_dict() for m in matches])
            summary.records += 1
            summary.with_hits += bool(result.hits)
            if on_record:
                on_record(summary.records)
    summary.seconds = time.perf_counter() - started
    return summary
