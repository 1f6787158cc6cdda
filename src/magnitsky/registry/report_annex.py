"""The report's confidential annex: what the public report leaves out, for the officers who may read it.

The public report gives each change's public statement of reasons, the petitions' grounds and
outcomes, the clocks' regimes and dates. The annex adds, for the same period and the same
designations, petitions, reviews and clocks (read from :class:`AnnualFigures`, so the two never
disagree): the statement paragraphs that are not releasable, the reasons given on each petition
and the petitioner's capacity (never their name or contact), each review's findings and reasons,
and what each clock concerned and how it was answered. Nobody's submitter details: those are for
``source_protection`` alone and no report carries them. Every reading, and every refusal, is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from magnitsky.registry.errors import PermissionDenied
from magnitsky.registry.report_figures import AnnualFigures
from magnitsky.registry.roles import Officer
from magnitsky.registry.schema import registry_clocks, registry_petitions, registry_reviews
from magnitsky.registry.service import Registry
from magnitsky.registry.statement import annex

ANNEX_READERS = ("legal_reviewer", "decision_maker", "auditor")


@dataclass(frozen=True)
class AnnexReasons:
    designation: str
    name: str
    change: str
    paragraphs: tuple[str, ...]  # the statement of case's paragraphs marked not releasable


@dataclass(frozen=True)
class AnnexPetition:
    petition: int
    designation: str | None
    capacity: str  # subject / representative: who petitioned, not their name
    outcome: str
    reasons: str | None


@dataclass(frozen=True)
class AnnexReview:
    review: int
    designation: str | None
    outcome: str
    findings: dict
    reasons: str


@dataclass(frozen=True)
class AnnexClock:
    clock: int
    kind: str
    status: str
    concerning: str
    answer: str | None


@dataclass(frozen=True)
class Annex:
    figures: AnnualFigures
    reasons: tuple[AnnexReasons, ...]
    petitions: tuple[AnnexPetition, ...]
    reviews: tuple[AnnexReview, ...]
    clocks: tuple[AnnexClock, ...]


def confidential_annex(registry: Registry, officer: Officer, figures: AnnualFigures) -> Annex:
    """The annex to ``figures``' report; refused (and the refusal audited) for other roles."""
    period = {"from": figures.start.isoformat(), "to": figures.end.isoformat()}
    try:
        officer.require(*ANNEX_READERS, doing="read the report's confidential annex")
    except PermissionDenied:
        registry.audit.append(officer.name, "report.annex.refused", "registry:report", period)
        raise
    changes = (*figures.added, *figures.varied, *figures.removed)
    reasons = tuple(
        AnnexReasons(c.designation, c.name, c.change, tuple(p.text for p in annex(registry.statement(c.nomination))))
        for c in changes
    )
    with registry.engine.connect() as conn:
        petitions = {
            r.id: r
            for r in conn.execute(
                select(registry_petitions).where(registry_petitions.c.id.in_([p.petition for p in figures.petitions]))
            )
        }
        reviews = {
            r.id: r
            for r in conn.execute(
                select(registry_reviews).where(registry_reviews.c.id.in_([r.review for r in figures.reviews_done]))
            )
        }
        clocks = {
            r.id: r
            for r in conn.execute(
                select(registry_clocks).where(registry_clocks.c.id.in_([c.clock for c in figures.clocks]))
            )
        }
    result = Annex(
        figures=figures,
        reasons=reasons,
        petitions=tuple(
            AnnexPetition(
                p.petition,
                p.designation,
                json.loads(petitions[p.petition].petitioner)["capacity"],
                p.outcome,
                petitions[p.petition].reasons if p.outcome != "pending" else None,
            )
            for p in figures.petitions
        ),
        reviews=tuple(
            AnnexReview(
                r.review, r.designation, r.outcome, json.loads(reviews[r.review].findings), reviews[r.review].reasons
            )
            for r in figures.reviews_done
        ),
        clocks=tuple(
            AnnexClock(c.clock, c.kind, c.status, clocks[c.clock].concerning, c.answered_on and clocks[c.clock].answer)
            for c in figures.clocks
        ),
    )
    registry.audit.append(officer.name, "report.annex", "registry:report", period)
    return result
