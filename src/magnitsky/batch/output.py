"""Result files written in committed chunks, so that an interrupted batch can carry on.

The results grow beside the target (``OUT.partial`` for JSON lines and CSV, ``OUT.parts/`` for
Parquet, whose footer makes a file unreadable until it is closed) and become the target only
when the batch is complete, so a reader never sees half a result file. After every chunk of
records the written bytes are flushed to disk and a small checkpoint (``OUT.checkpoint.json``)
records how many input records are done and where the output ends. A restart truncates the
partial output back to the checkpoint — dropping whatever was written after it — and carries on
from the next input record, so the finished file is the same as an uninterrupted run's.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import BinaryIO

from magnitsky.batch.io import (
    FLAT_COLUMNS,
    BatchError,
    arrow_schema,
    file_kind,
    flat_rows,
    jsonl_record,
)
from magnitsky.sources.csv_cells import spreadsheet_safe


def encoder(kind: str):
    """The function turning ``(query id, matches)`` into the output records of a file kind (text
    for JSON lines and CSV, rows for Parquet): a module-level function, so worker processes can
    be handed it and do the encoding in parallel."""
    return {"jsonl": jsonl_record, "csv": csv_record, "parquet": flat_rows}[kind]


def csv_record(qid: str, matches: list[dict]) -> str:
    """One query's result as CSV text (one line per match), exactly as ``csv.writer`` writes it
    (minimal quoting, CRLF) in a third of its time: ``csv.writer`` steps through every character
    of the explanations to find those to quote, ``in`` and ``str.replace`` scan them in C."""
    return "".join(",".join(map(_csv_cell, row)) + "\r\n" for row in flat_rows(qid, matches))


def _csv_cell(value) -> str:
    if value is None:
        return ""
    text = spreadsheet_safe(value) if isinstance(value, str) else str(value)
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


class Checkpoint:
    """How far a batch got: ``records`` done, ``with_hits`` among them, the output's ``state``,
    and the ``fingerprint`` (input file, options, list versions) it is only valid for."""

    def __init__(self, target: Path):
        self.path = target.with_name(target.name + ".checkpoint.json")

    def load(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise BatchError(f"{self.path}: unreadable checkpoint ({exc}); rerun with --no-resume") from None

    def save(self, data: dict) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def result_file(target: Path, state: dict | None):
    """The committed writer for ``target``'s format, continuing from ``state`` when resuming."""
    kind = file_kind(target)
    if kind == "parquet":
        return _ParquetParts(target, state)
    return _TextFile(target, state, header=kind == "csv")


class _TextFile:
    """JSON lines or CSV appended to ``OUT.partial``; its committed length is the state."""

    def __init__(self, target: Path, state: dict | None, header: bool):
        self.target = target
        self.partial = target.with_name(target.name + ".partial")
        self.fh: BinaryIO
        if state is None:
            self.fh = open(self.partial, "wb")  # noqa: SIM115 - open for the whole batch, closed by finish/discard
            if header:
                self.write([",".join(FLAT_COLUMNS) + "\r\n"])  # csv.writer's line ending
        else:
            try:
                self.fh = open(self.partial, "r+b")  # noqa: SIM115
            except FileNotFoundError:
                raise BatchError(
                    f"{self.partial}: missing; the checkpoint cannot be resumed, rerun with --no-resume"
                ) from None
            self.fh.truncate(state["bytes"])
            self.fh.seek(state["bytes"])

    def write(self, records: list[str]) -> None:
        self.fh.write("".join(records).encode("utf-8"))

    def commit(self) -> dict:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        return {"bytes": self.fh.tell()}

    def finish(self) -> None:
        self.fh.close()
        self.partial.replace(self.target)

    def discard(self) -> None:
        self.fh.close()
        self.partial.unlink(missing_ok=True)


class _ParquetParts:
    """Parquet row groups, one closed file per commit in ``OUT.parts/``, joined at the end."""

    def __init__(self, target: Path, state: dict | None):
        self.target = target
        self.dir = target.with_name(target.name + ".parts")
        self.rows: list[tuple] = []
        if state is None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir.mkdir()
            self.parts = 0
        else:
            self.parts = state["parts"]
            for extra in self.dir.glob("part-*.parquet"):
                if int(extra.stem.split("-")[1]) >= self.parts:
                    extra.unlink()
            if len(self._part_files()) != self.parts:
                raise BatchError(
                    f"{self.dir}: parts are missing; the checkpoint cannot be resumed, rerun with --no-resume"
                )

    def _part_files(self) -> list[Path]:
        return sorted(self.dir.glob("part-*.parquet"))

    def write(self, records: list) -> None:
        for rows in records:
            self.rows.extend(rows)

    def commit(self) -> dict:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.rows:
            path = self.dir / f"part-{self.parts:06d}.parquet"
            tmp = path.with_suffix(".tmp")
            table = pa.table([list(c) for c in zip(*self.rows)], schema=arrow_schema())
            with open(tmp, "wb") as fh:
                pq.write_table(table, fh)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(path)
            self.parts += 1
            self.rows.clear()
        return {"parts": self.parts}

    def finish(self) -> None:
        import pyarrow.parquet as pq

        self.commit()
        partial = self.target.with_name(self.target.name + ".partial")
        with pq.ParquetWriter(partial, arrow_schema()) as writer:
            for part in self._part_files():
                writer.write_table(pq.read_table(part))
        partial.replace(self.target)
        shutil.rmtree(self.dir)

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
