"""The FastAPI application: ``create_app(settings)``.

One app per worker process. It opens the store, loads the screening index before the worker
accepts its first connection (so no worker, a respawned one included, answers 503 for want of an
index while another could answer) and follows new list versions while it runs.
Errors always answer ``{"detail": "<what is wrong, where>"}``.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from magnitsky import __version__, web
from magnitsky.api import docs, metrics
from magnitsky.api.audit import AuditWriter
from magnitsky.api.edge import LimitBody, RefuseNul
from magnitsky.api.errors import magnitsky_error
from magnitsky.api.keys import KeyStore
from magnitsky.api.readiness import ReadinessBoard
from magnitsky.api.reload import ScreenerHolder, Snapshot
from magnitsky.api.routes import (
    admin,
    cases,
    links,
    lists,
    match,
    ops,
    registry,
    registry_duties,
    registry_petitions,
    requests,
    screen,
)
from magnitsky.api.routes.common import COMMON_ERRORS
from magnitsky.api.security import KeyCache, RateLimiter
from magnitsky.cases import CaseService
from magnitsky.cases.sessions import Sessions
from magnitsky.errors import MagnitskyError
from magnitsky.registry import Registry
from magnitsky.screening.measures import MeasuresTable
from magnitsky.screening.payments import JurisdictionRules
from magnitsky.settings import Settings
from magnitsky.store import ListStore, database_problem
from magnitsky.store.checkpoints import CheckpointSigner

log = logging.getLogger(__name__)

DESCRIPTION = """Targeted-sanctions screening over HTTP. `/match`, `/search`, `/entities` and `/catalog`
answer in the shapes of yente (the OpenSanctions API), so yente clients work unchanged.
Send an API key as `Authorization: ApiKey <key>`; every screening answer is audited."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    service, screening = settings.service, settings.screening
    store = ListStore(settings.store.database_url)
    readiness = ReadinessBoard.of_this_server(settings.store.home)

    def swapped(snapshot: Snapshot, seconds: float) -> None:
        metrics.swapped(snapshot, seconds)
        readiness.publish(snapshot.labels)  # the other workers' /readyz learn of it

    holder = ScreenerHolder(
        store, settings.store.index_dir, screening.thresholds.match, service.reload_poll_seconds, on_swap=swapped
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        readiness.publish(())  # loading: the other workers' /readyz count this one as not ready yet
        await asyncio.to_thread(holder.start)  # the worker accepts connections only after this: once it can answer
        yield
        holder.stop()
        readiness.withdraw()

    app = FastAPI(
        title="Magnitsky",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by api.docs from local files, not from a CDN
        redoc_url=None,
    )
    keys = KeyStore(store.engine)
    app.state.settings = settings
    app.state.store = store
    app.state.holder = holder
    app.state.readiness = readiness
    app.state.audit = AuditWriter(store.engine, CheckpointSigner(settings.store.home))
    app.state.keys = keys
    app.state.cases = CaseService(store.engine, screening.thresholds.four_eyes)
    # The authority's rule files, read once at start: a malformed one stops the service from starting.
    app.state.measures = MeasuresTable.load(screening.measures_file)
    app.state.jurisdictions = JurisdictionRules.load(screening.jurisdictions_file)
    app.state.key_cache = KeyCache(keys, service.key_cache_seconds)
    app.state.rate_limiter = RateLimiter(service.rate, service.burst)
    app.state.registry = Registry(store, settings.store.home, keys=settings.store.registry_keys)
    app.state.public_limiter = RateLimiter(registry.PUBLIC_RATE, registry.PUBLIC_BURST)
    for module in (
        match,
        screen,
        lists,
        links,
        cases,
        requests,
        admin,
        ops,
        registry,
        registry_petitions,
        registry_duties,
    ):
        app.include_router(module.router, responses=COMMON_ERRORS)
    docs.install(app)
    app.exception_handler(RequestValidationError)(_invalid_request)
    app.exception_handler(MagnitskyError)(magnitsky_error)
    app.exception_handler(SQLAlchemyError)(_database_error)
    app.add_exception_handler(Exception, _internal_error)
    app.state.sessions = Sessions(store.engine)
    web.install(app)  # the pages under /ui, after the handlers above: its own wrap them for its paths
    app.add_middleware(metrics.MetricsMiddleware)
    app.add_middleware(RefuseNul)
    allowance = web.upload_allowance(
        app, service.max_upload_bytes, service.max_evidence_bytes, registry.EVIDENCE_FILE_PATHS
    )
    app.add_middleware(LimitBody, max_bytes=service.max_body_bytes, allowance=allowance)  # outermost: reads first
    return app


async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """Malformed JSON: 400; JSON that does not fit the schema: 422. One readable line either way."""
    errors = exc.errors()
    for error in errors:
        if error["type"] == "json_invalid":
            reason = error.get("ctx", {}).get("error", "invalid JSON")
            return JSONResponse(
                {"detail": f"the request body is not valid JSON: {reason} at character {error['loc'][-1]}"}, 400
            )
    problems = [f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in errors[:10]]
    more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
    return JSONResponse({"detail": "; ".join(problems) + more}, 422)


async def _database_error(request: Request, exc: SQLAlchemyError) -> JSONResponse:
    """The database refused or failed (read-only, full, unreachable, a concurrent writer won):
    503, as a retry may well succeed. One log line without the statement and its parameters,
    which hold names of customers and persons."""
    problem = database_problem(exc)
    log.error("database error on %s %s: %s", request.method, request.url.path, problem)
    return JSONResponse(
        {"detail": f"the database could not do this now ({problem}); retry later"}, 503, headers={"Retry-After": "5"}
    )


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)  # the path, never the body
    return JSONResponse({"detail": "internal error; it has been logged"}, 500)
