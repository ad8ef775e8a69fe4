"""Prometheus metrics and the per-request log line.

With several Uvicorn workers each worker is a process of its own: ``spackdex serve`` then
points ``PROMETHEUS_MULTIPROC_DIR`` at a fresh directory before the workers start, every
worker writes its samples there (prometheus-client's multiprocess mode), and ``/metrics``,
whichever worker answers it, sums them all. With one worker the default registry is used.

``RequestRecorder`` is the outermost middleware: it starts each request's budget (cost
limit, time budget), and when the answer is sent it counts it (status, operation), times
it, counts rejections by reason, and writes the request's log line when asked to.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable

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
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..schema.budget import RequestBudget, request_budget

__all__ = [
    "RequestRecorder",
    "mark_worker_gone",
    "metrics_endpoint",
    "multiprocess_dir",
    "set_served_index",
]

logger = logging.getLogger("spackdex.access")

REQUESTS = Counter(
    "spackdex_requests",
    "GraphQL requests answered, by HTTP status and operation name.",
    ["status", "operation"],
)
LATENCY = Histogram(
    "spackdex_request_duration_seconds",
    "Time from receiving a GraphQL request to its answer's last byte.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REJECTED = Counter(
    "spackdex_rejected_requests",
    "Requests refused or stopped, by reason: cost, time, size, parse, media_type, timeout, "
    "persisted_query, disconnected.",
    ["reason"],
)
INDEX_INFO = Gauge(
    "spackdex_index_info",
    "1 for the index version a live worker serves.",
    ["version"],
    multiprocess_mode="livemax",
)
INDEX_BUILT = Gauge(
    "spackdex_index_built_timestamp_seconds",
    "When the served index version was built (Unix time).",
    multiprocess_mode="livemax",
)
INDEX_AGE = Gauge(
    "spackdex_index_age_seconds",
    "Age of the served index version, as of the last scrape.",
    multiprocess_mode="livemostrecent",
)

# Operation names come from clients: keep label values few and well-formed.
_OPERATION = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_MAX_OPERATIONS = 200
_seen_operations: set[str] = set()
_served: dict[str, float] = {}


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def set_served_index(version: str, built_at: float) -> None:
    """Called when a worker opens an index version."""
    for old in list(_served):
        if old != version:
            INDEX_INFO.labels(version=old).set(0)
            del _served[old]
    _served[version] = built_at
    INDEX_INFO.labels(version=version).set(1)
    INDEX_BUILT.set(built_at)


def mark_worker_gone() -> None:
    """A stopping worker's live gauges no longer count."""
    if multiprocess_dir():
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def metrics_endpoint(
    refresh: Callable[[], None],
) -> Callable[[Request], Response]:
    def metrics(request: Request) -> Response:
        refresh()
        for built_at in _served.values():
            INDEX_AGE.set(max(0.0, time.time() - built_at))
        if multiprocess_dir():
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        else:
            registry = REGISTRY
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return metrics


def _operation_label(name: str | None) -> str:
    if not name:
        return "anonymous"
    if not _OPERATION.fullmatch(name):
        return "invalid"
    if name not in _seen_operations:
        if len(_seen_operations) >= _MAX_OPERATIONS:
            return "other"
        _seen_operations.add(name)
    return name


class RequestRecorder:
    """ASGI middleware around everything on the GraphQL path."""

    def __init__(
        self,
        app: ASGIApp,
        cost_limit: int,
        time_budget_s: float,
        log_requests: bool,
        log_json: bool,
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.cost_limit = cost_limit
        self.time_budget_s = time_budget_s
        self.log_requests = log_requests
        self.log_json = log_json
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        budget = RequestBudget(cost_limit=self.cost_limit, time_budget_s=self.time_budget_s)
        token = request_budget.set(budget)
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            request_budget.reset(token)
            self._record(scope, budget, status)

    def _record(self, scope: Scope, budget: RequestBudget, status: int) -> None:
        seconds = time.perf_counter() - budget.started
        if status == 413:
            budget.reject("size")
        operation = _operation_label(budget.operation)
        REQUESTS.labels(status=str(status), operation=operation).inc()
        LATENCY.observe(seconds)
        if budget.rejected:
            REJECTED.labels(reason=budget.rejected).inc()
        if not self.log_requests:
            return
        fields = {
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "cost": budget.cost_nodes,
            "operation": operation,
            "rejected": budget.rejected,
        }
        if self.log_json:
            logger.info("request", extra={"request": fields})
        else:
            logger.info(
                "%s %s %s %.1f ms cost=%s operation=%s%s",
                fields["method"],
                fields["path"],
                status,
                fields["duration_ms"],
                budget.cost_nodes if budget.cost_nodes is not None else "-",
                operation,
                f" rejected={budget.rejected}" if budget.rejected else "",
            )
