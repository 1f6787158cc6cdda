"""Rebuild the bundled default dataset from the official files in ../shared/data.

The package ships a small real excerpt so that a fresh install works offline on first run:
every OFAC SDN entry of the Global Magnitsky (GLOMAG) and Russia Magnitsky (MAGNIT) programs with
its addresses, aliases and remark overflow, and the UN Security Council entries whose reference
numbers are listed below. The files are copied byte for byte (rows or elements selected, not
edited), so the bundled data has the same quirks as the official publications.

Run: python scripts/make_default_data.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "magnitsky" / "data" / "default"
PROGRAMS = {"MAGNIT", "GLOMAG"}
UN_ORIGINAL_SCRIPT = 25  # individuals that also carry their name in the original script
UN_OTHERS = 15  # and the first individuals and entities without one
_END_MARK = b"\x1a"  # the official files' closing control-Z line, which tells a whole file from a cut one


def excerpt_ofac(shared: Path) -> None:
    src = shared / "ofac_sdn_2021"
    rows = [line for line in (src / "sdn.csv").read_bytes().splitlines(keepends=True) if _programs(line) & PROGRAMS]
    keep = {line.split(b",", 1)[0] for line in rows}
    target = OUT / "ofac_sdn"
    target.mkdir(parents=True, exist_ok=True)
    (target / "sdn.csv").write_bytes(b"".join(rows) + _END_MARK)
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        lines = (src / name).read_bytes().splitlines(keepends=True)
        selected = b"".join(line for line in lines if line.split(b",", 1)[0] in keep)
        # written even with no rows (no remark overflow for these entries): a missing companion is refused
        (target / name).write_bytes(selected + _END_MARK)


def _programs(line: bytes) -> set[str]:
    row = next(csv.reader([line.decode("latin-1")]), [])
    return set(row[3].strip("[] ").split("] [")) if len(row) > 3 else set()


def excerpt_un(shared: Path) -> None:
    tree = etree.parse(str(shared / "un" / "consolidated.xml"), etree.XMLParser(resolve_entities=False))
    root = tree.getroot()
    for section in ("INDIVIDUALS", "ENTITIES"):
        parent = root.find(section)
        with_script = [c for c in parent if (c.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()]
        without = [c for c in parent if c not in with_script]
        keep = set(with_script[:UN_ORIGINAL_SCRIPT] + without[:UN_OTHERS])
        for child in list(parent):
            if child not in keep:
                parent.remove(child)
    target = OUT / "un_sc"
    target.mkdir(parents=True, exist_ok=True)
    tree.write(str(target / "consolidated.xml"), encoding="UTF-8", xml_declaration=True, standalone=True)


if __name__ == "__main__":
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    excerpt_ofac(shared)
    excerpt_un(shared)
    print(f"wrote {OUT}")
