"""HTTP caching headers for ``/graphql``: ETag and ``Cache-Control`` on GET, 304 on a match.

A GET answer is determined by the index version and the request's URL (the index is
immutable between versions), so the ETag is a digest of the two: a matching
``If-None-Match`` is answered 304 without executing anything, and a CDN or browser may keep
a successful GET answer for ``max-age`` seconds. Answers with errors (a time budget that
ran out, a bad argument) and every POST answer are ``no-store``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..schema.budget import current_budget
from .request_parsing import PARSED_REQUEST

__all__ = ["HttpCaching"]


class HttpCaching:
    """ASGI middleware; sits below the request guard, so it only sees valid requests."""

    def __init__(
        self, app: ASGIApp, version: Callable[[], str], max_age: int, path: str = "/graphql"
    ) -> None:
        self.app = app
        self.version = version
        self.max_age = max_age
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or PARSED_REQUEST not in scope:
            await self.app(scope, receive, send)
            return
        if scope["method"] != "GET":
            await self.app(scope, receive, _with_headers(send, {"cache-control": "no-store"}))
            return
        etag = self._etag(scope)
        cacheable = {"cache-control": f"public, max-age={self.max_age}", "etag": etag}
        if _matches(dict(scope["headers"]).get(b"if-none-match"), etag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(k.encode(), v.encode()) for k, v in cacheable.items()],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                budget = current_budget()
                ok = message["status"] == 200 and not (budget and budget.has_errors)
                headers = MutableHeaders(scope=message)
                for name, value in (cacheable if ok else {"cache-control": "no-store"}).items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _etag(self, scope: Scope) -> str:
        digest = hashlib.sha256(self.version().encode() + b"\0" + scope.get("query_string", b""))
        # weak: gzip-encoded and plain answers are the same answer
        return f'W/"{digest.hexdigest()[:32]}"'


def _matches(header: bytes | None, etag: str) -> bool:
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in header.decode("latin-1").split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


def _with_headers(send: Send, extra: dict[str, str]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in extra.items():
                headers[name] = value
        await send(message)

    return sending
