"""The cost of a query, estimated before it runs: the most objects its answer can hold.

As GitHub's GraphQL API does it, from the parsed document and the variables alone:

- every object in the answer counts 1 (a connection, an edge, a node, a facet, a facet
  value, a tag, a compiler...); scalars count nothing;
- a connection's ``edges`` count ``first`` each (20 when not given, at most 100), whether
  or not the page will be full;
- ``facets`` count one facet per field asked (all 9 when ``fields`` is not given) and
  ``limit`` values each (50 when not given);
- other lists count their bound in the served index: ``tags`` the number of tags, a tag's
  ``stacks`` the most stacks a tag has, a spec's ``occurrences`` / ``tags`` / ``stacks`` /
  ``dependencies`` / ``dependencyEdges`` the most any spec has; the ``stacks`` of all of a
  spec's occurrences together count the most (tag, stack) pairs any spec has;
- everything below a field is multiplied by how many of that field there can be, so three
  nested ``first: 100`` connections cost over a million;
- fragments and aliases count as many times as they appear; introspection counts nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    value_from_ast_untyped,
)

from ..indexer.search.engine import SearchIndex
from ..indexer.search.request import FACET_FIELDS
from .cursors import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

__all__ = ["ListBounds", "estimate_cost", "list_bounds"]

_DEFAULT_FACET_LIMIT = 50
# A list this module knows nothing about (a new field): assume a full page.
_UNKNOWN_LIST = MAX_PAGE_SIZE


@dataclass(frozen=True)
class ListBounds:
    """The longest each list field can be in one index version."""

    tags: int
    stacks_per_tag: int
    occurrences_per_spec: int  # (tag, stack) pairs of the spec with the most
    tags_per_spec: int
    dependencies_per_spec: int

    def of(self, type_name: str, field_name: str) -> int:
        attribute = _BOUND_OF.get((type_name, field_name))
        return _UNKNOWN_LIST if attribute is None else int(getattr(self, attribute))


# Which bound each list field has (a list not named here counts a full page).
_BOUND_OF = {
    ("Query", "tags"): "tags",
    ("Package", "tags"): "tags",
    ("Tag", "stacks"): "stacks_per_tag",
    ("SpecOccurrence", "stacks"): "stacks_per_tag",
    ("Spec", "occurrences"): "tags_per_spec",
    ("Spec", "tags"): "tags_per_spec",
    ("Spec", "stacks"): "occurrences_per_spec",
    ("Spec", "dependencies"): "dependencies_per_spec",
    ("Spec", "dependencyEdges"): "dependencies_per_spec",
}

_bounds_by_version: dict[str, ListBounds] = {}


def list_bounds(index: SearchIndex) -> ListBounds:
    """Computed once per index version (a few numpy passes over offset columns)."""
    found = _bounds_by_version.get(index.version)
    if found is not None:
        return found
    data = index.data
    occ_offsets = np.asarray(data.column("occ_offsets"))
    dep_offsets = np.asarray(data.column("dep_offsets"))
    tag_rows = index.tag_rows()
    occurrences = int(np.diff(occ_offsets).max()) if len(occ_offsets) > 1 else 0
    bounds = ListBounds(
        tags=len(tag_rows),
        stacks_per_tag=max((len(t.stacks) for t in tag_rows), default=0),
        occurrences_per_spec=occurrences,
        tags_per_spec=min(len(tag_rows), occurrences),
        dependencies_per_spec=int(np.diff(dep_offsets).max()) if len(dep_offsets) > 1 else 0,
    )
    if len(_bounds_by_version) > 4:  # old versions are not served again
        _bounds_by_version.clear()
    _bounds_by_version[index.version] = bounds
    return bounds


def estimate_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    bounds: ListBounds,
) -> int:
    """The most objects the operation's answer can hold (0 when there is no operation)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or schema.query_type is None:
        return 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    # a variable the request left out takes its default from the operation
    given = dict(variables or {})
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in given and definition.default_value is not None:
            given[name] = value_from_ast_untyped(definition.default_value)
    walker = _Walker(schema, fragments, given, bounds)
    return walker.selection_cost(operation.selection_set, schema.query_type, _Scope())


