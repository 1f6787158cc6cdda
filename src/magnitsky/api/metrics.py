"""Prometheus metrics: requests by endpoint and status, latencies, the index in use, reloads.

prometheus_client does the text format and, with several worker processes, the aggregation:
``magnitsky serve --workers N`` sets ``PROMETHEUS_MULTIPROC_DIR`` so every worker writes its
samples to a shared directory and ``GET /metrics`` from any worker reports all of them.
"""

from __future__ import annotations

import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from magnitsky.api.reload import Snapshot

REQUESTS = Counter("magnitsky_http_requests_total", "HTTP requests answered.", ["method", "endpoint", "status"])
LATENCY = Histogram(
    "magnitsky_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["endpoint"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
RELOADS = Counter("magnitsky_index_reloads_total", "Screening indexes swapped in (the first load included).")
RELOAD_SECONDS = Gauge("magnitsky_index_reload_seconds", "Time the last index swap took.", multiprocess_mode="liveall")
INDEX_ENTITIES = Gauge("magnitsky_index_entities", "Listed entities in the index in use.", multiprocess_mode="liveall")
LIST_VERSION = Gauge(
    "magnitsky_index_list_version",
    "Version of each list the index in use was built from.",
    ["source"],
    multiprocess_mode="liveall",
)

CONTENT_TYPE = CONTENT_TYPE_LATEST


def swapped(snapshot: Snapshot, seconds: float) -> None:
    """Record a new index generation (ScreenerHolder.on_swap)."""
    RELOADS.inc()
    RELOAD_SECONDS.set(seconds)
    INDEX_ENTITIES.set(len(snapshot.screener.index))
    for version in snapshot.versions:
        LIST_VERSION.labels(version.source).set(version.number)


def exposition() -> bytes:
    """The metrics text: this process's, or every worker's in multi-process mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class MetricsMiddleware:
    """Counts and times every request under its route template (``/match/{dataset}``), so the
    number of label values stays bounded whatever paths clients send."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = [500]

        async def send_status(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            endpoint = getattr(route, "path", None) or "unmatched"
            REQUESTS.labels(scope["method"], endpoint, str(status[0])).inc()
            LATENCY.labels(endpoint).observe(time.perf_counter() - started)
