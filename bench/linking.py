"""How many entities the shared official lists collapse into once one person across lists is
linked, and a sample of automatic links to check by hand.

    python bench/linking.py [--data ../shared/data] [--sample 30] [--seed 1] [--out bench/out/]

Reads every shared list file a parser reads (OFAC SDN and consolidated, UN, EU, UK OFSI, Canada
2020), builds the screening index of all their entries and runs the linking rules of
``magnitsky.linking`` over it, as ``magnitsky links update`` does over a store's current lists.
Prints, per pair of lists, the automatic links and the proposals, and how many entities the
entries make when automatic links are joined (and, as an upper bound, when every proposal is
confirmed too). Writes ``linking_sample.md``: ``--sample`` automatic links drawn at random, each
with both entries' names, birth dates, nationalities, documents and programs, for a person to
judge whether the two are one.
"""

from __future__ import annotations

import argparse
import lzma
import random
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, SHARED_DATA, print_table  # noqa: E402
from magnitsky.index import NameIndex  # noqa: E402
from magnitsky.linking import AUTO, PROPOSED, PairJudgement, find_links, groups  # noqa: E402
from magnitsky.model import Entity  # noqa: E402
from magnitsky.sources import open_list  # noqa: E402

# Every shared list file a parser reads, relative to ../shared/data (see its PROVENANCE.md): the
# linking tests (tests/linked_lists.py) load the same.
EVERY_LIST = (
    "ofac/sdn.xml.xz",
    "ofac_cons/consolidated.xml.xz",
    "eu/20240513-FULL-1_1(xsd).xml.xz",
    "un/consolidated.xml",
    "uk/ConList.xlsx",
    "canada/2020-04/sema-lmes.xml",
)


def list_files(data: Path, work: Path) -> list[Path]:
    """The files of EVERY_LIST, ready to read (compressed ones decompressed under ``work`` once)."""
    files = []
    for name in EVERY_LIST:
        path = data / name
        if path.suffix == ".xz":
            target = work / path.parent.name / path.stem
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                with lzma.open(path) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
            path = target
        files.append(path)
    return files


def entities_of(files: list[Path]) -> list[Entity]:
    return [entity for path in files for entity in open_list(path).entities()]


def pair_table(found: list[PairJudgement], by_id: dict[str, Entity]) -> list[list]:
    counts: Counter = Counter()
    for link in found:
        lists = tuple(sorted((by_id[link.left].source, by_id[link.right].source)))
        counts[(lists, link.status)] += 1
    pairs = sorted({lists for lists, _ in counts})
    return [[f"{a} / {b}", counts[((a, b), AUTO)], counts[((a, b), PROPOSED)]] for a, b in pairs]


def collapse(entities: list[Entity], found: list[PairJudgement], statuses: tuple[str, ...]) -> int:
    """How many entities the entries make when the links of ``statuses`` are joined."""
    linked = [(link.left, link.right) for link in found if link.status in statuses]
    members = groups([], linked, [])
    merged_away = sum(len(group) - 1 for group in {group for group in members.values()})
    return len(entities) - merged_away


def describe(entity: Entity) -> str:
    names = "; ".join(name.full for name in entity.names[:4]) + (" ..." if len(entity.names) > 4 else "")
    facts = [f"**{entity.id}** ({entity.schema}) {names}"]
    if entity.birth_dates:
        facts.append("born " + ", ".join(str(d) for d in entity.birth_dates))
    if entity.nationalities:
        facts.append("nationality " + ", ".join(entity.nationalities))
    if entity.identifiers:
        facts.append(
            "; ".join(f"{i.type} {i.value}{f' ({i.country})' if i.country else ''}" for i in entity.identifiers[:4])
        )
    if entity.programs:
        facts.append("programs " + ", ".join(entity.programs))
    return " · ".join(facts)


def write_sample(path: Path, sample: list[PairJudgement], by_id: dict[str, Entity]) -> None:
    lines = [
        "# Automatic links drawn for a hand check",
        "",
        "Each: both entries as their lists give them, the evidence, and a line for the verdict.",
        "",
    ]
    for number, link in enumerate(sample, 1):
        lines += [
            f"## {number}",
            "",
            f"- {describe(by_id[link.left])}",
            f"- {describe(by_id[link.right])}",
            f"- evidence: {'; '.join(link.basis)}",
            "- verdict: ",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="folder with the official list files")
    parser.add_argument("--sample", type=int, default=30, help="automatic links to draw for the hand check")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    entities = entities_of(list_files(args.data, args.out / "linking_files"))
    by_id = {entity.id: entity for entity in entities}
    read = time.perf_counter()
    index = NameIndex(entities)
    indexed = time.perf_counter()
    found = find_links(index)
    linked = time.perf_counter()

    per_list = Counter(entity.source for entity in entities)
    print_table(
        "Entries per list", ["list", "entries"], [[source, count] for source, count in sorted(per_list.items())]
    )
    rows = pair_table(found, by_id)
    rows.append(["all", sum(r[1] for r in rows), sum(r[2] for r in rows)])
    print_table("Links per pair of lists", ["lists", "auto", "proposed"], rows)
    print_table(
        "Entities the entries collapse into",
        ["joined", "entities"],
        [
            ["none (entries)", len(entities)],
            ["automatic links", collapse(entities, found, (AUTO,))],
            ["automatic + every proposal confirmed", collapse(entities, found, (AUTO, PROPOSED))],
        ],
    )
    print(
        f"\nread {read - started:.1f} s, index {indexed - read:.1f} s, linking {linked - indexed:.1f} s "
        f"({len(entities):,} entries)"
    )
    automatic = [link for link in found if link.status == AUTO]
    sample = random.Random(args.seed).sample(automatic, min(args.sample, len(automatic)))
    write_sample(args.out / "linking_sample.md", sample, by_id)
    print(f"sample of {len(sample)} automatic links: {args.out / 'linking_sample.md'}")


if __name__ == "__main__":
    main()
