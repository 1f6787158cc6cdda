"""Every shared official list file a parser reads, as loaded for the one-person-across-lists tests
and bench/linking.py (the .xz files decompressed into a work directory first)."""

from __future__ import annotations

import lzma
import shutil
from pathlib import Path

from magnitsky.sources import open_list
from magnitsky.store import ListStore

# Relative to ../shared/data; see its PROVENANCE.md.
EVERY_LIST = (
    "ofac/sdn.xml.xz",
    "ofac_cons/consolidated.xml.xz",
    "eu/20240513-FULL-1_1(xsd).xml.xz",
    "un/consolidated.xml",
)


def list_files(shared_data: Path, work: Path) -> list[Path]:
    """The files of EVERY_LIST, ready to load (compressed ones decompressed under ``work``)."""
    files = []
    for name in EVERY_LIST:
        path = shared_data / name
        if path.suffix == ".xz":
            target = work / path.parent.name / path.stem
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                with lzma.open(path) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
            path = target
        files.append(path)
    return files


def load_every_list(store: ListStore, shared_data: Path, work: Path) -> ListStore:
    for path in list_files(shared_data, work):
        store.load(open_list(path))
    return store
