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
from starlette.responses import Response

from magnitsky.api.models import NO_NUL
from magnitsky.api.routes.common import snapshot
from magnitsky.api.routes.registry import PUBLIC_RATE
from magnitsky.registry import PUBLIC_OFFICER, RegistryError
from magnitsky.registry.nomination import SUBJECT_SCHEMATA
from magnitsky.registry.register import PublicRegister
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
        "conduct": {k: form[k] or None for k in ("what", "when", "where", "victims", "role")},
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
    evidence: Annotated[list[UploadFile] | None, Form()] = None,
) -> Response:
    values = {k: v for k, v in locals().items() if isinstance(v, str | bool)}
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
