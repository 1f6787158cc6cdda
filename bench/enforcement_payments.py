"""Payment screening speed over every official list in ../shared/data, one core.

Messages: pacs.008.001.08 and MT103, built on the test fixtures' layouts (written from the ISO
20022 and SWIFT specifications), each with seven parties (debtor, creditor, their agents,
instructing/instructed agents, an intermediary) and remittance text of a sentence or two; one in
ten pays a listed person, one in ten names one in the remittance text, the rest are ordinary.
Rates, measured in the same run: parse only (baseline), the raw ``Screener.screen`` calls on
the same parties (baseline), full decisions (parse, screen parties, scan free text, jurisdiction
rules, measures; a party screened once per decider, as agents' BICs recur), and decisions stored with register rows and audit records (SQLite).
Run: python bench/enforcement_payments.py [--messages N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, SHARED_DATA, list_paths, print_table  # noqa: E402
from magnitsky.screening import Screener  # noqa: E402
from magnitsky.screening.payments import PaymentDecider, PaymentScreening, parse_message  # noqa: E402
from magnitsky.sources import open_list  # noqa: E402
from magnitsky.store import open_database  # noqa: E402

TEMPLATES = ROOT / "tests" / "fixtures" / "payments"
COMPANIES = [
    "Nordsee Logistik GmbH",
    "Fromagerie Martin SARL",
    "Baltic Timber Export AB",
    "Alpenland Handels GmbH",
    "Porto Textiles Lda",
    "Van der Berg Zuivel BV",
    "Kowalski Budownictwo Sp z o o",
    "Adriatic Olive Oil doo",
]
PEOPLE = ["Maria Garcia Lopez", "Jan Novak", "Pierre Dubois", "Anna Berg", "Giulia Rossi", "Thomas Mueller"]
PURPOSES = [
    "Invoice {n} consulting services October",
    "Order {n} spare parts and freight to Rotterdam",
    "Rent November apartment 4B contract {n}",
    "Payroll advance staff travel {n}",
]
_LATIN = re.compile(r"^[A-Za-z' .-]+$")


def messages(entities, count: int, rng: random.Random) -> list[bytes]:
    listed = [n.full for e in entities if e.schema == "Person" for n in e.names[:1] if _LATIN.match(n.full)]
    pacs = (TEMPLATES / "pacs008_magnit_creditor.xml").read_text()
    mt = (TEMPLATES / "mt103_glomag_59f.txt").read_text()
    out = []
    for i in range(count):
        creditor = rng.choice(listed) if i % 10 == 3 else rng.choice(PEOPLE + COMPANIES)
        purpose = rng.choice(PURPOSES).format(n=rng.randrange(10_000))
        if i % 10 == 7:
            purpose = f"Delegation expenses of {rng.choice(listed)} per agreement {i}"
        if i % 2:
            text = (
                mt.replace("REF20261125GM01", f"REF{i:013d}")
                .replace("DAN GERTLER", creditor.upper()[:33])
                .replace("ALPENLAND HANDELS GMBH", rng.choice(COMPANIES).upper())
                .replace("e5b5b4c2-8d1c-4b44-9f1e-3a0c2f8e7d11", str(uuid.UUID(int=rng.getrandbits(128), version=4)))
                .replace("/INV/2026-311 MINING EQUIPMENT", purpose.upper()[:35])
            )
        else:
            text = (
                pacs.replace("DEUTDEFF-20261125-000417", f"DEUTDEFF-{i:010d}")
                .replace("Dmitry Vladislavovich Klyuev", creditor)
                .replace(
                    "<BirthDt>1967-08-10</BirthDt>",
                    f"<BirthDt>19{rng.randrange(40, 99)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}</BirthDt>",
                )
                .replace("Baltic Timber Export GmbH", rng.choice(COMPANIES))
                .replace("INVOICE 2026-118 CONSULTING SERVICES Q3", purpose)
            )
        out.append(text.encode())
    return out


def rate(fn, items) -> float:
    started = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / (time.perf_counter() - started)


def run(data: Path = SHARED_DATA, count: int = 1000) -> None:
    entities = [e for path, source in list_paths(data) for e in open_list(path, source=source).entities()]
    screener = Screener.from_entities(entities)
    batch = messages(entities, count, random.Random(11))
    parsed = [parse_message(m) for m in batch]
    queries = [q for m in parsed for t in m.transactions for p in t.parties if (q := p.query())]
    warm = PaymentDecider(screener)
    outcomes = Counter(warm.decide(m).decision.value for m in parsed)  # also warms ICU transliterators
    decider = PaymentDecider(screener)  # a fresh party cache: only repeats within the run are cached, as in service
    with tempfile.TemporaryDirectory() as tmp:
        service = PaymentScreening(screener, open_database(f"sqlite:///{tmp}/bench.db"))
        per_query = rate(screener.screen, queries)
        rows = [
            ["baseline: parse only (pacs.008 / MT103)", len(batch), rate(parse_message, batch)],
            [
                f"baseline: Screener.screen on the parties ({len(queries) / len(batch):.1f} per message)",
                len(batch),
                per_query * len(batch) / len(queries),
            ],
            ["PaymentDecider.decide (parse excluded)", len(parsed), rate(decider.decide, parsed)],
            [
                "PaymentScreening.screen: parse, decide, store + audit (SQLite)",
                len(batch),
                rate(lambda m: service.screen(m, "bench"), batch),
            ],
        ]
    print_table(
        f"Payment messages over {len(entities)} listed entities, one core", ["engine", "messages", "messages/s"], rows
    )
    print_table("Decisions on the generated messages", ["decision", "count"], sorted(outcomes.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    run(args.data, args.messages)


if __name__ == "__main__":
    main()
