"""The registry officers' workspace for a designation's afterlife: petitions for removal or
variation, periodic reviews, statutory clocks (issue #18 item 7) and the report to the legislature.

Each page calls the same domain code as the API (:mod:`magnitsky.registry.petitions`,
:mod:`~magnitsky.registry.reviews`, :mod:`~magnitsky.registry.clocks`), which checks the officer's
registry roles and four eyes itself: whoever proposed a petition's or a review's decision cannot
take it (403). A granted petition or a vary/revoke review becomes an approved proposal on the
designation, which a publisher carries out on the nomination's page, as for any change.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from magnitsky.api.models import MAX_ID, NO_NUL
from magnitsky.api.routes.registry import evidence_attachment
from magnitsky.cases import Actor
from magnitsky.cases.db import now
from magnitsky.registry import Officer, Registry
from magnitsky.registry.petitions import GROUNDS
from magnitsky.registry.report import FORMATS, file_name, report
from magnitsky.registry.report_annex import ANNEX_READERS
from magnitsky.registry.report_figures import period
from magnitsky.registry.reviews import FINDINGS, OUTCOMES
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
signed = Signed("analyst")
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str, Form(min_length=1, max_length=20_000, pattern=NO_NUL)]
Name = Annotated[str, Form(min_length=1, max_length=100, pattern=NO_NUL)]
PETITION_STATES = ("open", "decision", "granted", "refused")


def _registry(request: Request) -> Registry:
    return request.app.state.registry


def _officer(request: Request, actor: Actor) -> Officer:
    return _registry(request).roles.officer(actor.name)


@router.get("/registry/petitions")
async def petitions(
    request: Request,
    actor: Annotated[Actor, Depends(signed)],
    state: Annotated[Literal["open", "decision", "granted", "refused"] | None, Query()] = None,
) -> Response:
    officer = _officer(request, actor)
    everything = _registry(request).petitions.list(officer)
    counts = {s: sum(p["state"] == s for p in everything) for s in PETITION_STATES}
    shown = [p for p in everything if state is None or p["state"] == state]
    context = {"petitions": shown, "counts": counts, "states": PETITION_STATES, "state": state}
    return render(request, "registry/petitions.html", context)


@router.get("/registry/petitions/{petition_id}")
async def petition(request: Request, petition_id: Id, actor: Annotated[Actor, Depends(signed)]) -> Response:
    registry, officer = _registry(request), _officer(request, actor)
    view = registry.petitions.view(petition_id, officer)
    evidence = [e for e in registry.view(view["nomination"])["evidence"] if e["id"] in view["evidence"]]
    context: dict[str, Any] = {"p": view, "officer": officer, "grounds": GROUNDS, "evidence": evidence}
    return render(request, "registry/petition.html", context)


@router.get("/registry/petitions/{petition_id}/evidence/{evidence_id}")
async def petition_evidence(
    request: Request,
    petition_id: Id,
    evidence_id: Id,
    reason: Annotated[str, Query(min_length=1, max_length=1000, pattern=NO_NUL)],
    actor: Annotated[Actor, Depends(signed)],
) -> Response:
    """A petitioner's file after its hash check, as an attachment no browser renders or runs (custody recorded)."""
    petitions = _registry(request).petitions
    item, data = petitions.read_evidence(petition_id, evidence_id, _officer(request, actor), reason)
    return evidence_attachment(item.to_dict(), data)


def _to_petition(petition_id: int) -> RedirectResponse:
    return RedirectResponse(f"/ui/registry/petitions/{petition_id}", 303)


@router.post("/registry/petitions/{petition_id}/messages")
async def message(request: Request, petition_id: Id, text: Text, actor: Annotated[Actor, Depends(signed)]) -> Response:
    _registry(request).petitions.message(petition_id, text, _officer(request, actor))
    return _to_petition(petition_id)


@router.post("/registry/petitions/{petition_id}/proposal")
async def propose_petition(
    request: Request,
    petition_id: Id,
    decision: Annotated[Literal["grant", "refuse"], Form()],
    reasons: Text,
    actor: Annotated[Actor, Depends(signed)],
) -> Response:
    _registry(request).petitions.propose(petition_id, decision, reasons, _officer(request, actor))
    return _to_petition(petition_id)


@router.post("/registry/petitions/{petition_id}/decision")
async def decide_petition(
    request: Request,
    petition_id: Id,
    verdict: Annotated[Literal["agree", "send_back"], Form()],
    actor: Annotated[Actor, Depends(signed)],
) -> Response:
    """A decision-maker who did not propose it takes the proposed decision or sends it back."""
    _registry(request).petitions.decide(petition_id, _officer(request, actor), verdict == "agree")
    return _to_petition(petition_id)


