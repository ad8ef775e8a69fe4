"""The package catalog through the API: catalog-only packages, declared versions, recipe
fields, includeWithoutBinaries, the maintainers filter and free text over catalog words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spackdex.indexer.search.engine import SearchIndex
from tests.catalog_index import CATALOG, WITH_BINARIES, WITHOUT_BINARIES, build_catalog_index

from .helpers import query_data


@pytest.fixture(scope="module")
def catalog_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    folder = tmp_path_factory.mktemp("catalog-index")
    build_catalog_index(folder, CATALOG / "data", CATALOG / "version.json")
    index = SearchIndex.open(folder / "index")
    yield index
    index.close()


def _raw(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (CATALOG / "data" / "packages" / f"{name}.json").read_text()
    )
    return document


def _names(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


def test_a_catalog_only_package_answers_its_recipe(catalog_index: SearchIndex) -> None:
    data = query_data(
        catalog_index,
        """{ package(name: "kokkos") { name hasBinaries inCatalog description homepage
               maintainers declaredVersions { version hasBinary } versions latestVersion
               variants { name default description } dependsOn dependents buildSystem
               numSpecs tags { name } specs { totalCount } } }""",
    )["package"]
    raw = _raw("kokkos")
    assert data["hasBinaries"] is False and data["inCatalog"] is True
    assert data["description"] == " ".join(raw["description"].split())
    assert data["homepage"] == raw["homepage"]
    assert data["maintainers"] == raw["maintainers"]
    assert data["declaredVersions"] == [
        {"version": v["name"], "hasBinary": False} for v in raw["versions"]
    ]
    assert data["versions"] == [] and data["latestVersion"] is None
    assert [v["name"] for v in data["variants"]] == [v["name"] for v in raw["variants"]]
    cuda = next(v for v in data["variants"] if v["name"] == "cuda")
    assert cuda == {
        "name": "cuda",
        "default": "false",
        "description": "Whether to build CUDA backend",
    }
    assert set(data["dependsOn"]) == {d["name"] for d in raw["dependencies"]}
    assert set(data["dependents"]) == {d["name"] for d in raw["dependent_to"]}
    assert data["buildSystem"] == "CMakePackage"
    assert (data["numSpecs"], data["tags"], data["specs"]["totalCount"]) == (0, [], 0)


def test_a_catalog_only_package_has_an_empty_history(catalog_index: SearchIndex) -> None:
    # its package code lies past those with binaries: no bitmap to read
    data = query_data(
        catalog_index, '{ package(name: "kokkos") { hasBinaries history { version } } }'
    )
    assert data["package"] == {"hasBinaries": False, "history": []}


def test_declared_versions_mark_those_with_a_binary(catalog_index: SearchIndex) -> None:
    data = query_data(
        catalog_index,
        """{ package(name: "hdf5") { hasBinaries versions undeclaredVersions
               declaredVersions { version hasBinary } } }""",
    )["package"]
    declared = [v["name"] for v in _raw("hdf5")["versions"]]
    assert data["hasBinaries"] is True
    assert [v["version"] for v in data["declaredVersions"]] == declared
    marked = {v["version"] for v in data["declaredVersions"] if v["hasBinary"]}
    assert marked == set(data["versions"]) & set(declared)
    assert marked  # the fixture has binaries of a declared version (1.8.23)
    # binaries of versions this (older) recipe does not declare are shown, not dropped
    assert data["undeclaredVersions"] == [v for v in data["versions"] if v not in declared]
    assert data["undeclaredVersions"]


def test_unknown_names_are_still_null(catalog_index: SearchIndex) -> None:
    assert query_data(catalog_index, '{ package(name: "boost") { name } }')["package"] is None


def test_free_text_finds_a_catalog_only_package_only_when_asked(
    catalog_index: SearchIndex,
) -> None:
    query = """query($q: String!, $all: Boolean!) {
        packages(query: $q, includeWithoutBinaries: $all) { totalCount edges { node {
          name hasBinaries } } }
        specs(query: $q) { totalCount } }"""
    # "programming model": words of kokkos's description only
    found = query_data(catalog_index, query, {"q": "programming model", "all": True})
    assert found["packages"]["edges"] == [{"node": {"name": "kokkos", "hasBinaries": False}}]
    without = query_data(catalog_index, query, {"q": "programming model", "all": False})
    assert without["packages"]["totalCount"] == 0 and without["specs"]["totalCount"] == 0


@pytest.mark.parametrize("word", ["kokkos", "kokos", "kokk", "okkos"])
def test_names_prefixes_and_typos_find_catalog_only_packages(
    catalog_index: SearchIndex, word: str
) -> None:
    query = """query($q: String!, $all: Boolean!) {
        packages(query: $q, includeWithoutBinaries: $all) { edges { node { name } } } }"""
    with_all = query_data(catalog_index, query, {"q": word, "all": True})["packages"]
    without = query_data(catalog_index, query, {"q": word, "all": False})["packages"]
    expected = [] if word == "okkos" else ["kokkos"]  # a deleted first letter is no typo
    assert _names(with_all) == expected
    assert _names(without) == []


def test_the_maintainers_filter(catalog_index: SearchIndex) -> None:
    query = """query($all: Boolean!) {
        packages(filter: {maintainers: ["haampie", "RAFFENET"]}, includeWithoutBinaries: $all,
                 orderBy: NAME) { edges { node { name hasBinaries maintainers } } }
        specs(filter: {maintainers: ["haampie"]}) { totalCount facets(fields: [PACKAGE]) {
          values { value count } } } }"""
    everything = query_data(catalog_index, query, {"all": True})
    assert [
        (e["node"]["name"], e["node"]["hasBinaries"]) for e in everything["packages"]["edges"]
    ] == [
        ("mpich", False),
        ("zlib-ng", True),
    ]
    binaries = query_data(catalog_index, query, {"all": False})
    assert _names(binaries["packages"]) == ["zlib-ng"]
    [facet] = binaries["specs"]["facets"]
    assert [v["value"] for v in facet["values"]] == ["zlib-ng"]
    assert binaries["specs"]["totalCount"] == facet["values"][0]["count"] > 0


def test_a_maintainer_name_is_free_text_ranked_below_names(catalog_index: SearchIndex) -> None:
    data = query_data(
        catalog_index,
        """{ a: packages(query: "haampie") { edges { node { name } } }
             b: packages(query: "haampie", includeWithoutBinaries: true) {
               edges { node { name } } }
             c: packages(query: "cmake", includeWithoutBinaries: true) {
               edges { node { name } } } }""",
    )
    assert _names(data["a"]) == ["zlib-ng"] == _names(data["b"])
    # cmake's name first; packages whose recipes only mention cmake (a cmake variant or
    # description word) follow
    assert _names(data["c"])[0] == "cmake"


def test_a_variant_word_still_selects_binaries_by_value(catalog_index: SearchIndex) -> None:
    """hdf5's recipe declares an mpi variant; "mpi" keeps meaning +mpi for its binaries."""
    data = query_data(
        catalog_index,
        """{ word: specs(query: "hdf5 mpi") { totalCount }
             value: specs(query: "hdf5 +mpi") { totalCount }
             all: specs(query: "hdf5") { totalCount } }""",
    )
    assert data["word"]["totalCount"] == data["value"]["totalCount"] < data["all"]["totalCount"]


