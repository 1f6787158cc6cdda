"""The screening desk: is this name on a list, and why does the screener think so?

A search runs the service's screener (the snapshot ``/match`` answers from) on a name with an
optional birth date, country and schema, and shows every candidate with its explanation: which
query token matched which listed token and how, and what the birth date or country added or took
away. Each search is audited as ``/match`` audits it, under the signed-in person's name. The entry
page shows everything the list says about an entry, the measures that apply, the list version it
comes from and how the entry changed across that list's versions.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from magnitsky.api.routes.common import snapshot
from magnitsky.cases import Actor
from magnitsky.errors import NotFoundError
from magnitsky.match import QueryError
from magnitsky.match.query import QUERY_SCHEMATA
from magnitsky.store import StoreError
from magnitsky.web.sessions import Signed
from magnitsky.web.templating import render

router = APIRouter()
analyst = Signed("analyst")
CANDIDATES = 10  # candidates shown for a search, best first
AUDIT_ACTION = "screen.match"  # the action /match records: a search here is the same question


@router.get("/screening")
def search(
    request: Request,
    actor: Annotated[Actor, Depends(analyst)],
    name: Annotated[str, Query(max_length=500)] = "",
    birth_date: Annotated[str, Query(max_length=40)] = "",
    country: Annotated[str, Query(max_length=100)] = "",
    schema: Annotated[str, Query(max_length=40)] = "Thing",
) -> Response:
    asked = {"name": name.strip(), "birth_date": birth_date.strip(), "country": country.strip(), "schema": schema}
    context: dict[str, Any] = {"asked": asked, "schemata": list(QUERY_SCHEMATA), "hits": None, "error": None}
    if not asked["name"]:
        return render(request, "screening/search.html", context)
    current = snapshot(request)
    properties = {"name": [asked["name"]]}
    if asked["birth_date"]:
        properties["birthDate"] = [asked["birth_date"]]
    if asked["country"]:
        properties["country"] = [asked["country"]]
    try:
        result = current.screener.screen({"schema": schema, "properties": properties}, limit=CANDIDATES)
    except QueryError as exc:
        return render(request, "screening/search.html", {**context, "error": str(exc)}, 400)
    request.app.state.audit.append(
        actor.name,
        AUDIT_ACTION,
        f"user:{actor.name}",
        {
            "endpoint": "GET /ui/screening",
            "threshold": result.threshold,
            "versions": list(current.labels),
            "asked": {"schema": schema, "properties": properties},
            "answered": [{"id": h.entity_id, "score": h.score, "match": h.match} for h in result.matches],
        },
    )
    hits = [(hit, current.by_id[hit.entity_id]) for hit in result.matches]
    context.update(hits=hits, threshold=result.threshold, versions=current.labels)
    return render(request, "screening/search.html", context)


@router.get("/entities/{entity_id:path}", dependencies=[Depends(analyst)])
def entity(
    request: Request, entity_id: str, version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None
) -> Response:
    """One entry as the list gives it (the version screened against, or an older ``version``)."""
    current = snapshot(request)
    store = request.app.state.store
    found = current.by_id.get(entity_id) if version is None else None
    try:
        if found is None:
            found = store.entity(entity_id, version)
            shown = store.version(found.source, version)
        else:
            shown = current.sources[found.source]
    except StoreError as exc:
        raise NotFoundError(f"no listed entry {entity_id!r}: {exc}") from exc
    context = {
        "entity": found,
        "version": shown,
        "screened": current.sources.get(found.source),
        "target": found.id in current.by_id,
        "applied": request.app.state.measures.for_entity(found),
        "history": store.history(found.id),
    }
    return render(request, "screening/entity.html", context)
