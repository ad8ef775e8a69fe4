"""The fixed query mix, spelled for spackdex, for the baselines and as GraphQL.

The same five kinds of question run against every engine. Spec syntax has no equivalent
in the baselines, so there it becomes the exact filters it stands for (package, variant,
every ``gcc@*`` compiler and every version in range), resolved from the data itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.facets import Filters
from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.request import Filter, SearchRequest, SpecOrder

__all__ = [
    "FACET_LIMIT",
    "GRAPHQL_QUERY",
    "MATCH_ALL",
    "PAGE_SIZE",
    "REALISTIC_QUERY",
    "SELECTIVE",
    "QueryCase",
    "query_mix",
]

PAGE_SIZE = 20
FACET_LIMIT = 50
MATCH_ALL = "match_all"
# Kinds held to the "selective" latency target (match-all has its own, looser one).
SELECTIVE = ("name", "text", "two_facets", "spec")

_SPEC = "hdf5@1.14: +mpi %gcc"

GRAPHQL_QUERY = """
query Bench($query: String, $spec: String, $filter: SpecFilter) {
  specs(query: $query, spec: $spec, filter: $filter, first: 20) {
    totalCount
    edges { node { hash name version } }
    facets { field values { value count } }
  }
}
""".strip()

# What a front end asks for: a page of 20 specs with 6 fields, and 5 facets of 10 values.
REALISTIC_QUERY = """
query Realistic($query: String, $spec: String, $filter: SpecFilter) {
  specs(query: $query, spec: $spec, filter: $filter, first: 20) {
    totalCount
    edges { node { hash name version os target compiler { name version } } }
    facets(fields: [COMPILER, OS, TARGET, TAG, STACK], limit: 10) {
      field values { value count selected }
    }
  }
}
""".strip()


@dataclass(frozen=True)
class QueryCase:
    """One kind of query, as each engine is asked it."""

    kind: str
    request: SearchRequest
    text: str | None = None
    filters: Filters = field(default_factory=dict)
    # Facet counts ignore the facet's own selection (as spackdex's do) only for filters
    # that are facet selections; spec syntax is a constraint, not a selection.
    disjunctive: bool = False
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def selective(self) -> bool:
        """Whether the selective-query latency target applies."""
        return self.kind in SELECTIVE


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in version.split("."))


def _spec_as_filters(index: SearchIndex) -> dict[str, list[str]]:
    """``hdf5@1.14: +mpi %gcc`` as exact values present in this index."""
    page = index.search_specs(
        SearchRequest(filter=Filter(packages=("hdf5",))), SpecOrder.NAME, 0, 1
    )
    facets = {f.field: [v.value for v in f.values] for f in page.facets(("version",), 10_000)}
    versions = [v for v in facets["version"] if _version_key(v) >= (1, 14)]
    everything = index.search_specs(SearchRequest(), SpecOrder.NAME, 0, 1)
    compilers = [
        v.value
        for f in everything.facets(("compiler",), 10_000)
        for v in f.values
        if v.value.startswith("gcc@")
    ]
    return {
        "package": ["hdf5"],
        "version": sorted(versions, key=_version_key),
        "variant": ["+mpi"],
        "compiler": sorted(compilers),
    }


def _top(index: SearchIndex, field: str, within: Filter) -> str:
    page = index.search_specs(SearchRequest(filter=within), SpecOrder.NAME, 0, 1)
    values = page.facets((field,), 1)[0].values
    if not values:
        raise ValueError(f"no {field} value to filter on in this index")
    return values[0].value


def _two_facets(index: SearchIndex) -> tuple[str, str]:
    """The most common os, then the most common compiler on it: the click path a user
    takes most often in the facet sidebar (and a pair that exists at every size)."""
    os_value = _top(index, "os", Filter())
    return os_value, _top(index, "compiler", Filter(oss=(os_value,)))


def query_mix(index: SearchIndex) -> list[QueryCase]:
    """The five query kinds, resolved against ``index`` for the baselines' spelling."""
    os_value, compiler = _two_facets(index)
    two = Filter(oss=(os_value,), compilers=(compiler,))
    return [
        QueryCase("name", SearchRequest(query="hdf5"), "hdf5", {}, False, {"query": "hdf5"}),
        QueryCase(
            "text",
            SearchRequest(query="linear algebra"),
            "linear algebra",
            {},
            False,
            {"query": "linear algebra"},
        ),
        QueryCase(
            "two_facets",
            SearchRequest(filter=two),
            None,
            {"os": [os_value], "compiler": [compiler]},
            True,
            {"filter": {"oss": [os_value], "compilers": [compiler]}},
        ),
        QueryCase(
            "spec", SearchRequest(spec=_SPEC), None, _spec_as_filters(index), False, {"spec": _SPEC}
        ),
        QueryCase(MATCH_ALL, SearchRequest(), None, {}, False, {}),
    ]
