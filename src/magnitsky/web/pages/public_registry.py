"""The registry's public pages, no sign-in, in English and Russian: the nomination form and the
public register of published designations.

The form is the API's public door (``POST /registry/public/nominations``) as a page: the same
:meth:`Registry.nominate` with the public channel's officer, the same per-address rate limit (one
bucket for both doors), a receipt as the only answer. It is a plain multipart form; a small
script (``static/nominate.js``) only adds an upload progress bar. The register shows what
publication made public (:class:`magnitsky.registry.register.PublicRegister`), one linkable page
per designation.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request, UploadFile
from sqlalchemy import select
from starlette.responses import Response

from magnitsky.api.models import NO_NUL
from magnitsky.api.routes.common import snapshot
from magnitsky.api.routes.registry import PUBLIC_RATE
from magnitsky.registry import PUBLIC_OFFICER, NotFound, RegistryError
from magnitsky.registry.errors import ConflictError
from magnitsky.registry.nomination import SUBJECT_SCHEMATA, VICTIM_GROUPS
from magnitsky.registry.petitions import CAPACITIES, GROUNDS, SOUGHT
from magnitsky.registry.register import PublicRegister
from magnitsky.registry.schema import registry_nominations
from magnitsky.web.sessions import Anonymous
from magnitsky.web.templating import render

router = APIRouter()
anonymous = Depends(Anonymous())
MAX_FILES = 3
NOMINATE = "/nominate"  # its body limit is service.max_evidence_bytes, not the service's (web.uploads)
Short = Annotated[str, Form(max_length=1000)]
Long = Annotated[str, Form(max_length=20_000)]


def _criteria(request: Request) -> list[dict[str, Any]]:
    """The regimes and their criteria, for the form's choice (``regime:criterion``)."""
    return [
        {"title": r.title, "criteria": [(f"{r.id}:{c.id}", c.provision) for c in r.criteria]}
        for r in request.app.state.registry.regimes.values()
    ]


def _form(request: Request, values: dict[str, Any], error: str | None = None, status: int = 200) -> Response:
    context = {"regimes": _criteria(request), "schemata": SUBJECT_SCHEMATA, "values": values, "error": error}
    context["victim_groups"] = VICTIM_GROUPS
    context["evidence_mib"] = f"{request.app.state.settings.service.max_evidence_bytes / (1 << 20):g}"
    return render(request, "registry/nominate.html", context, status)


@router.get("/nominate", dependencies=[anonymous])
async def nomination_form(request: Request) -> Response:
    return _form(request, {})


def _listed(text: str) -> list[str]:
    return [text.strip()] if text.strip() else []


def _nomination(form: dict[str, Any]) -> dict[str, Any]:
    """The form's fields as the nomination the API takes (its parser checks and names every field)."""
    regime, _, criterion = form["criterion"].partition(":")
    submitter = None
    if not form["anonymous"]:
        submitter = {k: form[f"submitter_{k}"] for k in ("name", "organisation", "email") if form[f"submitter_{k}"]}
    return {
        "subject": {
            "schema": form["kind"],
            "name": form["name"],
            "original_names": _listed(form["original_name"]),
            "birth_dates": _listed(form["birth_date"]),
            "nationalities": _listed(form["nationality"]),
        },
        "conduct": {k: form[k] or None for k in ("what", "when", "where", "victims", "role")}
        | {"victim_groups": form["victim_groups"]},
        "regimes": {regime: [criterion]} if regime else {},
        "submitter": submitter or None,
    }


@router.post(NOMINATE, dependencies=[anonymous])
async def nominate(
    request: Request,
    criterion: Annotated[str, Form(max_length=210, pattern=NO_NUL)] = "",
    kind: Annotated[str, Form(max_length=30)] = "Person",  # the subject's schema ("schema" shadows pydantic's)
    name: Short = "",
    original_name: Short = "",
    birth_date: Annotated[str, Form(max_length=10)] = "",
    nationality: Annotated[str, Form(max_length=100)] = "",
    what: Long = "",
    when: Short = "",
    where: Short = "",
    victims: Long = "",
    role: Long = "",
    evidence_description: Long = "",
    anonymous: Annotated[bool, Form()] = False,
    submitter_name: Short = "",
    submitter_organisation: Short = "",
    submitter_email: Short = "",
    victim_groups: Annotated[list[str], Form(max_length=len(VICTIM_GROUPS))] = [],  # noqa: B006 (FastAPI copies defaults)
    evidence: Annotated[list[UploadFile] | None, Form()] = None,
) -> Response:
    values: dict[str, Any] = {k: v for k, v in locals().items() if isinstance(v, str | bool)}
    values["victim_groups"] = victim_groups
    client = request.client.host if request.client else "unknown"
    wait = request.app.state.public_limiter.take_named(f"public:{client}", PUBLIC_RATE)
    if wait:
        message = f"too many nominations from this address; try again in {math.ceil(wait)} s"
        return _form(request, values, message, 429)
    files = [f for f in evidence or [] if f.filename]
    if len(files) > MAX_FILES:
        return _form(request, values, f"at most {MAX_FILES} evidence files", 422)
    uploads = [{"data": await f.read(), "filename": f.filename, "description": evidence_description} for f in files]
    registry = request.app.state.registry
    try:
        view = registry.nominate(_nomination(values), PUBLIC_OFFICER, snapshot(request).screener, uploads)
    except RegistryError as refused:  # a malformed nomination: the form again, with what to fix
        return _form(request, values, str(refused), 422)
    receipt = {"number": view["id"], "evidence": [(e["filename"], e["sha256"]) for e in view["evidence"]]}
    return render(request, "registry/receipt.html", receipt, 201)


