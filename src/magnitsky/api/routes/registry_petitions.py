"""Petitions against a designation over HTTP, under ``/registry``.

The petitioner uses the public door (no key): ``POST /registry/public/petitions`` files a petition
and answers its receipt token, once; the token, sent in the body (never in a URL, so no access log
keeps it), reads the petition's status and carries the petitioner's replies. Officers use their
keys: list and read petitions, write to the petitioner, propose a decision, and decide it (a
decision-maker who did not propose it). A granted petition waits for a publisher:
``POST /registry/nominations/{id}/publish``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from magnitsky.api.models import MAX_ID, NO_NUL
from magnitsky.api.routes.common import Responses, StrictJsonRoute, error_response
from magnitsky.api.routes.registry import (
    _ERRORS,
    Acting,
    EvidenceId,
    EvidenceUpload,
    Reason,
    _files,
    _officer,
    _registry,
    admit_public,
    evidence_attachment,
)
from magnitsky.registry import PUBLIC_OFFICER

router = APIRouter(prefix="/registry", tags=["Registry: petitions"], route_class=StrictJsonRoute)
PetitionId = Annotated[int, Path(ge=1, le=MAX_ID, description="The petition's number.")]
Token = Annotated[str, Field(min_length=20, max_length=100, pattern=NO_NUL)]
Message = Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]
_PUBLIC_ERRORS: Responses = {
    404: error_response("No designation in force with that number, or no petition with that token"),
    409: error_response("The designation is not in force, or a further petition needs a new matter"),
    422: error_response("The petition is malformed (the message names the field)"),
    429: error_response("Too many petitions from this address; see Retry-After"),
}


class Petitioner(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=500, pattern=NO_NUL)]
    capacity: Literal["subject", "representative"]
    representative: Annotated[str | None, Field(max_length=500, pattern=NO_NUL)] = None
    contact: Annotated[str | None, Field(max_length=1000, pattern=NO_NUL)] = None


class PetitionBody(BaseModel):
    sought: Literal["revoke", "vary"] = "revoke"
    grounds: list[Literal["insufficient_basis", "changed_circumstances", "remedial_steps", "mistaken_identity"]] = (
        Field(min_length=1, max_length=4)
    )
    statement: Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]
    new_matter: Annotated[str | None, Field(max_length=20_000, pattern=NO_NUL)] = None
    petitioner: Petitioner


class PetitionRequest(BaseModel):
    nomination: Annotated[int, Field(ge=1, le=MAX_ID, description="The designation's nomination number.")]
    petition: PetitionBody
    evidence: list[EvidenceUpload] = Field(default=[], max_length=2)


class TokenRequest(BaseModel):
    token: Token


class ReplyRequest(BaseModel):
    token: Token
    text: Message


class MessageRequest(BaseModel):
    text: Message


class DecisionProposal(BaseModel):
    decision: Literal["grant", "refuse"]
    reasons: Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]


class DecisionRequest(BaseModel):
    agree: bool = Field(default=True, description="false sends the proposal back: the petition is open again")


def _petition(body: PetitionBody) -> dict[str, Any]:
    return body.model_dump(exclude_none=True) | {"petitioner": body.petitioner.model_dump(exclude_none=True)}


@router.post("/public/petitions", status_code=201, responses=_PUBLIC_ERRORS, summary="Petition (public)")
def file_public(request: Request, body: PetitionRequest) -> dict:
    """The listed person or their representative asks for removal or variation. The answer is the
    petition's number and its receipt token: keep it, it is shown once and is the only key to the status."""
    admit_public(request, "petitions")
    view, token = _registry(request).petitions.file(
        body.nomination, _petition(body.petition), PUBLIC_OFFICER, _files(body.evidence)
    )
    return {"petition": view["id"], "state": view["state"], "receipt_token": token}


@router.post("/public/petitions/status", responses=_PUBLIC_ERRORS, summary="My petition's status (public)")
def public_status(request: Request, body: TokenRequest) -> dict:
    """The petition the token was given for, and nothing else: state, exchanges, decision and reasons."""
    admit_public(request, "petition status requests")
    return _registry(request).petitions.status(body.token)


@router.post("/public/petitions/replies", responses=_PUBLIC_ERRORS, summary="Write about my petition (public)")
def public_reply(request: Request, body: ReplyRequest) -> dict:
    admit_public(request, "petition replies")
    return _registry(request).petitions.reply(body.token, body.text)


@router.post("/petitions", status_code=201, responses=_ERRORS, summary="Record a petition received by post")
def record_petition(request: Request, key: Acting, body: PetitionRequest) -> dict:
    """An officer enters a petition that came by post; hand the receipt token to the petitioner."""
    view, token = _registry(request).petitions.file(
        body.nomination, _petition(body.petition), _officer(request, key), _files(body.evidence)
    )
    return {**view, "receipt_token": token}


@router.get("/petitions", responses=_ERRORS, summary="Petitions")
def list_petitions(
    request: Request,
    key: Acting,
    nomination: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    state: Annotated[Literal["open", "decision", "granted", "refused"] | None, Query()] = None,
) -> list[dict]:
    return _registry(request).petitions.list(_officer(request, key), nomination, state)


@router.get("/petitions/{petition_id}", responses=_ERRORS, summary="One petition")
def get_petition(request: Request, key: Acting, petition_id: PetitionId) -> dict:
    return _registry(request).petitions.view(petition_id, _officer(request, key))


@router.get(
    "/petitions/{petition_id}/evidence/{evidence_id}",
    responses={**_ERRORS, 200: {"content": {"application/octet-stream": {}}, "description": "The file"}},
    summary="Download a petitioner's evidence file",
)
def read_petition_evidence(
    request: Request, key: Acting, petition_id: PetitionId, evidence_id: EvidenceId, reason: Reason
) -> Response:
    """A file the petition brought, after its hash check (409 if the stored bytes changed), as an
    attachment no browser renders or runs; the read, with ``reason``, goes into custody and audit."""
    item, data = _registry(request).petitions.read_evidence(petition_id, evidence_id, _officer(request, key), reason)
    return evidence_attachment(item.to_dict(), data)


@router.post("/petitions/{petition_id}/messages", responses=_ERRORS, summary="Write to the petitioner")
def message(request: Request, key: Acting, petition_id: PetitionId, body: MessageRequest) -> dict:
    return _registry(request).petitions.message(petition_id, body.text, _officer(request, key))


@router.post("/petitions/{petition_id}/proposal", responses=_ERRORS, summary="Propose the decision")
def propose(request: Request, key: Acting, petition_id: PetitionId, body: DecisionProposal) -> dict:
    return _registry(request).petitions.propose(petition_id, body.decision, body.reasons, _officer(request, key))


@router.post("/petitions/{petition_id}/decision", responses=_ERRORS, summary="Decide (four eyes)")
def decide(request: Request, key: Acting, petition_id: PetitionId, body: DecisionRequest) -> dict:
    """A decision-maker other than the proposer; granting orders the designation revoked or varied."""
    return _registry(request).petitions.decide(petition_id, _officer(request, key), body.agree)
