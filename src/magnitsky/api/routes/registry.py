"""The designation registry over HTTP, under ``/registry``.

Two doors. The public one (``/registry/public/...``) takes nominations from anyone, with no key,
rate limited per client address; it answers a receipt and nothing about the case. It also serves
the regimes and the signed publications (FtM, CSV, change feeds, the public key) that anyone may
verify. The officers' door needs a key bound to a registered user (``magnitsky keys create NAME
--user USER``): the user's registry roles decide what the key may do, so four-eyes holds over HTTP
as in the CLI. Everything a web page needs is here: lists, views, checklists, statements,
evidence, proposals, publication and source protection.
"""

from __future__ import annotations

import base64
import binascii
import math
from typing import Annotated, Any, Literal

from anyio import CancelScope
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field

from magnitsky.api.keys import ApiKey, Role
from magnitsky.api.models import MAX_ID, NO_NUL
from magnitsky.api.routes.common import AUTH_ERRORS, Responses, StrictJsonRoute, error_response, snapshot
from magnitsky.api.security import require
from magnitsky.registry import (
    PUBLIC_OFFICER,
    Officer,
    Registry,
)
from magnitsky.registry.publication import CSV_FILE, FEED_ATOM, FEED_JSON, FTM_FILE
from magnitsky.registry.statement import statement_of_reasons

router = APIRouter(prefix="/registry", tags=["Registry"], route_class=StrictJsonRoute)
anyone_with_a_key = require(Role.SCREENER)
PUBLIC_RATE = 0.2  # nominations per second per client address: one every five seconds on average
PUBLIC_BURST = 5.0

_ERRORS: Responses = {
    **AUTH_ERRORS,
    403: error_response("The key acts for no user, or the user's registry roles do not allow this"),
    404: error_response("No such nomination, evidence item or publication"),
    409: error_response("The nomination's state does not allow this, or stored bytes no longer match their hash"),
    422: error_response("The request does not fit the schema, or the nomination is malformed (the field is named)"),
}
_PUBLIC_ERRORS: Responses = {
    422: error_response("The nomination is malformed (the message names the field)"),
    429: error_response("Too many nominations from this address; see Retry-After"),
    503: error_response("The screening index is still loading; see Retry-After"),
}
NominationId = Annotated[int, Path(ge=1, le=MAX_ID, description="The nomination's number.")]
EvidenceId = Annotated[int, Path(ge=1, le=MAX_ID, description="The evidence item's number.")]
Reason = Annotated[str, Query(min_length=1, max_length=1000, pattern=NO_NUL, description="Why: recorded.")]
Text = Annotated[str, Field(max_length=20_000, pattern=NO_NUL)]
# Every JSON request fits the service's default 1 MiB body limit (MAGNITSKY_API_MAX_BODY): two files of
# up to 220 kB each per request; larger evidence goes in by POST .../evidence/file (the body is the file).
MAX_UPLOAD_BASE64 = 300_000


class EvidenceUpload(BaseModel):
    filename: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    description: Text = ""
    content_base64: Annotated[
        str, Field(min_length=1, max_length=MAX_UPLOAD_BASE64, description="The file's bytes, base64.")
    ]
    captured_at: Annotated[str | None, Field(max_length=32, pattern=NO_NUL)] = None
    captured_by: Annotated[str | None, Field(max_length=200, pattern=NO_NUL)] = None


class NominationRequest(BaseModel):
    nomination: dict[str, Any] = Field(description="The nomination (see docs/registry.md); `submitter` optional.")
    evidence: list[EvidenceUpload] = Field(default=[], max_length=2)


class StepRequest(BaseModel):
    reason: Text = ""


class Assessment(BaseModel):
    regime: Annotated[str, Field(max_length=100, pattern=NO_NUL)]
    criterion: Annotated[str, Field(max_length=100, pattern=NO_NUL)]
    element: Literal["conduct", "link", "victims", "time_window"]
    status: Literal["met", "not_met", "not_assessed"]
    note: Text = ""
    supporting: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default=[], max_length=100)
    exculpatory: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default=[], max_length=100)


class ParagraphModel(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=2000, pattern=NO_NUL)]
    releasable: bool
    evidence: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default=[], max_length=20)


class StatementRequest(BaseModel):
    paragraphs: list[ParagraphModel] = Field(min_length=1, max_length=100)


class ProposalRequest(BaseModel):
    action: Literal["designate", "vary", "revoke"]
    reasons: Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]


class ApprovalRequest(BaseModel):
    override: Annotated[str | None, Field(max_length=20_000, pattern=NO_NUL)] = None


class RefusalRequest(BaseModel):
    reasons: Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]


