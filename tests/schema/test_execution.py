"""The plain-data executor answers exactly as graphql-core's own execution does.

A small Strawberry schema of plain fields (and one resolver) is executed twice, with the
default execution context and with :class:`PlainDataExecutionContext`, on good values and on
every kind of value the fast path must hand back to graphql-core (null in a non-null field,
a value a scalar refuses, an Int out of range, a missing attribute, a wrong object type),
with aliases, fragments, ``__typename`` and ``@skip``/``@include`` on variables. Data and
errors (messages, paths, locations) must be equal.
"""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension

from spackdex.schema.execution import PlainDataExecutionContext


@strawberry.enum
class Color(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Leaf:
    name: str
    count: int
    ratio: float | None
    flag: bool
    color: Color
    tags: list[str]
    maybe: list[str | None] | None


@strawberry.type
class Branch:
    label: str
    leaves: list[Leaf]
    first: Leaf | None

    @strawberry.field
    def computed(self) -> str:
        return self.label.upper()


def _leaf(**changes: Any) -> Leaf:
    values: dict[str, Any] = {
        "name": "a",
        "count": 1,
        "ratio": 0.5,
        "flag": True,
        "color": Color.RED,
        "tags": ["x", "y"],
        "maybe": ["z", None],
    }
    values.update(changes)
    leaf = Leaf.__new__(Leaf)  # bypass __init__: values of the wrong type on purpose
    leaf.__dict__.update(values)
    return leaf


class _NotALeaf:
    name = "impostor"


BRANCHES: dict[str, Any] = {
    "good": [_leaf(), _leaf(name="b", count=2, ratio=None, maybe=None)],
    "null in non-null": [_leaf(), _leaf(name=None)],
    "null list item": [_leaf(tags=["x", None])],
    "int for string": [_leaf(name=5)],
    "int too large": [_leaf(count=2**40)],
    "float for int": [_leaf(count=1.5)],
    "string for int": [_leaf(count="7")],
    "infinite float": [_leaf(ratio=float("inf"))],
    "bad enum": [_leaf(color="green")],
    "string as list": [_leaf(tags="xy")],
    "missing attribute": [Leaf.__new__(Leaf)],
    "other object": [_NotALeaf()],
}


@strawberry.type
class Query:
    @strawberry.field
    def branch(self, case: str) -> Branch:
        leaves = BRANCHES[case]
        return Branch(label=case, leaves=leaves, first=leaves[0])


QUERY = """
query Q($case: String!, $skip: Boolean!) {
  branch(case: $case) {
    __typename
    label
    computed
    leaves { __typename ...Parts alias: name tags maybe color @skip(if: $skip) }
    first { name count @include(if: $skip) }
  }
}
fragment Parts on Leaf { name count ratio flag }
"""


class _Touch(SchemaExtension):
    """A resolve hook (graphql-core middleware): every field must go through it."""

    seen = 0

    def resolve(
        self, _next: Any, root: Any, info: GraphQLResolveInfo, *args: Any, **kwargs: Any
    ) -> Any:
        _Touch.seen += 1
        return _next(root, info, *args, **kwargs)


def _run(schema: strawberry.Schema, case: str, skip: bool) -> dict[str, Any]:
    result = asyncio.run(schema.execute(QUERY, variable_values={"case": case, "skip": skip}))
    errors = [
        {"message": e.message, "path": e.path, "locations": e.locations}
        for e in result.errors or []
    ]
    return {"data": result.data, "errors": errors}


DEFAULT = strawberry.Schema(query=Query)
FAST = strawberry.Schema(query=Query, execution_context_class=PlainDataExecutionContext)


@pytest.mark.parametrize("skip", [False, True])
@pytest.mark.parametrize("case", sorted(BRANCHES))
def test_same_answer_as_graphql_core(case: str, skip: bool) -> None:
    expected = _run(DEFAULT, case, skip)
    assert _run(FAST, case, skip) == expected
    # and twice: readers compiled for the document are reused by the next request
    assert _run(FAST, case, skip) == expected


def test_good_values_answer_without_errors() -> None:
    answer = _run(FAST, "good", False)
    assert answer["errors"] == []
    leaves = answer["data"]["branch"]["leaves"]
    assert leaves[1] == {
        "__typename": "Leaf",
        "name": "b",
        "count": 2,
        "ratio": None,
        "flag": True,
        "alias": "b",
        "tags": ["x", "y"],
        "maybe": None,
        "color": "RED",
    }


def test_a_resolve_hook_sees_every_field() -> None:
    hooked = strawberry.Schema(
        query=Query, extensions=[_Touch], execution_context_class=PlainDataExecutionContext
    )
    plain = strawberry.Schema(query=Query, extensions=[_Touch])
    _Touch.seen = 0
    assert _run(hooked, "good", False) == _run(DEFAULT, "good", False)
    with_fast_context = _Touch.seen
    _Touch.seen = 0
    _run(plain, "good", False)
    assert with_fast_context == _Touch.seen > 20


def test_plain_fields_skip_the_resolver_machinery(monkeypatch: pytest.MonkeyPatch) -> None:
    from strawberry.types.field import StrawberryField

    calls: list[str] = []
    original = StrawberryField.get_result

    def counting(self: StrawberryField, *args: Any, **kwargs: Any) -> Any:
        calls.append(self.python_name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(StrawberryField, "get_result", counting)
    _run(DEFAULT, "good", False)
    through_graphql_core = len(calls)
    calls.clear()
    _run(FAST, "good", False)
    # only the fields with a resolver (branch, computed) go through Strawberry
    assert sorted(calls) == ["branch", "computed"]
    assert through_graphql_core > 20


def test_engine_facet_counts_are_served_as_facet_values() -> None:
    """Facets hand the engine's FacetCount objects to GraphQL as FacetValues: that is
    right only while FacetValue is exactly FacetCount's attributes, all plain fields."""
    import dataclasses

    from spackdex.indexer.search.facets import FacetCount
    from spackdex.schema.facets import FacetValue

    definition = FacetValue.__strawberry_definition__  # type: ignore[attr-defined]
    assert all(f.is_basic_field for f in definition.fields)
    served = {f.python_name for f in definition.fields}
    assert served == {f.name for f in dataclasses.fields(FacetCount)}
