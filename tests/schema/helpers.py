"""Running the schema in-process against an opened index."""

from __future__ import annotations

import asyncio
from typing import Any

from strawberry.types import ExecutionResult

from spackdex.indexer.search.engine import SearchIndex
from spackdex.schema.context import Context, make_context
from spackdex.schema.schema import schema

__all__ = ["execute", "query_data", "query_errors"]


def execute(
    index: SearchIndex, query: str, variables: dict[str, Any] | None = None
) -> tuple[ExecutionResult, Context]:
    """Run one operation with a fresh per-request context, as the server does."""
    context = make_context(index)
    result = asyncio.run(schema.execute(query, variable_values=variables, context_value=context))
    return result, context


def query_data(
    index: SearchIndex, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The data of an operation that must not fail."""
    result, _ = execute(index, query, variables)
    assert not result.errors, [error.message for error in result.errors]
    assert result.data is not None
    return result.data


def query_errors(
    index: SearchIndex, query: str, variables: dict[str, Any] | None = None
) -> list[str]:
    """The error messages of an operation that must fail."""
    result, _ = execute(index, query, variables)
    assert result.errors, "expected errors"
    return [error.message for error in result.errors]
