"""DENY / REFER / CLEAR for one visa applicant or traveller, with the reasons an officer reads.

The rules, in order of what they protect against:

* **DENY** only when the identity is confirmed and the entry bars travel: the score is at or above
  the strong threshold, the names agree on their own (at the screener's match threshold), and the
  birth date agrees or this very document is listed (same number, same issuing state) - and the
  entry's measures include a travel ban. A name alone never denies entry.
* **REFER** when an officer must look: a possible match (at the match threshold but not confirmed:
  a birth date one day off, no birth date on the list, a listed document number under another
  name), or a confirmed match on an entry without a travel ban (an asset freeze only: entry is not
  barred by that listing, but the officer must know who is crossing).
* **CLEAR** otherwise. Candidates whose names agree but whose birth date or other evidence rules
  them out are kept in the decision as *dismissed*, with the reason, so a clearance is explainable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from magnitsky.match.evidence import Feature
from magnitsky.model import Entity
from magnitsky.names import normalise_identifier
from magnitsky.screening.explanation import SCORE_DIGITS
from magnitsky.screening.measures import AppliedMeasures
from magnitsky.screening.screener import ScreeningHit
from magnitsky.screening.visa.applicant import Applicant
from magnitsky.settings import CONFIRM_THRESHOLD


class Verdict(StrEnum):
    """A visa decision, and what one listed entry means for it (CLEAR: dismissed)."""

    DENY = "DENY"
    REFER = "REFER"
    CLEAR = "CLEAR"


DENY, REFER, CLEAR = Verdict
DEFAULT_STRONG_THRESHOLD = CONFIRM_THRESHOLD  # at or above, with the birth date or the document agreeing, confirmed


@dataclass(frozen=True)
class Thresholds:
    match: float  # the screener's: at or above, a possible match
    strong: float  # at or above, and corroborated, a confirmed identity

    def __post_init__(self) -> None:
        if not 0.0 < self.match <= self.strong <= 1.0:
            raise ValueError(f"thresholds must satisfy 0 < match ({self.match}) <= strong ({self.strong}) <= 1")


@dataclass(frozen=True)
class MatchedEntry:
    """One listed entry considered for this decision, and what it means for it."""

    outcome: Verdict  # CLEAR: dismissed
    reason: str
    entity_id: str
    caption: str
    programs: tuple[str, ...]
    score: float
    name_score: float
    birth_date: str  # agrees, differs, or not compared
    document_listed: bool
    measures: tuple[str, ...]
    basis: tuple[str, ...]
    explanation: dict

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "reason": self.reason,
            "entity_id": self.entity_id,
            "caption": self.caption,
            "programs": list(self.programs),
            "score": self.score,
            "name_score": self.name_score,
            "birth_date": self.birth_date,
            "document_listed": self.document_listed,
            "measures": list(self.measures),
            "basis": list(self.basis),
            "explanation": self.explanation,
        }


def assess(
    hit: ScreeningHit, entity: Entity, applied: AppliedMeasures, applicant: Applicant, thresholds: Thresholds
) -> MatchedEntry | None:
    """What one candidate means for the decision; None when it is not worth an officer's attention."""
    name_score = round(hit.name.alignment.score, SCORE_DIGITS)  # as explained
    birth_date = _birth_date_agreement(hit)
    document_listed = _document_listed(applicant, entity)
    names_agree = name_score >= thresholds.match
    if not hit.match and not names_agree:
        return None
    label = f"{entity.caption} ({entity.id}, {', '.join(entity.programs) or entity.source})"
    measures = ", ".join(sorted(applied.measures)) or "none stated"
    confirmed = hit.score >= thresholds.strong and names_agree and (birth_date == "agrees" or document_listed)
    if confirmed and applied.travel_ban:
        by = " and ".join(
            ["name"] + ["birth date"] * (birth_date == "agrees") + ["this document's number"] * document_listed
        )
        outcome, reason = DENY, f"listed with a travel ban: {label}; identity confirmed by {by}; measures: {measures}"
    elif confirmed:
        outcome, reason = (
            REFER,
            (
                f"listed without a travel ban: {label}; measures: {measures}. Entry is not barred by this listing, "
                "but the officer must know the holder is a listed person"
            ),
        )
    elif hit.match:
        outcome, reason = (
            REFER,
            f"possible match, identity not confirmed: {label}; "
            f"{_doubt(hit, names_agree, birth_date, document_listed, applied)}",
        )
    else:
        outcome, reason = CLEAR, f"dismissed {label}: the name agrees but {_contradiction(hit)}"
    return MatchedEntry(
        outcome,
        reason,
        entity.id,
        entity.caption,
        tuple(entity.programs),
        hit.score,
        round(name_score, 4),
        birth_date,
        document_listed,
        tuple(sorted(applied.measures)),
        applied.basis,
        hit.explanation,
    )


