"""The executable schema, with the limits that stop abusive queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from .errors import is_client_error
from .package import Package
from .query import Query
from .spec import Spec
from .tag import Stack, Tag

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_TOKENS", "schema"]

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 2000


class Warnings(SchemaExtension):
    """Puts what the resolvers noted (e.g. '^' on data without dependencies) in
    ``extensions.warnings``, so that a partial answer is never silent."""

    def on_execute(self) -> Iterator[None]:
        yield

    def get_results(self) -> dict[str, Any]:
        notes = getattr(self.execution_context.context, "notes", None)
        return {"warnings": list(notes)} if notes else {}


schema = strawberry.Schema(
    query=Query,
    types=[Tag, Stack, Package, Spec],
    extensions=[
        QueryDepthLimiter(max_depth=MAX_DEPTH),
        MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        MaxTokensLimiter(max_token_count=MAX_TOKENS),
        MaskErrors(should_mask_error=lambda error: not is_client_error(error)),
        Warnings,
    ],
)
