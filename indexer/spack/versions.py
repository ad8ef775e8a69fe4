"""Spack version ordering and version constraints (the text after ``@``).

Ordering follows Spack's ``StandardVersion``:

* A version splits into segments at ``.``, ``-``, ``_`` and at every digit/letter boundary:
  ``2.3.0-rc1`` is ``2 3 0 rc 1``; separators never take part in comparisons, so ``1_2``
  equals ``1.2``.
* A trailing ``alpha``/``beta``/``rc`` segment (optionally followed by a number) is a
  prerelease marker, split off the release: ``2.3.0-rc1`` is release ``2.3.0`` with
  prerelease ``rc 1`` and sorts *below* ``2.3.0``; ``alpha < beta < rc < final``. A trailing
  ``final`` marks the release itself (``1.0final == 1.0``). Only the lowercase spellings are
  markers, and only after at least one release segment, exactly as Spack does.
* Releases compare segment by segment. Numbers compare numerically (``1.10 > 1.9``).
  "Infinity" names (``develop > main > master > head > trunk > nightly > stable``) are above
  every number; any other word is below every number and words compare as strings
  (``1.2a < 1.2.0``). When one release is a prefix of the other the shorter is smaller
  (``1.2 < 1.2a < 1.2.0 < 1.2.1``).
* Git versions written ``<ref>=<version>`` (as Spack records them) sort by ``<version>``,
  just after the plain ``<version>`` itself.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spackdex.indexer.spack.errors import SpecSyntaxError

__all__ = [
    "INFINITY_NAMES",
    "Version",
    "VersionConstraint",
    "VersionRange",
    "is_numeric_release",
    "version_key",
]

#: Names Spack treats as newer than any numbered version, lowest precedence first.
INFINITY_NAMES: tuple[str, ...] = (
    "stable",
    "nightly",
    "trunk",
    "head",
    "master",
    "main",
    "develop",
)

_PRERELEASE_RANK = {"alpha": 0, "beta": 1, "rc": 2, "final": 3}
_FINAL = 3

_VALID = re.compile(r"[A-Za-z0-9._-]*[A-Za-z0-9][A-Za-z0-9._-]*")
_SEGMENT = re.compile(r"(\d+)|([A-Za-z]+)")
_COMMIT_SHA = re.compile(r"[0-9a-f]{40}")

# A segment's sort key: (rank, number, word). Ranks put words below numbers below infinity
# names, which makes Spack's mixed int/str comparisons a plain tuple comparison.
_WORD, _NUMBER, _INFINITY = 0, 1, 2
_SegmentKey = tuple[int, int, str]
_Key = tuple[tuple[_SegmentKey, ...], tuple[int, ...], str]


def _segment_key(number: str, word: str) -> _SegmentKey:
    if number:
        return (_NUMBER, int(number), "")
    if word in INFINITY_NAMES:
        return (_INFINITY, INFINITY_NAMES.index(word), "")
    return (_WORD, 0, word)


def _parse_key(text: str) -> tuple[tuple[_SegmentKey, ...], tuple[int, ...]]:
    segments = [(m.group(1) or "", m.group(2) or "") for m in _SEGMENT.finditer(text)]
    prerelease: tuple[int, ...] = (_FINAL,)
    # `<release>rc<N>` needs a release segment before the marker, as in Spack.
    if len(segments) >= 3 and segments[-2][1] in _PRERELEASE_RANK and segments[-1][0]:
        prerelease = (_PRERELEASE_RANK[segments[-2][1]], int(segments[-1][0]))
        segments = segments[:-2]
    elif len(segments) >= 2 and segments[-1][1] in _PRERELEASE_RANK:
        prerelease = (_PRERELEASE_RANK[segments[-1][1]],)
        segments = segments[:-1]
    if prerelease[0] == _FINAL:
        # `1.0final` is the release itself; a number after `final` means nothing more.
        prerelease = (_FINAL,)
    return tuple(_segment_key(n, w) for n, w in segments), prerelease


@functools.total_ordering
class Version:
    """One Spack version, immutable, hashable and totally ordered the way Spack orders them.

    Equality is Spack's: ``Version("1.2-rc1") == Version("1.2rc1")`` (separators are not
    compared) while ``Version("1.2") != Version("1.2.0")``.

    Args:
        text: The version as written, e.g. ``"1.14.5"``, ``"2.3.0-rc1"``, ``"develop"``.

    Raises:
        ValueError: If ``text`` is empty or holds characters Spack does not allow.
    """

    __slots__ = ("_key", "_text")

    _key: _Key
    _text: str

    def __init__(self, text: str) -> None:
        ref, sep, version = text.strip().rpartition("=")
        if sep and not ref:
            raise ValueError(f"invalid version {text!r}: '=' must follow a git ref")
        if not _VALID.fullmatch(version):
            raise ValueError(f"invalid version {text!r}")
        release, prerelease = _parse_key(version)
        object.__setattr__(self, "_text", text.strip())
        object.__setattr__(self, "_key", (release, prerelease, ref))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Version is immutable")

    @property
    def text(self) -> str:
        """The version exactly as given (stripped)."""
        return self._text

    @property
    def is_prerelease(self) -> bool:
        """Whether the version ends in an ``alpha``/``beta``/``rc`` marker."""
        return self._key[1][0] != _FINAL

    @property
    def is_infinity(self) -> bool:
        """Whether any segment is an infinity name such as ``develop``."""
        return any(rank == _INFINITY for rank, _, _ in self._key[0])

    @property
    def is_git(self) -> bool:
        """Whether this is a ``<ref>=<version>`` git version."""
        return bool(self._key[2])

    def has_prefix(self, prefix: Version) -> bool:
        """Whether ``prefix`` names this version's series, as ``@1.2`` names ``1.2.x``.

        True when ``prefix`` is a final (non-prerelease, non-git) version whose release
        segments start this version's release segments. ``1.2`` is a prefix of ``1.2``,
        ``1.2.1`` and ``1.2.0rc1``, but not of ``1.2rc1`` (which is older than ``1.2``).

        Args:
            prefix: The candidate series.

        Returns:
            True if this version belongs to ``prefix``'s series.
        """
        release, prerelease, ref = prefix._key
        if prerelease[0] != _FINAL or ref:
            return False
        own_release = self._key[0]
        if own_release[: len(release)] != release:
            return False
        return len(own_release) > len(release) or not self.is_prerelease

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key == other._key

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key < other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Version({self._text!r})"


def version_key(text: str) -> Version:
    """Return a sort key for a version string (for ``sorted(..., key=version_key)``).

    Args:
        text: A Spack version string.

    Returns:
        The parsed :class:`Version`.

    Raises:
        ValueError: If ``text`` is not a valid version.
    """
    return Version(text)


def is_numeric_release(text: str) -> bool:
    """Whether a version counts as a numbered release (the candidates for "latest version").

    A numbered release starts with a number and contains no infinity name (``develop``,
    ``main``...). Git versions and bare commit hashes are not releases. Prereleases such as
    ``2.0rc1`` *are* counted: they are numbered and Spack itself does not set them apart.

    Args:
        text: A Spack version string; invalid strings are simply not releases.

    Returns:
        True for versions like ``1.14.5``, ``2024.1.0``, ``20130729``, ``1.2a``.
    """
    if _COMMIT_SHA.fullmatch(text.strip()):
        return False
    try:
        version = Version(text)
    except ValueError:
        return False
    release = version._key[0]
    return (
        bool(release)
        and release[0][0] == _NUMBER
        and not version.is_infinity
        and not version.is_git
    )


@dataclass(frozen=True, slots=True)
class VersionRange:
    """One element of a version constraint.

    Attributes:
        low: Inclusive lower bound, or None for open below.
        high: Upper bound, or None for open above. Like Spack, the bound names a series:
            ``:1.4`` admits ``1.4.7``.
        exact: True for ``=1.2``, which admits exactly ``1.2`` (``low == high``).
    """

    low: Version | None
    high: Version | None
    exact: bool = False

    def contains(self, version: Version) -> bool:
        """Whether ``version`` satisfies this element.

        Args:
            version: A concrete version.

        Returns:
            True if ``version`` is within the range.
        """
        if self.exact:
            return version == self.low
        if self.low is not None and version < self.low:
            return False
        return self.high is None or version <= self.high or version.has_prefix(self.high)

    def __str__(self) -> str:
        if self.exact:
            return f"={self.low}"
        if self.low is not None and self.low == self.high:
            return str(self.low)
        return f"{self.low or ''}:{self.high or ''}"


def _version_at(text: str, column: int) -> Version:
    """Parse one bound of a constraint, reporting bad characters by column."""
    for index, char in enumerate(text):
        if not (char.isascii() and (char.isalnum() or char in "._-")):
            raise SpecSyntaxError("invalid character in version", char, column + index)
    try:
        return Version(text)
    except ValueError:
        raise SpecSyntaxError("a version needs a letter or digit", text, column) from None


def _parse_element(text: str, column: int) -> VersionRange:
    """Parse one comma-separated element such as ``1.2``, ``=1.2`` or ``1.2:1.4``."""
    if text.startswith("="):
        if ":" in text:
            where = text.index(":")
            raise SpecSyntaxError("'=' pins one version, not a range", ":", column + where)
        if len(text) == 1:
            raise SpecSyntaxError("version expected after '='", "=", column)
        version = _version_at(text[1:], column + 1)
        return VersionRange(version, version, exact=True)
    if text.count(":") > 1:
        second = text.index(":", text.index(":") + 1)
        raise SpecSyntaxError("a version range has a single ':'", ":", column + second)
    if "=" in text:
        raise SpecSyntaxError("'=' may only start a version", "=", column + text.index("="))
    if ":" not in text:
        version = _version_at(text, column)
        return VersionRange(version, version)
    low_text, _, high_text = text.partition(":")
    low = _version_at(low_text, column) if low_text else None
    high = _version_at(high_text, column + len(low_text) + 1) if high_text else None
    if low is not None and high is not None and low > high and not low.has_prefix(high):
        raise SpecSyntaxError(f"empty version range: {low} is newer than {high}", text, column)
    return VersionRange(low, high)


@dataclass(frozen=True, slots=True)
class VersionConstraint:
    """A version constraint in Spack syntax: a comma-separated OR of :class:`VersionRange`.

    ``1.2`` admits 1.2 and every 1.2.x; ``=1.2`` only 1.2; ``1.2:1.4`` is inclusive and
    admits 1.4.x; ``1.2:`` and ``:1.4`` are open on one side; ``:`` admits everything.

    Attributes:
        ranges: The alternatives; a version matches if any of them contains it.
    """

    ranges: tuple[VersionRange, ...]

    @classmethod
    def parse(cls, text: str, *, column: int = 1) -> VersionConstraint:
        """Parse the text after ``@``, e.g. ``1.0:1.5,=1.7.1``.

        Whitespace around commas is allowed, as in Spack.

        Args:
            text: The constraint text.
            column: 1-based column of ``text[0]`` in the user's input, for error positions.

        Returns:
            The parsed constraint.

        Raises:
            SpecSyntaxError: On an empty constraint or element, a second ``:``, a misplaced
                ``=``, a bad character, or a range whose low end is above its high end.
        """
        if not text.strip():
            raise SpecSyntaxError("version expected", text, column)
        ranges: list[VersionRange] = []
        start = 0
        for piece in text.split(","):
            stripped = piece.strip()
            piece_column = column + start + (len(piece) - len(piece.lstrip()))
            if not stripped:
                # Point at the comma after the empty element, or before it if it is last.
                end = start + len(piece)
                comma_at = end if end < len(text) else start - 1
                raise SpecSyntaxError("empty element in version list", ",", column + comma_at)
            ranges.append(_parse_element(stripped, piece_column))
            start += len(piece) + 1
        return cls(tuple(ranges))

    def matches(self, version: str | Version) -> bool:
        """Whether a concrete version satisfies the constraint.

        Args:
            version: A version string from the data (or a parsed :class:`Version`).

        Returns:
            True if any range contains the version; False for unparseable versions.
        """
        if isinstance(version, str):
            try:
                version = Version(version)
            except ValueError:
                return False
        return any(r.contains(version) for r in self.ranges)

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.ranges)
