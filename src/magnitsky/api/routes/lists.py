"""Reading the lists: ``GET /search/{dataset}``, ``GET /entities/{id}``, ``GET /catalog``, ``GET /programs``."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from magnitsky.api.audit import audited
from magnitsky.api.keys import ApiKey, Role
from magnitsky.api.models import MAX_LIMIT, DataCatalogModel, EntityResponse, ProgramModel, SearchResponse
from magnitsky.api.routes.common import (
    AUTH_ERRORS,
    DEFAULT_DATASET,
    SCREEN_ERRORS,
    StrictJsonRoute,
    dataset_sources,
    error_response,
    snapshot,
)
from magnitsky.api.security import require
from magnitsky.api.views import entity_view
from magnitsky.match import QueryError
from magnitsky.match.query import QUERY_SCHEMATA
from magnitsky.store import StoreError

router = APIRouter(tags=["Lists"], route_class=StrictJsonRoute)
_SEARCHED = 200  # candidates ranked for a search, before offset and limit


@router.get("/search/{dataset}", response_model=SearchResponse, responses=SCREEN_ERRORS, summary="Name search")
def search(
    request: Request,
    response: Response,
    key: Annotated[ApiKey, Depends(require(Role.SCREENER))],
    dataset: Annotated[str, Path(max_length=100)],
    q: Annotated[str, Query(min_length=1, max_length=500, description="A name, in any script.")],
    schema: Annotated[str, Query(description=f"One of {', '.join(QUERY_SCHEMATA)}.", max_length=40)] = "Thing",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    offset: Annotated[int, Query(ge=0, le=_SEARCHED)] = 0,
) -> dict:
    """Listed entries whose names are like `q`, most alike first. Unlike /match this ranks by name
    alone and gives no scores; use /match to decide whether someone is listed. Audited."""
    current = snapshot(request)
    sources = dataset_sources(current, dataset)
    try:
        result = current.screener.screen({"schema": schema, "properties": {"name": [q]}}, limit=_SEARCHED)
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from exc
    # each listing of a person on several lists, so a search of one list finds its own entry
    hits = [listing for h in result.matches for listing in h.each_listing() if listing.source in sources]
    page = hits[offset : offset + limit]
    entities = [current.by_id[h.entity_id] for h in hits]
    audited(
        request,
        response,
        key,
        "screen.search",
        {
            "dataset": dataset,
            "versions": list(current.labels),
            "asked": {"q": q, "schema": schema},
            "answered": [{"id": h.entity_id, "score": h.score} for h in page],
        },
    )
    return {
        "limit": limit,
        "offset": offset,
        "total": {"value": len(hits), "relation": "eq"},
        "results": [entity_view(current, current.by_id[h.entity_id]) for h in page],
        "facets": {
            "datasets": _facet("Data sources", Counter(e.source for e in entities)),
            "schema": _facet("Types", Counter(e.schema for e in entities)),
            "countries": _facet("Countries", Counter(c for e in entities for c in {*e.nationalities, *e.countries})),
        },
    }


def _facet(label: str, counts: Counter) -> dict:
    return {"label": label, "values": [{"name": k, "label": k, "count": n} for k, n in counts.most_common()]}


@router.get(
    "/entities/{entity_id}",
    response_model=EntityResponse,
    responses={**AUTH_ERRORS, 404: SCREEN_ERRORS[404], 503: SCREEN_ERRORS[503]},
    summary="One listed entry",
)
def entity(
    request: Request,
    key: Annotated[ApiKey, Depends(require(Role.SCREENER))],
    entity_id: Annotated[
        str, Path(max_length=300, description="`source:source_id` (ofac_sdn:16399) or the FtM id (ofac-sdn-16399).")
    ],
    nested: Annotated[bool, Query(description="Include the sanction, documents and links as nested entities.")] = True,
) -> dict:
    """Everything the list says about one entry, as FollowTheMoney properties."""
    current = snapshot(request)
    found = current.by_id.get(entity_id)
    if found is None:  # an entry a list gives only as context (not a target) is not in the index
        try:
            found = request.app.state.store.entity(entity_id)
        except StoreError as exc:
            raise HTTPException(404, f"no listed entry {entity_id!r}: {exc}") from exc
        return {**entity_view(current, found, nested), "target": False}
    return entity_view(current, found, nested)


@router.get("/catalog", response_model=DataCatalogModel, responses=AUTH_ERRORS, summary="Datasets and versions")
def catalog(request: Request, key: Annotated[ApiKey, Depends(require(Role.SCREENER))]) -> dict:
    """Every loaded source with its newest version, and the version this server screens against."""
    holder = request.app.state.holder
    indexed = holder.current.sources if holder.current else {}
    datasets: list[dict] = []
    current: list[str] = []
    outdated: list[str] = []
    for version in request.app.state.store.current_versions():
        serving = indexed.get(version.source)
        up_to_date = serving is not None and serving.number == version.number
        (current if up_to_date else outdated).append(version.source)
        datasets.append(
            {
                "name": version.source,
                "title": version.source,
                "version": str(version.number),
                "index_version": str(serving.number) if serving else None,
                "index_current": up_to_date,
                "entity_count": version.entity_count,
                "schemata": version.schema_counts,
                "publication_date": version.publication_date,
                "loaded_at": version.loaded_at.isoformat(),
                "sha256": version.sha256,
            }
        )
    names = [d["name"] for d in datasets]
    datasets.insert(
        0,
        {
            "name": DEFAULT_DATASET,
            "title": "All loaded lists",
            "children": names,
            "version": ",".join(f"{d['name']}:{d['version']}" for d in datasets),
            "index_version": ",".join(holder.current.labels) if holder.current else None,
            "index_current": not outdated and bool(names),
            "entity_count": sum(d["entity_count"] for d in datasets),
        },
    )
    return {"datasets": datasets, "current": current, "outdated": outdated, "index_stale": bool(outdated)}


@router.get(
    "/programs",
    response_model=list[ProgramModel],
    responses={**AUTH_ERRORS, 404: error_response("No program of the current lists is named so")},
    summary="Programs of each list",
)
def programs(
    request: Request,
    key: Annotated[ApiKey, Depends(require(Role.SCREENER))],
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Only the programs this code or name names, in any case."),
    ] = None,
) -> list[dict]:
    """Each loaded list's programs with their entries (one row per list: a regime named alike on
    two lists is two rows). `q` ("jvcfoa", "global magnitsky") keeps the programs it names: 404
    when it names none."""
    try:
        found = request.app.state.store.programs(named=q)
    except StoreError as exc:
        raise HTTPException(404, str(exc)) from exc
    return [asdict(c) for c in found]
