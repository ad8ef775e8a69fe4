"""The extension that enforces a request's budget and reports what it spent.

Before any resolver runs it estimates the query's cost (``cost.py``) and answers a query
over the limit with an error naming the estimate and the limit; otherwise it starts the
time budget's clock. Every answer carries ``extensions.cost`` (``{nodes, limit}``) and
``extensions.timing`` (``{ms}``, server time since the request arrived).

No per-field hook: the time budget is checked by the DataLoaders (``budget.py``), so this
extension costs two clock readings and one walk of the document per request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.relay import GlobalIDValueError

from .budget import RequestBudget, current_budget
from .cost import estimate_cost, list_bounds

__all__ = ["RequestLimits"]


class RequestLimits(SchemaExtension):
    """Cost limit before execution, time budget during it, cost and timing after it."""

    def on_operation(self) -> Iterator[None]:
        self._budget = current_budget() or RequestBudget()
        self._nodes = 0
        yield
        result = self.execution_context.result
        self._budget.has_errors = bool(result and result.errors)
        if self._budget.has_errors and self._budget.cost_nodes is None:
            self._budget.reject("parse")  # never executed: a syntax or validation error

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        budget = self._budget
        if context.operation_name:
            budget.operation = context.operation_name
        index = getattr(context.context, "index", None)
        document = context.graphql_document
        if index is not None and document is not None:
            self._nodes = estimate_cost(
                context.schema._schema,
                document,
                context.operation_name,
                context.variables,
                list_bounds(index),
            )
        budget.cost_nodes = self._nodes
        if self._nodes > budget.cost_limit:
            budget.reject("cost")
            context.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        f"query cost {self._nodes:,} is over the limit of "
                        f"{budget.cost_limit:,}: it could return that many objects. Ask for "
                        "smaller pages (first), fewer nested connections, or fewer facets",
                        extensions={
                            "code": "COST_LIMIT_EXCEEDED",
                            "cost": {"nodes": self._nodes, "limit": budget.cost_limit},
                        },
                    )
                ],
            )
        else:
            budget.start_clock()
        yield
        result = context.result
        if result is not None and result.errors:
            result.errors = [_explained(error) for error in result.errors]

    def get_results(self) -> dict[str, Any]:
        budget = self._budget
        elapsed_ms = (time.perf_counter() - budget.started) * 1000
        return {
            "cost": {"nodes": self._nodes, "limit": budget.cost_limit},
            "timing": {"ms": round(elapsed_ms, 2)},
        }


def _explained(error: GraphQLError) -> GraphQLError:
    """Strawberry's error for a malformed global id is cryptic (and would be masked as
    "Unexpected error."): say what was wrong instead."""
    if not isinstance(error.original_error, GlobalIDValueError):
        return error
    return GraphQLError(
        "invalid global id: pass the id of a Tag, Stack, Package or Spec as the API gave it",
        nodes=error.nodes,
        path=error.path,
        extensions={"code": "BAD_USER_INPUT"},
    )
