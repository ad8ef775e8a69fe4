"""Facet counts: distinct specs or packages, disjunctive on a field's own selection."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spackdex.indexer.search.engine import SearchIndex

from .expected import Record, count_by, records
from .helpers import query_data, query_errors

FACETS = """query($filter: SpecFilter, $fields: [FacetField!], $limit: Int) {
    specs(filter: $filter) { totalCount
        facets(fields: $fields, limit: $limit) { field truncated
            values { value count selected } } }
    packages(filter: $filter) { totalCount
        facets(fields: $fields, limit: $limit) { field truncated
            values { value count selected } } }
}"""


def _facets(connection: dict[str, Any]) -> dict[str, dict[str, tuple[int, bool]]]:
    return {
        f["field"]: {v["value"]: (v["count"], v["selected"]) for v in f["values"]}
        for f in connection["facets"]
    }


def _packages_by(field: str, chosen: list[Record] | tuple[Record, ...]) -> dict[str, int]:
    packages: dict[str, set[str]] = defaultdict(set)
    for record in chosen:
        packages[str(getattr(record, field))].add(record.name)
    return {value: len(names) for value, names in packages.items()}


def test_facets_without_a_selection(search_index: SearchIndex) -> None:
    data = query_data(search_index, FACETS, {"fields": ["OS", "TAG", "PACKAGE"], "limit": 1000})
    every = records()
    specs = _facets(data["specs"])
    assert {v: c for v, (c, _) in specs["OS"].items()} == count_by("os", every)
    assert {v: c for v, (c, _) in specs["TAG"].items()} == count_by("tag", every)
    assert {v: c for v, (c, _) in specs["PACKAGE"].items()} == count_by("name", every)
    assert not any(selected for facet in specs.values() for _, selected in facet.values())
    packages = _facets(data["packages"])
    assert {v: c for v, (c, _) in packages["OS"].items()} == _packages_by("os", every)
    assert {v: c for v, (c, _) in packages["TAG"].items()} == _packages_by("tag", every)


def test_two_values_of_one_field_are_disjunctive(search_index: SearchIndex) -> None:
    chosen = ["ubuntu22.04", "rhel8"]
    data = query_data(
        search_index,
        FACETS,
        {"filter": {"oss": chosen}, "fields": ["OS", "PACKAGE", "TARGET"], "limit": 1000},
    )
    every = records()
    inside = [r for r in every if r.os in chosen]
    assert data["specs"]["totalCount"] == len(inside)
    assert data["packages"]["totalCount"] == len({r.name for r in inside})
    specs = _facets(data["specs"])
    # the OS facet ignores the OS selection: every OS keeps its unfiltered count
    assert {v: c for v, (c, _) in specs["OS"].items()} == count_by("os", every)
    assert len(specs["OS"]) > 2
    assert {v for v, (_, selected) in specs["OS"].items() if selected} == set(chosen)
    # the other facets are restricted to ubuntu22.04 | rhel8
    assert {v: c for v, (c, _) in specs["PACKAGE"].items()} == count_by("name", inside)
    assert {v: c for v, (c, _) in specs["TARGET"].items()} == count_by("target", inside)
    packages = _facets(data["packages"])
    assert {v: c for v, (c, _) in packages["OS"].items()} == _packages_by("os", every)
    assert {v: c for v, (c, _) in packages["TARGET"].items()} == _packages_by("target", inside)


def test_two_fields_restrict_each_other(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        FACETS,
        {
            "filter": {"oss": ["ubuntu22.04"], "packages": ["hdf5", "python"]},
            "fields": ["OS", "PACKAGE"],
            "limit": 1000,
        },
    )
    every = records()
    specs = _facets(data["specs"])
    with_packages = [r for r in every if r.name in ("hdf5", "python")]
    on_os = [r for r in every if r.os == "ubuntu22.04"]
    assert {v: c for v, (c, _) in specs["OS"].items()} == count_by("os", with_packages)
    assert {v: c for v, (c, _) in specs["PACKAGE"].items()} == count_by("name", on_os)
    assert data["specs"]["totalCount"] == sum(r in on_os for r in with_packages)


def test_variant_facet_and_filter(search_index: SearchIndex) -> None:
    data = query_data(
        search_index,
        FACETS,
        {
            "filter": {"packages": ["hdf5"], "variants": ["+mpi"]},
            "fields": ["VARIANT"],
            "limit": 1000,
        },
    )
    hdf5 = [r for r in records() if r.name == "hdf5"]
    assert data["specs"]["totalCount"] == sum("+mpi" in r.variants for r in hdf5)
    variants = _facets(data["specs"])["VARIANT"]
    assert variants["+mpi"] == (sum("+mpi" in r.variants for r in hdf5), True)
    assert variants["~mpi"] == (sum("~mpi" in r.variants for r in hdf5), False)


def test_limit_truncates_and_keeps_selected_values(search_index: SearchIndex) -> None:
    every = records()
    rarest = min(count_by("os", every).items(), key=lambda item: (item[1], item[0]))[0]
    data = query_data(
        search_index, FACETS, {"filter": {"oss": [rarest]}, "fields": ["OS"], "limit": 2}
    )
    (facet,) = data["specs"]["facets"]
    assert facet["truncated"] is True
    values = {v["value"]: (v["count"], v["selected"]) for v in facet["values"]}
    assert values[rarest] == (count_by("os", every)[rarest], True)
    assert len(values) == 3  # two most frequent, and the selected one


def test_all_fields_by_default(search_index: SearchIndex) -> None:
    data = query_data(search_index, "{ specs { facets { field } } }")
    assert [f["field"] for f in data["specs"]["facets"]] == [
        "TAG",
        "STACK",
        "PACKAGE",
        "VERSION",
        "COMPILER",
        "OS",
        "PLATFORM",
        "TARGET",
        "VARIANT",
    ]


def test_facet_limit_out_of_range_is_a_clear_error(search_index: SearchIndex) -> None:
    for limit in (0, -1, 1001):
        errors = query_errors(search_index, FACETS, {"fields": ["OS"], "limit": limit})
        assert all("facet limit must be between 1 and 1000" in e for e in errors), errors
