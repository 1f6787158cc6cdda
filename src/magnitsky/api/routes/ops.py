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


@router.get("/readyz", response_model=ReadyResponse, responses={503: {"model": ReadyResponse}}, summary="Readiness")
async def readyz(request: Request):
    """200 only when every live worker of this server screens against the store's current list
    versions; 503 otherwise, naming the worker that lags. Whichever worker is asked answers for
    all: a load balancer must not send traffic while any worker screens against older lists."""
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
    body.workers = [WorkerReadiness(pid=pid, versions=v, ready=v == body.store_versions) for pid, v in served.items()]
    lagging = [worker for worker in body.workers if not worker.ready]
    if not current:
        body.status, body.detail = "no lists", NO_LISTS
    elif lagging:
        body.status, body.detail = "loading", _lag(lagging, body.store_versions)
    return JSONResponse(body.model_dump(), status_code=200 if body.status == "ok" else 503)


def _lag(lagging: list[WorkerReadiness], store_versions: list[str]) -> str:
    first, more = lagging[0], f" (and {len(lagging) - 1} more workers)" if len(lagging) > 1 else ""
    serving = ", ".join(first.versions) or "no list yet"
    return f"worker {first.pid}{more} screens against {serving}; the store has {', '.join(store_versions)}"


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics",
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
def prometheus() -> Response:
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)