@router.get("/register", dependencies=[anonymous])
async def register(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    entries = PublicRegister(request.app.state.registry).entries(q)
    return render(request, "registry/register.html", {"entries": entries, "q": q})


@router.get("/register/{designation_id}", dependencies=[anonymous])
async def designation(
    request: Request, designation_id: Annotated[str, Path(max_length=100, pattern=NO_NUL)]
) -> Response:
    entry = PublicRegister(request.app.state.registry).entry(designation_id)
    return render(request, "registry/designation.html", {"entry": entry})


# Petitions for removal or variation: the listed person's or their representative's way back.
# The receipt token is shown once; the status page takes it in a POST body, never in the URL.
PETITION = "/petition"


def _petition_form(request: Request, values: dict[str, Any], error: str | None = None, status: int = 200) -> Response:
    context = {"values": values, "error": error, "grounds": GROUNDS, "capacities": CAPACITIES, "sought": SOUGHT}
    return render(request, "registry/petition_form.html", context, status)


def _too_many(request: Request, what: str) -> str | None:
    client = request.client.host if request.client else "unknown"
    wait = request.app.state.public_limiter.take_named(f"public:{what}:{client}", PUBLIC_RATE)
    return f"too many {what} from this address; try again in {math.ceil(wait)} s" if wait else None


def _nomination_of(request: Request, designation: str) -> int:
    """The nomination behind a designation number as the register shows it."""
    with request.app.state.registry.engine.connect() as conn:
        found = conn.execute(
            select(registry_nominations.c.id).where(registry_nominations.c.designation_id == designation.strip())
        ).first()
    if found is None:
        raise RegistryError(f"designation: no designation {designation.strip()!r} on the public register")
    return int(found.id)


@router.get(PETITION, dependencies=[anonymous])
async def petition_form(request: Request, designation: Annotated[str, Query(max_length=100)] = "") -> Response:
    return _petition_form(request, {"designation": designation})


@router.post(PETITION, dependencies=[anonymous])
async def petition(
    request: Request,
    designation: Annotated[str, Form(max_length=100, pattern=NO_NUL)] = "",
    sought: Annotated[str, Form(max_length=20)] = "revoke",
    grounds: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    statement: Long = "",
    new_matter: Long = "",
    name: Short = "",
    capacity: Annotated[str, Form(max_length=30)] = "subject",
    representative: Short = "",
    contact: Short = "",
    evidence_description: Long = "",
    evidence: Annotated[list[UploadFile] | None, Form()] = None,
) -> Response:
    values: dict[str, Any] = {k: v for k, v in locals().items() if isinstance(v, str)} | {"grounds": grounds}
    if refused := _too_many(request, "petitions"):
        return _petition_form(request, values, refused, 429)
    files = [f for f in evidence or [] if f.filename]
    if len(files) > MAX_FILES:
        return _petition_form(request, values, f"at most {MAX_FILES} evidence files", 422)
    uploads = [{"data": await f.read(), "filename": f.filename, "description": evidence_description} for f in files]
    data = {
        "sought": sought,
        "grounds": grounds,
        "statement": statement,
        "new_matter": new_matter or None,
        "petitioner": {"name": name, "capacity": capacity, "representative": representative, "contact": contact},
    }
    try:
        nomination = _nomination_of(request, designation)
        view, token = request.app.state.registry.petitions.file(nomination, data, PUBLIC_OFFICER, uploads)
    except (RegistryError, NotFound, ConflictError) as refused:  # the form again, with what to fix
        return _petition_form(request, values, str(refused), 409 if isinstance(refused, ConflictError) else 422)
    return render(request, "registry/petition_receipt.html", {"number": view["id"], "token": token}, 201)


@router.get(f"{PETITION}/status", dependencies=[anonymous])
async def petition_status_form(request: Request) -> Response:
    return render(request, "registry/petition_status.html", {"status": None, "token": "", "error": None})


def _status(request: Request, token: str, error: str | None = None, status: int = 200) -> Response:
    try:
        found = request.app.state.registry.petitions.status(token)
    except NotFound:
        context = {"status": None, "token": "", "error": "no petition has this receipt token"}
        return render(request, "registry/petition_status.html", context, 404)
    return render(request, "registry/petition_status.html", {"status": found, "token": token, "error": error}, status)


Token = Annotated[str, Form(min_length=1, max_length=200, pattern=NO_NUL)]


@router.post(f"{PETITION}/status", dependencies=[anonymous])
async def petition_status(request: Request, token: Token) -> Response:
    if refused := _too_many(request, "petition status requests"):
        return render(request, "registry/petition_status.html", {"status": None, "token": "", "error": refused}, 429)
    return _status(request, token.strip())


@router.post(f"{PETITION}/reply", dependencies=[anonymous])
async def petition_reply(request: Request, token: Token, text: Long = "") -> Response:
    if refused := _too_many(request, "petition replies"):
        return render(request, "registry/petition_status.html", {"status": None, "token": "", "error": refused}, 429)
    try:
        request.app.state.registry.petitions.reply(token.strip(), text)
    except NotFound:
        return _status(request, token.strip())
    except (RegistryError, ConflictError) as refused:
        return _status(request, token.strip(), str(refused), 422)
    return _status(request, token.strip())
