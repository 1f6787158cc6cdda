"""Periodic reviews, statutory clocks and the report to the legislature over HTTP, under
``/registry`` (officers' keys only).

``GET /registry/reviews?overdue=true`` and ``GET /registry/clocks?overdue=true`` list what is due
and what is late; reviews are proposed and decided under four eyes like every registry decision;
clocks are opened when a duty starts and answered when it is done. ``GET /registry/report`` is the
annual report (or its confidential annex) as HTML or PDF, from the same code as the CLI.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from magnitsky.api.models import MAX_ID, NO_NUL
from magnitsky.api.routes.common import StrictJsonRoute
from magnitsky.api.routes.registry import _ERRORS, Acting, NominationId, _officer, _registry
from magnitsky.registry.report import FORMATS, file_name, report
from magnitsky.registry.report_figures import period

router = APIRouter(prefix="/registry", tags=["Registry: reviews and clocks"], route_class=StrictJsonRoute)
ReviewId = Annotated[int, Path(ge=1, le=MAX_ID, description="The review's number.")]
ClockId = Annotated[int, Path(ge=1, le=MAX_ID, description="The clock's number.")]
Overdue = Annotated[bool, Query(description="Only those past their date.")]
On = Annotated[datetime.date | None, Query(description="Count as of this date (default today, UTC).")]
Words = Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]


class Findings(BaseModel):
    criteria_met: bool
    deceased: bool
    changed_circumstances: bool
    new_evidence: bool
    note: Annotated[str, Field(max_length=20_000, pattern=NO_NUL)] = ""


class ReviewProposal(BaseModel):
    findings: Findings
    outcome: Literal["keep", "vary", "revoke"]
    reasons: Words


class Decision(BaseModel):
    agree: bool = Field(default=True, description="false sends the proposal back")


class ClockOpening(BaseModel):
    regime: Name
    kind: Name = Field(description="The regime's clock id, e.g. congressional_request")
    concerning: Words
    owner: Name
    opened_on: datetime.date | None = None
    nomination: Annotated[int | None, Field(ge=1, le=MAX_ID)] = None


class ClockAnswer(BaseModel):
    answer: Words
    answered_on: datetime.date | None = None


@router.get("/reviews", responses=_ERRORS, summary="The review schedule")
def schedule(request: Request, key: Acting, overdue: Overdue = False, on: On = None) -> list[dict]:
    """Designations in force with their next review date, soonest first."""
    return _registry(request).reviews.schedule(_officer(request, key), on, overdue)


@router.get("/reviews/{review_id}", responses=_ERRORS, summary="One review")
def get_review(request: Request, key: Acting, review_id: ReviewId) -> dict:
    return _registry(request).reviews.view(review_id, _officer(request, key))


@router.post("/nominations/{nomination_id}/reviews", status_code=201, responses=_ERRORS, summary="Propose a review")
def propose_review(request: Request, key: Acting, nomination_id: NominationId, body: ReviewProposal) -> dict:
    """Findings and the outcome proposed: keep, vary or revoke (a legal reviewer or decision-maker)."""
    registry = _registry(request)
    officer = _officer(request, key)
    return registry.reviews.propose(nomination_id, body.findings.model_dump(), body.outcome, body.reasons, officer)


@router.post("/reviews/{review_id}/decision", responses=_ERRORS, summary="Decide a review (four eyes)")
def decide_review(request: Request, key: Acting, review_id: ReviewId, body: Decision) -> dict:
    return _registry(request).reviews.decide(review_id, _officer(request, key), body.agree)


@router.get("/clocks", responses=_ERRORS, summary="Statutory clocks")
def list_clocks(
    request: Request,
    key: Acting,
    overdue: Overdue = False,
    on: On = None,
    status: Annotated[Literal["open", "answered"] | None, Query()] = None,
) -> list[dict]:
    return _registry(request).clocks.list(_officer(request, key), overdue, on, status)


@router.post("/clocks", status_code=201, responses=_ERRORS, summary="Start a statutory clock")
def open_clock(request: Request, key: Acting, body: ClockOpening) -> dict:
    return _registry(request).clocks.open(
        body.regime, body.kind, body.concerning, body.owner, _officer(request, key), body.opened_on, body.nomination
    )


@router.post("/clocks/{clock_id}/answer", responses=_ERRORS, summary="Answer a clock")
def answer_clock(request: Request, key: Acting, clock_id: ClockId, body: ClockAnswer) -> dict:
    return _registry(request).clocks.answer(clock_id, body.answer, _officer(request, key), body.answered_on)


@router.get(
    "/report",
    responses={
        **_ERRORS,
        200: {"content": {"text/html": {}, "application/pdf": {}}, "description": "The report, as an attachment"},
    },
    summary="The report to the legislature",
)
def annual_report(
    request: Request,
    key: Acting,
    year: Annotated[int | None, Query(ge=1900, le=9999, description="A calendar year.")] = None,
    start: Annotated[datetime.date | None, Query(alias="from", description="First day of the period.")] = None,
    end: Annotated[datetime.date | None, Query(alias="to", description="Last day of the period.")] = None,
    format: Annotated[Literal["html", "pdf"], Query()] = "html",
    annex: Annotated[bool, Query(description="The confidential annex instead (refused, audited, for others).")] = False,
) -> Response:
    """Designations added and removed, petitions, reviews, clocks and coverage for a year or a period."""
    first, last = period(year, start, end)
    document = report(_registry(request), _officer(request, key), first, last, format, annex)
    return Response(
        document,
        media_type=FORMATS[format],
        headers={
            "Content-Disposition": f'attachment; filename="{file_name(first, last, format, annex)}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
