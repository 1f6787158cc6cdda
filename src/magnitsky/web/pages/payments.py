"""The payments desk: held and blocked payment messages, their release under four eyes, and the
frozen-assets register.

A thin front end over the same domain code as the CLI and the API: a held transaction is released
by clearing its alerts as false positives (:class:`magnitsky.cases.Alerts`; the clearance waits for
a second, supervising reviewer, see :mod:`magnitsky.cases.approvals`) or its hold confirmed as a
true match; frozen funds leave the register only through a release one reviewer asks for and a
different supervisor approves (:class:`magnitsky.cases.releases.FundReleases`). Every step is
audited by the domain code, in its transaction.
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from magnitsky.api.models import MAX_ID
from magnitsky.cases import Actor, Alert, AlertDecision, AlertState, NotFound
from magnitsky.cases.enforcement import payment_subject_id
from magnitsky.cases.releases import FundReleases
from magnitsky.screening.payments import FrozenAssetsRegister
from magnitsky.screening.payments.register import RELEASE, frozen_totals, write_report_csv
from magnitsky.store.requests import Requests
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
analyst, supervisor = Signed("analyst"), Signed("supervisor")
SHOWN = ("HOLD", "BLOCK")  # the messages the desk lists; PASS and REJECT need no one
LISTED = 200  # the newest held or blocked messages on the desk's first page
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Rationale = Annotated[str, Form(min_length=1, max_length=4000)]
Version = Annotated[int, Form(ge=1, le=MAX_ID)]
Verdict = Annotated[Literal["approve", "reject"], Form()]  # which of a four-eyes form's two buttons was pressed


def _register(request: Request) -> FrozenAssetsRegister:
    return FrozenAssetsRegister(request.app.state.store.engine)


def _releases(request: Request) -> FundReleases:
    return FundReleases(request.app.state.store.engine)


def _standing(alerts: list[Alert]) -> str:
    """Where a held transaction stands, from its alerts: what a payments operator acts on."""
    if not alerts:
        return "no alert"
    if any(a.state == AlertState.AWAITING_APPROVAL for a in alerts):
        return "release awaiting approval"
    if any(a.state not in (AlertState.DECIDED, AlertState.CLOSED) for a in alerts):
        return "held: to decide"
    if any(a.decision == AlertDecision.TRUE_MATCH for a in alerts):
        return "hold confirmed"
    return "released"


def _transactions(request: Request, decision_id: int, details: dict[str, Any]) -> list[dict[str, Any]]:
    """The message's transactions, each held one with its alerts and where it stands."""
    alerts = request.app.state.cases.alerts
    shown = []
    for tx in details["transactions"]:
        found = alerts.list(subject_id=payment_subject_id(decision_id, tx["id"])) if tx["decision"] == "HOLD" else []
        shown.append({**tx, "alerts": found, "standing": _standing(found) if tx["decision"] == "HOLD" else None})
    return shown


@router.get("/payments", dependencies=[Depends(analyst)])
async def messages(request: Request) -> Response:
    decisions = list(_register(request).decisions(SHOWN, newest_first=True, limit=LISTED))
    return render(request, "payments/messages.html", {"decisions": decisions, "listed": LISTED})


@router.get("/payments/frozen", dependencies=[Depends(analyst)])
async def frozen(request: Request, all: bool = False) -> Response:
    assets = _register(request).assets(include_released=all)
    pending = Requests(request.app.state.store.engine).list(pending_only=True, kind=RELEASE)
    waiting = {r.payload["asset_id"]: r for r in pending}
    context = {"assets": assets, "totals": frozen_totals(assets), "pending": pending, "waiting": waiting, "all": all}
    return render(request, "payments/frozen.html", context)


@router.get("/payments/frozen.csv", dependencies=[Depends(analyst)])
async def frozen_csv(request: Request) -> Response:
    """The register as a blocked-property report: the report's fields only (no party details
    beyond them), every cell spreadsheet-safe."""
    buffer = io.StringIO()
    write_report_csv(_register(request).assets(), buffer)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="frozen-assets.csv"'},
    )


@router.post("/payments/frozen/{asset_id}/release")
async def ask_release(
    request: Request, asset_id: Id, rationale: Rationale, actor: Annotated[Actor, Depends(analyst)]
) -> Response:
    _releases(request).request(asset_id, actor, rationale)
    return RedirectResponse("/ui/payments/frozen", 303)


@router.post("/payments/releases/{request_id}")
async def decide_release(
    request: Request,
    request_id: Id,
    verdict: Verdict,
    rationale: Rationale,
    actor: Annotated[Actor, Depends(supervisor)],
) -> Response:
    """A supervisor other than who asked approves the release (the funds leave the register) or rejects it."""
    _releases(request).decide(request_id, actor, rationale, approve=verdict == "approve")
    return RedirectResponse("/ui/payments/frozen?all=true", 303)


@router.get("/payments/{decision_id}", dependencies=[Depends(analyst)])
async def message(request: Request, decision_id: Id) -> Response:
    stored = _register(request).decision(decision_id)
    context = {"stored": stored, "transactions": _transactions(request, decision_id, stored.details)}
    return render(request, "payments/message.html", context)


def _alert_of(request: Request, decision_id: int, alert_id: int) -> Alert:
    """The alert, if it is one of this message's (a form cannot act on another message's alert)."""
    alert = request.app.state.cases.alerts.get(alert_id)
    if not alert.subject_id.startswith(f"payment:{decision_id}/"):
        raise NotFound(f"alert {alert_id} is not on payment decision {decision_id}")
    return alert


@router.post("/payments/{decision_id}/alerts/{alert_id}/decide")
async def decide(
    request: Request,
    decision_id: Id,
    alert_id: Id,
    decision: Annotated[AlertDecision, Form()],
    rationale: Rationale,
    version: Version,
    actor: Annotated[Actor, Depends(analyst)],
) -> Response:
    """``false_positive`` asks for the release (a supervisor approves it), ``true_match`` confirms the hold."""
    _alert_of(request, decision_id, alert_id)
    request.app.state.cases.alerts.decide(alert_id, actor, decision, rationale, version)
    return RedirectResponse(f"/ui/payments/{decision_id}", 303)


@router.post("/payments/{decision_id}/alerts/{alert_id}/verdict")
async def judge(
    request: Request,
    decision_id: Id,
    alert_id: Id,
    verdict: Verdict,
    rationale: Rationale,
    version: Version,
    actor: Annotated[Actor, Depends(supervisor)],
) -> Response:
    """A supervisor other than the decider approves a release (the payment goes) or rejects it (back to review)."""
    _alert_of(request, decision_id, alert_id)
    alerts = request.app.state.cases.alerts
    (alerts.approve if verdict == "approve" else alerts.reject)(alert_id, actor, rationale, version)
    return RedirectResponse(f"/ui/payments/{decision_id}", 303)
