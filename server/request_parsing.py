"""Checks every request to ``/graphql`` before GraphQL sees it.

A malformed request gets a 4xx whose body is GraphQL-shaped JSON
(``{"errors": [{"message": ...}]}``), never a 500 or a plain-text line that GraphQL clients
cannot show: bodies that are not UTF-8, not JSON, nested too deep, not an object; a
``query`` that is not a string, ``variables`` or ``extensions`` that are not objects; a
wrong content type (415) or a form body; a GET with bad parameters; a body that stops
arriving (408). Automatic persisted queries are resolved here too (``persisted.py``).

The parsed request is handed to the GraphQL view in the ASGI scope, so the body is parsed
once; the body itself is replayed for the layers below (the response cache keys on it).
After the body, a watcher notices when the client goes away, so that the time budget
stops the work nobody waits for.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..schema.budget import RequestBudget, current_budget
from .persisted import PersistedQueries, PersistedQueryError

__all__ = ["PARSED_REQUEST", "GraphQLRequestGuard", "RequestRejected", "graphql_error_response"]

# The scope key under which the checked request (a dict) travels to the GraphQL view.
PARSED_REQUEST = "spackdex.graphql_request"
# Deeper JSON is no GraphQL request of this API (a filter is three levels deep); the
# standard library's parser, which Strawberry would use, overflows the C stack near 1,000.
MAX_JSON_DEPTH = 32
_KEYS = ("query", "variables", "operationName", "extensions")


class RequestRejected(Exception):
    """A request the guard answers itself: status, message, and why (for the metrics)."""

    def __init__(self, status: int, message: str, reason: str = "parse") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason


def graphql_error_response(
    status: int, message: str, extensions: Mapping[str, Any] | None = None
) -> JSONResponse:
    error: dict[str, Any] = {"message": message}
    if extensions:
        error["extensions"] = dict(extensions)
    headers = {"cache-control": "no-store"}
    if status == 408:
        headers["connection"] = "close"
    if status == 405:
        headers["allow"] = "GET, POST"
    return JSONResponse({"errors": [error]}, status_code=status, headers=headers)


class GraphQLRequestGuard:
    """ASGI middleware for the GraphQL path; other paths pass through untouched."""

    def __init__(
        self,
        app: ASGIApp,
        persisted: PersistedQueries,
        body_timeout_s: float,
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.persisted = persisted
        self.body_timeout_s = body_timeout_s
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        budget = current_budget() or RequestBudget()
        headers = dict(scope.get("headers", []))
        method = scope["method"]
        try:
            if method == "GET":
                query_string = scope.get("query_string", b"")
                if not query_string and b"text/html" in headers.get(b"accept", b""):
                    await self.app(scope, receive, send)  # GraphiQL
                    return
                body = await self._read_body(receive)  # empty, but read: see the watcher
                data = _from_query_string(query_string)
            elif method == "POST":
                _check_content_type(headers.get(b"content-type"))
                body = await self._read_body(receive)
                data = _from_json_body(body)
            else:
                raise RequestRejected(405, f"{method} is not supported: use GET or POST")
            data = self._resolve_persisted(data)
            budget.operation = data.get("operationName") or _first_operation_name(data["query"])
        except RequestRejected as rejection:
            budget.reject(rejection.reason)
            await graphql_error_response(rejection.status, rejection.message)(scope, receive, send)
            return
        except PersistedQueryError as miss:
            budget.reject("persisted_query")
            # Apollo Client and urql look for this message (with status 200) to send the
            # whole query next
            response = graphql_error_response(miss.status, miss.message, {"code": miss.code})
            await response(scope, receive, send)
            return
        await self._call_with_watcher(
            dict(scope, **{PARSED_REQUEST: data}), body, receive, send, budget
        )

    async def _read_body(self, receive: Receive) -> bytes:
        """The whole body, which must arrive within the timeout (in total, so that a body
        trickling in a byte at a time cannot hold the connection either)."""
        chunks: list[bytes] = []
        deadline = asyncio.get_running_loop().time() + self.body_timeout_s
        while True:
            try:
                left = max(0.0, deadline - asyncio.get_running_loop().time())
                message = await asyncio.wait_for(receive(), left)
            except TimeoutError:
                raise RequestRejected(
                    408,
                    f"the request body did not arrive within {self.body_timeout_s:g} s",
                    "timeout",
                ) from None
            if message["type"] == "http.disconnect":
                raise RequestRejected(400, "the client went away before the body was sent")
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _resolve_persisted(self, data: dict[str, Any]) -> dict[str, Any]:
        extensions = data.get("extensions") or {}
        if "persistedQuery" not in extensions:
            if not data.get("query"):
                raise RequestRejected(
                    400, "no query: send a GraphQL document in 'query' (or a persisted query hash)"
                )
            return data
        query = self.persisted.resolve(extensions["persistedQuery"], data.get("query"))
        return dict(data, query=query)

    async def _call_with_watcher(
        self, scope: Scope, body: bytes, receive: Receive, send: Send, budget: RequestBudget
    ) -> None:
        gone = asyncio.Event()

        async def watch() -> None:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    budget.disconnected = True
                    gone.set()
                    return

        pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

        async def replay() -> Message:
            if pending:
                return pending.pop()
            await gone.wait()
            return {"type": "http.disconnect"}

        watcher = asyncio.create_task(watch())
        try:
            await self.app(scope, replay, send)
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher


_NAMED_OPERATION = re.compile(r"\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def _first_operation_name(query: str) -> str | None:
    """The name of a document's first operation, for the metrics and the log (clients that
    name their operation but send no operationName, and answers from the response cache)."""
    found = _NAMED_OPERATION.match(query)
    return found.group(1) if found else None


def _check_content_type(header: bytes | None) -> None:
    if header is None:
        raise RequestRejected(
            415, "missing Content-Type: send the request as application/json", "media_type"
        )
    media_type, _, parameters = header.decode("latin-1").partition(";")
    media_type = media_type.strip().lower()
    if media_type != "application/json":
        form = media_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        raise RequestRejected(
            415,
            f"Content-Type {media_type or '(empty)'} is not supported"
            + (" (a form body is no GraphQL request)" if form else "")
            + ": send the request as application/json",
            "media_type",
        )
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
            if charset not in ("utf-8", "utf8"):
                raise RequestRejected(
                    415, f"charset {charset} is not supported: send UTF-8 JSON", "media_type"
                )


def _from_json_body(body: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise RequestRejected(400, f"the body is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        kind = (
            "an array (batched requests are not supported)"
            if isinstance(data, list)
            else (f"a JSON {_json_kind(data)}")
        )
        raise RequestRejected(400, f"the body is {kind}: send a JSON object with a 'query'")
    _check_depth(data)
    return _checked_fields(data)


def _from_query_string(query_string: bytes) -> dict[str, Any]:
    try:
        text = query_string.decode("ascii")
        pairs = parse_qsl(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise RequestRejected(400, "the query string is not valid percent-encoded UTF-8") from None
    data: dict[str, Any] = {}
    for name, value in pairs:
        if name not in _KEYS:
            continue
        if name in data:
            raise RequestRejected(400, f"the parameter '{name}' is given more than once")
        if name in ("variables", "extensions") and value:
            try:
                data[name] = orjson.loads(value)
            except orjson.JSONDecodeError as error:
                raise RequestRejected(400, f"'{name}' is not valid JSON: {error}") from None
        elif value or name == "query":
            data[name] = value
    _check_depth(data)
    return _checked_fields(data)


def _checked_fields(data: dict[str, Any]) -> dict[str, Any]:
    query = data.get("query")
    if query is not None and not isinstance(query, str):
        raise RequestRejected(400, f"'query' must be a string, not a JSON {_json_kind(query)}")
    for name in ("variables", "extensions"):
        value = data.get(name)
        if value is not None and not isinstance(value, dict):
            raise RequestRejected(
                400, f"'{name}' must be an object, not a JSON {_json_kind(value)}"
            )
    operation = data.get("operationName")
    if operation is not None and not isinstance(operation, str):
        raise RequestRejected(
            400, f"'operationName' must be a string, not a JSON {_json_kind(operation)}"
        )
    return data


def _check_depth(value: Any) -> None:
    """Iteratively, so that the check itself cannot overflow the stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise RequestRejected(
                400, f"the request nests JSON deeper than {MAX_JSON_DEPTH} levels"
            )
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
