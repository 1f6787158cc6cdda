"""Editing a copy of an OFAC legacy CSV set the way OFAC's own publication changes it."""

from pathlib import Path

_COMPANIONS = ("add.csv", "alt.csv", "sdn_comments.csv")


def delist(primary: Path, ent_num: str) -> bytes:
    """Remove entry ``ent_num`` from ``primary`` and its rows from the companions beside it, as
    OFAC delists someone (companions naming an entry the primary lacks are refused as another
    date's); the removed primary row is returned."""
    removed = b""
    for path in (primary, *(primary.parent / name for name in _COMPANIONS)):
        if not path.is_file():
            continue
        lines = path.read_bytes().splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(ent_num.encode() + b",")]
        if path == primary:
            removed = b"".join(line for line in lines if line not in kept)
        path.write_bytes(b"".join(kept))
    return removed
