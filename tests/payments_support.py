"""Shared by the payment tests: the lists they screen against and the message fixtures.

Lists: the bundled real OFAC SDN (MAGNIT/GLOMAG) and UN excerpts, the full OFAC consolidated
(non-SDN) list from ../shared/data, and the entities the ownership rule derives from
tests/fixtures/ownership/ownership.csv. Messages: tests/fixtures/payments (see SOURCE.md).
"""

from functools import lru_cache
from pathlib import Path

from magnitsky.data import default_lists
from magnitsky.screening import Screener
from magnitsky.screening.ownership import analyse, read_ownership_csv
from magnitsky.sources import open_list

TESTS = Path(__file__).resolve().parent
MESSAGES = TESTS / "fixtures" / "payments"
OWNERSHIP_CSV = TESTS / "fixtures" / "ownership" / "ownership.csv"
CONSOLIDATED = TESTS.parent.parent / "shared" / "data" / "ofac_cons" / "cons_prim.csv"


def message(name: str) -> bytes:
    return (MESSAGES / name).read_bytes()


@lru_cache(maxsize=1)
def list_entities() -> tuple:
    return tuple(e for path in [*default_lists(), CONSOLIDATED] for e in open_list(path).entities())


@lru_cache(maxsize=1)
def screener() -> Screener:
    """Screens against the lists and, like production, the entities blocked by ownership."""
    listed = list_entities()
    derived = analyse(listed, read_ownership_csv(OWNERSHIP_CSV, {e.id for e in listed})).entities()
    return Screener.from_entities([*listed, *derived])