@router.get("/registry/reviews")
async def reviews(request: Request, actor: Annotated[Actor, Depends(signed)]) -> Response:
    registry, officer = _registry(request), _officer(request, actor)
    context = {
        "schedule": registry.reviews.schedule(officer),
        "reviews": registry.reviews.list(officer),
        "findings": FINDINGS,
        "outcomes": OUTCOMES,
        "officer": officer,
    }
    return render(request, "registry/reviews.html", context)


@router.post("/registry/reviews/{nomination_id}")
async def propose_review(
    request: Request,
    nomination_id: Id,
    outcome: Annotated[Literal["keep", "vary", "revoke"], Form()],
    reasons: Text,
    actor: Annotated[Actor, Depends(signed)],
    found: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    note: Annotated[str, Form(max_length=20_000, pattern=NO_NUL)] = "",
) -> Response:
    """Findings (each question ticked or not) and the outcome proposed."""
    findings: dict[str, Any] = {name: name in found for name in FINDINGS} | {"note": note}
    _registry(request).reviews.propose(nomination_id, findings, outcome, reasons, _officer(request, actor))
    return RedirectResponse("/ui/registry/reviews", 303)


@router.post("/registry/reviews/decision/{review_id}")
async def decide_review(
    request: Request,
    review_id: Id,
    verdict: Annotated[Literal["agree", "send_back"], Form()],
    actor: Annotated[Actor, Depends(signed)],
) -> Response:
    _registry(request).reviews.decide(review_id, _officer(request, actor), verdict == "agree")
    return RedirectResponse("/ui/registry/reviews", 303)


@router.get("/registry/clocks")
async def clocks(request: Request, actor: Annotated[Actor, Depends(signed)]) -> Response:
    registry, officer = _registry(request), _officer(request, actor)
    kinds = [(r.id, c.id, c.days, c.text) for r in registry.regimes.values() for c in r.clocks]
    context = {"clocks": registry.clocks.list(officer), "kinds": kinds, "officer": officer}
    return render(request, "registry/clocks.html", context)


@router.post("/registry/clocks")
async def open_clock(
    request: Request,
    clock: Annotated[str, Form(min_length=3, max_length=210, pattern=NO_NUL)],
    concerning: Text,
    owner: Name,
    actor: Annotated[Actor, Depends(signed)],
    opened_on: Annotated[str, Form(max_length=10, pattern=NO_NUL)] = "",
    nomination: Annotated[str, Form(max_length=12, pattern=r"^\s*\d*\s*$")] = "",
) -> Response:
    """Start a regime's clock (``regime:kind``) from the day it started (default: today)."""
    regime, _, kind = clock.partition(":")
    officer = _officer(request, actor)
    _registry(request).clocks.open(
        regime, kind, concerning, owner, officer, opened_on or None, int(nomination) if nomination.strip() else None
    )
    return RedirectResponse("/ui/registry/clocks", 303)


@router.post("/registry/clocks/{clock_id}/answer")
async def answer_clock(
    request: Request,
    clock_id: Id,
    answer: Text,
    actor: Annotated[Actor, Depends(signed)],
    answered_on: Annotated[str, Form(max_length=10, pattern=NO_NUL)] = "",
) -> Response:
    _registry(request).clocks.answer(clock_id, answer, _officer(request, actor), answered_on or None)
    return RedirectResponse("/ui/registry/clocks", 303)


@router.get("/registry/report")
async def report_page(request: Request, actor: Annotated[Actor, Depends(signed)]) -> Response:
    """The form that downloads the report (or, for those who may read it, its confidential annex)."""
    officer = _officer(request, actor)
    context = {"year": now().year - 1, "annex_reader": bool(officer.roles & set(ANNEX_READERS))}
    return render(request, "registry/report.html", context)


@router.get("/registry/report/file")
def report_file(
    request: Request,
    actor: Annotated[Actor, Depends(signed)],
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
    start: Annotated[str, Query(alias="from", max_length=10, pattern=NO_NUL)] = "",
    end: Annotated[str, Query(alias="to", max_length=10, pattern=NO_NUL)] = "",
    format: Annotated[Literal["html", "pdf"], Query()] = "pdf",
    annex: Annotated[bool, Query()] = False,
) -> Response:
    """The report as a download, from the same code as the CLI and the API (a period overrides the year)."""
    if start or end:
        year = None
    first, last = period(year, start or None, end or None)
    document = report(_registry(request), _officer(request, actor), first, last, format, annex)
    disposition = f'attachment; filename="{file_name(first, last, format, annex)}"'
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
    return Response(document, media_type=FORMATS[format], headers=headers)
