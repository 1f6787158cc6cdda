"""Operations, without a key: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from magnitsky.api import metrics
from magnitsky.api.models import ReadyResponse, StatusResponse, WorkerReadiness
from magnitsky.api.reload import version_labels
from magnitsky.api.routes.common import StrictJsonRoute

router = APIRouter(tags=["Operations"], route_class=StrictJsonRoute)


@router.get("/healthz", response_model=StatusResponse, summary="Liveness")
async def healthz() -> dict:
    """The process answers. (Answered on the event loop: a plain function would wait for a thread
    of the pool behind the screening requests, and took seconds under load.)"""
    return {"status": "ok"}


NO_LISTS = (
    "no list is loaded: run `magnitsky load FILE...`; the service screens against it after its next poll "
    "or POST /admin/reload"
)
# What keeps a load balancer's traffic away; "updating" does not (the previous versions still answer).
UNREADY = ("loading", "no lists", "store unreachable")


@router.get("/readyz", response_model=ReadyResponse, responses={503: {"model": ReadyResponse}}, summary="Readiness")
async def readyz(request: Request):
    """Whether this server can screen: 503 while any live worker has no index yet (starting, or
    respawned), 200 once every one has. A worker still screening against the previous versions
    while it builds the new index is serving, not unready: 200 with status ``updating`` naming it
    and each worker's versions. Were it 503, every worker would drop out of a load balancer at
    once on every list update, an outage for a reload that costs none. Whichever worker is asked
    answers for all of them (see api.readiness)."""
    holder, board = request.app.state.holder, request.app.state.readiness
    status = holder.status
    body = ReadyResponse(
        status="ok",
        versions=list(holder.current.labels) if holder.current else [],
        reloading=status.running,
        reloads=status.count,
        last_error=status.last_error,
    )
    try:  # in a thread of its own, not behind the screening requests in the endpoints' pool
        current, others = await asyncio.to_thread(lambda: (holder.store.current_versions(), board.workers()))
    except SQLAlchemyError as exc:
        body.status, body.detail = "store unreachable", f"the list store cannot be read ({type(exc).__name__})"
        return JSONResponse(body.model_dump(), status_code=503)
    body.store_versions = list(version_labels(current))
    served = {worker.pid: list(worker.versions) for worker in others} | {board.pid: body.versions}  # ours first-hand
    body.workers = [
        WorkerReadiness(pid=pid, versions=v, ready=bool(v), current=v == body.store_versions)
        for pid, v in served.items()
    ]
    starting = [worker for worker in body.workers if not worker.ready]
    behind = [worker for worker in body.workers if worker.ready and not worker.current]
    if not current:
        body.status, body.detail = "no lists", NO_LISTS
    elif starting:
        body.status, body.detail = "loading", _lag(starting, body.store_versions)
    elif behind:
        body.status, body.detail = "updating", _lag(behind, body.store_versions)
    return JSONResponse(body.model_dump(), status_code=503 if body.status in UNREADY else 200)


def _lag(lagging: list[WorkerReadiness], store_versions: list[str]) -> str:
    first, more = lagging[0], f" (and {len(lagging) - 1} more workers)" if len(lagging) > 1 else ""
    serving = ", ".join(first.versions) or "no index yet"
    return f"worker {first.pid}{more} screens against {serving}; the store has {', '.join(store_versions)}"


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics",
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
def prometheus() -> Response:
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)
