"""Shared by the case tests: the bundled lists in a store, and a list update made from them.

The update is a copy of the bundled OFAC SDN excerpt (legacy CSV) with one alias added to
ofac_sdn:15881 (KOMNOV, Dmitriy) and one new GLOMAG entry (uid 99002, SIDORENKO, Ivan Petrovich,
DOB 04 Mar 1971) appended, in the published layout of sdn.csv and alt.csv.
"""

import shutil
from pathlib import Path

from magnitsky.data import default_lists
from magnitsky.sources import open_list
from magnitsky.store import ListStore

NEW_ALIAS = '15881,99001,"aka","KOMNOV, Dmitri Mikhailovich",-0- \n'
NEW_ENTRY = (
    '99002,"SIDORENKO, Ivan Petrovich","individual","GLOMAG",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 04 Mar 1971."\n'
)


def load_bundled(url: str) -> ListStore:
    return load_lists(ListStore(url))


def load_lists(store: ListStore) -> ListStore:
    """``store`` with the bundled OFAC and UN excerpts loaded."""
    for path in default_lists():
        store.load(open_list(path))
    return store


def updated_ofac(tmp_path: Path, alias: bool = True, entry: bool = True, drop: tuple[str, ...] = ()) -> Path:
    """A modified copy of the bundled OFAC excerpt; returns its sdn.csv. ``drop`` removes entries by
    uid, from the companions too."""
    target = tmp_path / "ofac_update"
    shutil.copytree(default_lists()[0].parent, target)
    sdn, alt = target / "sdn.csv", target / "alt.csv"
    if alias:
        append_rows(alt, NEW_ALIAS)
    if entry:
        append_rows(sdn, NEW_ENTRY)
    if drop:  # from the main file and its companions, as OFAC publishes a removal
        for name in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"):
            if (target / name).exists():
                lines = (target / name).read_text(encoding="utf-8").splitlines(keepends=True)
                kept = "".join(line for line in lines if line.split(",")[0] not in drop)
                (target / name).write_text(kept, encoding="utf-8")
    return sdn


def append_rows(path: Path, rows: str) -> None:
    """Add ``rows`` to an OFAC legacy CSV file before its closing control-Z line, as OFAC would."""
    text = path.read_text(encoding="utf-8")
    body = text[: text.rindex("\x1a")] if "\x1a" in text else text
    path.write_text(body + rows + "\x1a", encoding="utf-8")