@dataclass(frozen=True)
class _Scope:
    """What a selection inherits from the field above it: a connection's page size, or a
    facet list's value limit."""

    page: int = DEFAULT_PAGE_SIZE
    facet_limit: int = _DEFAULT_FACET_LIMIT
    # under one spec's occurrences: stacks per occurrence such that, over all of them,
    # they add up to at least the most (tag, stack) pairs a spec has
    stacks_per_occurrence: int | None = None


_Composite = GraphQLObjectType | GraphQLInterfaceType


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        bounds: ListBounds,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.bounds = bounds
        # a fragment's cost per parent object, so that fragments spreading fragments twice
        # over cost linear time to estimate, not exponential
        self._fragment_costs: dict[tuple[str, str, _Scope], int] = {}

    def selection_cost(
        self, selections: SelectionSetNode, parent: _Composite, scope: _Scope
    ) -> int:
        total = 0
        for selection in selections.selections or ():
            if isinstance(selection, FieldNode):
                total += self.field_cost(selection, parent, scope)
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    self._composite(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent
                )
                if condition is not None:
                    total += self.selection_cost(selection.selection_set, condition, scope)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment_cost(selection.name.value, scope)
        return total

    def _fragment_cost(self, name: str, scope: _Scope) -> int:
        fragment = self.fragments.get(name)
        if fragment is None:
            return 0
        condition = self._composite(fragment.type_condition.name.value)
        if condition is None:
            return 0
        key = (name, condition.name, scope)
        cost = self._fragment_costs.get(key)
        if cost is None:
            self._fragment_costs[key] = 0  # a cycle (invalid anyway) counts nothing
            cost = self.selection_cost(fragment.selection_set, condition, scope)
            self._fragment_costs[key] = cost
        return cost

    def _composite(self, name: str) -> _Composite | None:
        found = self.schema.get_type(name)
        return found if isinstance(found, GraphQLObjectType | GraphQLInterfaceType) else None

    def field_cost(self, node: FieldNode, parent: _Composite, scope: _Scope) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        count = self._count(node, parent.name, name, definition.type, scope)
        child_scope = scope
        if named.name.endswith("Connection"):
            first = self._int_argument(node, "first", DEFAULT_PAGE_SIZE)
            child_scope = _Scope(page=max(0, min(first, MAX_PAGE_SIZE)))
        elif name == "facets":
            limit = self._int_argument(node, "limit", _DEFAULT_FACET_LIMIT)
            child_scope = _Scope(facet_limit=max(1, limit))
        elif (parent.name, name) == ("Spec", "occurrences"):
            bounds = self.bounds
            spread = -(-bounds.occurrences_per_spec // max(1, bounds.tags_per_spec))
            child_scope = _Scope(stacks_per_occurrence=min(spread, bounds.stacks_per_tag))
        inner = (
            self.selection_cost(node.selection_set, named, child_scope) if node.selection_set else 0
        )
        return count * (1 + inner)

    def _count(self, node: FieldNode, parent: str, name: str, type_: Any, scope: _Scope) -> int:
        """How many objects this field can return for one parent object."""
        if not isinstance(get_nullable_type(type_), GraphQLList):
            return 1
        if parent.endswith("Connection") and name == "edges":
            return scope.page
        if name == "facets":
            return self._facet_field_count(node)
        if parent == "Facet" and name == "values":
            return scope.facet_limit
        if (parent, name) == ("SpecOccurrence", "stacks") and scope.stacks_per_occurrence:
            return scope.stacks_per_occurrence
        return self.bounds.of(parent, name)

    def _facet_field_count(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value != "fields":
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, list) and given:
                    return min(len(set(map(str, given))), len(FACET_FIELDS))
            elif isinstance(value, ListValueNode) and value.values:
                return min(len(value.values), len(FACET_FIELDS))
        return len(FACET_FIELDS)

    def _int_argument(self, node: FieldNode, name: str, default: int) -> int:
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int) and not isinstance(given, bool):
                    return given
            return default
        return default
