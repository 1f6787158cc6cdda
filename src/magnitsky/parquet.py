"""Parquet input files (batch queries, customer files) read row by row, decompression bombs refused.

A Parquet file's footer declares each column's size, but a dictionary-encoded value is counted
once however many rows repeat it: a 160 KB file can hold a 1,500-character name a million times,
1.5 GB of text once expanded. So text columns are read as dictionaries, and each batch's expanded
size is computed on the dictionary indices before the batch is materialised; a file expanding far
beyond what real customer data does (names, dates, identifiers: a few times, snappy or zstd) is
refused. One reader for every door that takes Parquet, so none of them forgets the check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from magnitsky.errors import InputError, MagnitskyError

BATCH_ROWS = 10_000
EXPANSION_RATIO = 100  # text a file may expand to, times its size on disk ...
EXPANDED_TEXT_FLOOR = 64 << 20  # ... or this many bytes, whichever is larger


def parquet_rows(path: Path, skip: int = 0, error: type[MagnitskyError] = InputError) -> Iterator[dict]:
    """The rows of ``path`` as dicts (column -> value), after the first ``skip`` (whole row groups
    are skipped unread). An unreadable file or a decompression bomb raises ``error``, the caller's
    own kind, with one line naming the file (and for a bomb, the row group and column)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
        text_columns = [f.name for f in table.schema_arrow if pa.types.is_string(f.type) or pa.types.is_binary(f.type)]
        table = pq.ParquetFile(path, read_dictionary=text_columns)
        budget = max(EXPANDED_TEXT_FLOOR, EXPANSION_RATIO * path.stat().st_size)
        for group in range(table.num_row_groups):
            rows = table.metadata.row_group(group).num_rows
            if skip >= rows:
                skip -= rows
                continue
            for batch in table.iter_batches(batch_size=BATCH_ROWS, row_groups=[group]):
                budget -= _spend_text(path, group, batch, budget, error)
                rows = batch.to_pylist()
                if skip:
                    rows, skip = rows[skip:], max(skip - len(rows), 0)
                yield from rows
    except error:
        raise
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise error(f"{path}: unreadable Parquet ({exc})") from None


def _spend_text(path: Path, group: int, batch, budget: int, error: type[MagnitskyError]) -> int:
    """The bytes of text ``batch`` expands to, computed on its dictionaries' indices; a column that
    takes the file over ``budget`` is refused before any of it is expanded."""
    import pyarrow as pa
    import pyarrow.compute as pc

    spent = 0
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if pa.types.is_dictionary(column.type):
            lengths = pc.take(pc.binary_length(column.dictionary), column.indices)
        elif pa.types.is_string(column.type) or pa.types.is_binary(column.type):
            lengths = pc.binary_length(column)
        else:
            continue
        spent += pc.sum(lengths).as_py() or 0
        if spent > budget:
            raise error(
                f"{path}: row group {group}, column {name!r} expands to more text than the file can plausibly "
                f"hold (over {EXPANSION_RATIO}x its size and {EXPANDED_TEXT_FLOOR >> 20} MB); refused"
            )
    return spent
