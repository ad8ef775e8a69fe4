"""Opaque cursors: a position in one index version's ordering.

A cursor names the index version it came from. After the server switched to a newer
version, paging on with an old cursor could skip or repeat results, so it is refused with
a message saying to start again.
"""

from __future__ import annotations

import base64
import binascii

from .errors import UserInputError

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "decode_cursor", "encode_cursor", "page_size"]

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_PREFIX = "spackdex:1"


def encode_cursor(version: str, position: int) -> str:
    raw = f"{_PREFIX}:{version}:{position}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, version: str) -> int:
    """The position after which the next page starts."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        prefix_a, prefix_b, cursor_version, position = (
            base64.urlsafe_b64decode(padded.encode()).decode().rsplit(":", 3)
        )
        if f"{prefix_a}:{prefix_b}" != _PREFIX or int(position) < 0:
            raise ValueError(cursor)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise UserInputError(
            f"invalid cursor {cursor!r}: pass an endCursor or cursor from an earlier page"
        ) from None
    if cursor_version != version:
        raise UserInputError(
            "this cursor belongs to an older index version; the index was updated since, "
            "so start again from the first page"
        )
    return int(position)


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 0:
        raise UserInputError(f"first must not be negative (got {first})")
    if first > MAX_PAGE_SIZE:
        raise UserInputError(f"first is at most {MAX_PAGE_SIZE} (got {first}); page with after")
    return first
