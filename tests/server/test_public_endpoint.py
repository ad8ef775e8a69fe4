"""What a public endpoint promises over HTTP: time budget with partial data, text limits,
ETag / Cache-Control / 304 on GET, automatic persisted queries, /metrics."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from spackdex.indexer.search.limits import MAX_QUERY_CHARS, MAX_QUERY_WORDS
from spackdex.server.app import create_app
from spackdex.server.settings import Settings

Check = Callable[[httpx.AsyncClient], Awaitable[None]]
STATS = "{ stats { specs } }"


def _run(index_dir: Path, check: Check, **settings: Any) -> None:
    async def main() -> None:
        app = create_app(Settings(index_dir=index_dir, **settings))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            await check(client)

    asyncio.run(main())


def test_past_the_time_budget_the_answer_keeps_what_was_ready(fixture_index_dir: Path) -> None:
    query = '{ stats { specs } package(name: "hdf5") { name } }'

    async def check(client: httpx.AsyncClient) -> None:
        answer = (await client.post("/graphql", json={"query": query})).json()
        assert answer["data"]["stats"]["specs"] > 0  # resolved without reading a loader
        assert answer["data"]["package"] is None  # its loader batch came after the budget
        [error] = answer["errors"]
        assert "time budget of 0 s" in error["message"]
        assert error["path"] == ["package"]

    _run(fixture_index_dir, check, time_budget_s=0.0, response_cache_mb=0)


def test_text_limits_name_the_bound_and_answer_fast(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        cases = {
            "a" * 60_000: f"the limit is {MAX_QUERY_CHARS}",
            " ".join(
                f"w{i}" for i in range(MAX_QUERY_WORDS + 1)
            ): f"the limit is {MAX_QUERY_WORDS}",
        }
        for text, bound in cases.items():
            body = {"query": "query($q: String) { specs(query: $q) { totalCount } }"}
            answer = await client.post("/graphql", json={**body, "variables": {"q": text}})
            assert answer.status_code == 200
            [error] = answer.json()["errors"]
            assert bound in error["message"], error
        # a word longer than any package name, under the length bound: looked up as is
        started = time.perf_counter()
        long_word = {"query": f'{{ specs(query: "{"a" * 500}") {{ totalCount }} }}'}
        answer = (await client.post("/graphql", json=long_word)).json()
        assert answer["data"]["specs"]["totalCount"] == 0
        assert time.perf_counter() - started < 1
        spec = {"query": f'{{ specs(spec: "{"+a " * 100}") {{ totalCount }} }}'}
        [error] = (await client.post("/graphql", json=spec)).json()["errors"]
        assert "spec has 100 words; the limit is 64" in error["message"]

    _run(fixture_index_dir, check)


def test_get_answers_carry_an_etag_and_a_match_is_304(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        first = await client.get("/graphql", params={"query": STATS})
        assert first.status_code == 200
        assert first.headers["cache-control"] == "public, max-age=120"
        etag = first.headers["etag"]
        again = await client.get(
            "/graphql", params={"query": STATS}, headers={"If-None-Match": etag}
        )
        assert (again.status_code, again.content) == (304, b"")
        assert again.headers["etag"] == etag
        other = await client.get("/graphql", params={"query": "{ stats { tags } }"})
        assert other.headers["etag"] != etag
        stale = await client.get(
            "/graphql", params={"query": STATS}, headers={"If-None-Match": 'W/"old"'}
        )
        assert stale.status_code == 200
        errors = await client.get(
            "/graphql", params={"query": '{ specs(spec: "@@") { totalCount } }'}
        )
        assert errors.headers["cache-control"] == "no-store" and "etag" not in errors.headers
        posted = await client.post("/graphql", json={"query": STATS})
        assert posted.headers["cache-control"] == "no-store" and "etag" not in posted.headers

    _run(fixture_index_dir, check, cache_max_age=120)


def test_automatic_persisted_queries_as_apollo_sends_them(fixture_index_dir: Path) -> None:
    digest = hashlib.sha256(STATS.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}

    async def check(client: httpx.AsyncClient) -> None:
        params = {"extensions": json.dumps(extensions)}
        miss = await client.get("/graphql", params=params)
        assert miss.status_code == 200
        [error] = miss.json()["errors"]
        assert error["message"] == "PersistedQueryNotFound"
        assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        assert miss.headers["cache-control"] == "no-store"
        registered = await client.post("/graphql", json={"query": STATS, "extensions": extensions})

        assert registered.json()["data"]["stats"]["specs"] > 0
        hit = await client.get("/graphql", params=params)

        assert hit.json()["data"] == registered.json()["data"]
        assert hit.headers["etag"] and hit.headers["cache-control"].startswith("public")

    _run(fixture_index_dir, check)


def test_metrics_parse_and_count_requests_and_rejections(fixture_index_dir: Path) -> None:
    async def check(client: httpx.AsyncClient) -> None:
        before = _samples((await client.get("/metrics")).text)
        named = {"query": "query Landing { stats { specs } }", "operationName": "Landing"}
        await client.post("/graphql", json=named)
        await client.post("/graphql", content=b"42", headers={"content-type": "application/json"})
        hostile = "{ tags { packages(first: 100) { edges { node { specs(first: 100) { edges { node { occurrences { tag { name } } } } } } } } } }"  # noqa: E501
        await client.post("/graphql", json={"query": hostile})
        after = _samples((await client.get("/metrics")).text)

        def grew(name: str, **labels: str) -> float:
            key = (name, tuple(sorted(labels.items())))
            return after.get(key, 0.0) - before.get(key, 0.0)

        assert grew("spackdex_requests_total", status="200", operation="Landing") == 1
        assert grew("spackdex_requests_total", status="400", operation="anonymous") == 1
        assert grew("spackdex_rejected_requests_total", reason="parse") == 1
        assert grew("spackdex_rejected_requests_total", reason="cost") == 1
        assert grew("spackdex_request_duration_seconds_count") == 3
        versions = [labels for (name, labels), value in after.items()
                    if name == "spackdex_index_info" and value == 1]  # fmt: skip
        assert len(versions) == 1
        assert after[("spackdex_index_age_seconds", ())] >= 0

    _run(fixture_index_dir, check)


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def _raw_scope() -> dict[str, Any]:
    return {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"host", b"testserver")],
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1),
        "http_version": "1.1",
        "asgi": {"version": "3.0"},
        "root_path": "",
    }


def _raw_call(
    index_dir: Path, chunks: list[tuple[float, bytes]], **settings: Any
) -> tuple[int, dict[str, Any]]:
    """Send a POST body as (delay, chunk) messages, then a disconnect; the status and
    the JSON answer."""

    async def main() -> tuple[int, dict[str, Any]]:
        app = create_app(Settings(index_dir=index_dir, response_cache_mb=0, **settings))
        sent: list[dict[str, Any]] = []
        pending = list(chunks)

        async def receive() -> dict[str, Any]:
            if not pending:
                return {"type": "http.disconnect"}
            delay, chunk = pending.pop(0)
            await asyncio.sleep(delay)
            return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        async with app.router.lifespan_context(app):
            await app(_raw_scope(), receive, send)
        [start] = [m for m in sent if m["type"] == "http.response.start"]
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return start["status"], json.loads(body)

    return asyncio.run(main())


def test_work_stops_when_the_client_is_gone(fixture_index_dir: Path) -> None:
    """A client that disconnects right after its body: the next loader batch stops."""
    body = json.dumps({"query": '{ stats { specs } package(name: "hdf5") { name } }'}).encode()
    status, answer = _raw_call(fixture_index_dir, [(0.0, body)])
    assert status == 200
    assert answer["data"]["stats"]["specs"] > 0
    assert answer["data"]["package"] is None
    assert "client went away" in answer["errors"][0]["message"]


def test_a_trickling_body_gets_408(fixture_index_dir: Path) -> None:
    """Each chunk within the timeout, the whole body not: still 408."""
    body = json.dumps({"query": "{ stats { specs } }"}).encode()
    chunks = [(0.2, body[i : i + 4]) for i in range(0, len(body), 4)]
    status, answer = _raw_call(fixture_index_dir, chunks, body_timeout_s=0.5)
    assert status == 408
    assert "did not arrive within 0.5 s" in answer["errors"][0]["message"]
