"""The diff API and Package.history in GraphQL, against the fixture files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from spackdex.indexer.search.engine import SearchIndex

from ..diff_expected import build_diff_index, expected_diff, fixture_binaries
from .helpers import query_data, query_errors

_DIFF = """
query ($from: DiffScope!, $to: DiffScope!, $spec: String, $filter: SpecFilter, $after: String,
       $removedAfter: String, $packagesAfter: String) {
  diff(from: $from, to: $to, spec: $spec, filter: $filter) {
    summary { added removed unchanged packagesAdded packagesRemoved packagesChanged }
    added(first: 100, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { hash } }
    }
    removed(first: 100, after: $removedAfter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { hash } }
    }
    packages(first: 7, after: $packagesAfter) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { name package { name } versionsAdded versionsRemoved specsAdded
                     specsRemoved } }
    }
  }
}
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    opened = SearchIndex.open(build_diff_index(tmp_path_factory.mktemp("diff")))
    yield opened
    opened.close()


def _all(index: SearchIndex, variables: dict[str, Any]) -> dict[str, Any]:
    """The whole diff, paging every connection to its end."""
    data = query_data(index, _DIFF, variables)["diff"]
    summary = data["summary"]
    found: dict[str, Any] = {"added": set(), "removed": set(), "packages": {}}
    cursors = {"added": "after", "removed": "removedAfter", "packages": "packagesAfter"}
    for field, argument in cursors.items():
        page = data[field]
        while True:
            for edge in page["edges"]:
                node = edge["node"]
                if field == "packages":
                    assert node["package"] == {"name": node["name"]}
                    name = node.pop("name")
                    del node["package"]
                    found["packages"][name] = node
                else:
                    found[field].add(node["hash"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            more = {**variables, argument: page["pageInfo"]["endCursor"]}
            page = query_data(index, _DIFF, more)["diff"][field]
    assert data["added"]["totalCount"] == summary["added"]
    assert data["removed"]["totalCount"] == summary["removed"]
    return {"summary": summary, **found}


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (("develop-2024-12-15", None), ("develop-2025-03-16", None)),
        (("develop-2025-03-16", None), ("develop-2025-03-09", None)),
        (("spack-test", None), ("spack-1.0", None)),
        (("develop-2025-03-09", "e4s"), ("develop-2025-03-16", "e4s")),
    ],
)
def test_diff_equals_the_fixture_files(
    index: SearchIndex, source: tuple[str, str | None], target: tuple[str, str | None]
) -> None:
    variables = {
        "from": {"tag": source[0], "stack": source[1]},
        "to": {"tag": target[0], "stack": target[1]},
    }
    assert _all(index, variables) == expected_diff(source, target)


def test_spec_and_filter_restrict_both_sides(index: SearchIndex) -> None:
    variables = {
        "from": {"tag": "develop-2024-12-15"},
        "to": {"tag": "develop-2025-03-09"},
        "spec": "rocblas",
        "filter": {"oss": ["ubuntu24.04"]},
    }
    expected = expected_diff(
        ("develop-2024-12-15", None),
        ("develop-2025-03-09", None),
        lambda b: b.name == "rocblas" and b.os == "ubuntu24.04",
    )
    assert _all(index, variables) == expected
    assert expected["packages"]["rocblas"]["specsRemoved"] == 2


def test_added_has_facets_like_specs(index: SearchIndex) -> None:
    query = """{ diff(from: {tag: "develop-2025-03-09"}, to: {tag: "develop-2025-03-16"},
                      spec: "cuda") {
        added(first: 0) { totalCount facets(fields: [VERSION]) { values { value count } } } } }"""
    added = query_data(index, query)["diff"]["added"]
    counts = {v["value"]: v["count"] for v in added["facets"][0]["values"]}
    expected: dict[str, int] = {}
    for binary in fixture_binaries():
        if binary.name == "cuda" and binary.tag == "develop-2025-03-16":
            expected[binary.version] = expected.get(binary.version, 0) + 1
    assert counts == expected
    assert added["totalCount"] == sum(expected.values())


def test_unknown_tag_or_stack_is_an_error_naming_it(index: SearchIndex) -> None:
    errors = query_errors(
        index, '{ diff(from: {tag: "nope"}, to: {tag: "spack-1.0"}) { summary { added } } }'
    )
    assert errors == ["from: unknown tag 'nope'"]
    errors = query_errors(
        index,
        '{ diff(from: {tag: "spack-test"}, to: {tag: "spack-1.0", stack: "e4s"}) '
        "{ summary { added } } }",
    )
    assert errors == ["to: tag 'spack-1.0' has no stack 'e4s'"]


def test_package_history(index: SearchIndex) -> None:
    data = query_data(index, '{ package(name: "rocblas") { history { version tags { name } } } }')
    assert data["package"]["history"] == [
        {
            "version": "6.3.2",
            "tags": [{"name": "develop-2025-03-16"}, {"name": "develop-2025-03-09"}],
        },
        {"version": "6.2.4", "tags": [{"name": "develop-2024-12-15"}]},
        {
            "version": "6.1.2",
            "tags": [
                {"name": "develop-2025-03-16"},
                {"name": "develop-2025-03-09"},
                {"name": "develop-2024-12-15"},
            ],
        },
    ]
