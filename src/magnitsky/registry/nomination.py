"""A nomination as submitted: who is nominated, for what conduct, under which regime and criteria.

The submitter's identity is not part of it: :func:`parse_nomination` splits it off at once
(see :mod:`magnitsky.registry.submitters`), so nothing that stores, screens, logs or publishes a
nomination can carry it. Every field error names the field (``subject.birth_dates[0]: ...``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, overload

from magnitsky.model import Entity, Identifier, parse_date, to_country
from magnitsky.model.entity import NameKind
from magnitsky.model.vocabulary import make_name
from magnitsky.registry.errors import RegistryError
from magnitsky.registry.regimes import Regime

SUBJECT_SCHEMATA = ("Person", "Organization", "Company")
RELATIONS = ("family", "owns", "controls", "associate")  # family: §7031(c) reaches immediate family
SUBMITTER_FIELDS = ("name", "organisation", "email", "phone", "address", "note")
MAX_TEXT = 20_000
# Who the conduct harmed, as a controlled vocabulary beside the free-text ``victims``: the annual
# report counts designations by victim group, which free text cannot do.
VICTIM_GROUPS = {
    "journalists": "journalists and media workers",
    "human_rights_defenders": "human-rights defenders",
    "lawyers": "lawyers",
    "political_opposition": "political opposition",
    "lgbti": "LGBTI people",
    "minorities": "ethnic or religious minorities",
    "whistle_blowers": "whistle-blowers",
    "civil_society": "civil society",
    "other": "other",
}


class NominationError(RegistryError):
    """The nomination is malformed; the message names the field."""


@dataclass(frozen=True)
class Nomination:
    """The allegation: subject, related parties, conduct, proposed regimes, exculpatory information."""

    subject: dict[str, Any]
    related: list[dict[str, Any]]
    conduct: dict[str, Any]
    regimes: dict[str, list[str]]  # regime id -> criterion ids
    exculpatory: list[str]

    @property
    def schema(self) -> str:
        return self.subject["schema"]

    @property
    def caption(self) -> str:
        return self.subject["name"]

    def body(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "related": self.related,
            "conduct": self.conduct,
            "exculpatory": self.exculpatory,
        }

    @classmethod
    def from_stored(cls, body: dict[str, Any], regimes: dict[str, list[str]]) -> Nomination:
        return cls(body["subject"], body["related"], body["conduct"], regimes, body["exculpatory"])

    def subject_entity(self, source: str, source_id: str, **listing: Any) -> Entity:
        """The subject as a list entity (for screening against earlier nominations, and for publishing)."""
        subject = self.subject
        names = [make_name(subject["name"], NameKind.PRIMARY)]
        names += [make_name(n, NameKind.ORIGINAL) for n in subject["original_names"]]
        names += [make_name(n, NameKind.ALIAS) for n in subject["transliterations"] + subject["aliases"]]
        return Entity(
            source=source,
            source_id=source_id,
            schema=subject["schema"],
            names=tuple(dict.fromkeys(n for n in names if n)),
            birth_dates=tuple(date for d in subject["birth_dates"] if (date := parse_date(d)) is not None),
            nationalities=tuple(subject["nationalities"]),
            identifiers=tuple(Identifier(d["type"], d["number"], d.get("country")) for d in subject["documents"]),
            positions=tuple(_position_text(p) for p in subject["positions"]),
            **listing,
        )

    def query(self) -> dict[str, Any]:
        """The subject as a screening query (every spelling, birth dates, nationalities, documents)."""
        subject = self.subject
        names = [subject["name"], *subject["original_names"], *subject["transliterations"], *subject["aliases"]]
        properties: dict[str, list[str]] = {"name": names}
        if subject["birth_dates"]:
            properties["birthDate"] = subject["birth_dates"]
        if subject["nationalities"]:
            properties["nationality"] = subject["nationalities"]
        if subject["documents"]:
            properties["idNumber"] = [d["number"] for d in subject["documents"]]
        return {"schema": subject["schema"], "properties": properties}


def _position_text(position: dict[str, Any]) -> str:
    start, end = position.get("from"), position.get("to")
    period = f" ({start} to {end})" if start and end else f" (since {start})" if start else ""
    unit = f", {position['unit']}" if position.get("unit") else ""
    return f"{position['title']}{unit}{period}"


def parse_nomination(data: Any, regimes: dict[str, Regime]) -> tuple[Nomination, dict[str, str] | None]:
    """The nomination and, apart from it, the submitter's details (None: anonymous)."""
    doc = _Fields("nomination", data)
    submitter = _submitter(data.get("submitter"))
    nomination = Nomination(
        subject=_subject(_Fields("subject", doc.get("subject", required=True))),
        related=[_related(_Fields(f"related[{i}]", r)) for i, r in enumerate(doc.entries("related"))],
        conduct=_conduct(_Fields("conduct", doc.get("conduct", required=True))),
        regimes=_proposed(doc.get("regimes", required=True), regimes),
        exculpatory=doc.texts("exculpatory"),
    )
    return nomination, submitter


