"""Screening many queries from a file: JSON lines, CSV or Parquet in and out, on every core,
resumable after an interruption."""

from magnitsky.batch.io import BatchError, count_records, read_queries
from magnitsky.batch.parallel import default_workers
from magnitsky.batch.runner import BatchSummary, run_batch

__all__ = ["BatchError", "BatchSummary", "count_records", "default_workers", "read_queries", "run_batch"]
