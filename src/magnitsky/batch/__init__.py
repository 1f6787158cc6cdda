"""Screening many queries from a file: JSON lines, CSV or Parquet in and out."""

from magnitsky.batch.io import BatchError, read_queries, result_writer
from magnitsky.batch.runner import BatchSummary, run_batch

__all__ = ["BatchError", "BatchSummary", "read_queries", "result_writer", "run_batch"]
