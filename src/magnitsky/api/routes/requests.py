"""Four-eyes over HTTP: a reviewer asks for a key of their own; a second person decides requests.

Every step is a person's, proven by a key bound to them (see :mod:`magnitsky.api.identity`):
`POST /me/keys` asks for a key acting for the caller's reviewer (its text is returned to them
alone, and it works once approved); `GET /requests` lists what waits; `POST /requests/{id}/approve`
and `/reject` decide it, never by the person who asked. Who may approve depends on the kind:
administrators for reviewer accounts, keys and registry roles, supervisors for releases of frozen
funds.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from magnitsky.api.approvals import decide
from magnitsky.api.identity import key_actor
from magnitsky.api.keys import ApiKey, ApiKeyError, Role
from magnitsky.api.models import (
    MAX_ID,
    FourEyesRequestModel,
    KeyRequest,
    KeyRequested,
    RequestDecided,
    RequestDecision,
)
from magnitsky.api.routes.common import AUTH_ERRORS, Responses, StrictJsonRoute, error_response
from magnitsky.api.security import require
from magnitsky.store.requests import Requests

router = APIRouter(tags=["Four-eyes"], route_class=StrictJsonRoute)
screener, analyst = require(Role.SCREENER), require(Role.ANALYST)
_PERSON: Responses = {
    403: error_response("The key acts for no reviewer, or their role may not do this, or they asked themselves")
}
RequestId = Annotated[int, Path(ge=1, le=MAX_ID, description="The request's id.")]


@router.post(
    "/me/keys",
    response_model=KeyRequested,
    status_code=202,
    responses={**AUTH_ERRORS, **_PERSON, 409: error_response("A key of that name exists, or is requested")},
    summary="Ask for a key acting for you",
)
def request_key(request: Request, body: KeyRequest, key: Annotated[ApiKey, Depends(screener)]) -> dict:
    """A new key acting for the reviewer the calling key acts for, with at most their role. It
    works once an administrator other than them approves it (`POST /requests/{id}/approve`). The
    answer holds the key itself, once. Audited with the calling key."""
    person = key_actor(request.app.state.cases.users, key)
    try:
        pending, secret = request.app.state.keys.request(
            body.name, Role.parse(body.role), person, body.rationale, body.rate
        )
    except ApiKeyError as exc:
        raise HTTPException(409, str(exc)) from exc
    return {**pending.to_dict(), "key": secret}


@router.get("/requests", response_model=list[FourEyesRequestModel], responses=AUTH_ERRORS, summary="List requests")
def list_requests(
    request: Request,
    key: Annotated[ApiKey, Depends(analyst)],
    all_: Annotated[bool, Query(alias="all", description="Include decided requests.")] = False,
) -> list[dict]:
    """Requests awaiting a second person (with `all=true`, decided ones too), oldest first."""
    return [r.to_dict() for r in Requests(request.app.state.store.engine).list(pending_only=not all_)]


_DECIDE_ERRORS: Responses = {**AUTH_ERRORS, **_PERSON, 404: error_response("No such request")}


@router.post(
    "/requests/{request_id}/approve",
    response_model=RequestDecided,
    responses=_DECIDE_ERRORS,
    summary="Approve a request (four eyes)",
)
def approve(
    request: Request, request_id: RequestId, body: RequestDecision, key: Annotated[ApiKey, Depends(analyst)]
) -> dict:
    """The change takes effect now. Never by the person who asked: 403. Audited with the calling key."""
    return _decide(request, request_id, body, key, approve=True)


@router.post(
    "/requests/{request_id}/reject",
    response_model=RequestDecided,
    responses=_DECIDE_ERRORS,
    summary="Reject a request (four eyes)",
)
def reject(
    request: Request, request_id: RequestId, body: RequestDecision, key: Annotated[ApiKey, Depends(analyst)]
) -> dict:
    """Nothing changes; the request is closed. Audited with the calling key."""
    return _decide(request, request_id, body, key, approve=False)


def _decide(request: Request, request_id: int, body: RequestDecision, key: ApiKey, approve: bool) -> dict:
    person = key_actor(request.app.state.cases.users, key)
    return decide(request.app.state.store.engine, request_id, person, body.rationale, approve).to_dict()
