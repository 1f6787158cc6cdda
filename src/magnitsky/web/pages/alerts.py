"""The alerts desk: the queue, one alert with the customer beside the listed entry, deciding it,
the supervisors' approvals inbox (four eyes) and the good-guy list.

Every step calls the case store as the API does (:class:`magnitsky.cases.Alerts`): the same
state machine, the same four-eyes rule, the same audit record in the same transaction. A refusal
(no rationale, someone else changed the alert, approving one's own decision) shows on the page
it came from, with what was typed kept.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from magnitsky.api.errors import status_of
from magnitsky.cases import (
    Actor,
    Alert,
    AlertDecision,
    AlertState,
    CaseError,
    CaseService,
    Customer,
    NotFound,
    approvals,
    queue,
)
from magnitsky.errors import MagnitskyError
from magnitsky.store import StoreError
from magnitsky.web.pages.alert_sides import sides
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
analyst, supervisor = Signed("analyst"), Signed("supervisor")
AlertId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Rationale = Annotated[str, Form(max_length=4000)]
Version = Annotated[int, Form(ge=1, le=2**31 - 1)]
INBOX_SIZE = 100
FILTERS = ("state", "origin", "source", "min_score", "max_score", "older_than", "newer_than")


def _cases(request: Request) -> CaseService:
    return request.app.state.cases


# -- the queue -----------------------------------------------------------------------------------


def _number(text: str | None, what: str, kind: type, low: float, high: float):
    """A filter field as a number, None when left empty; a CaseError naming the field otherwise."""
    if text is None or not text.strip():
        return None
    try:
        value = kind(text.strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise CaseError(f"{what}: expected a{'' if kind is float else 'n integer'} number from {low} to {high}")
    return value


def _filter(params) -> queue.AlertFilter:
    return queue.AlertFilter(
        state=params.get("state") or queue.ACTIVE,
        origin=params.get("origin") or None,
        source=params.get("source") or None,
        min_score=_number(params.get("min_score"), "lowest score", float, 0, 1),
        max_score=_number(params.get("max_score"), "highest score", float, 0, 1),
        older_than_days=_number(params.get("older_than"), "older than (days)", int, 0, 36500),
        newer_than_days=_number(params.get("newer_than"), "newer than (days)", int, 0, 36500),
    )


@router.get("/alerts", dependencies=[Depends(analyst)])
def alert_queue(request: Request) -> Response:
    """The queue, filtered by the form's fields (kept in the links, so a filtered page can be shared)."""
    params = request.query_params
    shown = {
        k: params.get(k, "")
        for k in ("state", "origin", "source", "min_score", "max_score", "older_than", "newer_than")
    }
    cases = _cases(request)
    context: dict[str, Any] = {
        "filters": shown,
        "states": list(AlertState),
        "origins": queue.ORIGINS,
        "sources": sorted({v.source for v in request.app.state.store.current_versions()}),
        "counts": cases.alerts.counts(),
        "page": None,
        "error": None,
        "filter_query": urlencode({k: v for k, v in shown.items() if v}),
    }
    try:
        which = _filter(params)
        after = _number(params.get("after"), "after", int, 0, 2**31 - 1)
        before = _number(params.get("before"), "before", int, 0, 2**31 - 1)
        context["page"] = queue.page(cases.engine, which, after, before)
    except CaseError as refused:
        context["error"] = str(refused)
        return render(request, "alerts/queue.html", context, 400)
    return render(request, "alerts/queue.html", context)


# -- one alert -----------------------------------------------------------------------------------


def _alert_page(
    request: Request, actor: Actor, alert_id: int, error: str | None = None, typed: str = "", status: int = 200
) -> Response:
    cases = _cases(request)
    alert = cases.alerts.get(alert_id)
    customer = _customer(cases, alert)
    source, _, number = alert.list_version.partition(":")
    try:
        entity = request.app.state.store.entity(alert.entity_id, int(number) if number.isdigit() else None)
        missing = None
    except StoreError as gone:
        entity, missing = None, str(gone)
    context = {
        "alert": alert,
        "customer": customer,
        "entity": entity,
        "entity_missing": missing,
        "sides": sides(alert, customer, entity),
        "history": cases.alerts.history(alert_id),
        "earlier": queue.earlier_alerts(cases.engine, alert),
        "decisions": list(AlertDecision),
        "needs_approval": {d: approvals.approval_reason(alert, d, cases.alerts.four_eyes) for d in AlertDecision},
        "may_decide": actor.may_decide and alert.state in _DECIDABLE,
        "may_approve": _may_approve(actor, alert),
        "error": error,
        "typed": typed,
    }
    return render(request, "alerts/alert.html", context, status)


