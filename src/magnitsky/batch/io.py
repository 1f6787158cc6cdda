"""Reading query files and writing result files, chosen by file extension.

Input: JSON lines (``{"id", "schema", "properties"}`` per line), or CSV / Parquet with an ``id``
column, an optional ``schema`` column, and one column per FollowTheMoney property (``name``,
``birthDate``, ``nationality``, ``idNumber``...), several values in one cell separated by ``|``.

Output: JSON lines ``{"id", "matches": [...]}`` (one line per query, matches best first), or for
CSV / Parquet one row per (query, match) with the explanation as a JSON string; a query with no
match still gets one row with empty match columns, so every input id appears in the output.
"""

from __future__ import annotations

import csv
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MATCH_COLUMNS = ("entity_id", "source", "source_id", "schema", "caption", "score", "match", "explanation")
_MULTI = "|"


class BatchError(ValueError):
    """A bad input file or record; names the file and line/row."""


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".parquet"):
        return suffix[1:]
    raise BatchError(f"{path}: unknown file type {suffix!r}; use .jsonl, .csv or .parquet")


def read_queries(path: Path) -> Iterator[tuple[str, dict, str]]:
    """Yield ``(id, query, where)`` for each record; ``where`` locates it for error messages."""
    kind = _kind(path)
    if not path.is_file():
        raise BatchError(f"{path}: no such file")
    if kind == "jsonl":
        yield from _read_jsonl(path)
    elif kind == "csv":
        yield from _read_table_rows(path, _csv_rows(path))
    else:
        yield from _read_table_rows(path, _parquet_rows(path))


def _read_jsonl(path: Path) -> Iterator[tuple[str, dict, str]]:
    with open(path, encoding="utf-8") as fh:
        try:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}, line {number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise BatchError(f"{where}: not valid JSON ({exc.msg})") from None
                if not isinstance(record, dict) or "id" not in record:
                    raise BatchError(f"{where}: each line must be an object with an 'id'")
                query = {"schema": record.get("schema", "Thing"), "properties": record.get("properties", {})}
                yield str(record["id"]), query, where
        except UnicodeDecodeError as exc:
            raise BatchError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _csv_rows(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        try:
            yield from csv.DictReader(fh)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise BatchError(f"{path}: unreadable CSV ({exc})") from None


def _parquet_rows(path: Path) -> Iterator[dict]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
        for batch in table.iter_batches(batch_size=10_000):
            yield from batch.to_pylist()
    except Exception as exc:  # pyarrow raises many types for a corrupt file
        raise BatchError(f"{path}: unreadable Parquet ({exc})") from None


def _read_table_rows(path: Path, rows) -> Iterator[tuple[str, dict, str]]:
    for number, row in enumerate(rows, 2 if path.suffix.lower() == ".csv" else 1):
        where = f"{path}, {'line' if path.suffix.lower() == '.csv' else 'row'} {number}"
        if row.get("id") in (None, ""):
            raise BatchError(f"{where}: missing 'id'")
        props = {}
        for key, value in row.items():
            if key in ("id", "schema") or value in (None, ""):
                continue
            props[key] = [v.strip() for v in str(value).split(_MULTI) if v.strip()]
        yield str(row["id"]), {"schema": row.get("schema") or "Thing", "properties": props}, where


@contextmanager
def result_writer(path: Path):
    """A callable ``write(query_id, matches)`` writing to ``path`` in its format; atomic on success."""
    kind = _kind(path)
    tmp = path.with_name(path.name + ".partial")
    try:
        yield from _writer(kind, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)


def _writer(kind: str, tmp: Path):
    if kind == "jsonl":
        with open(tmp, "w", encoding="utf-8") as fh:
            yield lambda qid, matches: fh.write(
                json.dumps({"id": qid, "matches": matches}, ensure_ascii=False) + "\n"
            )
    elif kind == "csv":
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(("id", *MATCH_COLUMNS))
            yield lambda qid, matches: writer.writerows(_flat_rows(qid, matches))
    else:
        yield from _parquet_writer(tmp)


def _flat_rows(qid: str, matches: list[dict]) -> list[tuple]:
    if not matches:
        return [(qid, *([None] * len(MATCH_COLUMNS)))]
    return [
        (qid, *(json.dumps(m[c], ensure_ascii=False) if c == "explanation" else m[c] for c in MATCH_COLUMNS))
        for m in matches
    ]


def _parquet_writer(tmp: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [("id", pa.string()), ("entity_id", pa.string()), ("source", pa.string()), ("source_id", pa.string()),
         ("schema", pa.string()), ("caption", pa.string()), ("score", pa.float64()), ("match", pa.bool_()),
         ("explanation", pa.string())]
    )
    buffer: list[tuple] = []
    with pq.ParquetWriter(tmp, schema) as writer:

        def flush():
            if buffer:
                columns = list(zip(*buffer))
                writer.write_table(pa.table([list(c) for c in columns], schema=schema))
                buffer.clear()

        def write(qid, matches):
            buffer.extend(_flat_rows(qid, matches))
            if len(buffer) >= 10_000:
                flush()

        yield write
        flush()
