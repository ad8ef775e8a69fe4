"""The Package node: a Spack package with at least one binary in the index."""

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


@strawberry.type(description="A Spack package with at least one binary in the index.")
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

    @strawberry.field(description="What the package is, from the Spack package list.")
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
