"""What a search asks for: free text, Spack spec syntax, facet selections, scope, order."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

__all__ = [
    "FACET_FIELDS",
    "Filter",
    "PackageOrder",
    "Scope",
    "SearchError",
    "SearchRequest",
    "SpecOrder",
]

# Facet field names as the API knows them, in the API's order.
FACET_FIELDS = (
    "tag",
    "stack",
    "package",
    "version",
    "compiler",
    "os",
    "platform",
    "target",
    "variant",
)


class SearchError(ValueError):
    """A search the index cannot answer as asked (bad spec syntax, unknown host...)."""


class SpecOrder(Enum):
    RELEVANCE = "relevance"
    NAME = "name"
    VERSION_DESC = "version_desc"


class PackageOrder(Enum):
    RELEVANCE = "relevance"
    NAME = "name"
    NUM_SPECS_DESC = "num_specs_desc"


@dataclass(frozen=True)
class Filter:
    """Exact selections: OR inside a field, AND across fields. Empty means no constraint."""

    tags: tuple[str, ...] = ()
    stacks: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    compilers: tuple[str, ...] = ()
    oss: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    compatible_with: str | None = None
    # GitHub names of catalog maintainers: packages any of them looks after (no facet)
    maintainers: tuple[str, ...] = ()

    def values(self, facet: str) -> tuple[str, ...]:
        """The selection of one facet field (``"os"`` -> ``oss``)."""
        return getattr(self, _PLURAL[facet])  # type: ignore[no-any-return]


_PLURAL = {
    "tag": "tags",
    "stack": "stacks",
    "package": "packages",
    "version": "versions",
    "compiler": "compilers",
    "os": "oss",
    "platform": "platforms",
    "target": "targets",
    "variant": "variants",
}


@dataclass(frozen=True)
class Scope:
    """Where a nested connection searches: a tag, a (tag, stack), a package, or the
    dependents of one spec (by ordinal)."""

    tag: str | None = None
    stack: str | None = None
    package: str | None = None
    dependents_of: int | None = None
    dependent_deptypes: int = 0  # DEPTYPE_BITS of the edges to follow; 0: any


@dataclass(frozen=True)
class SearchRequest:
    query: str | None = None
    spec: str | None = None
    filter: Filter = field(default_factory=Filter)
    scope: Scope = field(default_factory=Scope)
    # package searches outside a tag or stack also list packages only the catalog knows
    include_without_binaries: bool = False

    def __post_init__(self) -> None:
        from .limits import check_text_limits  # limits.py imports SearchError from here

        check_text_limits(self.query, self.spec)
