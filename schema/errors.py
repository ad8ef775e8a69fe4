"""Errors a client caused and should read, as opposed to bugs, which are masked."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.relay import GlobalIDValueError

from ..indexer.search.request import SearchError

__all__ = ["UserInputError", "is_client_error"]


class UserInputError(ValueError):
    """A request the API cannot answer as asked; the message says what to change."""


def is_client_error(error: GraphQLError) -> bool:
    """Whether an error's message is safe and useful to show (else it is masked)."""
    original = error.original_error
    return original is None or isinstance(
        original, UserInputError | SearchError | GraphQLError | GlobalIDValueError
    )
