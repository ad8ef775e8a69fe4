"""A bounded cache of whole GraphQL responses, keyed by the request and the index version.

The index is immutable between published versions, so an answer can be reused exactly
until the next version is served: the version is part of the key, which makes a stale
answer impossible rather than unlikely. Front ends send the same few documents again and
again (the landing page's facets, every user's first keystrokes), and executing a GraphQL
document costs far more than the search under it (measured: about 3 µs per resolved field,
a thousand fields for a page of results with all facets).

Only successful answers without GraphQL errors are kept, within a byte budget, least
recently used first out.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ResponseCache"]

# Requests larger than this are executed, never cached (they are rare and key-expensive).
_MAX_REQUEST_BYTES = 16 * 1024


@dataclass(frozen=True)
class _Stored:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """ASGI middleware: answers a repeated GraphQL request from memory.

    Args:
        app: The application to call on a miss.
        max_bytes: Budget for stored bodies; 0 disables the cache.
        version: Returns the index version being served (part of every key).
        path: The GraphQL endpoint.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, version: Callable[[], str], path: str = "/graphql"
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.version = version
        self.path = path
        self._entries: OrderedDict[bytes, _Stored] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.max_bytes <= 0 or scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if b"text/html" in headers.get(b"accept", b""):  # GraphiQL, not a query
            await self.app(scope, receive, send)
            return
        body, replay = await _read_body(receive)
        if body is None:  # too large to key
            await self.app(scope, replay, send)
            return
        key = self._key(scope, headers, body)
        stored = self._entries.get(key)
        if stored is not None:
            self.hits += 1
            self._entries.move_to_end(key)
            await _send(stored, send)
            return
        self.misses += 1
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)
            await send(message)

        await self.app(scope, replay, capture)
        self._keep(key, captured)

    def _key(self, scope: Scope, headers: dict[bytes, bytes], body: bytes) -> bytes:
        digest = hashlib.sha256()
        for part in (
            self.version().encode(),
            scope["method"].encode(),
            scope.get("query_string", b""),
            headers.get(b"accept-encoding", b""),
            headers.get(b"origin", b""),  # CORS answers differ by origin
            headers.get(b"content-type", b""),
            body,
        ):
            digest.update(len(part).to_bytes(4, "big") + part)
        return digest.digest()

    def _keep(self, key: bytes, messages: list[Message]) -> None:
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        if start is None or start["status"] != 200:
            return
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        headers = [(k, v) for k, v in start.get("headers", [])]
        encoded = dict(headers).get(b"content-encoding")
        # GraphQL reports errors with status 200: never keep an answer that has any
        if encoded is None and b'"errors"' in body:
            return
        if encoded is not None and b'"errors"' in _inflate(body):
            return
        if len(body) > self.max_bytes // 8:
            return
        self._entries[key] = _Stored(start["status"], headers, body)
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body)


def _inflate(body: bytes) -> bytes:
    try:
        return gzip.decompress(body)
    except OSError:
        return b'"errors"'  # unreadable: treat as not cacheable


async def _read_body(receive: Receive) -> tuple[bytes | None, Receive]:
    """The whole request body (None when over the keying limit) and a receive that replays
    what was read."""
    chunks: list[bytes] = []
    size = 0
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if size > _MAX_REQUEST_BYTES or not message.get("more_body", False):
            break
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return (b"".join(chunks) if size <= _MAX_REQUEST_BYTES else None), replay


async def _send(stored: _Stored, send: Send) -> None:
    start: dict[str, Any] = {
        "type": "http.response.start",
        "status": stored.status,
        "headers": stored.headers,
    }
    await send(start)
    await send({"type": "http.response.body", "body": stored.body})
