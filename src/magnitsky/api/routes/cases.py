"""Review over HTTP: alerts, their decisions and approvals, customers, monitoring, audit verification.

Analysts read and decide, supervisors also approve and run monitoring, admins verify the audit
trail. A decision is a person's: only a key bound to a reviewer (asked for by them with
``magnitsky keys request`` or ``POST /me/keys``, approved by an administrator) may review,
decide, approve or reject, and it acts as that reviewer with the lesser of the key's role and
the reviewer's. So four-eyes holds over HTTP as in the CLI: a supervisor's key can never approve
a decision its own reviewer made. Every change is recorded by the case store, in its
transaction, in the audit trail.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from magnitsky.api.identity import key_actor
from magnitsky.api.keys import ApiKey, Role
from magnitsky.api.models import (
    MAX_ID,
    NO_NUL,
    AlertDecisionRequest,
    AlertDetail,
    AlertList,
    AlertModel,
    AlertState,
    AuditVerification,
    CustomerDetail,
    CustomerList,
    MonitorReportModel,
    Rationale,
)
from magnitsky.api.routes.common import AUTH_ERRORS, Responses, StrictJsonRoute, error_response, snapshot
from magnitsky.api.security import require
from magnitsky.cases import (
    Actor,
    CaseService,
)
from magnitsky.store.checkpoints import CheckpointSigner, verify_anchored

router = APIRouter(tags=["Cases"], route_class=StrictJsonRoute)
analyst, supervisor, admin = require(Role.ANALYST), require(Role.SUPERVISOR), require(Role.ADMIN)

_NOT_FOUND: Responses = {404: error_response("No such alert or customer")}
_CHANGE_ERRORS: Responses = {
    **AUTH_ERRORS,
    **_NOT_FOUND,
    403: error_response(
        "The key's role may not do this, it acts for no reviewer, or it would approve its own decision"
    ),
    409: error_response("The alert changed since the version sent (another reviewer acted): read it again"),
    422: error_response("The request does not fit the schema, or the alert's state does not allow this step"),
}
AlertId = Annotated[int, Path(ge=1, le=MAX_ID, description="The alert's id.")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]


def _cases(request: Request) -> CaseService:
    return request.app.state.cases


def _person(request: Request, key: ApiKey) -> Actor:
    """The reviewer the key acts for, with the lesser of the two roles; 403 when there is none."""
    return key_actor(_cases(request).users, key)


# -- alerts --------------------------------------------------------------------------------------


@router.get("/cases/alerts", response_model=AlertList, responses=AUTH_ERRORS, summary="List alerts")
def list_alerts(
    request: Request,
    key: Annotated[ApiKey, Depends(analyst)],
    state: Annotated[AlertState | None, Query(description="Only alerts in this state.")] = None,
    customer: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=NO_NUL,
            description="Only alerts on this subject: a customer id, "
            "`payment:<decision>/<transaction>` or `visa:<document>`.",
        ),
    ] = None,
    entity: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Only alerts on this listed entry.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict:
    """Alerts, oldest first, with the number in each state."""
    alerts = _cases(request).alerts
    found = alerts.list(state.value if state else None, customer, entity, limit=limit, offset=offset)
    return {"counts": alerts.counts(), "limit": limit, "offset": offset, "alerts": [a.to_dict() for a in found]}


@router.get(
    "/cases/alerts/{alert_id}",
    response_model=AlertDetail,
    responses={**AUTH_ERRORS, **_NOT_FOUND},
    summary="One alert with its history",
)
def get_alert(request: Request, alert_id: AlertId, key: Annotated[ApiKey, Depends(analyst)]) -> dict:
    """Who was matched to which entry and why, where it stands, and every step taken on it."""
    alerts = _cases(request).alerts
    alert = alerts.get(alert_id)
    return {**alert.to_dict(), "history": [r.to_dict() for r in alerts.history(alert_id)]}


@router.post(
    "/cases/alerts/{alert_id}/review",
    response_model=AlertModel,
    responses=_CHANGE_ERRORS,
    summary="Take an alert into review",
)
def review_alert(
    request: Request, alert_id: AlertId, body: Rationale, key: Annotated[ApiKey, Depends(analyst)]
) -> dict:
    """An open alert becomes `in_review`; the rationale is recorded."""
    return _cases(request).alerts.review(alert_id, _person(request, key), body.rationale, body.version).to_dict()


@router.post(
    "/cases/alerts/{alert_id}/decide", response_model=AlertModel, responses=_CHANGE_ERRORS, summary="Decide an alert"
)
def decide_alert(
    request: Request, alert_id: AlertId, body: AlertDecisionRequest, key: Annotated[ApiKey, Depends(analyst)]
) -> dict:
    """`true_match`, `false_positive`, or `escalate` to a supervisor. A false positive that
    releases a payment HOLD or BLOCK, or clears a strong match, waits in `awaiting_approval` for a
    second supervisor; a final false positive joins the good-guy list."""
    person = _person(request, key)
    return _cases(request).alerts.decide(alert_id, person, body.decision.value, body.rationale, body.version).to_dict()


@router.post(
    "/cases/alerts/{alert_id}/approve",
    response_model=AlertModel,
    responses=_CHANGE_ERRORS,
    summary="Approve a decision (four eyes)",
)
def approve_alert(
    request: Request, alert_id: AlertId, body: Rationale, key: Annotated[ApiKey, Depends(supervisor)]
) -> dict:
    """A decision awaiting approval takes effect. Never the deciding reviewer's own: 403."""
    return _cases(request).alerts.approve(alert_id, _person(request, key), body.rationale, body.version).to_dict()


