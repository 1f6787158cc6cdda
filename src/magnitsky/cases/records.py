"""The case store's records and their vocabularies: alert states, decisions, what became of a
finding, and the subject, finding and alert records themselves.

They are kept apart from the code that changes them (``alerts``, ``approvals``, ``goodguys``) so
that each of those reads them without importing the others, and so that the states and decisions
are written down once: the state machine, the table's partial index, the HTTP schema and the CLI
all take them from here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # records are read without the screening engine (the command line's --help)
    from magnitsky.screening import ScreeningHit


class AlertState(StrEnum):
    """Where an alert stands: open -> in_review -> decided, or escalated / awaiting_approval on the way."""

    OPEN = "open"
    IN_REVIEW = "in_review"
    ESCALATED = "escalated"
    AWAITING_APPROVAL = "awaiting_approval"
    DECIDED = "decided"
    CLOSED = "closed"


# States in which an alert still needs someone: at most one such alert per (subject, entity).
ACTIVE_STATES = (AlertState.OPEN, AlertState.IN_REVIEW, AlertState.ESCALATED, AlertState.AWAITING_APPROVAL)


class AlertDecision(StrEnum):
    """true_match, false_positive, or escalate to a supervisor."""

    TRUE_MATCH = "true_match"
    FALSE_POSITIVE = "false_positive"
    ESCALATE = "escalate"


class FindingOutcome(StrEnum):
    """What became of a finding: a new alert ``opened``; ``active``: an undecided alert for the
    pair exists; ``known``: decided a true match before; ``suppressed``: cleared before (good-guy
    list)."""

    OPENED = "opened"
    ACTIVE = "active"
    KNOWN = "known"
    SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Subject:
    """Who or what was screened: a customer, a payment party, a visa applicant."""

    kind: str  # customer, payment, visa
    id: str
    caption: str
    fingerprint: str  # content hash of the subject's data as screened


@dataclass(frozen=True)
class FoundEntry:
    """The listed side of a finding as an alert keeps it: the entry (or the rule) found, its
    caption and score, and why, as JSON. A screening hit gives one (``of``); enforcement makes
    them from recorded payment and visa decisions, which keep explanations as JSON."""

    entity_id: str
    source: str
    caption: str
    score: float
    explanation: dict[str, Any]

    @classmethod
    def of(cls, hit: ScreeningHit) -> FoundEntry:
        return cls(hit.entity_id, hit.source, hit.caption, hit.score, hit.explanation)


@dataclass(frozen=True)
class Finding:
    """A hit on a subject, with the listed entry's content hash and list version."""

    subject: Subject
    hit: FoundEntry
    entity_fingerprint: str
    list_version: str  # "source:number"


@dataclass(frozen=True)
class Alert:
    id: int
    origin: str
    subject_kind: str
    subject_id: str
    subject_caption: str
    subject_fingerprint: str
    entity_id: str
    entity_caption: str
    entity_fingerprint: str
    list_version: str
    score: float
    explanation: dict
    measure: str | None
    run_id: int | None
    state: AlertState
    decision: AlertDecision | None
    decided_by: str | None
    decided_at: datetime | None
    rationale: str | None
    approved_by: str | None
    approved_at: datetime | None
    flag: str | None
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def from_row(cls, row) -> Alert:
        data = row._asdict()
        data["explanation"] = json.loads(data["explanation"])
        data["state"] = AlertState(data["state"])
        data["decision"] = AlertDecision(data["decision"]) if data["decision"] else None
        from magnitsky.cases.db import utc  # the database layer, needed once there is a row

        for key in ("decided_at", "approved_at", "created_at", "updated_at"):
            data[key] = utc(data[key])
        return cls(**{f.name: data[f.name] for f in fields(cls)})

    def to_dict(self) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(self).items()}


@dataclass
class Opening:
    """What became of each finding (an :class:`FindingOutcome`), with the alert's id if there is one."""

    outcomes: list[tuple[Finding, FindingOutcome, int | None]] = field(default_factory=list)

    def count(self, outcome: FindingOutcome) -> int:
        return sum(1 for _, o, _ in self.outcomes if o == outcome)
