"""A registry year seeded through the real domain code, for the annual report's tests.

Time travels (time-machine moves the clock every layer reads, the audit log's included), so a
designation listed in 2025 is due for review in 2026 and its review is overdue at the end of 2026
without a date written by hand anywhere but in the clocks, whose dates the law counts in days.

2025: the registry opens; A (RU, journalists) and B (BY, lawyers) are designated.
2026: C (RU, human-rights defenders and journalists) and D (CN, LGBTI people) are added; a petition
on C is refused; a petition on D is granted and D is removed; a petition on B is left undecided;
B's review is done late (keep), A's is never done (overdue at the year's end); D's removal opens its
15-day notice clock by itself, answered on time; three more clocks fall due (answered on time, late,
not at all) and one due in December is answered only in January 2027.
"""

from datetime import UTC, datetime
from pathlib import Path

import time_machine

from magnitsky.registry import Registry
from magnitsky.registry.roles import PUBLIC_OFFICER
from registry_support import designate, nomination, open_registry, screener_of

KEEP = {"criteria_met": True, "deceased": False, "changed_circumstances": False, "new_evidence": False}
PETITION = {
    "sought": "revoke",
    "grounds": ["insufficient_basis"],
    "statement": "The orders were signed by my deputy.",
    "petitioner": {"name": "Pyotr Q. Petitioner", "capacity": "representative", "representative": "the subject"},
}
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def _subject(name: str, country: str, groups: list[str]) -> dict:
    data = nomination()
    data["subject"] = {**data["subject"], "name": name, "nationalities": [country], "documents": []}
    data["conduct"] = {**data["conduct"], "victim_groups": groups}
    return data


def at(day: str):
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC), tick=True)


def seed_year(url: str, home: Path) -> Registry:
    """A registry opened on 2025-01-05 on ``url`` with the year's story in it."""
    with at("2025-01-05"):
        registry = open_registry(url, home)
    fill_year(registry)
    return registry


def fill_year(registry: Registry) -> None:
    """The story of the module docstring, in a registry whose officers (registry_support.OFFICERS) exist."""
    officer = registry.roles.officer
    screener = screener_of(registry)
    with at("2025-02-10"):
        designate(registry, screener, _subject("Igor Yevgenyevich Zhuravlyov", "RU", ["journalists"]))
    with at("2025-06-01"):
        b = designate(registry, screener, _subject("Oleg Petrovich Sidorov", "BY", ["lawyers"]))
    with at("2026-03-01"):
        c = designate(registry, screener, _subject(HOSTILE, "RU", ["human_rights_defenders", "journalists"]))
    with at("2026-04-01"):
        d = designate(registry, screener, _subject("Wei Zhang", "CN", ["lgbti"]))
    with at("2026-05-01"):
        refused, _ = registry.petitions.file(c, PETITION, PUBLIC_OFFICER)
        registry.petitions.propose(refused["id"], "refuse", "The orders bear his signature.", officer("lena"))
    with at("2026-05-20"):
        registry.petitions.decide(refused["id"], officer("dora"))
    with at("2026-06-20"):
        review = registry.reviews.propose(b, KEEP, "keep", "Still in post.", officer("lena"))
        registry.reviews.decide(review["id"], officer("dora"))  # due 2026-06-01: late
    with at("2026-07-01"):
        granted, _ = registry.petitions.file(d, PETITION, PUBLIC_OFFICER)
        registry.petitions.propose(granted["id"], "grant", "Mistaken for a namesake.", officer("lena"))
    with at("2026-07-15"):
        registry.petitions.decide(granted["id"], officer("dora"))  # opens D's 15-day removal notice clock
        [notice] = registry.clocks.list(officer("ivan"), status="open")
        registry.clocks.answer(notice["id"], "Committees notified", officer("lena"))
    with at("2026-07-16"):
        registry.publish(d, officer("paul"))
    with at("2026-09-01"):
        registry.petitions.file(b, PETITION, PUBLIC_OFFICER)

    clocks = registry.clocks
    request = "Committee request for a determination"
    on_time = clocks.open("global_magnitsky", "congressional_request", request, "lena", officer("ivan"), "2026-01-15")
    clocks.answer(on_time["id"], "Determination sent", officer("lena"), "2026-05-10")
    late = clocks.open("global_magnitsky", "congressional_request", request, "lena", officer("ivan"), "2026-02-01")
    clocks.answer(late["id"], "Determination sent", officer("lena"), "2026-07-01")
    clocks.open("global_magnitsky", "congressional_request", request, "lena", officer("ivan"), "2026-06-01")
    january = clocks.open("global_magnitsky", "removal_notice", "Notice on B", "lena", officer("ivan"), "2026-12-10")
    clocks.answer(january["id"], "Notice given", officer("lena"), "2027-01-05")
    clocks.open("global_magnitsky", "congressional_request", request, "lena", officer("ivan"), "2026-11-01")  # 2027
