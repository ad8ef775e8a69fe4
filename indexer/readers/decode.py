"""Turning a source's bytes into text, with an error that says where the bad byte is."""

from __future__ import annotations

from ..problems import SourceError

__all__ = ["decode_utf8"]


def decode_utf8(data: bytes, source: str) -> str:
    """Decode UTF-8, naming the line and column of the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(
            source,
            f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded",
            f"line {line}, column {column}",
        ) from None
