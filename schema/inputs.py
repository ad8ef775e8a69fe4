"""Arguments clients pass: the facet filter and the orderings."""

from __future__ import annotations

from enum import Enum

import strawberry

from ..indexer.search.request import Filter
from ..indexer.search.request import PackageOrder as EnginePackageOrder
from ..indexer.search.request import SpecOrder as EngineSpecOrder

__all__ = [
    "FacetField",
    "PackageOrder",
    "SpecFilter",
    "SpecOrder",
    "engine_package_order",
    "engine_spec_order",
    "to_engine_filter",
]


@strawberry.enum(description="A field that can be faceted and filtered on.")
class FacetField(Enum):
    TAG = "tag"
    STACK = "stack"
    PACKAGE = "package"
    VERSION = "version"
    COMPILER = "compiler"
    OS = "os"
    PLATFORM = "platform"
    TARGET = "target"
    VARIANT = "variant"


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
        description='A host microarchitecture such as "zen3": keeps specs whose '
        "target runs there (the same target or an ancestor of it).",
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
    )


def engine_spec_order(order: SpecOrder | None) -> EngineSpecOrder:
    return EngineSpecOrder((order or SpecOrder.RELEVANCE).value)


def engine_package_order(order: PackageOrder | None) -> EnginePackageOrder:
    return EnginePackageOrder((order or PackageOrder.RELEVANCE).value)
