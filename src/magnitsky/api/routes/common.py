"""What the endpoints share: the current snapshot, dataset names, documented error answers."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import HTTPException, Request
from fastapi.routing import APIRoute

from magnitsky.api.models import ErrorResponse
from magnitsky.api.reload import Snapshot

DEFAULT_DATASET = "default"  # every loaded source


Responses = dict[int | str, dict[str, Any]]  # the ``responses=`` of a route: documented answers by status


def error_response(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


# Any endpoint may get these: malformed JSON, a request that does not fit its parameters, an oversized body.
COMMON_ERRORS: Responses = {
    400: error_response("The body is not valid JSON, or the request cannot be served as given"),
    413: error_response("Request body over the size limit"),
    422: error_response("The request does not fit the schema (the message names the field)"),
}
AUTH_ERRORS: Responses = {
    401: error_response("No API key, or not a valid one"),
    403: error_response("The key's role may not do this"),
    429: error_response("The key is over its rate limit; see Retry-After"),
}
SCREEN_ERRORS: Responses = {
    **AUTH_ERRORS,
    400: error_response("Malformed JSON, or a query that cannot be screened (the message names the property)"),
    404: error_response("Unknown dataset"),
    413: error_response("Request body over the size limit"),
    422: error_response("The request does not fit the schema (the message names the field)"),
    503: error_response("No index loaded yet, or the audit trail could not be written; see Retry-After"),
}


class _StrictJsonRequest(Request):
    async def json(self):
        if not hasattr(self, "_json"):
            self._json = orjson.loads(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    """A route whose JSON body is parsed strictly (orjson): a lone surrogate escape
    (``"\\ud800"``), NaN or an integer beyond 64 bits is a JSON decode error answered with 400,
    instead of a value the standard parser accepts and the audit trail then fails to write
    (which answered 503 "retry later" to input that no retry can fix)."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def strict_handler(request: Request):
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler


def snapshot(request: Request) -> Snapshot:
    """The snapshot this request runs on, taken once; 503 while the first index is loading."""
    current = request.app.state.holder.current
    if current is None:
        raise HTTPException(503, "the screening index is still loading; retry shortly", headers={"Retry-After": "5"})
    return current


def dataset_sources(current: Snapshot, dataset: str) -> set[str]:
    """The sources ``dataset`` stands for; 404 naming the known ones when there is no such dataset."""
    sources = set(current.sources)
    if dataset == DEFAULT_DATASET:
        return sources
    if dataset not in sources:
        known = ", ".join([DEFAULT_DATASET, *sorted(sources)])
        raise HTTPException(404, f"unknown dataset {dataset!r}; available: {known}")
    return {dataset}