def _registry(request: Request) -> Registry:
    return request.app.state.registry


def _officer(request: Request, key: ApiKey) -> Officer:
    """The registered user the key acts for, with their registry roles; 403 when it acts for nobody."""
    if key.user is None:
        raise HTTPException(
            403,
            f"key {key.name!r} acts for no user, and registry steps are a person's: an admin creates a key bound "
            "to one (`magnitsky keys create NAME --user USER`)",
        )
    return _registry(request).roles.officer(key.user)


Acting = Annotated[ApiKey, Depends(anyone_with_a_key)]


def _files(uploads: list[EvidenceUpload]) -> list[dict[str, Any]]:
    files = []
    for number, upload in enumerate(uploads):
        try:
            data = base64.b64decode(upload.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise HTTPException(422, f"evidence[{number}].content_base64: not valid base64") from None
        files.append(
            {
                "data": data,
                "filename": upload.filename,
                "description": upload.description,
                "captured_at": upload.captured_at,
                "captured_by": upload.captured_by,
            }
        )
    return files


# -- the public door -----------------------------------------------------------------------------


def admit_public(request: Request, what: str) -> None:
    """429 when this client address has sent more than its share of ``what`` through the public door."""
    client = request.client.host if request.client else "unknown"
    wait = request.app.state.public_limiter.take_named(f"public:{what}:{client}", PUBLIC_RATE)
    if wait:
        raise HTTPException(
            429,
            f"too many {what} from this address; retry after {wait:.0f} s",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


@router.post("/public/nominations", status_code=201, responses=_PUBLIC_ERRORS, summary="Nominate (public)")
def nominate_public(request: Request, body: NominationRequest) -> dict:
    """Anyone may nominate; leave out `submitter` to stay anonymous. The answer is a receipt:
    the nomination's number and the hashes of the evidence received, nothing about the case."""
    admit_public(request, "nominations")
    current = snapshot(request)
    view = _registry(request).nominate(body.nomination, PUBLIC_OFFICER, current.screener, _files(body.evidence))
    return {
        "nomination": view["id"],
        "state": view["state"],
        "evidence": [{"filename": e["filename"], "sha256": e["sha256"]} for e in view["evidence"]],
    }


@router.get("/public/regimes", summary="The legal regimes")
def regimes(request: Request) -> list[dict]:
    """Each regime: criteria and their elements, standard of proof, measures, clocks, who may propose."""
    return [regime.to_dict() for regime in _registry(request).regimes.values()]


_PUBLISHED = {
    FEED_JSON: "application/json",
    FEED_ATOM: "application/atom+xml",
    "signing.pub.pem": "application/x-pem-file",
    FTM_FILE: "application/json",
    CSV_FILE: "text/csv; charset=utf-8",
}


@router.get(
    "/public/published/{name}",
    responses={404: error_response("Nothing published under that name")},
    summary="A published file or feed",
)
def published(request: Request, name: Annotated[str, Path(max_length=100, pattern=NO_NUL)]) -> FileResponse:
    """``feed.json``, ``feed.atom``, ``signing.pub.pem`` or their ``.sig`` signatures."""
    return _published_file(request, None, name)


@router.get(
    "/public/published/v{version}/{name}",
    responses={404: error_response("Nothing published under that name")},
    summary="A file of one publication",
)
def published_version(
    request: Request,
    version: Annotated[int, Path(ge=1, le=MAX_ID)],
    name: Annotated[str, Path(max_length=100, pattern=NO_NUL)],
) -> FileResponse:
    """``designations.ftm.json`` or ``designations.csv`` of version N, or their ``.sig`` signatures."""
    return _published_file(request, version, name)


def _published_file(request: Request, version: int | None, name: str) -> FileResponse:
    base = name.removesuffix(".sig")
    allowed = (FTM_FILE, CSV_FILE) if version else (FEED_JSON, FEED_ATOM, "signing.pub.pem")
    folder = _registry(request).publications / (f"v{version}" if version else "")
    path = folder / name
    if base not in allowed or not path.is_file():
        raise HTTPException(404, f"nothing published as {name!r}" + (f" in version {version}" if version else ""))
    media = "text/plain; charset=ascii" if name.endswith(".sig") else _PUBLISHED[base]
    return FileResponse(path, media_type=media, headers={"X-Content-Type-Options": "nosniff"})


# -- the officers' door --------------------------------------------------------------------------


@router.get("/nominations", responses=_ERRORS, summary="Nominations")
def list_nominations(
    request: Request, key: Acting, state: Annotated[str | None, Query(max_length=30, pattern=NO_NUL)] = None
) -> list[dict]:
    """Every nomination (a submitter sees their own), oldest first."""
    return _registry(request).nominations(_officer(request, key), state)


@router.post("/nominations", status_code=201, responses=_ERRORS, summary="File a draft nomination")
def create_nomination(request: Request, key: Acting, body: NominationRequest) -> dict:
    return _registry(request).nominate(body.nomination, _officer(request, key), evidence=_files(body.evidence))


@router.get("/nominations/{nomination_id}", responses=_ERRORS, summary="One nomination")
def get_nomination(request: Request, key: Acting, nomination_id: NominationId) -> dict:
    """Subject, conduct, intake screening, evidence, proposals, review date (never the submitter)."""
    return _registry(request).view(nomination_id, _officer(request, key))


@router.post("/nominations/{nomination_id}/steps/{step}", responses=_ERRORS, summary="Take a workflow step")
def take_step(
    request: Request,
    key: Acting,
    nomination_id: NominationId,
    step: Literal["submit", "triage", "investigate", "to_legal_review", "reject", "withdraw", "review", "maintain"],
    body: StepRequest,
) -> dict:
    """Submitting screens the subject at intake against the lists the service has loaded."""
    screener = snapshot(request).screener if step == "submit" else None
    return _registry(request).step(nomination_id, step, _officer(request, key), body.reason, screener)


@router.post("/nominations/{nomination_id}/evidence", status_code=201, responses=_ERRORS, summary="Add evidence")
def add_evidence(request: Request, key: Acting, nomination_id: NominationId, body: EvidenceUpload) -> dict:
    (file,) = _files([body])
    return _registry(request).add_evidence(
        nomination_id,
        file["data"],
        file["filename"],
        file["description"],
        _officer(request, key),
        file["captured_at"],
        file["captured_by"],
    )


# The raw-body upload below may be as large as service.max_evidence_bytes (api.app gives LimitBody this).
EVIDENCE_FILE_PATHS = r"/registry/nominations/\d+/evidence/file"


@router.post(
    "/nominations/{nomination_id}/evidence/file",
    status_code=201,
    responses={**_ERRORS, 413: error_response("The file is over service.max_evidence_bytes (25 MiB by default)")},
    summary="Add an evidence file (the body is the file)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def add_evidence_file(
    request: Request,
    key: Acting,
    nomination_id: NominationId,
    filename: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)],
    description: Annotated[str, Query(max_length=20_000, pattern=NO_NUL)] = "",
    captured_at: Annotated[str | None, Query(max_length=32, pattern=NO_NUL)] = None,
    captured_by: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> dict:
    """A PDF, photo or recording as large as ``service.max_evidence_bytes`` (``MAGNITSKY_MAX_EVIDENCE``):
    streamed to disk as it arrives, hashed and its type recognised on the way, never held whole in
    memory (the JSON route's base64 files must fit the service's 1 MiB body limit). Over the
    limit: 413 naming it, and nothing kept.

    Every touch of the disk (creating the temporary file, each chunk's write, discarding it) runs in
    the thread pool: on the event loop a slow disk would hold up every other request the worker
    serves for as long as a scan of tens of megabytes takes to write. The discard is shielded from
    cancellation, so a client that hangs up mid-upload leaves no temporary file behind."""
    registry = _registry(request)
    upload = await run_in_threadpool(registry.evidence.upload, filename)
    try:
        async for chunk in request.stream():
            if chunk:
                await run_in_threadpool(upload.write, chunk)
        return await run_in_threadpool(
            lambda: registry.add_evidence(
                nomination_id, upload, filename, description, _officer(request, key), captured_at, captured_by
            )
        )
    finally:
        with CancelScope(shield=True):
            await run_in_threadpool(upload.discard)


@router.get(
    "/evidence/{evidence_id}",
    responses={**_ERRORS, 200: {"content": {"application/octet-stream": {}}, "description": "The file"}},
    summary="Download an evidence file",
)
def read_evidence(request: Request, key: Acting, evidence_id: EvidenceId, reason: Reason) -> Response:
    """The bytes after a hash check, as an attachment that no browser renders or runs."""
    item, data = _registry(request).read_evidence(evidence_id, _officer(request, key), reason)
    return evidence_attachment(item, data)


def evidence_attachment(item: dict[str, Any], data: bytes) -> Response:
    """An evidence file as an attachment no browser renders or runs (also the officers' web pages' download)."""
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="evidence-{item["id"]}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "X-Evidence-Media-Type": item["media_type"],
            "X-Evidence-SHA256": item["sha256"],
        },
    )