def decide(entries: list[MatchedEntry]) -> tuple[Verdict, list[str]]:
    """The decision and its reasons: the gravest outcome of any entry wins."""
    for outcome in (DENY, REFER):
        reasons = [e.reason for e in entries if e.outcome == outcome]
        if reasons:
            return outcome, reasons
    return CLEAR, ["no listed entry matches the holder"] + [e.reason for e in entries]


def _birth_date_agreement(hit: ScreeningHit) -> str:
    for evidence in hit.evidence:
        if evidence.feature == Feature.BIRTH_DATE:
            return "agrees" if evidence.effect >= 0 else "differs"  # agreement adds 0 to a perfect name
    return "not compared"


def _document_listed(applicant: Applicant, entity: Entity) -> bool:
    """This document is listed: same number, and the list names no other issuing country."""
    if not applicant.document_number:
        return False
    wanted = normalise_identifier(applicant.document_number)
    return any(
        normalise_identifier(identifier.value) == wanted
        and (
            identifier.country is None
            or applicant.issuing_country is None
            or identifier.country == applicant.issuing_country
        )
        for identifier in entity.identifiers
    )


def _doubt(
    hit: ScreeningHit, names_agree: bool, birth_date: str, document_listed: bool, applied: AppliedMeasures
) -> str:
    parts = []
    if not names_agree and document_listed:
        parts.append("this document's number is listed for that entry, under another name")
    elif not names_agree and any(e.feature == Feature.IDENTIFIER for e in hit.evidence):
        parts.append("the document number equals one the list gives for another issuing country")
    elif not names_agree:
        parts.append(f"the names agree only in part (name score {round(hit.name.alignment.score, SCORE_DIGITS)})")
    if birth_date == "differs":
        parts.append(f"birth date {_evidence(hit, Feature.BIRTH_DATE)}")
    elif birth_date == "not compared" and not document_listed:
        parts.append("no birth date to compare (the list or the applicant gives none)")
    parts.append(f"score {hit.score}")
    parts.append(
        "travel ban" if applied.travel_ban else f"measures {', '.join(sorted(applied.measures)) or 'none stated'}"
    )
    return "; ".join(parts)


def _contradiction(hit: ScreeningHit) -> str:
    against = [f"{e.feature.replace('_', ' ')} {e.detail}" for e in hit.evidence if e.effect < 0]
    return "; ".join(against) or f"the score {hit.score} is below the match threshold"


def _evidence(hit: ScreeningHit, feature: Feature) -> str:
    return next(e.detail for e in hit.evidence if e.feature == feature)


@dataclass(frozen=True)
class VisaDecision:
    """The decision with everything needed to explain and audit it."""

    decision: Verdict
    reasons: tuple[str, ...]
    notes: tuple[str, ...]  # facts about the document or data an officer should see (expired, truncated name)
    applicant: Applicant
    document: dict | None  # the parsed MRZ, when there was one
    matches: tuple[MatchedEntry, ...]
    thresholds: Thresholds
    list_versions: tuple[str, ...]
    measures_version: str
    decided_at: str
    audit: dict | None = None  # seq and hash of the audit record, once written

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "reasons": list(self.reasons),
            "notes": list(self.notes),
            "applicant": self.applicant.to_dict(),
            "document": self.document,
            "matches": [m.to_dict() for m in self.matches],
            "thresholds": {"match": self.thresholds.match, "strong": self.thresholds.strong},
            "list_versions": list(self.list_versions),
            "measures_version": self.measures_version,
            "decided_at": self.decided_at,
            "audit": self.audit,
        }
