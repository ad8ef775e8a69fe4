"""Read-only rows the API shows: specs, packages, tags, stacks, dependency edges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..readers.catalog import Recipe
from ..records import Compiler

__all__ = ["DependencyRow", "OccurrenceRow", "PackageRow", "SpecRow", "StackRow", "TagRow"]


@dataclass(frozen=True, slots=True)
class OccurrenceRow:
    tag: str
    stacks: tuple[str, ...]
    mirror: str | None = None  # the mirror root the spec was read from in this tag


@dataclass(frozen=True, slots=True)
class DependencyRow:
    """One dependency edge; ``ordinal`` is set when the dependency is a binary here too."""

    name: str
    hash: str
    deptypes: tuple[str, ...]
    virtuals: tuple[str, ...]
    version: str | None
    ordinal: int | None


@dataclass(frozen=True, slots=True)
class SpecRow:
    ordinal: int
    hash: str
    name: str
    version: str
    compiler: Compiler | None
    os: str
    platform: str
    target: str
    variants: tuple[str, ...]
    size: int | None
    tarball: str | None
    has_dependencies: bool
    # Read when asked for: most queries never show them, and they cost as much as the rest
    # of the row together.
    read_occurrences: Callable[[int], tuple[OccurrenceRow, ...]] = field(repr=False, compare=False)
    signed: bool | None = None  # its layout-v3 manifest was clearsigned; None: not read

    @property
    def occurrences(self) -> tuple[OccurrenceRow, ...]:
        """Every tag holding this spec, each with its stacks there."""
        return self.read_occurrences(self.ordinal)


@dataclass(frozen=True, slots=True)
class PackageRow:
    code: int
    name: str
    description: str | None
    homepage: str | None
    versions: tuple[str, ...]  # Spack order, newest first
    num_specs: int
    recipe: Recipe | None = None  # what the package catalog knows of it, if anything


@dataclass(frozen=True, slots=True)
class StackRow:
    tag: str
    name: str
    num_specs: int


@dataclass(frozen=True, slots=True)
class TagRow:
    name: str
    stacks: tuple[StackRow, ...]
    num_specs: int
