"""The app over HTTP, in-process (httpx's ASGI transport, with the lifespan run)."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.schema.budget import DEFAULT_COST_LIMIT
from spackdex.server.app import create_app
from spackdex.server.settings import Settings

from ..schema.expected import records

Check = Callable[[httpx.AsyncClient], Awaitable[None]]


@contextlib.asynccontextmanager
async def _client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client,
    ):
        yield client


def _run(index_dir: Path, check: Check, **settings: Any) -> None:
    async def main() -> None:
        async with _client(Settings(index_dir=index_dir, **settings)) as client:
            await check(client)

    asyncio.run(main())


async def _post(client: httpx.AsyncClient, query: str, **extra: Any) -> httpx.Response:
    return await client.post("/graphql", json={"query": query, **extra})


def test_health_and_readiness(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        health = await client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        body = ready.json()
        assert body["status"] == "ready"
        assert body["specs"] == len(records())
        stats = (await _post(client, "{ stats { version builtAt } }")).json()["data"]["stats"]
        assert body["version"] == stats["version"]
        assert body["built_at"] == stats["builtAt"]

    _run(fixture_index_dir, check)


def test_query_over_post_and_get(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        posted = await _post(
            client, "query($n: String!) { package(name: $n) { name } }", variables={"n": "hdf5"}
        )
        assert posted.status_code == 200
        assert posted.json()["data"] == {"package": {"name": "hdf5"}}
        assert posted.json()["extensions"]["cost"] == {"nodes": 1, "limit": DEFAULT_COST_LIMIT}
        got = await client.get("/graphql", params={"query": "{ stats { specs } }"})
        assert got.status_code == 200
        assert got.json()["data"] == {"stats": {"specs": len(records())}}

    _run(fixture_index_dir, check)


def test_graphiql_page(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "graphiql" in page.text.lower()

    _run(fixture_index_dir, check)


def test_graphiql_can_be_turned_off(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        assert page.status_code != 500

    _run(fixture_index_dir, check, graphiql=False)


_LEVEL = "package { specs { edges { node { "
_DEEP = "{ specs { edges { node { " + _LEVEL * 3 + "name" + " } } } }" * 3 + " } } } }"
_TAGS = " ".join(f'"t{i}"' for i in range(2001))
_MANY_TOKENS = "{ specs(filter: {tags: [" + _TAGS + "]}) { totalCount } }"


def test_errors_are_graphql_errors_not_500(fixture_index_dir: Path) -> None:
    bad = [
        ({"query": "{ specs { totalCount"}, "Syntax Error"),
        ({"query": "{ nope }"}, "Cannot query field 'nope'"),
        (
            {
                "query": "query($n: Int) { specs(first: $n) { totalCount } }",
                "variables": {"n": "x"},
            },
            "Variable '$n' has invalid value",
        ),
        ({"query": "{ specs(first: 1000) { totalCount } }"}, "first is at most 100"),
        ({"query": '{ specs(after: "nope") { totalCount } }'}, "invalid cursor"),
        ({"query": '{ specs(spec: "hdf5 ^^") { totalCount } }'}, "unexpected token '^'"),
        (
            {"query": '{ specs(filter: {compatibleWith: "zen33"}) { totalCount } }'},
            "did you mean: zen3",
        ),
        ({"query": '{ spec(hash: "abc") { hash } }'}, "at least 7 characters"),
        ({"query": "{ specs { facets(limit: 5000) { field } } }"}, "facet limit"),
        (
            {"query": "{ " + " ".join(f"a{i}: stats {{ specs }}" for i in range(31)) + " }"},
            "31 aliases found",
        ),
        ({"query": _DEEP}, "exceeds maximum operation depth of 12"),
        ({"query": _MANY_TOKENS}, "Document contains more than 2000 tokens"),
    ]

    async def check(client: httpx.AsyncClient) -> None:
        for body, expected in bad:
            response = await client.post("/graphql", json=body)
            assert response.status_code in (200, 400), body
            errors = response.json()["errors"]
            assert expected in errors[0]["message"], (body, errors)
            assert "Traceback" not in response.text

    _run(fixture_index_dir, check)


def test_body_over_the_limit_is_413(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        padding = " " * 5000
        response = await _post(client, "{ stats { specs } }" + padding)
        assert response.status_code == 413
        assert response.json() == {"errors": [{"message": "request body over 4096 bytes"}]}

        async def chunks() -> AsyncIterator[bytes]:  # no content-length: counted as read
            yield b'{"query": "{ stats { specs } }'
            for _ in range(10):
                yield b" " * 1000
            yield b'"}'

        streamed = await client.post(
            "/graphql", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        small = await _post(client, "{ stats { specs } }")
        assert small.status_code == 200

    _run(fixture_index_dir, check, max_body_bytes=4096)


def test_large_responses_are_gzipped(fixture_index_dir: Path) -> None:
    query = "{ specs(first: 100) { edges { node { hash spackSpec } } } }"

    async def check(client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/graphql", json={"query": query}, headers={"Accept-Encoding": "gzip"}
        )
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip"
        assert len(response.json()["data"]["specs"]["edges"]) == 100
        raw = await client.post(
            "/graphql", json={"query": query}, headers={"Accept-Encoding": "identity"}
        )
        assert "content-encoding" not in raw.headers
        assert len(gzip.compress(raw.content)) < len(raw.content)
        small = await client.post(
            "/graphql", json={"query": "{ stats { specs } }"}, headers={"Accept-Encoding": "gzip"}
        )
        assert "content-encoding" not in small.headers

    _run(fixture_index_dir, check)


def test_cors_when_configured(fixture_index_dir: Path) -> None:
    origin = "https://spack.example.org"

    async def check(client: httpx.AsyncClient) -> None:
        preflight = await client.options(
            "/graphql",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin
        assert "POST" in preflight.headers["access-control-allow-methods"]
        answer = await client.post(
            "/graphql", json={"query": "{ stats { specs } }"}, headers={"Origin": origin}
        )
        assert answer.headers["access-control-allow-origin"] == origin
        other = await client.post(
            "/graphql",
            json={"query": "{ stats { specs } }"},
            headers={"Origin": "https://elsewhere.example"},
        )
        assert "access-control-allow-origin" not in other.headers

    _run(fixture_index_dir, check, cors_origins=[origin])


def test_no_cors_by_default(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        answer = await client.post(
            "/graphql",
            json={"query": "{ stats { specs } }"},
            headers={"Origin": "https://spack.example.org"},
        )
        assert answer.status_code == 200
        assert "access-control-allow-origin" not in answer.headers

    _run(fixture_index_dir, check)


def test_requests_get_fresh_loaders(fixture_index_dir: Path) -> None:
    query = '{ package(name: "hdf5") { specs(first: 3) { edges { node { hash } } } } }'

    async def check(client: httpx.AsyncClient) -> None:
        answers = await asyncio.gather(*(_post(client, query) for _ in range(5)))
        bodies = {json.dumps(a.json()["data"]) for a in answers}
        assert len(bodies) == 1
        assert all(a.status_code == 200 for a in answers)

    _run(fixture_index_dir, check)


def test_a_newly_published_version_is_served_without_restart(tmp_path: Path) -> None:
    """Publishing a new index version switches the running app over between requests."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    index_dir = tmp_path / "index"
    site = str(fixtures / "cache-site")
    build_index(BuildOptions(sources=[site], index_dir=index_dir))

    async def check(client: httpx.AsyncClient) -> None:
        query = "{ stats { specs version } }"
        before = (await _post(client, query)).json()["data"]["stats"]
        database = str(fixtures / "buildcache-index" / "spack-test-v7.index.json")
        build_index(BuildOptions(sources=[site, database], index_dir=index_dir))
        after = (await _post(client, query)).json()["data"]["stats"]
        assert after["version"] != before["version"]
        assert after["specs"] == before["specs"] + 2  # the v7 index holds two binaries
        ready = (await client.get("/readyz")).json()
        assert ready["version"] == after["version"]

    _run(index_dir, check, reload_seconds=0.0)
