"""Legal regimes as data: one YAML file per legal basis, validated, each error naming its line.

A regime file says what must be shown to designate someone (criteria, each split into the elements
an officer assesses one by one: the conduct, the subject's link to it, the victims, the time
window), how sure the authority must be (the standard of proof), what follows (measures), how
often a designation is reviewed, which statutory clocks run, and who may propose. The bundled
files (``regime_files/``) cover the US, EU, UK and Canadian Magnitsky laws; an authority replaces
or adds files in ``$MAGNITSKY_HOME/regimes/``: a file there with the same ``id`` wins. Adding a
jurisdiction is adding a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from magnitsky.registry.errors import RegistryError
from magnitsky.screening.measures import ASSET_FREEZE, TRAVEL_BAN

BUNDLED_REGIMES = Path(__file__).with_name("regime_files")
ELEMENTS = ("conduct", "link", "victims", "time_window")  # every criterion states each of them
MEASURES = (ASSET_FREEZE, TRAVEL_BAN)  # what the visa and payment doors enforce


class RegimeError(RegistryError):
    """A regime file is malformed; the message names the file and the line."""


@dataclass(frozen=True)
class Criterion:
    id: str
    provision: str
    elements: dict[str, str]  # element -> what the law requires of it, in ELEMENTS order


# Events on which the registry opens a regime's clock by itself, because the law starts it then
# (a clock's ``opens_on``): "revocation", a designation's removal ordered or proposed.
CLOCK_EVENTS = ("revocation",)


@dataclass(frozen=True)
class Clock:
    id: str
    days: int
    text: str
    opens_on: str | None = None  # one of CLOCK_EVENTS; None: opened by an officer when the duty arises


@dataclass(frozen=True)
class Regime:
    id: str
    title: str
    jurisdiction: str
    program: str  # the program code a published designation carries
    legal_basis: str
    standard_of_proof: str
    measures: tuple[str, ...]
    covers_family: bool
    review_period_days: int
    proposers: tuple[str, ...]
    clocks: tuple[Clock, ...]
    criteria: tuple[Criterion, ...]
    further_petition: str | None  # when set, a further petition needs a new matter; the rule and its source
    path: Path

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        known = ", ".join(c.id for c in self.criteria)
        raise RegistryError(f"regime {self.id} has no criterion {criterion_id!r} (it has: {known})")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "jurisdiction": self.jurisdiction,
            "program": self.program,
            "legal_basis": self.legal_basis,
            "standard_of_proof": self.standard_of_proof,
            "measures": list(self.measures),
            "covers_family": self.covers_family,
            "review_period_days": self.review_period_days,
            "proposers": list(self.proposers),
            "clocks": [{"id": c.id, "days": c.days, "text": c.text, "opens_on": c.opens_on} for c in self.clocks],
            "criteria": [{"id": c.id, "provision": c.provision, "elements": c.elements} for c in self.criteria],
            "further_petition": self.further_petition,
            "file": self.path.name,
        }


def load_regimes(home: Path | None = None) -> dict[str, Regime]:
    """The bundled regimes, replaced or extended by the files in ``home/regimes``; by id."""
    regimes: dict[str, Regime] = {}
    folders = [BUNDLED_REGIMES] + ([Path(home) / "regimes"] if home else [])
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                regime = load_regime(path)
                regimes[regime.id] = regime
    return regimes


def load_regime(path: Path) -> Regime:
    """One regime file, or a :class:`RegimeError` naming the file and line of what is wrong."""
    try:
        root = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f", line {mark.line + 1}" if mark else ""
        raise RegimeError(f"{path}{line}: not valid YAML ({exc.problem or exc.context})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegimeError(f"{path}: cannot read the regime file ({exc})") from None
    if root is None:
        raise RegimeError(f"{path}: the regime file is empty")
    doc = _Node(path, root)
    return Regime(
        id=doc.text("id"),
        title=doc.text("title"),
        jurisdiction=doc.text("jurisdiction"),
        program=doc.text("program"),
        legal_basis=doc.text("legal_basis"),
        standard_of_proof=doc.text("standard_of_proof"),
        measures=tuple(doc.choices("measures", MEASURES)),
        covers_family=doc.flag("covers_family"),
        review_period_days=doc.number("review_period_days"),
        proposers=tuple(doc.texts("proposers")),
        clocks=tuple(_clock(c) for c in doc.items("clocks")),
        criteria=tuple(_criterion(c) for c in doc.items("criteria", at_least=1)),
        further_petition=doc.optional_text("further_petition"),
        path=Path(path),
    )


def _clock(node: _Node) -> Clock:
    opens_on = node.optional_choice("opens_on", CLOCK_EVENTS)
    return Clock(node.text("id"), node.number("days"), node.text("text"), opens_on)


def _criterion(node: _Node) -> Criterion:
    elements = node.mapping("elements")
    return Criterion(node.text("id"), node.text("provision"), {name: elements.text(name) for name in ELEMENTS})


class _Node:
    """A YAML mapping node read field by field; every complaint names the file and line."""

    def __init__(self, path: Path, node: yaml.Node):
        self.path, self.node = path, node
        if not isinstance(node, yaml.MappingNode):
            self._fail(node, "expected a mapping of fields")
        self.fields = {key.value: value for key, value in node.value}

    def _fail(self, node: yaml.Node, message: str):
        raise RegimeError(f"{self.path}, line {node.start_mark.line + 1}: {message}")

    def _get(self, name: str) -> yaml.Node:
        if name not in self.fields:
            self._fail(self.node, f"missing field {name!r}")
        return self.fields[name]

    def _scalar(self, name: str, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self._fail(node, f"{name!r} must be a non-empty value")
        return " ".join(str(node.value).split())

    def text(self, name: str) -> str:
        return self._scalar(name, self._get(name))

    def optional_text(self, name: str) -> str | None:
        return self.text(name) if name in self.fields else None

    def number(self, name: str) -> int:
        node = self._get(name)
        value = self._scalar(name, node)
        if not value.isdigit():
            self._fail(node, f"{name!r} must be a whole number of days, not {value!r}")
        return int(value)

    def flag(self, name: str) -> bool:
        node = self._get(name)
        value = self._scalar(name, node).lower()
        if value not in ("true", "false"):
            self._fail(node, f"{name!r} must be true or false, not {value!r}")
        return value == "true"

    def _sequence(self, name: str, at_least: int = 0) -> list[yaml.Node]:
        node = self._get(name)
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < at_least:
            self._fail(node, f"{name!r} must be a list" + (f" of at least {at_least}" if at_least else ""))
        return node.value

    def texts(self, name: str) -> list[str]:
        return [self._scalar(name, item) for item in self._sequence(name, at_least=1)]

    def choices(self, name: str, allowed: tuple[str, ...]) -> list[str]:
        values = []
        for item in self._sequence(name, at_least=1):
            value = self._scalar(name, item)
            if value not in allowed:
                self._fail(item, f"unknown {name[:-1]} {value!r}; use one of {', '.join(allowed)}")
            values.append(value)
        return values

    def optional_choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.optional_text(name)
        if value is not None and value not in allowed:
            self._fail(self.fields[name], f"unknown {name} {value!r}; use one of {', '.join(allowed)}")
        return value

    def items(self, name: str, at_least: int = 0) -> list[_Node]:
        return [_Node(self.path, item) for item in self._sequence(name, at_least)]

    def mapping(self, name: str) -> _Node:
        return _Node(self.path, self._get(name))