def test_a_variant_description_finds_a_catalog_only_package(catalog_index: SearchIndex) -> None:
    # "C++ threads backend" is a kokkos variant description, in no package description
    data = query_data(
        catalog_index,
        '{ packages(query: "threads backend", includeWithoutBinaries: true) '
        "{ edges { node { name } } } }",
    )
    assert _names(data["packages"]) == ["kokkos"]


def test_include_without_binaries_lists_every_package_in_name_order(
    catalog_index: SearchIndex,
) -> None:
    query = """query($after: String) {
        packages(includeWithoutBinaries: true, orderBy: NAME, first: 3, after: $after) {
          totalCount pageInfo { endCursor hasNextPage } edges { node { name numSpecs } } } }"""
    first = query_data(catalog_index, query)["packages"]
    rest = query_data(catalog_index, query, {"after": first["pageInfo"]["endCursor"]})["packages"]
    assert first["totalCount"] == len(WITH_BINARIES) + len(WITHOUT_BINARIES)
    assert _names(first) + _names(rest) == sorted([*WITH_BINARIES, *WITHOUT_BINARIES])
    assert not rest["pageInfo"]["hasNextPage"]
    by_specs = query_data(
        catalog_index,
        "{ packages(includeWithoutBinaries: true, orderBy: NUM_SPECS_DESC, first: 10) "
        "{ edges { node { name numSpecs } } } }",
    )["packages"]
    counts = [e["node"]["numSpecs"] for e in by_specs["edges"]]
    assert counts == sorted(counts, reverse=True) and counts[-2:] == [0, 0]


