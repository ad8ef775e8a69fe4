"""Turning a source's bytes into text, with an error that says where the bad byte is."""

from __future__ import annotations

import yaml

from ..problems import SourceError

__all__ = ["decode_utf8", "yaml_error"]


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


def yaml_error(error: yaml.YAMLError, source: str, what: str, first_line: int = 1) -> SourceError:
    """A SourceError for a YAML parse failure, with the line it happened on.

    ``first_line`` is the file line of the YAML text's first line (front matter starts at 2).
    """
    mark = getattr(error, "problem_mark", None)
    place = f"line {mark.line + first_line}" if mark is not None else None
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return SourceError(source, f"malformed {what}: {problem}", place)
