"""``magnitsky batch --engine spark``: a batch file screened by Spark, written like the local one.

Spark reads the input file and screens it in parallel, every partition at once, into Parquet
part files beside the target; the driver then reads the parts in partition order (which is input
order) and writes the results in the output format of the local engine, so the two engines' files
are the same. (Streaming results to the driver with ``toLocalIterator`` computed one partition at
a time, on one core, and lost large task results.) Spark retries failed tasks itself; there is no
``--resume`` for this engine.
"""

from __future__ import annotations

import tempfile
import time
from itertools import groupby
from pathlib import Path

import pyarrow.parquet as pq

from magnitsky.batch.io import BatchError, file_kind
from magnitsky.batch.output import encoder, result_file
from magnitsky.batch.runner import BatchSummary
from magnitsky.spark.screening import matches_of, screen_dataframe

MIN_SPLIT = 256 << 10  # bytes of input per partition: enough work to be worth a task
MAX_SPLIT = 1 << 20  # ... and little enough to balance (about 16,000 customers)


def read_input(spark, source: Path):
    """The batch input as a DataFrame: CSV/Parquet columns as strings, JSON lines as text."""
    kind = file_kind(source)
    if not source.is_file():
        raise BatchError(f"{source}: no such file")
    path = str(source.resolve())
    # A few splits per core, so a single file keeps every core busy; splits keep the file's order.
    # At most MAX_SPLIT bytes each: small tasks keep the cores evenly busy to the end and a
    # retried task redoes little.
    split = min(MAX_SPLIT, max(MIN_SPLIT, source.stat().st_size // (4 * spark.sparkContext.defaultParallelism)))
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(split))
    if kind == "parquet":
        return spark.read.parquet(path)
    if kind == "csv":
        return spark.read.csv(path, header=True, inferSchema=False, encoding="utf-8")
    return spark.read.text(path).where("trim(value) != ''")


def run_spark_batch(
    screener,
    source: Path,
    target: Path,
    threshold: float | None = None,
    limit: int = 5,
    only_matches: bool = False,
    master: str = "local[2]",
) -> BatchSummary:
    """Screen ``source`` into ``target`` on a Spark session at ``master``."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException
    from pyspark.sql import SparkSession

    encode = encoder(file_kind(target))
    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(master)
        .appName(f"magnitsky batch {source.name}")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    summary = BatchSummary()
    results = result_file(target, None)
    try:
        frame = screen_dataframe(read_input(spark, source), screener, threshold, limit, only_matches)
        with tempfile.TemporaryDirectory(prefix=".magnitsky-spark-", dir=target.resolve().parent) as parts:
            frame.write.mode("overwrite").parquet(parts)
            for part in sorted(Path(parts).glob("part-*.parquet")):  # named by partition number
                for qid, rows in groupby(pq.read_table(part).to_pylist(), key=lambda row: row["id"]):
                    matches = matches_of(list(rows))
                    results.write([encode(qid, matches)])
                    summary.records += 1
                    summary.with_hits += any(m["match"] for m in matches)
        results.finish()
    except (PySparkException, Py4JJavaError) as exc:
        results.discard()
        raise BatchError(_cause(exc)) from None
    except BaseException:
        results.discard()
        raise
    finally:
        spark.stop()
    summary.seconds = time.perf_counter() - started
    return summary


def _cause(exc: Exception) -> str:
    """The worker's own error (e.g. a bad record's BatchError) out of Spark's long report."""
    for line in str(exc).splitlines():
        if "BatchError: " in line:
            return line.split("BatchError: ", 1)[1]
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
