"""Relay paging over search results, nested connections, and the DataLoader batching."""

from __future__ import annotations

from typing import Any

import pytest

from spackdex.indexer.search.engine import SearchIndex

from .expected import records
from .helpers import execute, query_data

SPEC_PAGE = """query($after: String, $filter: SpecFilter) {
    specs(first: 7, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { hash } }
    }
}"""
PACKAGE_PAGE = """query($after: String) {
    packages(first: 7, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { name } }
    }
}"""


def _walk(
    index: SearchIndex, query: str, field: str, key: str, filter: dict[str, Any] | None = None
) -> tuple[list[str], int]:
    """Every node's key, page by page, checking pageInfo on the way."""
    seen: list[str] = []
    after: str | None = None
    total = -1
    while True:
        variables: dict[str, Any] = {"after": after}
        if filter is not None:
            variables["filter"] = filter
        page = query_data(index, query, variables)[field]
        total = page["totalCount"]
        edges = page["edges"]
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert 0 < len(edges) <= 7
        assert info["startCursor"] == edges[0]["cursor"]
        assert info["endCursor"] == edges[-1]["cursor"]
        seen.extend(e["node"][key] for e in edges)
        if not info["hasNextPage"]:
            return seen, total
        assert len(edges) == 7
        after = info["endCursor"]


def test_paging_specs_returns_each_hash_once(search_index: SearchIndex) -> None:
    seen, total = _walk(search_index, SPEC_PAGE, "specs", "hash")
    assert len(seen) == len(set(seen)) == total
    assert set(seen) == {r.hash for r in records()}


def test_paging_a_filtered_search(search_index: SearchIndex) -> None:
    filter = {"oss": ["ubuntu22.04"]}
    seen, total = _walk(search_index, SPEC_PAGE, "specs", "hash", filter)
    assert len(seen) == len(set(seen)) == total
    assert set(seen) == {r.hash for r in records() if r.os == "ubuntu22.04"}


def test_paging_packages_returns_each_package_once(search_index: SearchIndex) -> None:
    seen, total = _walk(search_index, PACKAGE_PAGE, "packages", "name")
    assert len(seen) == len(set(seen)) == total
    assert set(seen) == {r.name for r in records()}


def test_empty_page_and_past_the_end(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{ specs(first: 0) { totalCount edges { cursor }
        pageInfo { hasNextPage startCursor endCursor } } }""",
    )
    assert data["specs"]["edges"] == []
    assert data["specs"]["pageInfo"] == {
        "hasNextPage": True,
        "startCursor": None,
        "endCursor": None,
    }
    last = query_data(
        search_index, '{ specs(filter: {packages: ["rocblas"]}) { pageInfo { endCursor } } }'
    )["specs"]["pageInfo"]["endCursor"]
    after = query_data(
        search_index,
        """query($after: String) { specs(after: $after,
        filter: {packages: ["rocblas"]}) { totalCount edges { cursor }
        pageInfo { hasNextPage hasPreviousPage } } }""",
        {"after": last},
    )
    assert after["specs"] == {
        "totalCount": 2,
        "edges": [],
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": True},
    }


def test_paging_dependents(search_index: SearchIndex) -> None:
    # libgpg-error of the bootstrap cache is used by several specs there
    query = """query($after: String) { spec(hash: "p7chd5hhecdkc27npia4uaoeabjit4gh") {
        dependents(first: 1, after: $after) { totalCount edges { node { hash } }
        pageInfo { hasNextPage endCursor } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = query_data(search_index, query, {"after": after})["spec"]["dependents"]
        seen.extend(e["node"]["hash"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] > 1


NESTED = """query($first: Int!) {
    packages(first: $first) { edges { node { name tags { name }
        specs(first: 10) { edges { node { hash package { name }
            occurrences { tag { name } stacks { name } } } } } } } }
}"""


def test_nested_query(search_index: SearchIndex) -> None:
    data = query_data(search_index, NESTED, {"first": 50})
    packages = data["packages"]["edges"]
    assert len(packages) == len({r.name for r in records()})
    by_hash = {r.hash: r for r in records()}
    for package in packages:
        node = package["node"]
        specs = node["specs"]["edges"]
        assert 0 < len(specs) <= 10
        for edge in specs:
            spec = edge["node"]
            expected = by_hash[spec["hash"]]
            assert spec["package"]["name"] == node["name"] == expected.name
            (occurrence,) = spec["occurrences"]
            assert occurrence["tag"]["name"] == expected.tag
            assert {s["name"] for s in occurrence["stacks"]} == set(expected.stacks)
        assert {t["name"] for t in node["tags"]} == {by_hash[e["node"]["hash"]].tag for e in specs}


@pytest.mark.parametrize(
    "query",
    [
        NESTED,
        """query($first: Int!) {
    specs(first: $first) { edges { node { package { name latestVersion }
        dependencies { hash package { name } } tags { name } } } } }""",
    ],
)
def test_nested_lookups_do_not_grow_with_page_size(search_index: SearchIndex, query: str) -> None:
    lookups = []
    for first in (2, 50):
        result, context = execute(search_index, query, {"first": first})
        assert not result.errors
        lookups.append(context.lookups)
    assert lookups[0] == lookups[1]
    assert lookups[1] <= 6


def test_nested_connections_search_once_per_level(
    search_index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The specs of 2 or 50 packages come from one grouped engine search, not one each."""
    calls: list[int] = []
    original = SearchIndex.search_specs_in

    def counted(self: SearchIndex, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "search_specs_in", counted)
    searches = []
    for first in (2, 50):
        calls.clear()
        result, _ = execute(search_index, NESTED, {"first": first})
        assert not result.errors
        searches.append(len(calls))
    assert searches == [1, 1]
