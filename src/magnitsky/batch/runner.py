"""Running a batch: every query screened on every core, results streamed out in input order,
committed as they come so an interrupted run resumes where it stopped, a summary at the end."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from magnitsky.batch.io import BatchError, file_kind, read_queries
from magnitsky.batch.output import Checkpoint, encoder, result_file
from magnitsky.batch.parallel import Options, screen_chunks

CHUNK = 100  # queries per task handed to a worker: big enough to amortise the hand-over
COMMIT_EVERY = 10_000  # records between checkpoints: at most this much work is redone after a crash


@dataclass
class BatchSummary:
    records: int = 0  # in the output, including those of an interrupted earlier run
    with_hits: int = 0
    seconds: float = 0.0  # this run's
    resumed: int = 0  # records an earlier, interrupted run had done

    @property
    def rate(self) -> float:
        """Records per second screened by this run."""
        return (self.records - self.resumed) / self.seconds if self.seconds else 0.0


def run_batch(
    screener,
    source: Path,
    target: Path,
    threshold: float | None = None,
    limit: int = 5,
    only_matches: bool = False,
    on_progress: Callable[[int], None] | None = None,
    workers: int = 1,
    resume: bool = True,
    commit_every: int = COMMIT_EVERY,
) -> BatchSummary:
    """Screen every query in ``source`` into ``target``.

    With ``resume``, a checkpoint left by an interrupted run of the same input, options and list
    versions is continued; without, any earlier partial output is discarded. A bad record stops
    the batch with its location and no output is kept (the input has to be fixed first).
    ``on_progress(records done)`` is called after every chunk; a checkpoint is written about
    every ``commit_every`` records.
    """
    threshold = screener.threshold if threshold is None else threshold
    kind = file_kind(target)
    checkpoint = Checkpoint(target)
    fingerprint = _fingerprint(source, screener, threshold, limit, only_matches)
    if not resume:
        checkpoint.remove()  # before the partial output it describes is overwritten
    state = checkpoint.load()
    if state is not None and state["fingerprint"] != fingerprint:
        raise BatchError(
            f"{checkpoint.path}: left by a run with another input file, options or list versions; "
            "rerun with --no-resume to start over"
        )
    summary = BatchSummary()
    if state:
        summary.records = summary.resumed = state["records"]
        summary.with_hits = state["with_hits"]
    started = time.perf_counter()
    results = result_file(target, state and state["output"])

    def commit() -> None:
        checkpoint.save(
            {
                "fingerprint": fingerprint,
                "records": summary.records,
                "with_hits": summary.with_hits,
                "output": results.commit(),
            }
        )

    options = Options(threshold, limit, only_matches, encoder(kind))
    chunks = _chunks(read_queries(source, skip=summary.records), CHUNK)
    since_commit = 0
    between_chunks = True  # the output holds whole chunks only, so it may be committed
    try:
        for chunk in screen_chunks(screener, chunks, options, workers):
            between_chunks = False
            results.write(chunk.records)
            summary.records += len(chunk.records)
            summary.with_hits += chunk.with_hits
            between_chunks = True
            since_commit += len(chunk.records)
            if since_commit >= commit_every:
                commit()
                since_commit = 0
            if on_progress:
                on_progress(summary.records)
        results.finish()
    except BatchError:
        results.discard()
        checkpoint.remove()
        raise
    except BaseException:  # interrupted: keep what is done for --resume
        if between_chunks:
            commit()
        raise
    checkpoint.remove()
    summary.seconds = time.perf_counter() - started
    return summary


def _chunks(records: Iterable, size: int) -> Iterator[list]:
    records = iter(records)
    while chunk := list(islice(records, size)):
        yield chunk


def _fingerprint(source: Path, screener, threshold: float, limit: int, only_matches: bool) -> dict:
    """What a checkpoint is valid for: the same input file (by size and time), options and lists."""
    try:
        stat = source.stat()
    except OSError:
        raise BatchError(f"{source}: no such file") from None
    return {
        "input": str(source.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "threshold": threshold,
        "limit": limit,
        "only_matches": only_matches,
        "versions": list(screener.versions),
    }
