"""The Starlette application: ``/graphql``, ``/healthz``, ``/readyz``, ``/metrics`` and the
explorer.

The index is opened once in the lifespan and shared read-only by every request. When
``spackdex index`` publishes a new version, the next request after ``reload_seconds``
notices that ``current`` moved and opens the new version; requests in flight keep the one
they started with, so a swap never breaks an answer.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData

from ..indexer.publish import current_version
from ..indexer.search.engine import SearchIndex
from ..schema.context import Context, make_context
from ..schema.schema import schema
from .explorer import explorer_routes
from .graphiql import ASSETS_PATH, assets_directory, local_graphiql_page
from .http_caching import HttpCaching
from .metrics import RequestRecorder, mark_worker_gone, metrics_endpoint, set_served_index
from .persisted import PersistedQueries
from .request_parsing import PARSED_REQUEST, GraphQLRequestGuard, graphql_error_response
from .response_cache import ResponseCache
from .settings import Settings

__all__ = ["IndexHolder", "create_app"]

logger = logging.getLogger("spackdex.server")
GZIP_LEVEL = 1


# The version a request started with: its ETag, cache key and answer all come from it,
# though a newer version may be opened while it runs (see IndexHolder.pinned).
_REQUEST_INDEX: contextvars.ContextVar[SearchIndex | None] = contextvars.ContextVar(
    "spackdex_request_index", default=None
)


class IndexHolder:
    """The index being served, re-opened when a newer version is published."""

    def __init__(self, index_dir: Path, reload_seconds: float) -> None:
        self.index_dir = index_dir
        self._reload_seconds = reload_seconds
        self._index: SearchIndex | None = None
        self._checked = 0.0

    def open(self) -> None:
        self._index = SearchIndex.open(self.index_dir)
        self._index.data.warm()
        self._checked = time.monotonic()
        logger.info("serving index version %s", self._index.version)
        set_served_index(self._index.version, _timestamp(self._index.built_at))

    @property
    def ready(self) -> bool:
        return self._index is not None

    def get(self) -> SearchIndex:
        pinned = _REQUEST_INDEX.get()
        if pinned is not None:
            return pinned
        if self._index is None:
            raise RuntimeError("the index is not loaded yet")
        now = time.monotonic()
        if now - self._checked >= self._reload_seconds:
            self._checked = now
            published = current_version(self.index_dir)
            if published is not None and published.name != self._index.version:
                try:
                    self.open()
                except Exception:  # keep serving the old version rather than fail
                    logger.exception("could not open new index version %s", published)
        return self._index


class _PinIndex:
    """Gives each HTTP request one index version from start to end (outermost middleware)."""

    def __init__(self, app: ASGIApp, holder: IndexHolder) -> None:
        self.app = app
        self.holder = holder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.holder.ready:
            await self.app(scope, receive, send)
            return
        token = _REQUEST_INDEX.set(self.holder.get())
        try:
            await self.app(scope, receive, send)
        finally:
            _REQUEST_INDEX.reset(token)


class _GraphQL(GraphQL[Context, None]):
    def __init__(self, holder: IndexHolder, graphiql: bool) -> None:
        super().__init__(schema, graphql_ide="graphiql" if graphiql else None)
        self._holder = holder
        self._page = local_graphiql_page(super().graphql_ide_html) if graphiql else ""

    @property
    def graphql_ide_html(self) -> str:
        return self._page

    async def get_context(self, request: Any, response: Any) -> Context:
        return make_context(self._holder.get())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # as Strawberry's, but its own refusals (an unknown operationName...) answer
        # GraphQL-shaped JSON instead of a plain-text line
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            response = graphql_error_response(error.status_code, error.reason)
        await response(scope, receive, send)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # a GET the guard parsed is a query (a persisted one has no 'query' parameter)
        if PARSED_REQUEST in _scope_of(request):
            return False
        return super().should_render_graphql_ide(request)

    async def parse_http_body(self, request: Any) -> Any:
        """The request as the guard checked it (parsed once, persisted query resolved)."""
        data = _scope_of(request).get(PARSED_REQUEST)
        if data is None:
            return await super().parse_http_body(request)
        return GraphQLRequestData(
            query=data.get("query"),
            variables=data.get("variables"),
            operation_name=data.get("operationName"),
            extensions=data.get("extensions"),
            protocol="http",
        )

    def encode_json(self, data: object) -> bytes:
        # orjson: the same JSON as json.dumps, in a tenth of the time (about 1,000 values
        # per page of specs with facets)
        return orjson.dumps(data)


class _BodyLimit:
    """Refuses request bodies over the limit with 413 before they reach GraphQL."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def limited() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = graphql_error_response(413, f"request body over {self.max_bytes} bytes")
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def _scope_of(request: Any) -> Scope:
    """The ASGI scope under Strawberry's request adapter (empty when there is none)."""
    starlette_request = getattr(request, "_request", None)
    return starlette_request.scope if isinstance(starlette_request, Request) else {}


def _timestamp(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def create_app(settings: Settings) -> Starlette:
    holder = IndexHolder(settings.index_dir, settings.reload_seconds)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        holder.open()
        yield
        mark_worker_gone()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        if not holder.ready:
            return JSONResponse({"status": "loading"}, status_code=503)
        index = holder.get()
        return JSONResponse(
            {
                "status": "ready",
                "version": index.version,
                "built_at": index.built_at,
                "specs": index.counts["specs"],
            }
        )

    def refresh_index() -> None:
        if holder.ready:
            holder.get()  # notices a newly published version before /metrics reports it

    graphql = _GraphQL(holder, settings.graphiql)
    # Outermost first. The recorder sees every answer (and starts each request's budget);
    # CORS headers go on errors too; the guard refuses malformed requests before anything
    # reads them; the response cache keeps answers as GraphQL made them (compressed).
    middleware = [
        Middleware(_PinIndex, holder=holder),
        Middleware(
            RequestRecorder,
            cost_limit=settings.cost_limit,
            time_budget_s=settings.time_budget_s,
            log_requests=settings.access_log or settings.log_format == "json",
            log_json=settings.log_format == "json",
        ),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["*"],
                expose_headers=["ETag"],
            )
        )
    middleware += [
        Middleware(_BodyLimit, max_bytes=settings.max_body_bytes),
        Middleware(
            GraphQLRequestGuard,
            persisted=PersistedQueries(settings.persisted_queries),
            body_timeout_s=settings.body_timeout_s,
        ),
        Middleware(
            HttpCaching,
            version=lambda: holder.get().version,
            max_age=settings.cache_max_age,
        ),
        Middleware(
            ResponseCache,
            max_bytes=int(settings.response_cache_mb * 1024 * 1024),
            version=lambda: holder.get().version,
        ),
        # level 1: answers about an eighth larger than at level 9, for a quarter of the CPU
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL),
    ]
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint(refresh_index)),
            Mount(ASSETS_PATH, app=StaticFiles(directory=assets_directory()), name="graphiql"),
            *explorer_routes(),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.holder = holder
    return app