def _customer(cases: CaseService, alert: Alert) -> Customer | None:
    """The customer file the alert was raised on (payments and visas keep no file: None)."""
    if alert.subject_kind != "customer":
        return None
    try:
        return cases.customers.get(alert.subject_id)
    except NotFound:  # removed from the customer store since
        return None


_DECIDABLE = (AlertState.OPEN, AlertState.IN_REVIEW, AlertState.ESCALATED)


def _may_approve(actor: Actor, alert: Alert) -> bool:
    return alert.state == AlertState.AWAITING_APPROVAL and actor.may_approve and actor.name != alert.decided_by


@router.get("/alerts/{alert_id}")
def alert_page(request: Request, alert_id: AlertId, actor: Annotated[Actor, Depends(analyst)]) -> Response:
    return _alert_page(request, actor, alert_id)


@router.post("/alerts/{alert_id}/decide")
def decide(
    request: Request,
    alert_id: AlertId,
    actor: Annotated[Actor, Depends(analyst)],
    version: Version,
    rationale: Rationale = "",
    decision: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Decide as the API's POST /cases/alerts/{id}/decide does; a clearance needing four eyes waits."""
    try:
        if not decision:
            raise CaseError("choose a decision: true match, false positive or escalate")
        _cases(request).alerts.decide(alert_id, actor, decision, rationale, version)
    except MagnitskyError as refused:
        return _alert_page(request, actor, alert_id, str(refused), rationale, status_of(refused))
    return RedirectResponse(f"/ui/alerts/{alert_id}", 303)


# -- four eyes -----------------------------------------------------------------------------------


@router.get("/approvals")
def approvals_inbox(request: Request, actor: Annotated[Actor, Depends(supervisor)]) -> Response:
    """Decisions waiting for a second supervisor, oldest first; one's own are shown but not offered."""
    alerts = _cases(request).alerts
    waiting = alerts.list(AlertState.AWAITING_APPROVAL, limit=INBOX_SIZE)
    context = {
        "waiting": [
            (a, approvals.approval_reason(a, a.decision, alerts.four_eyes) if a.decision else None) for a in waiting
        ],
        "total": alerts.counts()[AlertState.AWAITING_APPROVAL],
        "actor": actor,
    }
    return render(request, "alerts/approvals.html", context)


@router.post("/alerts/{alert_id}/{step}")
def second_look(
    request: Request,
    alert_id: AlertId,
    step: Annotated[Literal["approve", "reject"], Path()],
    actor: Annotated[Actor, Depends(supervisor)],
    version: Version,
    rationale: Rationale = "",
) -> Response:
    """Approve (the decision takes effect; a clearance joins the good-guy list) or reject (the
    decision is void, the alert goes back to review), as POST /cases/alerts/{id}/approve and
    /reject do; never the decider's own."""
    alerts = _cases(request).alerts
    try:
        (alerts.approve if step == "approve" else alerts.reject)(alert_id, actor, rationale, version)
    except MagnitskyError as refused:
        return _alert_page(request, actor, alert_id, str(refused), rationale, status_of(refused))
    return RedirectResponse("/ui/approvals", 303)


# -- the good-guy list ---------------------------------------------------------------------------


@router.get("/good-guys", dependencies=[Depends(analyst)])
def good_guys(request: Request) -> Response:
    """Pairs cleared as false positives: screening keeps quiet on them while neither side changes."""
    try:
        after = _number(request.query_params.get("after"), "after", int, 0, 2**31 - 1) or 0
    except CaseError as refused:
        return render(request, "error.html", {"message": str(refused)}, 400)
    rows = _cases(request).good_guys.list(after=after, limit=queue.PAGE + 1)
    context = {"rows": rows[: queue.PAGE], "next": rows[queue.PAGE - 1]["id"] if len(rows) > queue.PAGE else None}
    return render(request, "alerts/good_guys.html", context)


@router.post("/good-guys/{entry_id}/revoke")
def revoke_clearance(
    request: Request,
    entry_id: AlertId,
    actor: Annotated[Actor, Depends(supervisor)],
    rationale: Rationale = "",
) -> Response:
    """Withdraw a clearance (GoodGuys.revoke): the pair is screened as any other again."""
    try:
        _cases(request).good_guys.revoke(entry_id, actor, rationale)
    except MagnitskyError as refused:
        return render(request, "error.html", {"message": str(refused)}, status_of(refused))
    return RedirectResponse("/ui/good-guys", 303)
