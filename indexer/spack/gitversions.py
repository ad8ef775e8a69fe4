"""Git versions in queries: ``@git.<ref>``, ``@git.<ref>=<version>``, ``@<40 hex>``.

Spack records a binary built from git as ``git.<ref>=<version>`` (a commit, a branch or a
tag for ``<ref>``; branch names may hold ``/``). A query names the ref and, optionally, the
version it stands for; ``@git.foo/bar`` is one ref, never a version plus a ``/hash``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spackdex.indexer.spack.versions import Version

__all__ = ["GitVersionConstraint", "split_git_version"]


def _ref(text: str) -> str:
    ref = text.removeprefix("git.")
    # commit hashes are case-insensitive; branch and tag names are not
    return (
        ref.lower() if len(ref) == 40 and all(c in "0123456789abcdefABCDEF" for c in ref) else ref
    )


def split_git_version(text: str) -> tuple[str, str | None] | None:
    """The (ref, version) of a recorded git version, or None for an ordinary version.

    Args:
        text: A version as the data records it, e.g. ``git.0a1b...=1.2``.

    Returns:
        The normalized ref (without ``git.``) and the version it stands for (None if the
        record gives none), or None when ``text`` is not a git version.
    """
    ref, sep, version = text.rpartition("=")
    if not sep:
        ref, version = text, ""
    is_commit = len(ref) == 40 and all(c in "0123456789abcdefABCDEF" for c in ref)
    if not (ref.startswith("git.") or is_commit):
        return None
    return _ref(ref), version or None


@dataclass(frozen=True, slots=True)
class GitVersionConstraint:
    """``@git.<ref>[=<version>]``: binaries built from that git ref (and that version).

    Attributes:
        ref: The ref as typed after ``git.`` (a 40-hex commit is lowercased).
        version: The version the ref stands for, or None for any.
    """

    ref: str
    version: str | None = None

    @classmethod
    def parse(cls, ref: str, version: str | None) -> GitVersionConstraint:
        return cls(_ref(ref), version)

    def matches(self, version: str | Version) -> bool:
        """Whether a recorded version is this git ref (and version).

        Args:
            version: A version as recorded.

        Returns:
            True on a match; ordinary versions never match.
        """
        found = split_git_version(str(version))
        if found is None or found[0] != self.ref:
            return False
        if self.version is None:
            return True
        if found[1] is None:
            return False
        try:
            return Version(found[1]) == Version(self.version)
        except ValueError:
            return found[1] == self.version

    def __str__(self) -> str:
        return f"git.{self.ref}" + (f"={self.version}" if self.version else "")
