"""The response cache answers repeats from memory, and never a changed or failed answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.server.app import create_app
from spackdex.server.response_cache import ResponseCache
from spackdex.server.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
Check = Callable[[httpx.AsyncClient, ResponseCache], Awaitable[None]]


def _cache_of(stack: Any) -> ResponseCache:
    """The cache inside the built middleware stack (each layer wraps the next as .app)."""
    layer = stack
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer


def _run(settings: Settings, check: Check) -> None:
    async def main() -> None:
        app = create_app(settings)
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            # the stack is built on the first request; make it, then find the cache in it
            await client.get("/healthz")
            await check(client, _cache_of(app.middleware_stack))

    asyncio.run(main())


QUERY = {"query": '{ specs(query: "hdf5", first: 3) { totalCount edges { node { hash } } } }'}


def test_a_repeated_request_is_answered_from_the_cache(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient, cache: ResponseCache) -> None:
        first = await client.post("/graphql", json=QUERY)
        second = await client.post("/graphql", json=QUERY)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert (cache.misses, cache.hits) == (1, 1)
        zipped = await client.post("/graphql", json=QUERY, headers={"Accept-Encoding": "gzip"})
        assert zipped.json()["data"] == first.json()["data"]  # another encoding: another entry
        assert cache.misses == 2

    _run(Settings(index_dir=fixture_index_dir), check)


def test_errors_are_never_kept(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient, cache: ResponseCache) -> None:
        bad = {"query": '{ specs(spec: "hdf5 @@") { totalCount } }'}
        for _ in range(2):
            answer = (await client.post("/graphql", json=bad)).json()
            assert answer["errors"]
        assert (cache.misses, cache.hits) == (2, 0)

    _run(Settings(index_dir=fixture_index_dir), check)


def test_a_new_index_version_is_never_answered_from_old_entries(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    site = str(FIXTURES / "cache-site")
    build_index(BuildOptions(sources=[site], index_dir=index_dir))
    stats = {"query": "{ stats { specs } }"}

    async def check(client: httpx.AsyncClient, cache: ResponseCache) -> None:
        before = (await client.post("/graphql", json=stats)).json()["data"]["stats"]["specs"]
        database = str(FIXTURES / "buildcache-index" / "spack-test-v7.index.json")
        build_index(BuildOptions(sources=[site, database], index_dir=index_dir))
        after = (await client.post("/graphql", json=stats)).json()["data"]["stats"]["specs"]
        assert after == before + 2
        assert cache.hits == 0

    _run(Settings(index_dir=index_dir, reload_seconds=0.0), check)


def test_zero_budget_turns_it_off(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient, cache: ResponseCache) -> None:
        for _ in range(2):
            assert (await client.post("/graphql", json=QUERY)).status_code == 200
        assert (cache.misses, cache.hits) == (0, 0)

    _run(Settings(index_dir=fixture_index_dir, response_cache_mb=0), check)