@router.post(
    "/cases/alerts/{alert_id}/reject",
    response_model=AlertModel,
    responses=_CHANGE_ERRORS,
    summary="Reject a decision (four eyes)",
)
def reject_alert(
    request: Request, alert_id: AlertId, body: Rationale, key: Annotated[ApiKey, Depends(supervisor)]
) -> dict:
    """A decision awaiting approval is void and the alert goes back to `in_review`."""
    return _cases(request).alerts.reject(alert_id, _person(request, key), body.rationale, body.version).to_dict()


# -- customers and monitoring --------------------------------------------------------------------


@router.get("/cases/customers", response_model=CustomerList, responses=AUTH_ERRORS, summary="List customers")
def list_customers(
    request: Request, key: Annotated[ApiKey, Depends(analyst)], limit: Limit = 50, offset: Offset = 0
) -> dict:
    """The customers kept for screening (`magnitsky customers import`), by id."""
    customers = _cases(request).customers
    return {
        "total": customers.count(),
        "limit": limit,
        "offset": offset,
        "customers": [c.to_dict() for c in customers.list(limit, offset)],
    }


@router.get(
    "/cases/customers/{customer_id}",
    response_model=CustomerDetail,
    responses={**AUTH_ERRORS, **_NOT_FOUND},
    summary="One customer with its alerts",
)
def get_customer(
    request: Request,
    customer_id: Annotated[str, Path(max_length=200, pattern=NO_NUL)],
    key: Annotated[ApiKey, Depends(analyst)],
) -> dict:
    cases = _cases(request)
    customer = cases.customers.get(customer_id)
    alerts = [a.to_dict() for a in cases.alerts.list(subject_id=customer_id) if a.subject_kind == "customer"]
    return {**customer.to_dict(), "alerts": alerts}


@router.post(
    "/cases/monitor",
    response_model=MonitorReportModel,
    responses={
        **AUTH_ERRORS,
        409: error_response("The index in use is older than the lists in the store"),
        503: error_response("No index loaded yet; see Retry-After"),
    },
    summary="Re-screen customers after list changes",
)
def monitor(request: Request, key: Annotated[ApiKey, Depends(supervisor)]) -> dict:
    """Re-screen the customers the list changes since the last screening can affect, open alerts
    for new hits, close alerts on delisted entries, and report it (as `magnitsky monitor`)."""
    current = snapshot(request)
    holder = request.app.state.holder
    if holder.stale():
        raise HTTPException(
            409,
            f"this server screens against {', '.join(current.labels)}, older than the lists in "
            "the store; reload first (POST /admin/reload?wait=true) so monitoring sees the changes",
        )
    report = _cases(request).monitor(request.app.state.store).run(current.screener, key.user or f"api:{key.name}")
    return report.to_dict()


# -- audit ---------------------------------------------------------------------------------------


@router.get("/audit/verify", response_model=AuditVerification, responses=AUTH_ERRORS, summary="Verify the audit trail")
def verify_audit(request: Request, key: Annotated[ApiKey, Depends(admin)]) -> dict:
    """Recompute the hash chain and check it against the signed checkpoints of the data directory:
    `ok` false names the first record edited, deleted, reordered or rewritten."""
    result = verify_anchored(_cases(request).audit, CheckpointSigner(request.app.state.settings.store.home))
    return {
        "ok": result.ok,
        "records": result.records,
        "head": result.head,
        "checkpoints": result.checkpoints,
        "problem": result.problem,
    }
