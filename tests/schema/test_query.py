"""The root fields and the Spec/Package/Tag/Stack fields, against the fixture index."""

from __future__ import annotations

import json
import re

from spackdex.indexer.search.engine import SearchIndex

from .expected import BOOTSTRAP, SITE_TAG, bootstrap_dependencies, count_by, records
from .helpers import query_data, query_errors


def test_stats_count_what_the_fixture_files_hold(search_index: SearchIndex) -> None:
    data = query_data(search_index, "{ stats { tags stacks packages specs occurrences builtAt } }")
    every = records()
    stacks = {(r.tag, s) for r in every for s in r.stacks}
    assert data["stats"] == {
        "tags": 3,
        "stacks": len(stacks),
        "packages": len({r.name for r in every}),
        "specs": len(every),
        "occurrences": len(every),
        "builtAt": search_index.built_at,
    }


def test_total_count_matches_the_fixture_pages(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        all: specs { totalCount }
        site: specs(filter: {tags: ["develop-2025-03-16"]}) { totalCount }
        hdf5: specs(filter: {packages: ["hdf5"]}) { totalCount }
        packages { totalCount }
    }""",
    )
    every = records()
    assert data["all"]["totalCount"] == len(every)
    assert data["site"]["totalCount"] == sum(r.tag == SITE_TAG for r in every)
    assert data["hdf5"]["totalCount"] == sum(r.name == "hdf5" for r in every) == 47
    assert data["packages"]["totalCount"] == len({r.name for r in every})


def test_tags_and_unknown_names_are_null_not_errors(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        tags { name numSpecs stacks { name } }
        tag(name: "no-such-tag") { name }
        stack(tag: "develop-2025-03-16", name: "no-such-stack") { name }
        other: stack(tag: "no-such-tag", name: "root") { name }
        package(name: "no-such-package") { name }
        spec(hash: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") { hash }
    }""",
    )
    by_tag = count_by("tag", records())
    assert {t["name"]: t["numSpecs"] for t in data["tags"]} == by_tag
    bootstrap = next(t for t in data["tags"] if t["name"] == "bootstrap")
    assert sorted(s["name"] for s in bootstrap["stacks"]) == ["clingo", "root"]
    for name in ("tag", "stack", "other", "package", "spec"):
        assert data[name] is None


def test_free_text_puts_the_exact_package_name_first(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        specs(query: "python", first: 3) { edges { node { name } } }
        packages(query: "python", first: 3) { edges { node { name } } }
    }""",
    )
    assert data["specs"]["edges"][0]["node"]["name"] == "python"
    assert data["packages"]["edges"][0]["node"]["name"] == "python"


def test_free_text_finds_prefixes_and_typos(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        prefix: packages(query: "hdf") { edges { node { name } } }
        typo: packages(query: "pyhton") { edges { node { name } } }
        typoSpecs: specs(query: "pyhton", first: 1) { edges { node { name } } }
    }""",
    )
    assert "hdf5" in [e["node"]["name"] for e in data["prefix"]["edges"]]
    assert data["typo"]["edges"][0]["node"]["name"] == "python"
    assert data["typoSpecs"]["edges"][0]["node"]["name"] == "python"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_order_by_name_and_version(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        byName: specs(orderBy: NAME, first: 100) { edges { node { name } } }
        byVersion: specs(filter: {packages: ["hdf5"]}, orderBy: VERSION_DESC, first: 100) {
            edges { node { version } } }
        packages(orderBy: NAME, first: 100) { edges { node { name } } }
    }""",
    )
    names = [e["node"]["name"] for e in data["byName"]["edges"]]
    assert names == sorted(names)
    versions = [e["node"]["version"] for e in data["byVersion"]["edges"]]
    assert len(versions) == 47
    assert versions == sorted(versions, key=_version_key, reverse=True)
    package_names = [e["node"]["name"] for e in data["packages"]["edges"]]
    assert package_names == sorted(package_names)


def test_packages_ordered_by_number_of_specs(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        packages(orderBy: NUM_SPECS_DESC, first: 100) { edges { node { name numSpecs } } }
    }""",
    )
    expected = count_by("name", records())
    got = [(e["node"]["name"], e["node"]["numSpecs"]) for e in data["packages"]["edges"]]
    assert dict(got) == expected
    counts = [count for _, count in got]
    assert counts == sorted(counts, reverse=True)
    assert got[0] == ("python", 49)


def test_spec_syntax_search(search_index: SearchIndex) -> None:
    data = query_data(search_index, '{ specs(spec: "hdf5+mpi os=ubuntu22.04") { totalCount } }')
    expected = [
        r for r in records() if r.name == "hdf5" and "+mpi" in r.variants and r.os == "ubuntu22.04"
    ]
    assert expected
    assert data["specs"]["totalCount"] == len(expected)


def test_dependency_clause_on_site_data_warns(search_index: SearchIndex) -> None:
    from .helpers import execute

    result, _ = execute(search_index, '{ specs(spec: "py-numpy ^python") { totalCount } }')
    assert not result.errors
    assert result.extensions is not None
    assert any("dependency data" in w for w in result.extensions["warnings"])