@router.get("/evidence/{evidence_id}/custody", responses=_ERRORS, summary="Chain of custody")
def custody(request: Request, key: Acting, evidence_id: EvidenceId) -> list[dict]:
    _officer(request, key).require("investigator", "legal_reviewer", "decision_maker", "auditor", doing="read custody")
    return _registry(request).evidence.custody(evidence_id)


@router.get(
    "/nominations/{nomination_id}/evidence-pack",
    responses={**_ERRORS, 200: {"content": {"application/zip": {}}, "description": "Files and signed manifest"}},
    summary="Export the evidence pack",
)
def evidence_pack(request: Request, key: Acting, nomination_id: NominationId, reason: Reason) -> Response:
    data = _registry(request).evidence_pack(nomination_id, _officer(request, key), reason)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="nomination-{nomination_id}-evidence.zip"'},
    )


@router.get("/nominations/{nomination_id}/checklist", responses=_ERRORS, summary="The criteria checklist")
def get_checklist(request: Request, key: Acting, nomination_id: NominationId) -> list[dict]:
    registry = _registry(request)
    registry.view(nomination_id, _officer(request, key))  # may the officer read it at all
    return registry.checklist(nomination_id)


@router.put("/nominations/{nomination_id}/checklist", responses=_ERRORS, summary="Assess one element")
def assess(request: Request, key: Acting, nomination_id: NominationId, body: Assessment) -> list[dict]:
    return _registry(request).assess(
        nomination_id,
        body.regime,
        body.criterion,
        body.element,
        body.status,
        body.note,
        _officer(request, key),
        body.supporting,
        body.exculpatory,
    )


