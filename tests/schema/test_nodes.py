"""Global ids (``node(id:)``) and hash lookups (full hashes and prefixes)."""

from __future__ import annotations

import base64

import pytest

from spackdex.indexer.search.engine import SearchIndex

from .conftest import TWIN_HASHES
from .helpers import query_data, query_errors

NODES = """{
    tag(name: "bootstrap") { id name }
    stack(tag: "bootstrap", name: "clingo") { id name tag { name } }
    package(name: "hdf5") { id name }
    spec(hash: "2mwkvhpgh5hoiodlhz2h7owwikkqteid") { id hash }
}"""
NODE = """query($id: ID!) { node(id: $id) { __typename id
    ... on Tag { name }
    ... on Stack { name tag { name } }
    ... on Package { name }
    ... on Spec { hash }
} }"""


def test_node_round_trips(search_index: SearchIndex) -> None:
    objects = query_data(search_index, NODES)
    typenames = {"tag": "Tag", "stack": "Stack", "package": "Package", "spec": "Spec"}
    for field, typename in typenames.items():
        expected = objects[field]
        node = query_data(search_index, NODE, {"id": expected["id"]})["node"]
        assert node == {"__typename": typename, **expected}


def _global_id(typename: str, key: str) -> str:
    return base64.b64encode(f"{typename}:{key}".encode()).decode()


@pytest.mark.parametrize(
    ("typename", "key"),
    [
        ("Tag", "no-such-tag"),
        ("Stack", "bootstrap/no-such-stack"),
        ("Stack", "no-slash"),
        ("Package", "no-such-package"),
        ("Spec", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("Spec", "short"),
    ],
)
def test_unknown_node_is_null(search_index: SearchIndex, typename: str, key: str) -> None:
    assert query_data(search_index, NODE, {"id": _global_id(typename, key)})["node"] is None


def test_malformed_global_id_is_an_error(search_index: SearchIndex) -> None:
    errors = query_errors(search_index, NODE, {"id": "not-a-global-id"})
    assert errors[0].startswith("invalid global id")


SPEC = "query($hash: String!) { spec(hash: $hash) { hash } }"


@pytest.mark.parametrize(
    "given",
    [
        "2mwkvhpgh5hoiodlhz2h7owwikkqteid",
        "2mwkvhp",
        "2mwkvhpgh5h",
        "/2mwkvhp",
        "2MWKVHP",
    ],
)
def test_full_hash_and_unique_prefixes(search_index: SearchIndex, given: str) -> None:
    found = query_data(search_index, SPEC, {"hash": given})["spec"]
    assert found == {"hash": "2mwkvhpgh5hoiodlhz2h7owwikkqteid"}


def test_unknown_hash_is_null(search_index: SearchIndex) -> None:
    for given in ("zzzzzzz", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"):
        assert query_data(search_index, SPEC, {"hash": given})["spec"] is None


@pytest.mark.parametrize("given", ["2mwkvh", "", "2mwkvhp!", "0189abc", "a" * 33])
def test_short_or_malformed_hash_is_an_error(search_index: SearchIndex, given: str) -> None:
    errors = query_errors(search_index, SPEC, {"hash": given})
    assert "at least 7 characters" in errors[0]


def test_ambiguous_prefix_is_an_error(twins_index: SearchIndex) -> None:
    errors = query_errors(twins_index, SPEC, {"hash": "abcdefg"})
    assert "ambiguous" in errors[0]
    assert "2 specs" in errors[0]
    for hash_ in TWIN_HASHES:
        assert query_data(twins_index, SPEC, {"hash": hash_[:8]})["spec"] == {"hash": hash_}


def test_a_hash_in_two_tags_is_one_spec(twins_index: SearchIndex) -> None:
    data = query_data(
        twins_index,
        """{
        stats { specs occurrences }
        specs { totalCount edges { node { tags { name } } }
            facets(fields: [TAG]) { values { value count } } }
    }""",
    )
    assert data["stats"] == {"specs": 2, "occurrences": 4}
    assert data["specs"]["totalCount"] == 2
    for edge in data["specs"]["edges"]:
        assert sorted(t["name"] for t in edge["node"]["tags"]) == ["one", "two"]
    (tags,) = data["specs"]["facets"]
    assert {v["value"]: v["count"] for v in tags["values"]} == {"one": 2, "two": 2}
