"""The executable schema, with the limits that stop abusive queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
)
from strawberry.types import ExecutionContext

from .document_limits import document_limits_rule
from .documents import IdentityValidationCache
from .errors import is_client_error
from .execution import PlainDataExecutionContext
from .package import Package
from .query import Query
from .request_limits import RequestLimits
from .spec import Spec
from .tag import Stack, Tag

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_TOKENS", "schema"]

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 2000
PARSED_DOCUMENTS = 256


# Built once: each limiter makes a new rule class when constructed, and the validation
# cache is keyed by the rules too, so per-request limiters would never hit it.
# (linear in the document: Strawberry's own limiters are exponential in fragment spreads)
_LIMIT_RULES: list[type[ASTValidationRule]] = [document_limits_rule(MAX_DEPTH, MAX_ALIASES)]


class Limits(AddValidationRules):
    """Query depth and alias limits, with the same rule classes for every request."""

    def __init__(self) -> None:
        super().__init__(_LIMIT_RULES)


class Warnings(SchemaExtension):
    """Puts what the resolvers noted (e.g. '^' on data without dependencies) in
    ``extensions.warnings``, so that a partial answer is never silent."""

    def on_execute(self) -> Iterator[None]:
        yield

    def get_results(self) -> dict[str, Any]:
        notes = getattr(self.execution_context.context, "notes", None)
        return {"warnings": list(notes)} if notes else {}


class _Schema(strawberry.Schema):
    """Logs only errors that are bugs: a client's bad query is its answer, not our alarm."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        super().process_errors([e for e in errors if not is_client_error(e)], execution_context)


schema = _Schema(
    query=Query,
    types=[Tag, Stack, Package, Spec],
    # plain-data fields (no resolver) read in one step: see execution.py
    execution_context_class=PlainDataExecutionContext,
    # factories, not instances: strawberry builds fresh extensions for each request
    extensions=[
        Limits,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaskErrors(should_mask_error=lambda error: not is_client_error(error)),
        # clients send the same documents over and over (with other variables): parse and
        # validate each once; bounded, so unique documents cannot grow memory
        lambda: ParserCache(maxsize=PARSED_DOCUMENTS),
        IdentityValidationCache,  # ValidationCache, without hashing the document each time
        Warnings,
        RequestLimits,
    ],
)
