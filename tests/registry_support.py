"""Shared by the registry tests: a store with the bundled OFAC SDN and UN excerpts, registered
officers with their registry roles, and the fixture nomination (tests/fixtures/registry)."""

import copy
import json
from pathlib import Path

from magnitsky.cases.users import Users
from magnitsky.data import default_lists
from magnitsky.registry import Registry
from magnitsky.screening import Screener
from magnitsky.sources import open_list
from magnitsky.store import ListStore
from reviewers import enrol

REGISTRY_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "registry"
NOMINATION = json.loads((REGISTRY_FIXTURES / "nomination_zhuravlev.json").read_text(encoding="utf-8"))
OFFICERS = {
    "ngo": ("submitter",),
    "ivan": ("investigator",),
    "lena": ("legal_reviewer", "investigator"),
    "dora": ("decision_maker",),
    "dmitri": ("decision_maker", "legal_reviewer"),
    "paul": ("publisher",),
    "sofia": ("source_protection",),
}
GLOMAG = ("global_magnitsky", "serious_human_rights_abuse")
ELEMENTS = ("conduct", "link", "victims", "time_window")


def nomination(**changes) -> dict:
    data = copy.deepcopy(NOMINATION)
    data.update(changes)
    return data


def open_registry(url: str, home: Path) -> Registry:
    store = ListStore(url)
    for path in default_lists():
        store.load(open_list(path))
    registry = Registry(store, home)
    users = Users(store.engine)
    for name, roles in OFFICERS.items():
        enrol(users, name, "analyst")
        for role in roles:
            registry.roles.grant(name, role, by="setup")
    return registry


def screener_of(registry: Registry) -> Screener:
    return Screener.from_store(registry.store)


def designate(
    registry: Registry, screener: Screener, data: dict | None = None, criterion: tuple[str, str] = GLOMAG
) -> int:
    """A published designation: to_decision, approved by dora, published by paul."""
    number = to_decision(registry, screener, data, criterion)
    registry.approve(number, registry.roles.officer("dora"))
    registry.publish(number, registry.roles.officer("paul"))
    return number


def evidence_file(name: str) -> dict:
    return {"data": (REGISTRY_FIXTURES / name).read_bytes(), "filename": name, "description": name}


def to_decision(
    registry: Registry, screener: Screener, data: dict | None = None, criterion: tuple[str, str] = GLOMAG
) -> int:
    """File, submit, investigate and assess every element of ``criterion`` (regime, criterion) as
    met; propose to designate (by lena)."""
    officer = registry.roles.officer
    filed = registry.nominate(data or nomination(), officer("ngo"), evidence=[evidence_file("medical_report.pdf")])
    number = filed["id"]
    registry.step(number, "submit", officer("ngo"), screener=screener)
    registry.step(number, "triage", officer("ivan"))
    registry.step(number, "investigate", officer("ivan"))
    evidence = filed["evidence"][0]["id"]
    for element in ELEMENTS:
        registry.assess(number, *criterion, element, "met", "shown", officer("ivan"), supporting=[evidence])
    registry.write_statement(number, [{"text": "He ordered the torture.", "releasable": True}], officer("ivan"))
    registry.step(number, "to_legal_review", officer("ivan"))
    registry.propose(number, "designate", "all elements met", officer("lena"))
    return number
