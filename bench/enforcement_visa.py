"""Visa/border screening speed over every official list in ../shared/data, one core.

Measures MRZ parses per second (every check digit verified) against a baseline in the same run
that only slices the fields out of the lines, and visa decisions per second (parse, screen,
measures, decision) against the raw ``Screener.screen`` call on the same holders, with and
without the audit record (SQLite in a temporary directory). Holders: half listed people (their
names as a TD3 MRZ would carry them), half ordinary names.
Run: python bench/enforcement_visa.py [--documents N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED_DATA, list_paths, print_table  # noqa: E402
from magnitsky.screening import Screener  # noqa: E402
from magnitsky.screening.visa import Applicant, VisaScreener, compose_td3, parse_mrz  # noqa: E402
from magnitsky.sources import open_list  # noqa: E402
from magnitsky.store import AuditLog, ListStore  # noqa: E402

GIVEN = ["JOHN", "MARIA", "AHMED", "OLGA", "CHEN", "FATIMA", "PIERRE", "IVAN", "AISHA", "CARLOS", "YUKI", "ANNA"]
FAMILY = ["SMITH", "GARCIA", "KHAN", "PETROVA", "LI", "HADDAD", "DUBOIS", "NOVAK", "OKAFOR", "SILVA", "TANAKA", "BERG"]
STATES = ["RUS", "GBR", "D<<", "IRQ", "USA", "FRA", "CHN", "NGA", "BRA", "UTO"]
_LATIN = re.compile(r"^[A-Za-z' .-]+$")


def documents(entities, count: int, rng: random.Random) -> list[str]:
    """TD3 MRZs: half for listed people with a Latin-script name and a full birth date, half ordinary."""
    listed = [
        (name.full, e.birth_dates[0].start)
        for e in entities
        if e.schema == "Person"
        for name in e.names[:1]
        if _LATIN.match(name.full) and e.birth_dates and len(e.birth_dates[0].start) == 10
    ]
    out = []
    for i in range(count):
        if i % 2:
            full, born = rng.choice(listed)
            *given, surname = full.split()
            yymmdd = born[2:4] + born[5:7] + born[8:10]
        else:
            surname, given = rng.choice(FAMILY), [rng.choice(GIVEN)]
            yymmdd = f"{rng.randrange(40, 100):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        out.append(
            compose_td3(
                surname,
                " ".join(given),
                f"X{rng.randrange(10**7):07d}",
                rng.choice(STATES),
                yymmdd,
                rng.choice("MF"),
                "310101",
            )
        )
    return out


def slice_only(text: str) -> dict:
    """Baseline: cut the TD3 fields out of the lines, validating nothing."""
    line1, line2 = text.split("\n")
    surname, _, given = line1[5:].partition("<<")
    return {"surname": surname, "given": given.replace("<", " ").strip(), "number": line2[:9], "born": line2[13:19]}


def rate(fn, items, repeat: int = 1) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            fn(item)
    return len(items) * repeat / (time.perf_counter() - started)


def run(data: Path = SHARED_DATA, count: int = 2000) -> None:
    entities = [e for path, source in list_paths(data) for e in open_list(path, source=source).entities()]
    screener = Screener.from_entities(entities)
    mrzs = documents(entities, count, random.Random(5))
    queries = [Applicant.from_document(parse_mrz(text)).query() for text in mrzs]
    visa = VisaScreener(screener)
    for text in mrzs[:50]:  # warm-up: ICU transliterators and caches
        visa.screen_mrz(text)

    print_table(
        "MRZ parsing, TD3, one core",
        ["parser", "documents", "parses/s"],
        [
            ["magnitsky parse_mrz (all check digits)", len(mrzs), rate(parse_mrz, mrzs, 5)],
            ["baseline: slice fields, no validation", len(mrzs), rate(slice_only, mrzs, 5)],
        ],
    )
    outcomes = Counter(visa.screen_mrz(text).decision for text in mrzs)
    with tempfile.TemporaryDirectory() as tmp:
        audited = VisaScreener(screener, audit=AuditLog(ListStore(f"sqlite:///{tmp}/bench.db").engine))
        rows = [
            ["baseline: Screener.screen (same holders)", len(queries), rate(screener.screen, queries)],
            ["VisaScreener.screen_mrz, no audit", len(mrzs), rate(visa.screen_mrz, mrzs)],
            ["VisaScreener.screen_mrz + audit (SQLite)", len(mrzs), rate(audited.screen_mrz, mrzs)],
        ]
    print_table(
        f"Visa decisions over {len(entities)} listed entities, one core", ["engine", "documents", "per s"], rows
    )
    print_table("Decisions on the generated holders (half listed)", ["decision", "count"], sorted(outcomes.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    run(args.data, args.documents)


if __name__ == "__main__":
    main()
