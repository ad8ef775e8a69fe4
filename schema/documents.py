"""Per-document caches keyed by the parsed document's identity, never by its hash.

graphql-core's AST nodes are frozen dataclasses: hashing one hashes the whole tree below it,
every time (a page-of-specs query is about 120 nodes). Strawberry's ``ValidationCache`` keys
an ``lru_cache`` by the document, so it paid that on every request. The parser cache hands
out the same document object for the same query text, so the object itself is the key: a
weak reference tells when it has gone (and its id may be reused).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

__all__ = ["IdentityCache", "IdentityValidationCache"]

T = TypeVar("T")


class IdentityCache(Generic[T]):
    """Values computed once per live object (and extra key), at most ``maxsize`` of them
    (the oldest go first)."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._entries: dict[tuple[int, Any], tuple[weakref.ref[Any], T]] = {}
        self._lock = threading.Lock()

    def get(self, owner: Any, extra: Any, compute: Callable[[], T]) -> T:
        key = (id(owner), extra)
        found = self._entries.get(key)
        if found is not None and found[0]() is owner:
            return found[1]
        value = compute()
        with self._lock:
            if len(self._entries) >= self._maxsize:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = (weakref.ref(owner, self._forget(key)), value)
        return value

    def _forget(self, key: tuple[int, Any]) -> Callable[[weakref.ref[Any]], None]:
        def forget(ref: weakref.ref[Any]) -> None:
            with self._lock:
                found = self._entries.get(key)
                if found is not None and found[0] is ref:
                    del self._entries[key]

        return forget

    def __len__(self) -> int:
        return len(self._entries)


_VALIDATED: IdentityCache[list[GraphQLError]] = IdentityCache(maxsize=256)


class IdentityValidationCache(SchemaExtension):
    """Validation done once per parsed document and set of rules (the parser cache gives
    every request with the same text the same document)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is None:  # not parsed: Strawberry reports why
            yield
            return
        rules = tuple(context.validation_rules)
        schema = context.schema._schema
        context.pre_execution_errors = _VALIDATED.get(
            document, (id(schema), rules), lambda: validate_document(schema, document, rules)
        )
        yield
