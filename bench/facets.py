"""What a faceted search over specs asks and answers, shared by both baselines."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

__all__ = ["FACETS", "MULTI_VALUED", "Filters", "SearchResult", "check_filters", "tokenize"]

# Facet names, in the order results report them.
FACETS: tuple[str, ...] = (
    "package",
    "version",
    "compiler",
    "os",
    "platform",
    "target",
    "tag",
    "stack",
    "variant",
)
# Facets where one spec has several values (it counts once under each).
MULTI_VALUED: frozenset[str] = frozenset({"tag", "stack", "variant"})

Filters = Mapping[str, Sequence[str]]

# ASCII letters and digits, lower-cased: what SQLite FTS5's default ``unicode61`` tokenizer
# makes of this (ASCII) data, so that Whoosh and FTS5 agree on what a word is.
_WORD = re.compile(r"[a-z0-9]+")


class SearchResult(NamedTuple):
    """Total matches, the first page of hashes, and value counts per facet."""

    total: int
    hashes: list[str]
    facets: dict[str, dict[str, int]]


def tokenize(text: str) -> list[str]:
    """Split text into the words both baselines index and query."""
    return _WORD.findall(text.lower())


def check_filters(filters: Filters) -> None:
    """Reject unknown facet names (a typo would otherwise silently match everything)."""
    unknown = set(filters) - set(FACETS)
    if unknown:
        raise ValueError(f"unknown facet(s) {sorted(unknown)}; known: {', '.join(FACETS)}")