def test_tag_packages_and_stack_specs_are_scoped(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        tag(name: "bootstrap") { numSpecs packages(first: 100) { totalCount
            edges { node { name } } } specs { totalCount } }
        stack(tag: "develop-2025-03-16", name: "e4s") { numSpecs
            specs(first: 100) { totalCount edges { node { stacks(tag: "develop-2025-03-16") {
                name } } } } }
    }""",
    )
    bootstrap = [r for r in records() if r.tag == "bootstrap"]
    tag = data["tag"]
    assert tag["numSpecs"] == tag["specs"]["totalCount"] == len(bootstrap)
    assert {e["node"]["name"] for e in tag["packages"]["edges"]} == {r.name for r in bootstrap}
    assert tag["packages"]["totalCount"] == len({r.name for r in bootstrap})
    e4s = [r for r in records() if "e4s" in r.stacks]
    stack = data["stack"]
    assert stack["numSpecs"] == stack["specs"]["totalCount"] == len(e4s)
    for edge in stack["specs"]["edges"]:
        assert "e4s" in [s["name"] for s in edge["node"]["stacks"]]


def test_spec_fields_of_a_site_spec(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        spec(hash: "2mwkvhpgh5hoiodlhz2h7owwikkqteid") {
            name version os platform target compiler { name version }
            package { name description } tags { name }
            occurrences { tag { name } stacks { name } }
            dependencies { hash } spackSpec installCommands
        }
    }""",
    )
    spec = data["spec"]
    assert spec["spackSpec"] == (
        "py-packaging@24.2 build_system=python_pip %gcc@13.2.0 arch=linux-ubuntu24.04-x86_64_v3"
    )
    assert spec["compiler"] == {"name": "gcc", "version": "13.2.0"}
    assert spec["package"]["name"] == "py-packaging"
    assert spec["tags"] == [{"name": SITE_TAG}]
    assert spec["occurrences"][0]["tag"] == {"name": SITE_TAG}
    assert spec["dependencies"] is None  # site pages carry no dependency data
    assert spec["installCommands"] == [
        f"spack mirror add {SITE_TAG} https://binaries.spack.io/{SITE_TAG}",
        "spack buildcache keys --install --trust",
        "spack install --cache-only /2mwkvhpgh5hoiodlhz2h7owwikkqteid",
    ]


def test_spack_spec_format_for_every_site_spec(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        """{
        specs(filter: {packages: ["hdf5"]}, first: 100) { edges { node {
            name version os platform target variants spackSpec } } }
    }""",
    )
    for edge in data["specs"]["edges"]:
        node = edge["node"]
        spec = node["spackSpec"]
        assert spec.startswith(f"hdf5@{node['version']}")
        assert spec.endswith(f" arch={node['platform']}-{node['os']}-{node['target']}")
        assert re.search(r" %[a-z-]+@[\w.]+ ", spec), spec
        for variant in node["variants"]:
            assert variant in spec


def test_install_commands_for_another_tag_is_an_error(search_index: SearchIndex) -> None:
    errors = query_errors(
        search_index,
        """{
        spec(hash: "2mwkvhpgh5hoiodlhz2h7owwikkqteid") { installCommands(tag: "bootstrap") }
    }""",
    )
    assert "not in tag 'bootstrap'" in errors[0]
    assert SITE_TAG in errors[0]


def test_dependencies_and_dependents_of_bootstrap_specs(search_index: SearchIndex) -> None:
    dependencies = bootstrap_dependencies()
    dependents: dict[str, set[str]] = {}
    for source, targets in dependencies.items():
        for target in targets:
            dependents.setdefault(target, set()).add(source)
    most_used = max(dependents, key=lambda h: len(dependents[h]))
    with_deps = max(dependencies, key=lambda h: len(dependencies[h]))
    data = query_data(
        search_index,
        """query($used: String!, $user: String!) {
        used: spec(hash: $used) { dependents(first: 100) { totalCount edges { node { hash } } } }
        user: spec(hash: $user) { dependencies { hash }
            dependencyEdges { hash deptypes spec { hash } } }
    }""",
        {"used": most_used, "user": with_deps},
    )
    got_dependents = data["used"]["dependents"]
    assert got_dependents["totalCount"] == len(dependents[most_used]) > 1
    assert {e["node"]["hash"] for e in got_dependents["edges"]} == dependents[most_used]
    got_dependencies = {d["hash"] for d in data["user"]["dependencies"]}
    assert got_dependencies == dependencies[with_deps]
    assert got_dependencies
    for edge in data["user"]["dependencyEdges"]:
        assert edge["deptypes"]
        assert (edge["spec"] is None) == (edge["hash"] not in dependencies)


def test_dependents_through_edges_of_given_deptypes(search_index: SearchIndex) -> None:
    """`dependents(deptypes: [...])` follows only edges having one of those types."""
    installs = json.loads(BOOTSTRAP.read_text())["database"]["installs"]
    edges: dict[str, list[tuple[str, set[str]]]] = {}  # target -> (source, deptypes)
    for source, record in installs.items():
        if not record.get("in_buildcache"):
            continue
        ((_, node),) = record["spec"].items()
        for edge in (node.get("dependencies") or {}).values():
            if installs.get(edge["hash"], {}).get("in_buildcache"):
                edges.setdefault(edge["hash"], []).append((source, set(edge["type"])))
    query = """query($hash: String!, $types: [String!]) {
        spec(hash: $hash) { dependents(first: 100, deptypes: $types) { totalCount } } }"""
    differing = 0
    for target, incoming in edges.items():
        counts = {}
        for types in (["build"], ["link"], ["run"], ["link", "run"], None):
            wanted = set(types or ("build", "link", "run", "test"))
            expected = {source for source, deptypes in incoming if deptypes & wanted}
            data = query_data(search_index, query, {"hash": target, "types": types})
            counts[str(types)] = data["spec"]["dependents"]["totalCount"]
            assert counts[str(types)] == len(expected), (target, types)
        differing += counts["['link']"] != counts["['run']"]
    assert differing, "the fixture has targets reached by link edges and by run edges"
    errors = query_errors(search_index, query, {"hash": next(iter(edges)), "types": ["linking"]})
    assert "unknown deptypes ['linking']" in errors[0]
