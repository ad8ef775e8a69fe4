"""Type checks for the fields of one spec node, shared by every reader of Spack spec records.

A spec node (an ``index.json`` record's ``spec``, a node of a ``spec.json``) is JSON written
by Spack, but mirrors are edited, generated and truncated by other tools too. Each check
either returns the value in the type spackdex keeps or raises a ``SourceError`` naming the
key and showing the bad value, so that the record is skipped with a message instead of
failing the run later (a list where a version belongs used to crash the column writer).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..problems import SourceError
from ..records import DEPTYPE_BITS
from ..spack.versions import Version

__all__ = [
    "DEPTYPES",
    "check_flag",
    "check_hash",
    "check_parameters",
    "check_text",
    "check_text_list",
    "check_version",
    "is_version",
    "shown",
]

DEPTYPES = frozenset(DEPTYPE_BITS)
# Spack's DAG hash: 32 characters of lowercase base32. The index stores hashes as 32
# ASCII bytes, so anything else would be cut short or fail to write.
_HASH = re.compile(r"[a-z2-7]{32}")
_SHOWN_LENGTH = 60
# A parameter's value: what Spack writes for variants and flags.
_SCALARS = (str, bool, int, float)


def shown(value: Any) -> str:
    """A bad value as a message shows it: its JSON-ish repr, cut short."""
    text = repr(value)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "..."


def check_text(mapping: Mapping[str, Any], key: str, source: str, place: str) -> str:
    """A required, non-empty string."""
    value = mapping.get(key)
    if not isinstance(value, str) or not value:
        raise SourceError(source, f"missing or non-string key '{key}'{_was(mapping, key)}", place)
    return value


def check_version(mapping: Mapping[str, Any], key: str, source: str, place: str) -> str:
    """A version as Spack orders it; JSON numbers such as ``20130729`` are read as text."""
    value = mapping.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # versions such as 20130729 can arrive as JSON numbers
    if not isinstance(value, str) or not value:
        raise SourceError(source, f"missing or non-string key '{key}'{_was(mapping, key)}", place)
    if not is_version(value):
        raise SourceError(source, f"key '{key}' is not a Spack version: {shown(value)}", place)
    return value


def check_hash(value: Any, source: str, place: str, what: str = "hash") -> str:
    """A DAG hash (a record's key, a dependency edge's ``hash``)."""
    if not isinstance(value, str) or not _HASH.fullmatch(value):
        raise SourceError(source, f"{what} is not a 32-character DAG hash: {shown(value)}", place)
    return value


@lru_cache(maxsize=65536)
def is_version(text: str) -> bool:
    """Whether Spack accepts ``text`` as a version (what the index's version order needs)."""
    try:
        Version(text)
    except ValueError:
        return False
    return True


def check_flag(mapping: Mapping[str, Any], key: str, source: str, place: str) -> bool:
    """A boolean that may be absent (absent is false): ``"yes"`` is not a boolean."""
    value = mapping.get(key, False)
    if not isinstance(value, bool):
        raise SourceError(source, f"key '{key}' must be true or false, not {shown(value)}", place)
    return value


def check_text_list(
    value: Any, key: str, source: str, place: str, allowed: frozenset[str] | None = None
) -> tuple[str, ...]:
    """A list of strings (a single string is a list of one, as older Spack wrote deptypes)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise SourceError(
            source, f"key '{key}' must be a list of strings, not {shown(value)}", place
        )
    unknown = [item for item in items if allowed is not None and item not in allowed]
    if unknown:
        expected = ", ".join(sorted(allowed or ()))
        raise SourceError(
            source, f"key '{key}' holds {shown(unknown[0])}, expected one of {expected}", place
        )
    return tuple(items)


def check_parameters(node: Mapping[str, Any], source: str, place: str) -> dict[str, Any]:
    """Variants and flags: an object whose values are scalars or lists of scalars."""
    parameters = node.get("parameters")
    if parameters is None:
        return {}
    if not isinstance(parameters, dict):
        raise SourceError(
            source, f"key 'parameters' must be an object, not {shown(parameters)}", place
        )
    for name, value in parameters.items():
        if value is None or isinstance(value, _SCALARS):
            continue
        if isinstance(value, list) and all(isinstance(item, _SCALARS) for item in value):
            continue
        raise SourceError(
            source,
            f"parameter '{name}' must be a value or a list of values, not {shown(value)}",
            f"{place}.parameters",
        )
    return parameters


def _was(mapping: Mapping[str, Any], key: str) -> str:
    return f" (found {shown(mapping[key])})" if key in mapping else ""
