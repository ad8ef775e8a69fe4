"""Queries generated from the schema (hypothesis-graphql), sent to the ASGI app: whatever
their shape, the answer is never a 5xx and always has ``data`` or ``errors``.

Bounded to a few hundred examples, so that it stays a matter of seconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import Mode, queries

from spackdex.schema.schema import schema
from spackdex.server.app import create_app
from spackdex.server.settings import Settings

SDL = schema.as_str()
# valid queries of every shape, and invalid ones (wrong types, unknown fields...)
EXAMPLES = {Mode.POSITIVE: 200, Mode.NEGATIVE: 100}


class _Client:
    """One app and one event loop for every example (the index opens once)."""

    def __init__(self, index_dir: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.app = create_app(Settings(index_dir=index_dir, response_cache_mb=0))
        self._lifespan = self.app.router.lifespan_context(self.app)
        self.loop.run_until_complete(self._lifespan.__aenter__())
        transport = httpx.ASGITransport(app=self.app)
        self.http = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def post(self, query: str) -> httpx.Response:
        return self.loop.run_until_complete(self.http.post("/graphql", json={"query": query}))

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.run_until_complete(self._lifespan.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(scope="module")
def client(fixture_index_dir: Path) -> Iterator[_Client]:
    opened = _Client(fixture_index_dir)
    yield opened
    opened.close()


def _check(answer: httpx.Response, query: str) -> None:
    assert answer.status_code < 500, (query, answer.text[:500])
    body = answer.json()
    assert "data" in body or body.get("errors"), (query, body)


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE])
def test_generated_queries_never_get_a_5xx(client: _Client, mode: Mode) -> None:
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(query=queries(SDL, mode=mode))
    def run(query: str) -> None:
        _check(client.post(query), query)

    run()
