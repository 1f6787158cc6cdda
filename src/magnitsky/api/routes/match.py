"""``POST /match/{dataset}``: yente's query-by-example matcher, answered by Magnitsky's screener."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response

from magnitsky.api.audit import audited
from magnitsky.api.keys import ApiKey, Role
from magnitsky.api.models import MAX_LIMIT, Algorithm, EntityExample, EntityMatchQuery, EntityMatchResponse
from magnitsky.api.routes.common import SCREEN_ERRORS, StrictJsonRoute, dataset_sources, snapshot
from magnitsky.api.security import require
from magnitsky.api.views import MATCHER, scored_view
from magnitsky.match import QueryError
from magnitsky.match.query import SCREENED_PROPERTIES

router = APIRouter(tags=["Matching"], route_class=StrictJsonRoute)
_UNREAD_NAMES_KEPT = 10  # names of unread properties kept in an audit record, to see what a client sends


@router.post(
    "/match/{dataset}",
    response_model=EntityMatchResponse,
    responses=SCREEN_ERRORS,
    summary="Query by example matcher (yente-compatible)",
)
def match(
    request: Request,
    response: Response,
    body: EntityMatchQuery,
    key: Annotated[ApiKey, Depends(require(Role.SCREENER))],
    dataset: Annotated[str, Path(description="A source name (see /catalog) or `default` for all.", max_length=100)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results per query.")] = 5,
    threshold: Annotated[
        float | None, Query(ge=0, le=1, description="Score from which a result is a `match` (default 0.85).")
    ] = None,
    cutoff: Annotated[
        float, Query(ge=0, le=1, deprecated=True, description="Leave out results scoring below this.")
    ] = 0.0,
    algorithm: Annotated[
        Algorithm, Query(description="Accepted for yente compatibility; Magnitsky's matcher answers.")
    ] = Algorithm.magnitsky,
    include_dataset: Annotated[list[str], Query(max_length=50, description="Only results from these sources.")] = [],
    exclude_dataset: Annotated[list[str], Query(max_length=50, description="No results from these sources.")] = [],
    exclude_schema: Annotated[list[str], Query(max_length=20, description="No results of these schemata.")] = [],
    topics: Annotated[
        list[str],
        Query(max_length=20, description="Only results with one of these topics (all listed entries have `sanction`)."),
    ] = [],
    exclude_entity_ids: Annotated[
        list[str],
        Query(max_length=50, description="Leave these entries out (either id form), e.g. cleared false positives."),
    ] = [],
) -> dict:
    """Screen each example entity in `queries` against the lists; the answer for each comes back
    under the same key, best candidate first, with `match` set from `threshold` on and the reasons
    in `features` and `explanation`. The request and its answer are written to the audit trail
    before the answer is sent (`X-Audit-Record` names the record)."""
    current = snapshot(request)
    sources = dataset_sources(current, dataset)
    if include_dataset:
        sources &= set(include_dataset)
    sources -= set(exclude_dataset)
    if body.config:
        raise HTTPException(
            400, f"invalid configuration parameter(s) {', '.join(sorted(body.config))}: Magnitsky's matcher takes none"
        )
    excluded = {current.by_id[i].id if i in current.by_id else i for i in exclude_entity_ids}
    wanted_topic = not topics or "sanction" in topics
    threshold = current.screener.threshold if threshold is None else threshold

    def wanted(entity) -> bool:
        return (
            wanted_topic
            and entity.source in sources
            and entity.schema not in exclude_schema
            and entity.id not in excluded
        )

    responses, answered = {}, {}
    for name, example in body.queries.items():
        query = example.model_dump(by_alias=True, exclude={"id"})
        try:
            result = current.screener.screen(query, threshold=threshold, limit=limit, accept=wanted)
        except QueryError as exc:
            raise HTTPException(400, f"query {name!r}: {exc}") from exc
        hits = [h for h in result.matches if h.score >= cutoff]
        responses[name] = {
            "status": 200,
            "results": [scored_view(current, h) for h in hits],
            "total": _total(hits, limit),
            "query": _echo(example),
        }
        answered[name] = [{"id": h.entity_id, "score": h.score, "match": h.match} for h in hits]
    audited(
        request,
        response,
        key,
        "screen.match",
        {
            "dataset": dataset,
            "threshold": threshold,
            "versions": list(current.labels),
            "asked": {name: _asked(example) for name, example in body.queries.items()},
            "answered": answered,
        },
    )
    response.headers["X-Batch-Size"] = str(len(responses))
    return {"responses": responses, "matcher": MATCHER, "limit": limit, "versions": list(current.labels)}


def _total(hits: list, limit: int) -> dict:
    """yente's ``total``: exact below the limit; at the limit, "at least" (the matcher stops
    scoring candidates once none could enter the results)."""
    return {"value": len(hits), "relation": "eq" if len(hits) < limit else "gte"}


def _asked(example: EntityExample) -> dict:
    """A query as the audit trail keeps it: what screening used, verbatim, and of the properties it
    does not read only how many came and the first few names. A screener key could otherwise
    write a megabyte of unread properties into the trail with every request."""
    echo = _echo(example)
    properties = echo["properties"]
    echo["properties"] = {k: v for k, v in properties.items() if k in SCREENED_PROPERTIES}
    unread = sorted(k for k in properties if k not in SCREENED_PROPERTIES)
    if unread:
        echo["unread_properties"] = {"count": len(unread), "first": [k[:40] for k in unread[:_UNREAD_NAMES_KEPT]]}
    return echo


def _echo(example: EntityExample) -> dict:
    """The query as yente echoes it: every property value as a list."""
    properties = {k: v if isinstance(v, list) else [v] for k, v in example.properties.items()}
    return {"id": example.id, "schema": example.schema_, "properties": properties}
