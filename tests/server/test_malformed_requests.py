"""Every malformed request to /graphql gets a 4xx with a GraphQL-shaped JSON body, and no
traceback in the log: the cases a hostile run found answered 500 or in plain text."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from spackdex.server.app import create_app
from spackdex.server.settings import Settings

JSON = "application/json"
DEEP = 30_000
_QUERY = "{ stats { specs } }"

# (case, method, content type, body or query string, expected status)
POSTS: list[tuple[str, str | None, bytes, int]] = [
    ("not UTF-8", JSON, b'{"query": "\xff\xfe{ stats { specs } }"}', 400),
    ("bare bytes", JSON, b"\x80\x81\x82", 400),
    ("the number 42", JSON, b"42", 400),
    ("a string", JSON, b'"x"', 400),
    ("null", JSON, b"null", 400),
    ("true", JSON, b"true", 400),
    ("an array (batch)", JSON, b'[{"query": "{ stats { specs } }"}]', 400),
    ("empty body", JSON, b"", 400),
    ("truncated JSON", JSON, b'{"query": "{ stats', 400),
    ("deep nested body", JSON, b"[" * DEEP + b"]" * DEEP, 400),
    (
        "deep nested variables",
        JSON,
        b'{"query": "{ stats { specs } }", "variables": {"a": ' + b"[" * DEEP + b"]" * DEEP + b"}}",
        400,
    ),
    (
        "deep but parseable variables",
        JSON,
        b'{"query": "{ stats { specs } }", "variables": {"a": ' + b"[" * 500 + b"]" * 500 + b"}}",
        400,
    ),
    ("charset latin-1", f"{JSON}; charset=latin-1", b'{"query": "{ stats { specs } }"}', 415),
    ("text/plain", "text/plain", b'{"query": "{ stats { specs } }"}', 415),
    ("form body", "application/x-www-form-urlencoded", b"query=%7B+stats+%7B+specs+%7D+%7D", 415),
    ("multipart form", "multipart/form-data; boundary=x", b"--x\r\n\r\n--x--\r\n", 415),
    ("no content type", None, b'{"query": "{ stats { specs } }"}', 415),
    ("query a number", JSON, b'{"query": 42}', 400),
    ("query an object", JSON, b'{"query": {"a": 1}}', 400),
    ("no query", JSON, b'{"variables": {}}', 400),
    ("variables a string", JSON, b'{"query": "{ stats { specs } }", "variables": "x"}', 400),
    ("variables an array", JSON, b'{"query": "{ stats { specs } }", "variables": [1]}', 400),
    ("extensions a number", JSON, b'{"query": "{ stats { specs } }", "extensions": 1}', 400),
    ("operationName a number", JSON, b'{"query": "{ stats { specs } }", "operationName": 1}', 400),
    ("unknown operationName", JSON,
     b'{"query": "query A { stats { specs } }", "operationName": "B"}', 400),
    ("persisted hash mismatch", JSON, json.dumps({
        "query": _QUERY,
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}},
    }).encode(), 400),
    ("persisted query malformed", JSON, b'{"extensions": {"persistedQuery": 5}}', 400),
    ("over the body limit", JSON, b'{"query": "' + b" " * 70_000 + b'{ stats { specs } }"}', 413),
]  # fmt: skip

GETS: list[tuple[str, bytes, int]] = [
    ("no parameters", b"", 400),
    ("empty query", b"query=", 400),
    ("query twice", b"query=%7Bstats%7Bspecs%7D%7D&query=%7Bstats%7Bspecs%7D%7D", 400),
    ("variables not JSON", b"query=%7Bstats%7Bspecs%7D%7D&variables=%7Bx", 400),
    ("variables an array", b"query=%7Bstats%7Bspecs%7D%7D&variables=%5B1%5D", 400),
    ("variables nested deep", b"query=%7Bstats%7Bspecs%7D%7D&variables=" + b"%5B" * 2000, 400),
    ("not UTF-8", b"query=%ff%fe", 400),
    ("extensions a string", b"query=%7Bstats%7Bspecs%7D%7D&extensions=%22x%22", 400),
]


def _assert_graphql_shaped(answer: httpx.Response, status: int, case: str) -> None:
    assert answer.status_code == status, (case, answer.status_code, answer.text[:200])
    assert answer.headers["content-type"].startswith(JSON), case
    body: dict[str, Any] = answer.json()
    assert isinstance(body["errors"][0]["message"], str) and body["errors"][0]["message"], case


def _run_all(index_dir: Path, requests: list[tuple[str, httpx.Request, int]]) -> None:
    async def main() -> None:
        app = create_app(Settings(index_dir=index_dir))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            for case, request, status in requests:
                _assert_graphql_shaped(await client.send(request), status, case)
            # and the server still answers a good request
            good = await client.post("/graphql", json={"query": _QUERY})
            assert good.status_code == 200 and good.json()["data"]["stats"]["specs"] > 0

    asyncio.run(main())


def test_malformed_bodies_get_graphql_shaped_4xx(
    fixture_index_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    requests = []
    for case, content_type, body, status in POSTS:
        headers = {"content-type": content_type} if content_type else {}
        request = httpx.Request("POST", "http://testserver/graphql", content=body, headers=headers)
        if content_type is None:
            request.headers.pop("content-type", None)
        requests.append((case, request, status))
    for case, query_string, status in GETS:
        url = httpx.URL("http://testserver/graphql", query=query_string)
        requests.append((case, httpx.Request("GET", url), status))
    requests.append(("PUT", httpx.Request("PUT", "http://testserver/graphql", json={}), 405))
    with caplog.at_level(logging.WARNING):
        _run_all(fixture_index_dir, requests)
    tracebacks = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not tracebacks, [r.getMessage() for r in tracebacks]


def test_malformed_global_ids_are_clear_errors(
    fixture_index_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def main() -> None:
        app = create_app(Settings(index_dir=fixture_index_dir))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            for bad in ("1686", "WDox", "", "U3BlYzp4", "%%%"):
                body = {
                    "query": "query($id: ID!) { node(id: $id) { id } }",
                    "variables": {"id": bad},
                }
                answer = (await client.post("/graphql", json=body)).json()
                assert answer["data"] == {"node": None} or answer["data"] is None, bad
                for error in answer.get("errors", []):
                    assert "Unexpected error" not in error["message"], bad

    with caplog.at_level(logging.WARNING):
        asyncio.run(main())
    assert not [r for r in caplog.records if r.exc_info], "a client's bad id logged a traceback"
