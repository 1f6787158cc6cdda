"""Every shared official list file a parser reads, loaded for the one-person-across-lists tests:
the files bench/linking.py reads (its EVERY_LIST), decompressed into a work directory first."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT, SHARED_DATA
from magnitsky.sources import open_list
from magnitsky.store import ListStore

sys.path.insert(0, str(ROOT / "bench"))
from linking import list_files  # noqa: E402

# A later version of the OFAC SDN list (2024-07-02; sdn.xml.xz is of 2024-05-07), loaded over it to show
# that judgements hold across list versions; no companion files of its date exist (its remarks hold the
# birth dates), so it is loaded --without-companions.
NEWER_OFAC = "ofac/sdn.csv"


def load_every_list(store: ListStore, work: Path) -> ListStore:
    for path in list_files(SHARED_DATA, work):
        store.load(open_list(path))
    return store
