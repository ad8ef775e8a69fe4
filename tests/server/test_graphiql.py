"""GraphiQL is served from files in the package, never from a CDN."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
import pytest

from spackdex.indexer.search.engine import SearchIndex
from spackdex.schema.context import make_context
from spackdex.schema.schema import schema
from spackdex.server.app import create_app
from spackdex.server.graphiql import WELCOME_QUERY, local_graphiql_page
from spackdex.server.settings import Settings


def test_every_asset_of_the_page_is_served_locally(fixture_index_dir: Path) -> None:
    async def main() -> None:
        app = create_app(Settings(index_dir=fixture_index_dir))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            page = (await client.get("/graphql", headers={"Accept": "text/html"})).text
            assert "unpkg.com" not in page
            assert "Welcome to spackdex" in page
            assert "<title>spackdex GraphiQL</title>" in page
            assets = re.findall(r'(?:src|href)="(/graphiql-assets/[^"]+)"', page)
            assert len(assets) == 7
            for asset in assets:
                response = await client.get(asset)
                assert response.status_code == 200, asset
                assert len(response.content) > 500, asset

    asyncio.run(main())


def test_an_asset_that_is_not_shipped_is_a_clear_error() -> None:
    page = (
        '<script src="https://unpkg.com/graphiql@9.9.9/new-file.js"></script>'
        "<script>f(parameters.q || EXAMPLE_QUERY)</script>"
    )
    with pytest.raises(LookupError, match=r"not shipped.*new-file\.js"):
        local_graphiql_page(page)


def test_the_welcome_query_answers_on_real_data(search_index: SearchIndex) -> None:
    result = asyncio.run(schema.execute(WELCOME_QUERY, context_value=make_context(search_index)))
    assert result.errors is None
    assert result.data is not None and result.data["specs"]["totalCount"] > 0
