"""The name-part tables shipped with the package (see SOURCE.md beside this file).

Each is a ``.tsv`` sorted by its first column (as UTF-8 bytes, one row a key), looked up by binary
search in a read-only memory map of the file. Nothing is decompressed or copied into a dict: the
pages are the operating system's file cache, shared by every process that reads the table (each
service worker, each batch process, the kernel warm-up), where a dict of the 152,674 Latin name
parts cost each process 12 MB kept, a 64 MB decompression buffer and 0.35 s CPU to build.
"""

from __future__ import annotations

import mmap
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


class SortedTable:
    """The rows of one sorted ``.tsv`` file: first column -> the other columns."""

    def __init__(self, path: Path):
        with open(path, "rb") as fh:
            self._rows = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)

    def get(self, key: str) -> tuple[str, ...] | None:
        """The other columns of the row whose first column is ``key``; None when there is none."""
        wanted, rows = key.encode(), self._rows
        low, high = 0, len(rows)  # both always at the start of a row (or the end of the file)
        while low < high:
            start = rows.rfind(b"\n", low, (low + high) // 2) + 1 or low
            end = rows.find(b"\n", start)
            end = len(rows) if end < 0 else end  # the last row, in a file that doesn't end with a newline
            row = rows[start:end].split(b"\t")
            if row[0] == wanted:
                return tuple(column.decode() for column in row[1:])
            if row[0] < wanted:
                low = end + 1
            else:
                high = start
        return None

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def keys(self) -> list[str]:
        """Every first column, in the file's order (for tests and the scripts that make the tables)."""
        return [row.split(b"\t", 1)[0].decode() for row in self._rows[:].splitlines()]


@cache
def table(name: str) -> SortedTable:
    """The table in the file ``name`` here (a ``.tsv`` made by ``scripts/make_name_parts.py``)."""
    return SortedTable(_HERE / name)
