"""The registry officers' workspace: the queue of nominations, a nomination's page with its criteria
checklist, statement of case and evidence, and decision and publication under four eyes.

Every page needs a signed-in reviewer; what they may see and do is decided by their registry
roles (:mod:`magnitsky.registry.roles`), checked by :class:`magnitsky.registry.Registry` itself
exactly as for the API and the CLI: a proposer cannot approve, an approver cannot publish. Who
submitted a nomination is shown only to ``source_protection``, on their explicit request with a
reason, and each reading is recorded; no other page carries it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from magnitsky.api.models import MAX_ID, NO_NUL
from magnitsky.api.routes.common import snapshot
from magnitsky.api.routes.registry import evidence_attachment
from magnitsky.cases import Actor
from magnitsky.registry import NotFound, Officer, Registry, RegistryError
from magnitsky.registry.nomination import VICTIM_GROUPS
from magnitsky.registry.regimes import ELEMENTS
from magnitsky.registry.service import STATUSES
from magnitsky.registry.statement import statement_of_reasons
from magnitsky.registry.workflow import LISTED_STATES, PROPOSALS, STATES, STEPS
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
signed = Signed("analyst")
NominationId = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str, Form(max_length=20_000, pattern=NO_NUL)]
Reason = Annotated[str, Form(min_length=1, max_length=1000, pattern=NO_NUL)]
READERS = ("investigator", "legal_reviewer", "decision_maker", "auditor")  # who reads evidence and statements


def _registry(request: Request) -> Registry:
    return request.app.state.registry


def _officer(request: Request, actor: Actor) -> Officer:
    return _registry(request).roles.officer(actor.name)


def _back(nomination_id: int) -> RedirectResponse:
    return RedirectResponse(f"/ui/registry/{nomination_id}", 303)


@router.get("/registry")
async def queue(
    request: Request,
    actor: Annotated[Actor, Depends(signed)],
    state: Annotated[str | None, Query(max_length=30, pattern=NO_NUL)] = None,
) -> Response:
    officer = _officer(request, actor)
    everything = _registry(request).nominations(officer)
    counts = Counter(n["state"] for n in everything)
    shown = [n for n in everything if state is None or n["state"] == state]
    listed = [_registry(request).view(n["id"]) for n in everything if n["state"] in LISTED_STATES]
    today = date.today().isoformat()
    reviews = sorted(
        ({**v, "overdue": v["review_due"] < today} for v in listed if v["review_due"]), key=lambda v: v["review_due"]
    )
    context = {
        "nominations": shown,
        "counts": counts,
        "states": STATES,
        "state": state,
        "officer": officer,
        "reviews": reviews,
    }
    return render(request, "registry/queue.html", context)


@router.get("/registry/{nomination_id}")
async def nomination(
    request: Request, nomination_id: NominationId, actor: Annotated[Actor, Depends(signed)]
) -> Response:
    registry, officer = _registry(request), _officer(request, actor)
    view = registry.view(nomination_id, officer)
    reads = bool(officer.roles & set(READERS))
    try:
        paragraphs = registry.statement(nomination_id) if reads else []
    except NotFound:
        paragraphs = []
    context: dict[str, Any] = {
        "n": view,
        "officer": officer,
        "reads": reads,
        "checklist": registry.checklist(nomination_id),
        "paragraphs": paragraphs,
        "reasons": statement_of_reasons(paragraphs),
        "steps": [s for s in STEPS.values() if view["state"] in s.sources and officer.roles & set(s.roles)],
        "proposals": [a for a, p in PROPOSALS.items() if view["state"] in p.sources and officer.roles & set(p.roles)],
        "open_proposal": next((p for p in view["proposals"] if p["state"] in ("pending", "approved")), None),
        "regimes": {r: registry.regimes[r] for r in view["regimes"] if r in registry.regimes},
        "elements": ELEMENTS,
        "statuses": STATUSES,
        "overdue": bool(view["review_due"] and view["review_due"] < date.today().isoformat()),
        "submitter": None,
        "victim_groups": VICTIM_GROUPS,
    }
    return render(request, "registry/nomination.html", context)


@router.post("/registry/{nomination_id}/submitter")
async def submitter(
    request: Request, nomination_id: NominationId, reason: Reason, actor: Annotated[Actor, Depends(signed)]
) -> Response:
    """Who submitted: source protection only, on request, with a reason; the reading is audited."""
    registry = _registry(request)
    details = registry.submitters.read(nomination_id, _officer(request, actor), reason)
    view = registry.view(nomination_id)
    context = {"n": view, "details": details, "reason": reason}
    return render(request, "registry/submitter.html", context)


@router.get("/registry/evidence/{evidence_id}")
async def evidence(
    request: Request,
    evidence_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    reason: Annotated[str, Query(min_length=1, max_length=1000, pattern=NO_NUL)],
    actor: Annotated[Actor, Depends(signed)],
) -> Response:
    """The file after its hash check, as an attachment no browser renders or runs (custody recorded)."""
    item, data = _registry(request).read_evidence(evidence_id, _officer(request, actor), reason)
    return evidence_attachment(item, data)


@router.post("/registry/{nomination_id}/steps/{step}")
async def step(
    request: Request,
    nomination_id: NominationId,
    step: Annotated[str, Path(max_length=30, pattern=NO_NUL)],
    actor: Annotated[Actor, Depends(signed)],
    reason: Text = "",
) -> Response:
    screener = snapshot(request).screener if step == "submit" else None
    _registry(request).step(nomination_id, step, _officer(request, actor), reason, screener)
    return _back(nomination_id)


@router.post("/registry/{nomination_id}/checklist")
async def assess(
    request: Request,
    nomination_id: NominationId,
    regime: Annotated[str, Form(max_length=100, pattern=NO_NUL)],
    criterion: Annotated[str, Form(max_length=100, pattern=NO_NUL)],
    element: Annotated[str, Form(max_length=30, pattern=NO_NUL)],
    status: Annotated[str, Form(max_length=20, pattern=NO_NUL)],
    actor: Annotated[Actor, Depends(signed)],
    note: Text = "",
    supporting: Annotated[str, Form(max_length=1000)] = "",
    exculpatory: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """One element assessed, with the evidence for and against it by number."""
    officer = _officer(request, actor)
    for_it, against = _numbers(supporting, "supporting evidence"), _numbers(exculpatory, "exculpatory evidence")
    _registry(request).assess(nomination_id, regime, criterion, element, status, note, officer, for_it, against)
    return _back(nomination_id)


def _numbers(text: str, what: str) -> list[int]:
    """Evidence numbers as typed: ``1, 3`` or ``1 3``."""
    try:
        return [int(part) for part in re.split(r"[,;\s]+", text.strip()) if part]
    except ValueError:
        raise RegistryError(f"{what}: evidence numbers separated by commas, not {text!r}") from None


@router.post("/registry/{nomination_id}/statement")
async def write_statement(
    request: Request,
    nomination_id: NominationId,
    actor: Annotated[Actor, Depends(signed)],
    text: Annotated[list[str], Form()],
    releasable: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    evidence: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    """A new version from the form's paragraphs: ``text`` in order, ``releasable`` their numbers (from 1)
    ticked public, ``evidence`` each one's evidence numbers. Empty paragraphs are left out; none has
    a default flag: unticked is the annex."""
    cited = [*evidence, *[""] * (len(text) - len(evidence))]
    paragraphs = [
        {"text": t, "releasable": number in releasable, "evidence": _numbers(cited[number - 1], f"paragraph {number}")}
        for number, t in enumerate(text, start=1)
        if t.strip()
    ]
    _registry(request).write_statement(nomination_id, paragraphs, _officer(request, actor))
    return _back(nomination_id)


@router.post("/registry/{nomination_id}/proposal")
async def propose(
    request: Request,
    nomination_id: NominationId,
    action: Annotated[str, Form(max_length=20, pattern=NO_NUL)],
    reasons: Text,
    actor: Annotated[Actor, Depends(signed)],
) -> Response:
    _registry(request).propose(nomination_id, action, reasons, _officer(request, actor))
    return _back(nomination_id)


@router.post("/registry/{nomination_id}/decision")
async def decide(
    request: Request,
    nomination_id: NominationId,
    verdict: Annotated[Literal["approve", "refuse"], Form()],
    actor: Annotated[Actor, Depends(signed)],
    reasons: Text = "",
) -> Response:
    """A decision-maker other than the proposer approves (``reasons`` overriding unmet elements, if
    any) or refuses (``reasons`` required) the open proposal."""
    registry, officer = _registry(request), _officer(request, actor)
    if verdict == "refuse" and not reasons.strip():
        raise RegistryError("refusing a proposal needs its reasons")
    if verdict == "approve":
        registry.approve(nomination_id, officer, reasons or None)
    else:
        registry.refuse(nomination_id, officer, reasons)
    return _back(nomination_id)


@router.post("/registry/{nomination_id}/publish")
async def publish(request: Request, nomination_id: NominationId, actor: Annotated[Actor, Depends(signed)]) -> Response:
    _registry(request).publish(nomination_id, _officer(request, actor))
    return _back(nomination_id)
