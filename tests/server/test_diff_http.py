"""The diff over HTTP (the app in-process through httpx's ASGI transport)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from spackdex.server.app import create_app
from spackdex.server.settings import Settings

from ..diff_expected import build_diff_index, expected_diff

_QUERY = """query ($from: String!, $to: String!) {
  diff(from: {tag: $from}, to: {tag: $to}, spec: "rocblas") {
    summary { added removed unchanged packagesAdded packagesRemoved packagesChanged }
    removed(first: 10) { edges { node { hash } } }
    packages { edges { node { name versionsAdded versionsRemoved } } }
  }
}"""


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_diff_index(tmp_path_factory.mktemp("diff"))


def _post(index_dir: Path, body: dict[str, object]) -> httpx.Response:
    async def main() -> httpx.Response:
        app = create_app(Settings(index_dir=index_dir))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            return await client.post("/graphql", json=body)

    return asyncio.run(main())


def test_diff_over_http(index_dir: Path) -> None:
    variables = {"from": "develop-2024-12-15", "to": "develop-2025-03-16"}
    response = _post(index_dir, {"query": _QUERY, "variables": variables})
    assert response.status_code == 200
    data = response.json()["data"]["diff"]
    expected = expected_diff(
        ("develop-2024-12-15", None), ("develop-2025-03-16", None), lambda b: b.name == "rocblas"
    )
    assert data["summary"] == expected["summary"]
    assert {e["node"]["hash"] for e in data["removed"]["edges"]} == expected["removed"]
    assert data["packages"]["edges"] == [
        {"node": {"name": "rocblas", "versionsAdded": ["6.3.2"], "versionsRemoved": ["6.2.4"]}}
    ]


def test_unknown_tag_is_a_graphql_error_not_a_500(index_dir: Path) -> None:
    variables = {"from": "develop-2024-12-15", "to": "develop-2099-01-01"}
    response = _post(index_dir, {"query": _QUERY, "variables": variables})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == ["to: unknown tag 'develop-2099-01-01'"]
