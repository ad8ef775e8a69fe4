"""The cost limit: estimates by the documented rules, and hostile queries rejected before
any resolver runs (no index read, no memory growth), on an index from the benchmark's
generator."""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate_site
from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.search.engine import SearchIndex
from spackdex.schema.budget import DEFAULT_COST_LIMIT, RequestBudget, request_budget
from spackdex.schema.context import make_context
from spackdex.schema.cost import list_bounds
from spackdex.schema.schema import schema

NODE = "edges { node { name version } }"
THREE_NESTED = """{ tags { packages(first: 100) { edges { node {
  specs(first: 100) { edges { node { name occurrences { tag { name } stacks { name } } } } }
} } } } }"""
# four levels of first: 100 (specs, then dependents three deep): depth 12, the most allowed
FOUR_DEPENDENTS = "{ specs(first: 100) { edges { node { %s } } } }" % (
    "dependents(first: 100) { edges { node { " * 3 + "name" + " } } }" * 3
)
ALIASES = (
    "{ "
    + " ".join(
        f"a{i}: specs(first: 100) {{ {NODE} facets(limit: 1000) {{ values {{ value }} }} }}"
        for i in range(30)
    )
    + " }"
)
# each fragment spreads the next twice: 2**40 copies of the last, were they expanded
FRAGMENT_BOMB = (
    "{ specs(first: 1) { edges { node { ...F0 } } } }\n"
    + "\n".join(f"fragment F{i} on Spec {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
    + "\nfragment F40 on Spec { compiler { name } }"
)


@pytest.fixture(scope="module")
def generated_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    folder = tmp_path_factory.mktemp("generated")
    generate_site(folder / "site", 3000, seed=1)
    build_index(BuildOptions(sources=[str(folder / "site")], index_dir=folder / "index"))
    index = SearchIndex.open(folder / "index")
    yield index
    index.close()


def _run(index: SearchIndex, query: str, variables: dict[str, Any] | None = None) -> Any:
    context = make_context(index)
    result = asyncio.run(schema.execute(query, variable_values=variables, context_value=context))
    return result, context


@pytest.mark.parametrize(
    ("query", "variables", "nodes"),
    [
        ("{ stats { specs } }", None, 1),
        (f"{{ specs {{ {NODE} }} }}", None, 1 + 20 + 20),
        (f"{{ specs(first: 5) {{ totalCount {NODE} }} }}", None, 1 + 5 + 5),
        (f"query($n: Int) {{ specs(first: $n) {{ {NODE} }} }}", {"n": 100}, 201),
        (f"query($n: Int = 7) {{ specs(first: $n) {{ {NODE} }} }}", None, 15),
        ("{ specs(first: 0) { facets(fields: [OS], limit: 3) { values { value } } } }", None, 5),
        ("{ specs(first: 0) { facets { field } } }", None, 1 + 9),
        (f"{{ a: specs {{ {NODE} }} b: specs {{ {NODE} }} }}", None, 82),
        (f"{{ specs {{ ...P }} }} fragment P on SpecConnection {{ {NODE} }}", None, 41),
        ("{ __schema { types { name fields { name } } } }", None, 0),
    ],
)
def test_estimates_follow_the_documented_rules(
    generated_index: SearchIndex, query: str, variables: dict[str, Any] | None, nodes: int
) -> None:
    result, _ = _run(generated_index, query, variables)
    assert not result.errors, result.errors
    assert result.extensions["cost"] == {"nodes": nodes, "limit": DEFAULT_COST_LIMIT}
    assert result.extensions["timing"]["ms"] >= 0


def test_lists_count_their_bound_in_the_served_index(generated_index: SearchIndex) -> None:
    bounds = list_bounds(generated_index)
    assert bounds.tags == len(generated_index.tag_rows()) > 1
    result, _ = _run(generated_index, "{ tags { name stacks { name } } }")
    assert result.extensions["cost"]["nodes"] == bounds.tags * (1 + bounds.stacks_per_tag)
    # the estimate is an upper bound of what the answer holds
    answered = sum(1 + len(tag["stacks"]) for tag in result.data["tags"])
    assert answered <= result.extensions["cost"]["nodes"]


@pytest.mark.parametrize(
    "query",
    [THREE_NESTED, FOUR_DEPENDENTS, ALIASES, FRAGMENT_BOMB],
    ids=[
        "three nested first:100",
        "four first:100 levels via dependents",
        "30 aliases",
        "fragment bomb",
    ],
)
def test_hostile_queries_are_rejected_before_execution(
    generated_index: SearchIndex, query: str
) -> None:
    _run(generated_index, "{ stats { specs } }")  # warm: bounds and caches exist
    tracemalloc.start()
    try:
        result, context = _run(generated_index, query)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.data is None
    [error] = result.errors
    assert error.extensions["code"] == "COST_LIMIT_EXCEEDED"
    nodes = result.extensions["cost"]["nodes"]
    assert nodes > DEFAULT_COST_LIMIT
    assert f"{nodes:,}" in error.message and f"{DEFAULT_COST_LIMIT:,}" in error.message
    assert context.lookups == 0  # no resolver read the index
    assert peak < 5 * 1024 * 1024, f"rejecting took {peak / 1e6:.1f} MB"


EXPLORER_SEARCH = """query Search($q: String) { specs(query: $q, first: 50) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id hash name version os platform target variants compiler { name version }
    occurrences { tag { name } stacks { name } } } }
  facets(fields: [TAG, STACK, PACKAGE, VERSION, COMPILER, OS, TARGET], limit: 50) {
    field truncated values { value count selected } } } }"""
EXPLORER_SPEC = """query Spec($h: String!) { spec(hash: $h) { name version spackSpec
  dependencies { name version hash } dependencyEdges { name deptypes }
  dependents(first: 100) { totalCount edges { node { name version hash } } } } }"""


def _objects(value: Any) -> int:
    """Objects in an answer's data, the root left out."""
    if isinstance(value, dict):
        return 1 + sum(_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(_objects(v) for v in value)
    return 0


@pytest.mark.parametrize("words", [None, "mpi", "py"])
def test_the_explorer_fits_and_the_estimate_bounds_the_answer(
    generated_index: SearchIndex, words: str | None
) -> None:
    result, _ = _run(generated_index, EXPLORER_SEARCH, {"q": words})
    assert not result.errors
    assert _objects(result.data) - 1 <= result.extensions["cost"]["nodes"] < DEFAULT_COST_LIMIT
    some_hash = result.data["specs"]["edges"][0]["node"]["hash"]
    result, _ = _run(generated_index, EXPLORER_SPEC, {"h": some_hash})
    assert not result.errors
    assert _objects(result.data) - 1 <= result.extensions["cost"]["nodes"] < DEFAULT_COST_LIMIT


def test_a_fragment_bomb_is_measured_in_linear_time(generated_index: SearchIndex) -> None:
    """Depth, alias and cost checks each measure a fragment once, not once per spread."""
    scalars_only = FRAGMENT_BOMB.replace("compiler { name }", "name")
    started = time.perf_counter()
    result, _ = _run(generated_index, scalars_only)
    assert time.perf_counter() - started < 2
    assert not result.errors and result.extensions["cost"]["nodes"] == 3


def test_the_limit_comes_from_the_request_budget(generated_index: SearchIndex) -> None:
    token = request_budget.set(RequestBudget(cost_limit=40))
    try:
        result, _ = _run(generated_index, f"{{ specs {{ {NODE} }} }}")
    finally:
        request_budget.reset(token)
    assert result.errors[0].extensions["code"] == "COST_LIMIT_EXCEEDED"
    assert result.extensions["cost"] == {"nodes": 41, "limit": 40}


def test_readme_examples_are_under_the_default_limit() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "`SPACKDEX_COST_LIMIT` | | `50000`" in readme  # the documented default is the code's
    assert DEFAULT_COST_LIMIT == 50_000
