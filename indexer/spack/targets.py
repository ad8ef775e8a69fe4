"""Microarchitecture compatibility, from archspec's target graph.

A binary built for target ``T`` runs on host ``H`` when ``T`` is ``H`` or one of ``H``'s
ancestors in archspec's DAG (``x86_64_v3`` code runs on ``zen3``; generic ``x86_64`` code
runs on every x86_64 host). Families never mix: ``aarch64`` code does not run on ``zen3``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from typing import Any

import archspec.cpu

from spackdex.indexer.spack.errors import UnknownTargetError

__all__ = [
    "is_known_target",
    "runnable_targets",
    "specificity",
    "target_in_range",
]


def _targets() -> Mapping[str, Any]:
    # archspec is untyped; TARGETS is a lazily filled mapping of name -> Microarchitecture.
    targets: Mapping[str, Any] = archspec.cpu.TARGETS
    return targets


def _lookup(name: str) -> Any:
    """Return archspec's Microarchitecture for ``name`` or raise with close names."""
    target = _targets().get(name)
    if target is None:
        suggestions = difflib.get_close_matches(name, list(_targets()), n=3)
        raise UnknownTargetError(name, suggestions)
    return target


@functools.cache
def _ancestor_names(name: str) -> frozenset[str]:
    return frozenset(a.name for a in _lookup(name).ancestors)


def is_known_target(name: str) -> bool:
    """Whether archspec knows the microarchitecture ``name``.

    Args:
        name: A target name such as ``zen3``.

    Returns:
        True if ``name`` is in archspec's target table.
    """
    return name in _targets()


@functools.cache
def runnable_targets(host: str) -> frozenset[str]:
    """Names of the targets whose binaries run on ``host``: the host and its ancestors.

    Args:
        host: The microarchitecture of the machine that will run the binaries.

    Returns:
        The compatible target names, ``host`` included.

    Raises:
        UnknownTargetError: If archspec does not know ``host``.
    """
    return _ancestor_names(host) | {host}


def target_in_range(target: str, low: str | None, high: str | None) -> bool:
    """Whether ``target`` lies in the Spack target range ``low:high``.

    ``x86_64_v3:`` means ``x86_64_v3`` or anything descending from it (anything that can run
    its code); ``:zen3`` means ``zen3`` or any of its ancestors (code that runs on ``zen3``).
    With both bounds both conditions must hold. With neither, any known target matches.

    Args:
        target: A target name from the data; unknown names never match.
        low: Lower bound (the more generic end), or None.
        high: Upper bound (the more specific end), or None.

    Returns:
        True if ``target`` is within the range.

    Raises:
        UnknownTargetError: If ``low`` or ``high`` is not a known target; these come from
            the user, so they are checked even when ``target`` is unknown.
    """
    if low is not None:
        _lookup(low)
    if high is not None:
        _lookup(high)
    if not is_known_target(target):
        return False
    if low is not None and low != target and low not in _ancestor_names(target):
        return False
    return high is None or high == target or target in _ancestor_names(high)


def specificity(target: str) -> int:
    """Rank a target by how specific it is, to list the most specific compatible first.

    Args:
        target: A target name.

    Returns:
        1 + the number of the target's ancestors (so family roots such as ``x86_64`` are
        1), or 0 for unknown names.
    """
    if not is_known_target(target):
        return 0
    return len(_ancestor_names(target)) + 1
