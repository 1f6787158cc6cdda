"""Screening a Spark DataFrame: the same records and scores as the local batch, on a cluster.

The index is shipped to the executors once, as a file (``SparkContext.addFile``), and loaded
once per Python worker process, which keeps it in a module global for every later task (Spark
reuses Python workers by default). Partitions go through ``mapInArrow``: Arrow record batches
in and out, no pandas needed, and the rows are exactly the local engine's flat output
(:func:`magnitsky.batch.io.flat_rows`), screened by the same code.
"""

from __future__ import annotations

import gc
import json
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from magnitsky.batch.io import (
    FLAT_COLUMNS,
    arrow_schema,
    flat_rows,
    jsonl_query,
    table_query,
)
from magnitsky.batch.parallel import SCREENING_GC_THRESHOLDS, Options, screen_records
from magnitsky.index import NameIndex
from magnitsky.screening import DEFAULT_THRESHOLD, Screener

_worker_screeners: dict[str, Screener] = {}  # in each Python worker: shipped file name -> screener
_SPARK_TYPES = {"score": "double", "match": "boolean"}
RESULT_SCHEMA = ", ".join(f"`{c}` {_SPARK_TYPES.get(c, 'string')}" for c in FLAT_COLUMNS)


def screen_dataframe(
    df, index: Screener | str | Path, threshold: float | None = None, limit: int = 5, only_matches: bool = False
):
    """Screen every row of ``df``; a DataFrame of flat results (``id``, then the match columns:
    one row per match, one empty row for a query without any).

    ``df`` has the batch input layout — an ``id`` column, an optional ``schema`` column and one
    column per FollowTheMoney property, several values joined by ``|`` — or a single ``value``
    column of JSON lines (``spark.read.text`` of a ``.jsonl`` file). ``index`` is a Screener, or
    the path of a saved :class:`NameIndex` (``NameIndex.save``) on a file system the driver sees.
    """
    spark = df.sparkSession
    if isinstance(index, Screener):
        threshold = index.threshold if threshold is None else threshold
        path = Path(tempfile.mkdtemp(prefix="magnitsky-spark-")) / f"index-{uuid.uuid4().hex}.idx"
        index.index.save(path)
    else:
        path = Path(index)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such index file")
    spark.sparkContext.addFile(str(path))
    options = Options(DEFAULT_THRESHOLD if threshold is None else threshold, limit, only_matches, flat_rows)
    name = path.name
    json_lines = df.columns == ["value"]

    def screen_partition(batches) -> Iterator:
        import pyarrow as pa

        screener = _screener_on_worker(name)
        schema = arrow_schema()
        for batch in batches:
            if json_lines:
                records = (jsonl_query(line, f"JSON line {line[:60]!r}") for line in batch.column("value").to_pylist())
            else:
                records = (table_query(row, f"record id {row.get('id')!r}") for row in batch.to_pylist())
            rows = [row for rows in screen_records(screener, records, options).records for row in rows]
            if rows:
                yield from pa.Table.from_arrays(
                    [pa.array(c, t.type) for c, t in zip(zip(*rows), schema)], schema=schema
                ).to_batches()

    return df.mapInArrow(screen_partition, RESULT_SCHEMA)


def _screener_on_worker(name: str) -> Screener:
    """The shipped index, loaded on the first task of this Python worker and kept for the next."""
    screener = _worker_screeners.get(name)
    if screener is None:
        from pyspark import SparkFiles

        index = NameIndex.load(Path(SparkFiles.get(name)))
        if index is None:
            raise RuntimeError(f"{name}: not an index of this magnitsky version")
        screener = _worker_screeners[name] = Screener(index)
        gc.collect()
        gc.freeze()  # full collections would walk the index's objects again and again
        gc.set_threshold(*SCREENING_GC_THRESHOLDS)  # this worker only screens from now on
    return screener


def matches_of(rows: list) -> list[dict]:
    """Flat result rows of one query (Spark Rows or dicts) back into the ``matches`` list."""
    matches = []
    for row in rows:
        record = row.asDict() if hasattr(row, "asDict") else dict(row)
        if record["entity_id"] is None:
            continue
        matches.append({c: json.loads(record[c]) if c == "explanation" else record[c] for c in FLAT_COLUMNS[1:]})
    return matches
