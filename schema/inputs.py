"""Arguments clients pass: the facet filter and the orderings."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from ..indexer.search.request import Filter
from ..indexer.search.request import PackageOrder as EnginePackageOrder
from ..indexer.search.request import SpecOrder as EngineSpecOrder

__all__ = [
    "AfterArg",
    "FacetField",
    "FilterArg",
    "FirstArg",
    "IncludeWithoutBinariesArg",
    "PackageOrder",
    "PackageOrderArg",
    "QueryArg",
    "SpecArg",
    "SpecFilter",
    "SpecOrder",
    "SpecOrderArg",
    "engine_package_order",
    "engine_spec_order",
    "to_engine_filter",
]


@strawberry.enum(description="A field that can be faceted and filtered on.")
class FacetField(Enum):
    TAG = strawberry.enum_value("tag", description="Tags, e.g. develop-2025-03-16.")
    STACK = strawberry.enum_value("stack", description="Stacks, e.g. e4s (root is all).")
    PACKAGE = strawberry.enum_value("package", description="Package names.")
    VERSION = strawberry.enum_value("version", description="Package versions.")
    COMPILER = strawberry.enum_value("compiler", description="Compilers, e.g. gcc@13.2.0.")
    OS = strawberry.enum_value("os", description="Operating systems, e.g. ubuntu22.04.")
    PLATFORM = strawberry.enum_value("platform", description="Platforms: linux, darwin...")
    TARGET = strawberry.enum_value("target", description="Microarchitectures, e.g. zen4.")
    VARIANT = strawberry.enum_value("variant", description='Variants, e.g. "+mpi".')


@strawberry.enum(description="How specs are ordered.")
class SpecOrder(Enum):
    RELEVANCE = strawberry.enum_value(
        "relevance",
        description="Best text match first (exact package name first); without "
        "a query, by name then newest version. With compatibleWith, the most specific target "
        "a host can run comes first.",
    )
    NAME = strawberry.enum_value("name", description="Package name, then newest version first.")
    VERSION_DESC = strawberry.enum_value(
        "version_desc", description="Newest version first (Spack version order), then name."
    )


@strawberry.enum(description="How packages are ordered.")
class PackageOrder(Enum):
    RELEVANCE = strawberry.enum_value(
        "relevance", description="Best text match first; without a query, by name."
    )
    NAME = strawberry.enum_value("name", description="Package name.")
    NUM_SPECS_DESC = strawberry.enum_value(
        "num_specs_desc", description="Most matching specs first."
    )


@strawberry.input(description="Exact selections: values OR-ed inside a field, fields AND-ed.")
class SpecFilter:
    tags: list[str] | None = strawberry.field(default=None, description="Tags, e.g. develop.")
    stacks: list[str] | None = strawberry.field(
        default=None, description="Stacks, e.g. e4s; inside the selected tags when tags are given."
    )
    packages: list[str] | None = strawberry.field(default=None, description="Package names.")
    versions: list[str] | None = strawberry.field(default=None, description="Exact versions.")
    compilers: list[str] | None = strawberry.field(
        default=None, description='"gcc" is any gcc; "gcc@13.2.0" (or "gcc@=13.2.0") that version.'
    )
    oss: list[str] | None = strawberry.field(default=None, description="Operating systems.")
    platforms: list[str] | None = strawberry.field(default=None, description="linux, darwin...")
    targets: list[str] | None = strawberry.field(
        default=None, description="Exact microarchitecture targets, e.g. x86_64_v3."
    )
    variants: list[str] | None = strawberry.field(
        default=None, description='"+mpi", "~cuda", "build_type=Release" (":=" accepted).'
    )
    compatible_with: str | None = strawberry.field(
        default=None,
        description='A host: a microarchitecture such as "zen3", or what `spack arch` prints '
        'such as "linux-ubuntu24.04-zen3" (then platform and OS must match exactly). Keeps '
        "specs whose target runs there (the same target or an ancestor of it).",
    )
    maintainers: list[str] | None = strawberry.field(
        default=None,
        description="GitHub names of package maintainers (from the package catalog): "
        "packages any of them maintains, and their specs.",
    )


def to_engine_filter(selection: SpecFilter | None) -> Filter:
    if selection is None:
        return Filter()

    def values(items: list[str] | None) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.strip() for i in items or () if i.strip()))

    return Filter(
        tags=values(selection.tags),
        stacks=values(selection.stacks),
        packages=values(selection.packages),
        versions=values(selection.versions),
        compilers=values(selection.compilers),
        oss=values(selection.oss),
        platforms=values(selection.platforms),
        targets=values(selection.targets),
        variants=values(selection.variants),
        compatible_with=(selection.compatible_with or "").strip() or None,
        maintainers=values(selection.maintainers),
    )


def engine_spec_order(order: SpecOrder | None) -> EngineSpecOrder:
    return EngineSpecOrder((order or SpecOrder.RELEVANCE).value)


def engine_package_order(order: PackageOrder | None) -> EnginePackageOrder:
    return EnginePackageOrder((order or PackageOrder.RELEVANCE).value)


# Connection arguments, described once for every connection field that takes them.
QueryArg = Annotated[
    str | None,
    strawberry.argument(
        description="Free text: package names, descriptions, versions, "
        "compilers, oss, targets, variants; words are AND-ed, typos tolerated."
    ),
]
SpecArg = Annotated[
    str | None,
    strawberry.argument(
        description='Spack 1.x spec syntax, e.g. "hdf5@1.14: +mpi target=x86_64_v3: %gcc@13 '
        '^mpi" (clauses after %dep or ^dep constrain that dependency).'
    ),
]
FilterArg = Annotated[
    SpecFilter | None,
    strawberry.argument(description="Exact facet selections: OR inside a field, AND across."),
]
SpecOrderArg = Annotated[
    SpecOrder | None, strawberry.argument(description="Order of the results (RELEVANCE).")
]
PackageOrderArg = Annotated[
    PackageOrder | None, strawberry.argument(description="Order of the results (RELEVANCE).")
]
FirstArg = Annotated[
    int | None, strawberry.argument(description="Page size: 20 by default, at most 100.")
]
AfterArg = Annotated[
    str | None,
    strawberry.argument(description="Return results after this cursor (an endCursor)."),
]
IncludeWithoutBinariesArg = Annotated[
    bool | None,
    strawberry.argument(
        description="Also list packages known only from the package catalog (no binary "
        "here), when free text, packages and maintainers are all that is asked: spec syntax "
        "and other filters are about binaries. Inside a tag or stack it changes nothing."
    ),
]
