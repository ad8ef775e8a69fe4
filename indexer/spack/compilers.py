"""A compiler as the compiler column records it, and the version constraints a spec takes.

Since Spack 1.0 a compiler is a ``%`` dependency; the column is what site pages and pre-1.0
index.json records have, so ``%gcc@13`` falls back to it there.
"""

from __future__ import annotations

from dataclasses import dataclass

from spackdex.indexer.spack.gitversions import GitVersionConstraint
from spackdex.indexer.spack.versions import VersionConstraint

__all__ = ["CompilerConstraint", "VersionQuery"]

#: What ``@`` gives: a version constraint, or a git ref from ``@git.``.
VersionQuery = VersionConstraint | GitVersionConstraint


@dataclass(frozen=True, slots=True)
class CompilerConstraint:
    """A compiler as recorded in the compiler column (``gcc`` or ``gcc@12:13``).

    Spec syntax since Spack 1.0 writes compilers as ``%`` dependencies; this is what a
    ``%`` clause falls back to on specs that record their compiler as a column (site pages,
    pre-1.0 index.json) and what the pre-1.0 reading of ``%`` used.

    Attributes:
        name: Compiler name.
        versions: Required compiler versions, or None for any.
    """

    name: str
    versions: VersionQuery | None = None

    def matches(self, name: str, version: str | None) -> bool:
        """Whether a spec built with compiler ``name@version`` satisfies this constraint.

        Args:
            name: The compiler's name.
            version: Its version, or None if unknown (which fails a version constraint).

        Returns:
            True on a match.
        """
        if name != self.name:
            return False
        if self.versions is None:
            return True
        return version is not None and self.versions.matches(version)
