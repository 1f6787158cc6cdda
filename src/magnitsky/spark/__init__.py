"""Screening on Apache Spark (the optional ``spark`` extra: ``pip install 'magnitsky[spark]'``).

``screen_dataframe(df, screener_or_index_path)`` screens a DataFrame on a cluster with the same
results as the local batch engine; ``run_spark_batch`` is ``magnitsky batch --engine spark``.
pyspark is imported only when a session is used, so this package imports without it.
"""

from magnitsky.spark.batch import read_input, run_spark_batch
from magnitsky.spark.screening import RESULT_SCHEMA, screen_dataframe

__all__ = ["RESULT_SCHEMA", "read_input", "run_spark_batch", "screen_dataframe"]
