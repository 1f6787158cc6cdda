"""Administration: API keys and list reloads (role admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from magnitsky.api.audit import audited
from magnitsky.api.keys import ApiKey, ApiKeyError, Role
from magnitsky.api.models import KeyCreate, KeyCreated, KeyInfo, ReloadResponse
from magnitsky.api.routes.common import AUTH_ERRORS, Responses, StrictJsonRoute, error_response
from magnitsky.api.security import require

router = APIRouter(prefix="/admin", tags=["Administration"], route_class=StrictJsonRoute)
admin = require(Role.ADMIN)
_ERRORS: Responses = {
    **AUTH_ERRORS,
    404: error_response("No such key"),
    409: error_response("A key of that name exists"),
}
_CREATE_ERRORS: Responses = {
    **_ERRORS,
    422: error_response("The request does not fit the schema, or names a `user` (see `POST /me/keys`)"),
}


@router.get("/keys", response_model=list[KeyInfo], responses=AUTH_ERRORS, summary="List API keys")
def list_keys(request: Request, key: Annotated[ApiKey, Depends(admin)]) -> list[dict]:
    """Every key, revoked ones included; never the keys themselves, which are not stored."""
    return [k.to_dict() for k in request.app.state.keys.list()]


@router.post("/keys", response_model=KeyCreated, status_code=201, responses=_CREATE_ERRORS, summary="Create an API key")
def create_key(request: Request, body: KeyCreate, key: Annotated[ApiKey, Depends(admin)]) -> dict:
    """A new key with a role for a system: it acts for no reviewer, so it decides nothing. A key
    acting for a reviewer is asked for by that reviewer (`POST /me/keys`) and approved by a second
    person. The answer holds the key itself, once: it is stored only hashed. Audited."""
    if body.user is not None:
        raise HTTPException(
            422,
            "an administrator cannot make a key acting for a reviewer: the reviewer asks for it (`POST /me/keys` "
            "or `magnitsky keys request`) and a second person approves it (`POST /requests/{id}/approve`)",
        )
    try:
        created, secret = request.app.state.keys.create(body.name, Role.parse(body.role), f"api:{key.name}", body.rate)
    except ApiKeyError as exc:
        raise HTTPException(409, str(exc)) from exc
    return {**created.to_dict(), "key": secret}


@router.delete("/keys/{name}", response_model=KeyInfo, responses=_ERRORS, summary="Revoke an API key")
def revoke_key(
    request: Request, name: Annotated[str, Path(max_length=100)], key: Annotated[ApiKey, Depends(admin)]
) -> dict:
    """The key stops working at once on this worker and within the key cache time on the others. Audited."""
    try:
        revoked = request.app.state.keys.revoke(name, f"api:{key.name}")
    except ApiKeyError as exc:
        raise HTTPException(404, str(exc)) from exc
    request.app.state.key_cache.forget(name)
    return revoked.to_dict()


@router.post(
    "/reload",
    response_model=ReloadResponse,
    responses={**AUTH_ERRORS, 202: {"model": ReloadResponse}},
    summary="Screen against the newest list versions",
)
def reload(
    request: Request,
    response: Response,
    key: Annotated[ApiKey, Depends(admin)],
    wait: Annotated[bool, Query(description="Answer when the new index is in use (else at once, 202).")] = False,
    force: Annotated[bool, Query(description="Rebuild even when the versions are unchanged.")] = False,
) -> dict:
    """Build the index of the store's current versions beside the one in use and swap it in;
    requests keep being answered from the old index meanwhile. Other workers follow by polling."""
    holder = request.app.state.holder
    audited(request, response, key, "list.reload", {"force": force, "versions_before": _labels(holder)})
    started = holder.reload(force=force)
    if not wait:
        response.status_code = 202
        return {"status": "reloading" if started else "already reloading", "versions": _labels(holder)}
    holder.wait()
    status = holder.status
    return {
        "status": "reloaded" if status.last_error is None else "failed",
        "versions": _labels(holder),
        "error": status.last_error,
    }


def _labels(holder) -> list[str]:
    return list(holder.current.labels) if holder.current else []
