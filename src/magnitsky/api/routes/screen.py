"""The doors: ``POST /screen/visa`` (border and consular) and ``POST /screen/payment`` (banks).

Both decide with the screening modules (DENY/REFER/CLEAR; PASS/HOLD/REJECT/BLOCK), which write
the decision to the audit trail, as the actor ``api:<key name>``, before it is returned. A REFER
or a HOLD then opens alerts in the case store for a person to decide (see ``api/enforcement.py``);
the answer lists them under ``alerts``. Malformed input (an MRZ, a form, a message) and a message
id decided before for other content are errors of :mod:`magnitsky.errors`, answered 400 and 409
by ``api/errors.py``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import SQLAlchemyError

from magnitsky.api.keys import ApiKey, Role
from magnitsky.api.models import (
    PaymentDecisionResponse,
    VisaDecisionResponse,
    VisaRequest,
)
from magnitsky.api.reload import Snapshot
from magnitsky.api.routes.common import SCREEN_ERRORS, StrictJsonRoute, error_response, snapshot
from magnitsky.api.security import require
from magnitsky.cases.enforcement import EnforcementAlerts, OpenedAlert
from magnitsky.screening.payments import PaymentScreening
from magnitsky.screening.visa import Applicant, VisaDecision, VisaScreener

router = APIRouter(prefix="/screen", tags=["Screening"], route_class=StrictJsonRoute)
_AUDIT_FAILED = "the audit trail could not be written, so no decision is given; retry later"


def _visa(request: Request, current: Snapshot) -> VisaScreener:
    if "visa" not in current.cache:  # one per index generation: it indexes the entities once
        state = request.app.state
        confirm = state.settings.screening.thresholds.confirm
        current.cache["visa"] = VisaScreener(current.screener, state.measures, state.audit, confirm)
    return current.cache["visa"]


def _payments(request: Request, current: Snapshot) -> PaymentScreening:
    if "payments" not in current.cache:
        state = request.app.state
        current.cache["payments"] = PaymentScreening(
            current.screener,
            state.store.engine,
            state.measures,
            state.jurisdictions,
            state.settings.screening.thresholds.review,
        )
    return current.cache["payments"]


def _alerts(request: Request, current: Snapshot) -> EnforcementAlerts:
    if "alerts" not in current.cache:
        current.cache["alerts"] = EnforcementAlerts(request.app.state.store.engine, current.screener)
    return current.cache["alerts"]


@router.post("/visa", response_model=VisaDecisionResponse, responses=SCREEN_ERRORS, summary="Visa/border decision")
def screen_visa(
    request: Request, response: Response, body: VisaRequest, key: Annotated[ApiKey, Depends(require(Role.SCREENER))]
) -> dict:
    """DENY, REFER or CLEAR for a traveller, from the passport's MRZ or from form data, with the
    listed entries that led to it and why. Every decision, a clearance included, is audited; a
    REFER opens an alert per referred entry for an officer to decide (`alerts`)."""
    if (body.mrz is None) == (body.applicant is None):
        raise HTTPException(400, "give exactly one of 'mrz' (the document's machine-readable zone) or 'applicant'")
    applicant = None if body.applicant is None else Applicant.from_form(**body.applicant.model_dump())
    decision, alerts = decide_visa(request, f"api:{key.name}", body.mrz, applicant)
    if decision.audit is not None:  # always: the service's screener is given the audit trail
        response.headers["X-Audit-Record"] = str(decision.audit["seq"])
    return {**decision.to_dict(), "alerts": [a.to_dict() for a in alerts]}


def decide_visa(
    request: Request, actor: str, mrz: str | None = None, applicant: Applicant | None = None
) -> tuple[VisaDecision, list[OpenedAlert]]:
    """The audited decision on the traveller of ``mrz`` (parsed: a malformed one raises
    :class:`MrzError`) or else ``applicant``, and the alerts a REFER opens: the one way the API
    and the consular desk's page decide. 503 when the decision or its alerts cannot be recorded."""
    current = snapshot(request)
    visa = _visa(request, current)
    try:
        if mrz is not None:
            decision = visa.screen_mrz(mrz, actor)
        elif applicant is not None:
            decision = visa.screen_applicant(applicant, actor)
        else:
            raise ValueError("decide_visa needs an MRZ or an applicant")
        alerts = _alerts(request, current).for_visa(decision, actor)
    except SQLAlchemyError as exc:  # the decision or its alerts could not be recorded: it is not given
        raise HTTPException(503, _AUDIT_FAILED, headers={"Retry-After": "5"}) from exc
    return decision, alerts


_MESSAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/xml": {
                "schema": {"type": "string"},
                "example": '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">...</Document>',
            },
            "text/plain": {
                "schema": {"type": "string"},
                "example": "{1:F01BANKBEBBAXXX0000000000}{2:I103...}{4:\n:20:REF1\n...-}",
            },
        },
    }
}


@router.post(
    "/payment",
    response_model=PaymentDecisionResponse,
    responses={**SCREEN_ERRORS, 409: error_response("The message id was decided before for different content")},
    summary="Payment decision",
    openapi_extra=_MESSAGE_BODY,
)
async def screen_payment(
    request: Request,
    key: Annotated[ApiKey, Depends(require(Role.SCREENER))],
    name: Annotated[str, Query(max_length=200, description="A name for the message in error messages.")] = "message",
) -> dict:
    """PASS, HOLD, REJECT or BLOCK for an ISO 20022 pacs.008/pain.001 or SWIFT MT103 message, sent
    as the request body. A message decided before gets its stored decision back (`replayed`);
    a BLOCK enters the frozen-assets register; a HOLD opens an alert per cause for a reviewer
    (`alerts`; a replay opens only what is missing). Decisions are audited."""
    data = await request.body()
    current = snapshot(request)
    payments, actor = _payments(request, current), f"api:{key.name}"
    try:
        outcome = await run_in_threadpool(payments.screen, data, actor, name)
        alerts = await run_in_threadpool(_alerts(request, current).for_payment, outcome, actor)
    except SQLAlchemyError as exc:  # the decision and its audit record are written together, or neither
        raise HTTPException(503, _AUDIT_FAILED, headers={"Retry-After": "5"}) from exc
    return {**outcome.to_dict(), "alerts": [a.to_dict() for a in alerts]}
