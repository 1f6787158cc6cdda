"""The name-part tables shipped with the package (see SOURCE.md beside this file), read once."""

from __future__ import annotations

import lzma
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def table(name: str) -> dict[str, tuple[str, ...]]:
    """The rows of ``name`` (a ``.tsv.xz`` file here): first column -> the other columns."""
    with lzma.open(_HERE / name, "rt", encoding="utf-8") as fh:
        rows = (line.rstrip("\n").split("\t") for line in fh)
        return {row[0]: tuple(row[1:]) for row in rows}
