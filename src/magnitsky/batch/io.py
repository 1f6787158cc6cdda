"""Query files in, result records out: the batch file formats, chosen by file extension.

Input: JSON lines (``{"id", "schema", "properties"}`` per line), or CSV / Parquet with an ``id``
column, an optional ``schema`` column, and one column per FollowTheMoney property (``name``,
``birthDate``, ``nationality``, ``idNumber``...), several values in one cell separated by ``|``.
Every reader streams: a file of millions of records is never held in memory.

Output: JSON lines ``{"id", "matches": [...]}`` (one line per query, matches best first), or for
CSV / Parquet one row per (query, match) with the explanation as a JSON string; a query with no
match still gets one row with empty match columns, so every input id appears in the output.
The encoders here turn one screened query into its output records; :mod:`.output` writes them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import orjson

from magnitsky.errors import InputError
from magnitsky.parquet import parquet_rows

MATCH_COLUMNS = ("entity_id", "source", "source_id", "schema", "caption", "score", "match", "explanation")
FLAT_COLUMNS = ("id", *MATCH_COLUMNS)
_MULTI = "|"


class BatchError(InputError):
    """A bad input file or record, or an output that cannot be resumed; names the file and where."""


def file_kind(path: Path) -> str:
    """``jsonl``, ``csv`` or ``parquet``, from the file name."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".parquet"):
        return suffix[1:]
    raise BatchError(f"{path}: unknown file type {suffix!r}; use .jsonl, .csv or .parquet")


# -- input ---------------------------------------------------------------------------------------


def read_queries(path: Path, skip: int = 0) -> Iterator[tuple[str, dict, str]]:
    """Yield ``(id, query, where)`` for each record after the first ``skip``; ``where`` locates it
    for error messages."""
    kind = file_kind(path)
    if not path.is_file():
        raise BatchError(f"{path}: no such file")
    if kind == "jsonl":
        records = _read_jsonl(path)
    elif kind == "csv":
        records = _read_table_rows(path, _csv_rows(path), "line", 2)
    else:
        records = _read_table_rows(path, parquet_rows(path, skip, BatchError), "row", 1 + skip)
        skip = 0  # Parquet skips whole row groups itself
    return islice(records, skip, None)


def count_records(path: Path) -> int:
    """The number of records, cheaply, for a progress bar: Parquet's footer, or the lines of a
    text file (for CSV an upper bound when quoted cells span lines)."""
    if file_kind(path) == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(path).metadata.num_rows
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise BatchError(f"{path}: unreadable Parquet ({exc})") from None
    lines = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    lines += last != b"\n"
    return max(lines - (file_kind(path) == "csv"), 0)


def _read_jsonl(path: Path) -> Iterator[tuple[str, dict, str]]:
    with open(path, encoding="utf-8") as fh:
        try:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    yield jsonl_query(line, f"{path}, line {number}")
        except UnicodeDecodeError as exc:
            raise BatchError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def jsonl_query(line: str, where: str) -> tuple[str, dict, str]:
    """One JSON-lines record as ``(id, query, where)``."""
    try:
        record = orjson.loads(line)  # strict: a lone surrogate (``"\\ud800"``) is no text to screen or write
    except orjson.JSONDecodeError as exc:
        raise BatchError(f"{where}: not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict) or "id" not in record:
        raise BatchError(f"{where}: each line must be an object with an 'id'")
    query = {"schema": record.get("schema", "Thing"), "properties": record.get("properties", {})}
    return str(record["id"]), query, where


def _csv_rows(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        try:
            yield from csv.DictReader(fh)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise BatchError(f"{path}: unreadable CSV ({exc})") from None


def _read_table_rows(path: Path, rows, unit: str, first: int) -> Iterator[tuple[str, dict, str]]:
    for number, row in enumerate(rows, first):
        yield table_query(row, f"{path}, {unit} {number}")


def table_query(row: dict, where: str) -> tuple[str, dict, str]:
    """One CSV/Parquet row (column -> cell) as ``(id, query, where)``."""
    if row.get("id") in (None, ""):
        raise BatchError(f"{where}: missing 'id'")
    props = {}
    for key, value in row.items():
        if key in ("id", "schema") or value in (None, ""):
            continue
        props[key] = [v.strip() for v in str(value).split(_MULTI) if v.strip()]
    return str(row["id"]), {"schema": row.get("schema") or "Thing", "properties": props}, where


# -- output records ------------------------------------------------------------------------------


def _to_json(value) -> str:
    """Compact JSON with the text as it is (UTF-8, not escaped): orjson, which encodes an
    explanation in a third of the standard library's time (a million customers' results hold
    two million explanations)."""
    return orjson.dumps(value).decode()


def jsonl_record(qid: str, matches: list[dict]) -> str:
    """One query's result as a JSON line."""
    return _to_json({"id": qid, "matches": matches}) + "\n"


def flat_rows(qid: str, matches: list[dict]) -> list[tuple]:
    """One query's result as CSV/Parquet rows: one per match, or one empty row when none."""
    if not matches:
        return [(qid, *([None] * len(MATCH_COLUMNS)))]
    return [(qid, *(_to_json(m[c]) if c == "explanation" else m[c] for c in MATCH_COLUMNS)) for m in matches]


def arrow_schema():
    """The Arrow/Parquet schema of flat results."""
    import pyarrow as pa

    types = {"score": pa.float64(), "match": pa.bool_()}
    return pa.schema([(c, types.get(c, pa.string())) for c in FLAT_COLUMNS])
