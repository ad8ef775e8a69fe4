"""Opaque cursors: refused when malformed or when they come from another index version."""

from __future__ import annotations

import base64

import pytest

from spackdex.indexer.search.engine import SearchIndex

from .helpers import query_data, query_errors

PAGE = "query($after: String) { specs(first: 1, after: $after) { edges { cursor } } }"


def _first_cursor(index: SearchIndex) -> str:
    cursor: str = query_data(index, PAGE, {"after": None})["specs"]["edges"][0]["cursor"]
    return cursor


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "",
        _b64("spackdex:1:some-version"),
        _b64("other:1:v:3"),
        _b64("spackdex:1:v:-1"),
        _b64("spackdex:1:v:three"),
        "////",
    ],
)
def test_malformed_cursor_is_a_clear_error(search_index: SearchIndex, cursor: str) -> None:
    errors = query_errors(search_index, PAGE, {"after": cursor})
    assert len(errors) == 1
    assert "invalid cursor" in errors[0]
    assert "endCursor" in errors[0]


def test_cursor_from_another_index_version(
    search_index: SearchIndex, twins_index: SearchIndex
) -> None:
    assert search_index.version != twins_index.version
    errors = query_errors(twins_index, PAGE, {"after": _first_cursor(search_index)})
    assert "older index version" in errors[0]
    assert "first page" in errors[0]


def test_a_cursor_pages_on_in_its_own_index(search_index: SearchIndex) -> None:
    first = _first_cursor(search_index)
    second = query_data(search_index, PAGE, {"after": first})["specs"]["edges"][0]["cursor"]
    assert second != first
