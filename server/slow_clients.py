"""Closing connections whose request headers never finish.

Uvicorn closes idle keep-alive connections (``timeout_keep_alive``) but waits forever for
the rest of a request's headers once the first byte came. This protocol (Uvicorn's
httptools one, plus a timer) closes a connection whose headers are not complete within
``SPACKDEX_HEADER_TIMEOUT_SECONDS`` of its first byte or of the connection opening. A body
that stops arriving is the request guard's business (408, see ``request_parsing.py``).
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .settings import Settings

__all__ = ["HeaderTimeoutProtocol", "header_timeout_s"]


@cache
def header_timeout_s() -> float:
    return Settings().header_timeout_s


class HeaderTimeoutProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timeout = header_timeout_s()
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm_header_timer()

    def on_headers_complete(self) -> None:
        self._disarm_header_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self._header_timeout, self._headers_late)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.write(
                b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                b"connection: close\r\ncontent-length: 70\r\n\r\n"
                b'{"errors":[{"message":"the request headers did not arrive in time"}]}\n'
            )
            self.transport.close()
