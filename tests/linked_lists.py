"""Every shared official list file a parser reads, as loaded for the one-person-across-lists tests
and bench/linking.py (the .xz files decompressed into a work directory first)."""

from __future__ import annotations

import lzma
import shutil
from pathlib import Path

from conftest import SHARED_DATA
from magnitsky.sources import open_list
from magnitsky.store import ListStore

# Relative to SHARED_DATA (../shared/data; see its PROVENANCE.md).
EVERY_LIST = (
    "ofac/sdn.xml.xz",
    "ofac_cons/consolidated.xml.xz",
    "eu/20240513-FULL-1_1(xsd).xml.xz",
    "un/consolidated.xml",
    "uk/ConList.xlsx",
    "canada/2020-04/sema-lmes.xml",
)
# A later version of the OFAC SDN list (2024-07-02; sdn.xml.xz is of 2024-05-07), loaded over it to show
# that judgements hold across list versions.
NEWER_OFAC = "ofac/sdn.csv"


def list_files(work: Path) -> list[Path]:
    """The files of EVERY_LIST, ready to load (compressed ones decompressed under ``work``)."""
    files = []
    for name in EVERY_LIST:
        path = SHARED_DATA / name
        if path.suffix == ".xz":
            target = work / path.parent.name / path.stem
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                with lzma.open(path) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
            path = target
        files.append(path)
    return files


def load_every_list(store: ListStore, work: Path) -> ListStore:
    for path in list_files(work):
        store.load(open_list(path))
    return store
