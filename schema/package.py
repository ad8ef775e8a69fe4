"""The Package node: a Spack package with binaries in the index or known from the catalog."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from ..indexer.search.request import Scope, SearchRequest
from ..indexer.search.views import PackageRow
from ..indexer.spack.versions import is_numeric_release
from .context import Context
from .history import PackageVersionHistory, resolve_history
from .inputs import (
    AfterArg,
    FilterArg,
    FirstArg,
    QueryArg,
    SpecArg,
    SpecOrderArg,
    to_engine_filter,
)

if TYPE_CHECKING:
    from .connections import SpecConnection
    from .tag import Tag

__all__ = ["Package"]

TagRef = Annotated["Tag", strawberry.lazy("spackdex.schema.tag")]
SpecConnectionRef = Annotated["SpecConnection", strawberry.lazy("spackdex.schema.connections")]


@strawberry.type(description="A version the package's recipe declares.")
class DeclaredVersion:
    version: str = strawberry.field(description="The version, e.g. 1.14.3 or develop.")
    has_binary: bool = strawberry.field(description="Whether a spec of it is in the index.")


@strawberry.type(description="A variant the package's recipe declares.")
class VariantInfo:
    name: str = strawberry.field(description="The variant name, e.g. mpi.")
    default: str | None = strawberry.field(
        description="Its default: true or false for on/off variants, else the value(s), "
        "e.g. Release or float,double."
    )
    description: str | None = strawberry.field(description="What the variant does.")


@strawberry.type(
    description="A Spack package: one with binaries in the index, or (hasBinaries false) "
    "one known only from the package catalog."
)
class Package(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[PackageRow]

    @classmethod
    def from_row(cls, row: PackageRow) -> Package:
        return cls(key=row.name, row=row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Context, None], node_ids: Iterable[str], required: bool = False
    ) -> list[Package | None]:
        index = info.context.index
        codes = [index.package_code(name) for name in node_ids]
        rows = await info.context.packages.load_many([c for c in codes if c is not None])
        found = iter(rows)
        return [cls.from_row(next(found)) if c is not None else None for c in codes]

    @strawberry.field(description="The package name, e.g. py-numpy.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="Whether at least one spec of the package is in the index.")
    def has_binaries(self) -> bool:
        return self.row.num_specs > 0

    @strawberry.field(
        description="Whether the package catalog knows the package (its recipe fields below "
        "are empty when not)."
    )
    def in_catalog(self) -> bool:
        return self.row.recipe is not None

    @strawberry.field(description="GitHub names of the recipe's maintainers (package catalog).")
    def maintainers(self) -> list[str]:
        return list(self.row.recipe.maintainers) if self.row.recipe else []

    @strawberry.field(
        description="Versions the recipe declares, in Spack order (newest first, as the "
        "catalog lists them), each marked with whether a binary of it is in the index. The "
        "catalog does not say which are deprecated or preferred."
    )
    def declared_versions(self) -> list[DeclaredVersion]:
        if self.row.recipe is None:
            return []
        built = set(self.row.versions)
        return [DeclaredVersion(version=v, has_binary=v in built) for v in self.row.recipe.versions]

    @strawberry.field(
        description="Versions with a binary in the index that the recipe no longer declares "
        "(empty without a catalog entry): shown beside declaredVersions, never dropped."
    )
    def undeclared_versions(self) -> list[str]:
        if self.row.recipe is None or not self.row.recipe.versions:
            return []
        declared = set(self.row.recipe.versions)
        return [v for v in self.row.versions if v not in declared]

    @strawberry.field(description="Variants the recipe declares, with defaults and descriptions.")
    def variants(self) -> list[VariantInfo]:
        if self.row.recipe is None:
            return []
        return [
            VariantInfo(name=v.name, default=v.default, description=v.description)
            for v in self.row.recipe.variants
        ]

    @strawberry.field(
        description="Package names the recipe may depend on (any deptype, any condition; "
        "virtuals such as mpi by their virtual name)."
    )
    def depends_on(self) -> list[str]:
        return list(self.row.recipe.depends_on) if self.row.recipe else []

    @strawberry.field(
        description="Package names whose recipes may depend on this one (packages.spack.io "
        "catalogs only; empty from spack list)."
    )
    def dependents(self) -> list[str]:
        return list(self.row.recipe.dependents) if self.row.recipe else []

    @strawberry.field(
        description="The recipe's Spack base class, e.g. CMakePackage (packages.spack.io "
        "catalogs only)."
    )
    def build_system(self) -> str | None:
        return self.row.recipe.build_system if self.row.recipe else None

    @strawberry.field(
        description="What the package is: the Spack package list, else the package catalog."
    )
    def description(self) -> str | None:
        return self.row.description

    @strawberry.field(description="The package's homepage, when known.")
    def homepage(self) -> str | None:
        return self.row.homepage

    @strawberry.field(description="Versions with binaries, in Spack order, newest first.")
    def versions(self) -> list[str]:
        return list(self.row.versions)

    @strawberry.field(
        description="The newest numbered release with a binary (develop, main "
        "and other branch versions are left out)."
    )
    def latest_version(self) -> str | None:
        return next((v for v in self.row.versions if is_numeric_release(v)), None)

    @strawberry.field(description="How many specs (distinct hashes) the package has.")
    def num_specs(self) -> int:
        return self.row.num_specs

    @strawberry.field(description="Tags holding at least one spec of this package.")
    async def tags(self, info: Info[Context, None]) -> list[TagRef]:
        from .tag import Tag

        index = info.context.index
        names = await info.context.package_tags.load(self.row.code)
        return [Tag.from_row(row) for name in names if (row := index.tag_row(name)) is not None]

    @strawberry.field(
        description="For each version with a binary, newest first (Spack order): the tags "
        "that carry one, in tag order."
    )
    def history(self, info: Info[Context, None]) -> list[PackageVersionHistory]:
        if self.row.num_specs == 0:  # known from the catalog only: no binary, no history
            return []
        return resolve_history(info, self.row.code)

    @strawberry.field(description="This package's specs, searched, filtered and faceted.")
    async def specs(
        self,
        info: Info[Context, None],
        query: QueryArg = None,
        spec: SpecArg = None,
        filter: FilterArg = None,
        order_by: SpecOrderArg = None,
        first: FirstArg = 20,
        after: AfterArg = None,
    ) -> SpecConnectionRef:
        from .connections import spec_connection

        request = SearchRequest(query, spec, to_engine_filter(filter), Scope(package=self.row.name))
        return await spec_connection(info, request, order_by, first, after)