class _Fields:
    """An input object read field by field; every complaint names the field's path."""

    def __init__(self, path: str, data: Any):
        if not isinstance(data, dict):
            raise NominationError(f"{path}: expected an object")
        self.path, self.data = path, data

    def get(self, name: str, required: bool = False) -> Any:
        value = self.data.get(name)
        if required and value in (None, "", [], {}):
            raise NominationError(f"{self.path}.{name}: required")
        return value

    @overload
    def text(self, name: str, required: Literal[True]) -> str: ...
    @overload
    def text(self, name: str, required: bool = False) -> str | None: ...
    def text(self, name: str, required: bool = False) -> str | None:
        value = self.get(name, required)
        if value is None:
            return None
        if not isinstance(value, str | int) or not str(value).strip():
            raise NominationError(f"{self.path}.{name}: expected text")
        text = " ".join(str(value).split())
        if "\x00" in text:
            raise NominationError(f"{self.path}.{name}: contains a NUL character")
        if len(text) > MAX_TEXT:
            raise NominationError(f"{self.path}.{name}: longer than {MAX_TEXT} characters")
        return text

    def entries(self, name: str) -> list[Any]:
        value = self.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise NominationError(f"{self.path}.{name}: expected a list")
        return value

    def texts(self, name: str) -> list[str]:
        return [_Fields(self.path, {name: item}).text(name, required=True) for item in self.entries(name)]

    def date(self, name: str, required: bool = False) -> str | None:
        text = self.text(name, required)
        if text is not None and parse_date(text) is None:
            raise NominationError(f"{self.path}.{name}: {text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        return text


def _subject(fields: _Fields) -> dict[str, Any]:
    schema = fields.text("schema") or "Person"
    if schema not in SUBJECT_SCHEMATA:
        raise NominationError(f"subject.schema: {schema!r} is not one of {', '.join(SUBJECT_SCHEMATA)}")
    birth_dates = fields.texts("birth_dates")
    for i, value in enumerate(birth_dates):
        if parse_date(value) is None:
            raise NominationError(f"subject.birth_dates[{i}]: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return {
        "schema": schema,
        "name": fields.text("name", required=True),
        "original_names": fields.texts("original_names"),
        "transliterations": fields.texts("transliterations"),
        "aliases": fields.texts("aliases"),
        "birth_dates": birth_dates,
        "nationalities": _nationalities(fields),
        "documents": _documents(fields),
        "positions": [
            _position(_Fields(f"subject.positions[{i}]", p)) for i, p in enumerate(fields.entries("positions"))
        ],
    }


def _nationalities(fields: _Fields) -> list[str]:
    codes = []
    for i, value in enumerate(fields.texts("nationalities")):
        if (code := to_country(value)) is None:
            raise NominationError(f"{fields.path}.nationalities[{i}]: {value!r} is not a country name or ISO code")
        codes.append(code)
    return codes


def _documents(fields: _Fields) -> list[dict[str, Any]]:
    return [_document(_Fields(f"{fields.path}.documents[{i}]", d)) for i, d in enumerate(fields.entries("documents"))]


def _document(fields: _Fields) -> dict[str, Any]:
    country = fields.text("country")
    if country is not None and to_country(country) is None:
        raise NominationError(f"{fields.path}.country: {country!r} is not a country name or ISO code")
    return {
        "type": fields.text("type") or "passport",
        "number": fields.text("number", required=True),
        "country": to_country(country) if country else None,
    }


def _position(fields: _Fields) -> dict[str, Any]:
    return {
        "title": fields.text("title", required=True),
        "unit": fields.text("unit"),
        "from": fields.date("from"),
        "to": fields.date("to"),
    }


def _related(fields: _Fields) -> dict[str, Any]:
    relation = fields.text("relation", required=True)
    if relation not in RELATIONS:
        raise NominationError(f"{fields.path}.relation: {relation!r} is not one of {', '.join(RELATIONS)}")
    schema = fields.text("schema") or ("Person" if relation == "family" else "Company")
    if schema not in SUBJECT_SCHEMATA:
        raise NominationError(f"{fields.path}.schema: {schema!r} is not one of {', '.join(SUBJECT_SCHEMATA)}")
    return {
        "relation": relation,
        "schema": schema,
        "name": fields.text("name", required=True),
        "birth_date": fields.date("birth_date"),
        "nationalities": _nationalities(fields),
        "documents": _documents(fields),  # a family member's passport: §7031(c) bars their travel too
        "note": fields.text("note"),
    }


def _conduct(fields: _Fields) -> dict[str, Any]:
    return {
        "what": fields.text("what", required=True),
        "when": fields.text("when", required=True),
        "where": fields.text("where"),
        "victims": fields.text("victims"),
        "victim_groups": _victim_groups(fields),
        "role": fields.text("role", required=True),
    }


def _victim_groups(fields: _Fields) -> list[str]:
    groups = fields.texts("victim_groups")
    for i, group in enumerate(groups):
        if group not in VICTIM_GROUPS:
            raise NominationError(
                f"{fields.path}.victim_groups[{i}]: {group!r} is not one of {', '.join(VICTIM_GROUPS)}"
            )
    return list(dict.fromkeys(groups))


def _proposed(value: Any, regimes: dict[str, Regime]) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise NominationError("nomination.regimes: expected an object {regime id: [criterion ids]}")
    proposed: dict[str, list[str]] = {}
    for regime_id, criteria in value.items():
        if regime_id not in regimes:
            raise NominationError(f"nomination.regimes: unknown regime {regime_id!r} (loaded: {', '.join(regimes)})")
        if not isinstance(criteria, list) or not criteria or not all(isinstance(c, str) for c in criteria):
            raise NominationError(f"nomination.regimes.{regime_id}: a list of at least one criterion id")
        for criterion in criteria:
            try:
                regimes[regime_id].criterion(criterion)
            except RegistryError as exc:
                raise NominationError(f"nomination.regimes.{regime_id}: {exc}") from None
        proposed[regime_id] = list(dict.fromkeys(criteria))
    return proposed


def _submitter(value: Any) -> dict[str, str] | None:
    """The submitter's details, or None for an anonymous nomination. Errors name the field, never the value."""
    if value in (None, {}, "anonymous"):
        return None
    if not isinstance(value, dict):
        raise NominationError("nomination.submitter: expected an object (or leave it out to stay anonymous)")
    unknown = sorted(set(value) - set(SUBMITTER_FIELDS))
    if unknown:
        raise NominationError(f"nomination.submitter: unknown fields {', '.join(unknown)}")
    details = {}
    for name in SUBMITTER_FIELDS:
        item = value.get(name)
        if item is None:
            continue
        if not isinstance(item, str) or len(item) > 1000 or "\x00" in item:
            raise NominationError(f"nomination.submitter.{name}: expected text of at most 1000 characters")
        details[name] = item.strip()
    return details or None