def test_binary_constraints_add_no_catalog_only_package(catalog_index: SearchIndex) -> None:
    query = """query($spec: String, $filter: SpecFilter) {
        packages(spec: $spec, filter: $filter, includeWithoutBinaries: true) {
          edges { node { name } } } }"""
    assert _names(query_data(catalog_index, query, {"spec": "kokkos"})["packages"]) == []
    with_os = query_data(catalog_index, query, {"filter": {"oss": ["ubuntu22.04"]}})
    assert not set(_names(with_os["packages"])) & set(WITHOUT_BINARIES)
    by_name = query_data(catalog_index, query, {"filter": {"packages": ["mpich", "hdf5"]}})
    assert _names(by_name["packages"]) == ["hdf5", "mpich"]


def test_in_a_tag_include_without_binaries_changes_nothing(catalog_index: SearchIndex) -> None:
    data = query_data(
        catalog_index,
        """{ tags { name a: packages(includeWithoutBinaries: true, first: 50) { totalCount }
                    b: packages(first: 50) { totalCount }
                    stacks { name c: packages(includeWithoutBinaries: true) { totalCount }
                             d: packages { totalCount } } } }""",
    )
    for tag in data["tags"]:
        assert tag["a"] == tag["b"]
        for stack in tag["stacks"]:
            assert stack["c"] == stack["d"]


def test_a_catalog_only_package_is_a_node(catalog_index: SearchIndex) -> None:
    data = query_data(catalog_index, '{ package(name: "mpich") { id } }')
    node = query_data(
        catalog_index,
        "query($id: ID!) { node(id: $id) { ... on Package { name hasBinaries } } }",
        {"id": data["package"]["id"]},
    )
    assert node["node"] == {"name": "mpich", "hasBinaries": False}


def test_without_a_catalog_nothing_changes(tmp_path: Path) -> None:
    build_catalog_index(tmp_path)
    index = SearchIndex.open(tmp_path / "index")
    try:
        data = query_data(
            index,
            """{ k: package(name: "kokkos") { name }
                 h: package(name: "hdf5") { inCatalog maintainers declaredVersions { version }
                                          variants { name } undeclaredVersions }
                 p: packages(includeWithoutBinaries: true) { totalCount } }""",
        )
    finally:
        index.close()
    assert data["k"] is None
    assert data["h"] == {
        "inCatalog": False,
        "maintainers": [],
        "declaredVersions": [],
        "variants": [],
        "undeclaredVersions": [],
    }
    assert data["p"]["totalCount"] == len(WITH_BINARIES)


@pytest.mark.parametrize("owner", ["Query", "Tag", "Stack"])
def test_include_without_binaries_is_an_optional_boolean_false_by_default(
    catalog_index: SearchIndex, owner: str
) -> None:
    data = query_data(
        catalog_index,
        """query($name: String!) { __type(name: $name) { fields { name args {
             name defaultValue type { kind name } } } } }""",
        {"name": owner},
    )
    [packages] = [f for f in data["__type"]["fields"] if f["name"] == "packages"]
    [argument] = [a for a in packages["args"] if a["name"] == "includeWithoutBinaries"]
    assert argument["type"] == {"kind": "SCALAR", "name": "Boolean"}
    assert argument["defaultValue"] == "false"
