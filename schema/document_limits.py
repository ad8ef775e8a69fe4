"""Depth and alias limits, checked in time linear in the document.

Strawberry's ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` re-walk a fragment at every
spread, so forty fragments that each spread the next twice (a 400-token document) cost
2**40 steps before any other limit looks at the query. Here each fragment is measured
once; the limits and messages are the same.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

__all__ = ["document_limits_rule"]


def document_limits_rule(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing operations deeper than ``max_depth`` (fields with a
    selection, introspection left out) and documents with more than ``max_aliases``
    aliases (counted at every fragment spread)."""

    class DocumentLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            document = context.document
            measure = _Measure(
                {
                    d.name.value: d
                    for d in document.definitions
                    if isinstance(d, FragmentDefinitionNode)
                }
            )
            aliases = 0
            for definition in document.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                depth, found = measure.selection_set(definition.selection_set)
                aliases += found
                if depth > max_depth:
                    name = definition.name.value if definition.name else "anonymous"
                    context.report_error(
                        GraphQLError(
                            f"'{name}' exceeds maximum operation depth of {max_depth}",
                            [definition],
                        )
                    )
            if aliases > max_aliases:
                context.report_error(
                    GraphQLError(f"{aliases} aliases found. Allowed: {max_aliases}")
                )

    return DocumentLimits


class _Measure:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self._fragment: dict[str, tuple[int, int]] = {}

    def selection_set(self, selections: SelectionSetNode | None) -> tuple[int, int]:
        """(depth, aliases) of a selection set, fragments included."""
        depth = aliases = 0
        for selection in selections.selections if selections else ():
            inner_depth, inner_aliases = self._selection(selection)
            depth = max(depth, inner_depth)
            aliases += inner_aliases
        return depth, aliases

    def _selection(self, selection: Any) -> tuple[int, int]:
        if isinstance(selection, FieldNode):
            alias = 1 if selection.alias else 0
            if selection.name.value.startswith("__") or not selection.selection_set:
                return 0, alias
            depth, aliases = self.selection_set(selection.selection_set)
            return depth + 1, aliases + alias
        if isinstance(selection, InlineFragmentNode):
            return self.selection_set(selection.selection_set)
        if isinstance(selection, FragmentSpreadNode):
            return self._spread(selection.name.value)
        return 0, 0

    def _spread(self, name: str) -> tuple[int, int]:
        if name in self._fragment:
            return self._fragment[name]
        fragment = self.fragments.get(name)
        if fragment is None:
            return 0, 0
        self._fragment[name] = (0, 0)  # a cycle (reported by another rule) counts nothing
        measured = self.selection_set(fragment.selection_set)
        self._fragment[name] = measured
        return measured