@router.post("/nominations/{nomination_id}/statement", status_code=201, responses=_ERRORS, summary="Save statement")
def write_statement(request: Request, key: Acting, nomination_id: NominationId, body: StatementRequest) -> dict:
    paragraphs = [p.model_dump() for p in body.paragraphs]
    version = _registry(request).write_statement(nomination_id, paragraphs, _officer(request, key))
    return {"version": version}


@router.get("/nominations/{nomination_id}/statement", responses=_ERRORS, summary="The statement of case")
def get_statement(
    request: Request,
    key: Acting,
    nomination_id: NominationId,
    version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> dict:
    """Paragraphs with their releasability and evidence, and the statement of reasons they make."""
    officer = _officer(request, key)
    officer.require("investigator", "legal_reviewer", "decision_maker", "auditor", doing="read the statement")
    paragraphs = _registry(request).statement(nomination_id, version)
    return {"paragraphs": [p.to_dict() for p in paragraphs], "statement_of_reasons": statement_of_reasons(paragraphs)}


@router.get("/nominations/{nomination_id}/statement/compare", responses=_ERRORS, summary="Compare versions")
def compare_statements(
    request: Request,
    key: Acting,
    nomination_id: NominationId,
    old: Annotated[int, Query(ge=1, le=MAX_ID)],
    new: Annotated[int, Query(ge=1, le=MAX_ID)],
) -> dict:
    officer = _officer(request, key)
    officer.require("investigator", "legal_reviewer", "decision_maker", "auditor", doing="read the statement")
    return {"diff": _registry(request).compare_statements(nomination_id, old, new)}


@router.post("/nominations/{nomination_id}/proposals", status_code=201, responses=_ERRORS, summary="Propose")
def propose(request: Request, key: Acting, nomination_id: NominationId, body: ProposalRequest) -> dict:
    return _registry(request).propose(nomination_id, body.action, body.reasons, _officer(request, key))


@router.post("/nominations/{nomination_id}/approve", responses=_ERRORS, summary="Approve the open proposal")
def approve(request: Request, key: Acting, nomination_id: NominationId, body: ApprovalRequest) -> dict:
    return _registry(request).approve(nomination_id, _officer(request, key), body.override)


@router.post("/nominations/{nomination_id}/refuse", responses=_ERRORS, summary="Refuse the open proposal")
def refuse(request: Request, key: Acting, nomination_id: NominationId, body: RefusalRequest) -> dict:
    return _registry(request).refuse(nomination_id, _officer(request, key), body.reasons)


@router.post("/nominations/{nomination_id}/publish", responses=_ERRORS, summary="Publish the approved decision")
def publish(request: Request, key: Acting, nomination_id: NominationId) -> dict:
    """Signed files, the feeds, and a new version of the authority's list that screening enforces."""
    return _registry(request).publish(nomination_id, _officer(request, key))


@router.get("/nominations/{nomination_id}/submitter", responses=_ERRORS, summary="Who submitted (recorded)")
def submitter(request: Request, key: Acting, nomination_id: NominationId, reason: Reason) -> dict:
    """Source protection only; every read goes into the audit trail."""
    details = _registry(request).submitters.read(nomination_id, _officer(request, key), reason)
    return details or {"anonymous": True}
