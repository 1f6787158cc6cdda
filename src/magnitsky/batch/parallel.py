"""Screening chunks of queries on every core, results in input order.

The screener (its index: entities, name forms, postings) is loaded once in the parent and the
worker processes are forked from it, so they share its memory pages copy-on-write instead of
each loading a copy. CPython's reference counts write to the objects they touch, which would
un-share pages over time; ``gc.freeze()`` before the fork at least keeps the garbage collector
from walking (and so dirtying) every object of the index — and, with one process or many, from
spending a fifth of the screening time walking it in full collections. ``bench/batch.py`` measures what is
actually shared (PSS).

At most ``2 x workers`` chunks are in flight, so a file of any size streams through in bounded
memory; the parent reads the input and writes the output while the workers screen.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from magnitsky.batch.io import BatchError
from magnitsky.match import Query, QueryError

_screener = None  # the parent's screener, inherited by forked workers
# Screening makes short-lived objects by the thousand per query, and caches (name forms,
# romanisations, keys) grow to hundreds of thousands of entries that every full collection
# walks. At the default thresholds (700, 10, 10) a 100,000-record batch ran 1,232 young and 8
# full collections, 1.5 s of 48; at these, 7 and 1, 0.6 s.
SCREENING_GC_THRESHOLDS = (100_000, 20, 10)
GROUP = 100  # queries screened together (``Screener.screen_many``): the gain is there at 100


@dataclass(frozen=True)
class Options:
    threshold: float | None
    limit: int
    only_matches: bool
    encode: Callable  # (query id, matches) -> output records; see output.encoder


@dataclass(frozen=True)
class ChunkResult:
    records: list  # encoded output, one entry per query
    with_hits: int  # queries with at least one match at the threshold


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def screen_records(screener, chunk: Iterable[tuple[str, dict, str]], options: Options) -> ChunkResult:
    """Screen ``(id, query, where)`` records, each encoded for the output; GROUP at a time
    (``Screener.screen_many``)."""
    records = []
    with_hits = 0
    chunk = iter(chunk)
    while group := list(islice(chunk, GROUP)):
        queries = []
        for _, query, where in group:
            try:
                queries.append(Query.from_dict(query))
            except QueryError as exc:
                raise BatchError(f"{where}: {exc}") from None
        results = screener.screen_many(
            queries, threshold=options.threshold, limit=options.limit, only_matches=options.only_matches
        )
        for (qid, _, _), result in zip(group, results):
            hits = result.hits
            records.append(
                options.encode(qid, [m.to_dict() for m in (hits if options.only_matches else result.matches)])
            )
            with_hits += bool(hits)
    return ChunkResult(records, with_hits)


def _screen_in_worker(chunk: list[tuple[str, dict, str]], options: Options) -> ChunkResult:
    return screen_records(_screener, chunk, options)


def screen_chunks(screener, chunks: Iterable[list], options: Options, workers: int) -> Iterator[ChunkResult]:
    """Results of every chunk, in the chunks' order; ``workers`` processes (1: in this process)."""
    gc.collect()
    gc.freeze()  # the index's objects move to a permanent generation the collector never scans
    thresholds = gc.get_threshold()
    gc.set_threshold(*SCREENING_GC_THRESHOLDS)
    try:
        if workers <= 1:
            for chunk in chunks:
                yield screen_records(screener, chunk, options)
        else:
            yield from _screen_in_pool(screener, chunks, options, workers)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _screen_in_pool(screener, chunks: Iterable[list], options: Options, workers: int) -> Iterator[ChunkResult]:
    global _screener
    _screener = screener
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.submit(_screen_in_worker, chunk, options))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)  # on an error or interruption: no new chunks started
        _screener = None
