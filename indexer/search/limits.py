"""Bounds on free text and spec strings, so that one request cannot hold a worker.

Each word of a free-text query is looked up in Whoosh (name, name part, prefix, typos,
description, values), which costs up to milliseconds for a fresh word; a word thousands of
characters long costs seconds in typo expansion. Hence a bound on the length and on the
number of words, and (in ``textindex.py``) no prefix or typo expansion for a word longer
than a package name can be.
"""

from __future__ import annotations

import re

from .request import SearchError

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "MAX_SPEC_CHARS",
    "MAX_SPEC_WORDS",
    "MAX_WORD_EXPANSION_CHARS",
    "TextLimitError",
    "check_text_limits",
]

MAX_QUERY_CHARS = 512
MAX_QUERY_WORDS = 32
MAX_SPEC_CHARS = 512
MAX_SPEC_WORDS = 64
# Spack package names are under 64 characters: a longer word cannot be a name, a name
# prefix or a typo of one, so it is only looked up as it is.
MAX_WORD_EXPANSION_CHARS = 64

_WORDS = re.compile(r"[^\s,;]+")


class TextLimitError(SearchError):
    """A query or spec string over one of the bounds above."""


def check_text_limits(query: str | None, spec: str | None) -> None:
    """Raise ``TextLimitError`` naming the bound a query or spec string is over."""
    _check("query", query, MAX_QUERY_CHARS, MAX_QUERY_WORDS)
    _check("spec", spec, MAX_SPEC_CHARS, MAX_SPEC_WORDS)


def _check(argument: str, text: str | None, max_chars: int, max_words: int) -> None:
    if not text:
        return
    if len(text) > max_chars:
        raise TextLimitError(
            f"{argument} is {len(text):,} characters long; the limit is {max_chars}"
        )
    words = len(_WORDS.findall(text))
    if words > max_words:
        raise TextLimitError(f"{argument} has {words} words; the limit is {max_words}")
