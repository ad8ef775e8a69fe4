"""``platform=``, ``os=``, ``target=`` and ``arch=``: what they accept and how targets match.

``target=`` takes a comma-separated list whose elements are names or ranges on
archspec's microarchitecture order (``target=haswell,:nocona``); ``*`` (``target=*``,
``os=*``, ``platform=*``) and a ``None`` part of ``arch=`` (``arch=linux-None-None``) leave
that field unconstrained, as in Spack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spackdex.indexer.spack.errors import SpecSyntaxError
from spackdex.indexer.spack.targets import target_in_range

__all__ = ["ArchClause", "TargetConstraint", "TargetRange", "parse_arch_clause"]

_ARCH_WORD = re.compile(r"[A-Za-z0-9_.]+")
ANY = ("*", "None")  # values that leave a field unconstrained


@dataclass(frozen=True, slots=True)
class TargetRange:
    """One element of a target list: ``zen3`` (exact), ``x86_64_v3:``, ``:zen3``, ``a:b``."""

    exact: str | None = None
    low: str | None = None
    high: str | None = None

    def matches(self, target: str) -> bool:
        if self.exact is not None:
            return target == self.exact
        return target_in_range(target, self.low, self.high)

    def __str__(self) -> str:
        return self.exact if self.exact is not None else f"{self.low or ''}:{self.high or ''}"


@dataclass(frozen=True, slots=True)
class TargetConstraint:
    """``target=`` as a list of alternatives: a target matches if any element does.

    Attributes:
        ranges: The alternatives, in input order.
    """

    ranges: tuple[TargetRange, ...]

    @classmethod
    def exact(cls, name: str) -> TargetConstraint:
        return cls((TargetRange(exact=name),))

    def matches(self, target: str) -> bool:
        """Whether a spec's target satisfies this constraint.

        Args:
            target: The target recorded for a spec.

        Returns:
            True on a match.

        Raises:
            UnknownTargetError: If a range bound is not a known microarchitecture.
        """
        return any(r.matches(target) for r in self.ranges)


@dataclass(frozen=True, slots=True)
class ArchClause:
    """What one architecture clause constrains; None fields are left free."""

    platform: str | None = None
    os: str | None = None
    target: TargetConstraint | None = None


def _word(word: str, column: int, what: str) -> str:
    """Check one platform, os or target name; ``column`` is where ``word`` starts."""
    if not word:
        raise SpecSyntaxError(f"{what} name expected", "", column)
    if not _ARCH_WORD.fullmatch(word):
        index = next(i for i, c in enumerate(word) if not _ARCH_WORD.fullmatch(c))
        raise SpecSyntaxError(f"invalid character in {what} name", word[index], column + index)
    return word


def _target_element(value: str, column: int) -> TargetRange:
    if ":" not in value:
        return TargetRange(exact=_word(value, column, "target"))
    first = value.index(":")
    if ":" in value[first + 1 :]:
        second = value.index(":", first + 1)
        raise SpecSyntaxError("a target range has a single ':'", ":", column + second)
    low, high = value[:first], value[first + 1 :]
    if not low and not high:
        raise SpecSyntaxError("a target range needs at least one end", ":", column)
    return TargetRange(
        low=_word(low, column, "target") if low else None,
        high=_word(high, column + first + 1, "target") if high else None,
    )


def _target(value: str, column: int) -> TargetConstraint | None:
    if value in ANY:
        return None
    ranges = []
    offset = 0
    for piece in value.split(","):
        if piece in ANY:
            raise SpecSyntaxError("'*' cannot be combined with other targets", piece, column)
        if not piece:
            raise SpecSyntaxError("empty element in target list", ",", column + max(offset - 1, 0))
        ranges.append(_target_element(piece, column + offset))
        offset += len(piece) + 1
    return TargetConstraint(tuple(ranges))


def _single(value: str, column: int, what: str) -> str | None:
    return None if value in ANY else _word(value, column, what)


def parse_arch_clause(key: str, value: str, column: int) -> ArchClause:
    """Read the value of ``platform=``, ``os=``, ``target=`` or ``arch=``.

    Args:
        key: One of ``platform``, ``os``, ``target``, ``arch``.
        value: The text after ``=`` (not empty).
        column: 1-based column of ``value`` in the user's input.

    Returns:
        The constraints; ``*`` and ``None`` parts are left as None (unconstrained).

    Raises:
        SpecSyntaxError: On a malformed value, with its column.
    """
    if key == "platform":
        return ArchClause(platform=_single(value, column, "platform"))
    if key == "os":
        return ArchClause(os=_single(value, column, "os"))
    if key == "target":
        return ArchClause(target=_target(value, column))
    parts = value.split("-")
    if len(parts) != 3 or not all(parts):
        message = "arch= takes platform-os-target, e.g. linux-ubuntu24.04-x86_64_v3"
        raise SpecSyntaxError(message, value, column)
    platform, os_name, target = parts
    os_column = column + len(platform) + 1
    target_column = os_column + len(os_name) + 1
    return ArchClause(
        platform=_single(platform, column, "platform"),
        os=_single(os_name, os_column, "os"),
        target=None
        if target in ANY
        else TargetConstraint.exact(_word(target, target_column, "target")),
    )
