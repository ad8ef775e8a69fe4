"""Automatic persisted queries, as Apollo Client and urql send them.

A client first sends only ``extensions.persistedQuery.sha256Hash``; on a miss it gets the
error ``PersistedQueryNotFound`` and sends the query with its hash, which is checked and
kept. Later requests, GETs included, carry the hash alone: short URLs a CDN can cache.

The store is per worker and bounded (least recently used out): a miss on another worker
costs one round trip, as the protocol expects.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

__all__ = ["PersistedQueries", "PersistedQueryError"]


class PersistedQueryError(Exception):
    """A persisted-query request that cannot be answered yet (or at all)."""

    def __init__(self, message: str, code: str, status: int = 200) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        # a miss is answered with 200, as Apollo Client and urql expect; a bad request 400
        self.status = status


class PersistedQueries:
    """Queries by the SHA-256 of their text; ``capacity`` 0 turns the feature off."""

    def __init__(self, capacity: int, max_query_bytes: int = 64 * 1024) -> None:
        self.capacity = capacity
        self.max_query_bytes = max_query_bytes
        self._queries: OrderedDict[str, str] = OrderedDict()

    def resolve(self, persisted: Any, query: str | None) -> str:
        """The query to run for a request's ``extensions.persistedQuery`` (and ``query``)."""
        if self.capacity <= 0:
            raise PersistedQueryError("PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")
        digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        version = persisted.get("version", 1) if isinstance(persisted, dict) else None
        if not isinstance(digest, str) or version != 1:
            raise PersistedQueryError(
                "extensions.persistedQuery needs version 1 and a sha256Hash string",
                "BAD_PERSISTED_QUERY",
                400,
            )
        digest = digest.lower()
        if query:
            if hashlib.sha256(query.encode()).hexdigest() != digest:
                raise PersistedQueryError(
                    "provided sha256Hash does not match the query",
                    "PERSISTED_QUERY_HASH_MISMATCH",
                    400,
                )
            self._keep(digest, query)
            return query
        found = self._queries.get(digest)
        if found is None:
            raise PersistedQueryError("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
        self._queries.move_to_end(digest)
        return found

    def _keep(self, digest: str, query: str) -> None:
        if len(query) > self.max_query_bytes:
            return
        self._queries[digest] = query
        self._queries.move_to_end(digest)
        while len(self._queries) > self.capacity:
            self._queries.popitem(last=False)
