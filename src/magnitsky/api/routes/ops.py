"""Operations, without a key: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from magnitsky.api import metrics
from magnitsky.api.models import ReadyResponse, StatusResponse
from magnitsky.api.routes.common import StrictJsonRoute

router = APIRouter(tags=["Operations"], route_class=StrictJsonRoute)


@router.get("/healthz", response_model=StatusResponse, summary="Liveness")
async def healthz() -> dict:
    """The process answers. (Answered on the event loop: a plain function would wait for a thread
    of the pool behind the screening requests, and took seconds under load.)"""
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadyResponse, responses={503: {"model": ReadyResponse}}, summary="Readiness")
async def readyz(request: Request):
    """200 once an index is loaded (503 before), with the versions in use and the reload state."""
    holder = request.app.state.holder
    current, status = holder.current, holder.status
    body = ReadyResponse(
        status="ok" if current else "loading",
        versions=list(current.labels) if current else [],
        reloading=status.running,
        reloads=status.count,
        last_error=status.last_error,
    )
    return JSONResponse(body.model_dump(), status_code=200 if current else 503)


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics",
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
def prometheus() -> Response:
    return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)
