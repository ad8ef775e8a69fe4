"""Tag and Stack nodes: a published build cache, and a named stack built into it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from ..indexer.search.request import Scope, SearchRequest
from ..indexer.search.views import StackRow, TagRow
from .context import Context
from .inputs import (
    AfterArg,
    FilterArg,
    FirstArg,
    IncludeWithoutBinariesArg,
    PackageOrderArg,
    QueryArg,
    SpecArg,
    SpecOrderArg,
    to_engine_filter,
)

if TYPE_CHECKING:
    from .connections import PackageConnection, SpecConnection

__all__ = ["Stack", "Tag"]

SpecConnectionRef = Annotated["SpecConnection", strawberry.lazy("spackdex.schema.connections")]
PackageConnectionRef = Annotated[
    "PackageConnection", strawberry.lazy("spackdex.schema.connections")
]
_STACK_SEPARATOR = "/"


@strawberry.type(
    description="A published build cache: develop, a weekly develop-YYYY-MM-DD "
    "snapshot or a release."
)
class Tag(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[TagRow]

    @classmethod
    def from_row(cls, row: TagRow) -> Tag:
        return cls(key=row.name, row=row)

    @classmethod
    def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Context, None], node_ids: Iterable[str], required: bool = False
    ) -> list[Tag | None]:
        index = info.context.index
        return [cls.from_row(r) if (r := index.tag_row(n)) else None for n in node_ids]

    @strawberry.field(description="The tag name, e.g. develop-2025-03-16.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="Stacks built into this tag; root holds every spec.")
    def stacks(self) -> list[Stack]:
        return [Stack.from_row(row) for row in self.row.stacks]

    @strawberry.field(description="Distinct specs in this tag.")
    def num_specs(self) -> int:
        return self.row.num_specs

    @strawberry.field(description="Packages with specs in this tag.")
    async def packages(
        self,
        info: Info[Context, None],
        query: QueryArg = None,
        spec: SpecArg = None,
        filter: FilterArg = None,
        order_by: PackageOrderArg = None,
        first: FirstArg = 20,
        after: AfterArg = None,
        include_without_binaries: IncludeWithoutBinariesArg = False,
    ) -> PackageConnectionRef:
        from .connections import package_connection

        # a tag holds binaries only: includeWithoutBinaries has nothing to add here
        del include_without_binaries
        request = SearchRequest(query, spec, to_engine_filter(filter), Scope(tag=self.row.name))
        return await package_connection(info, request, order_by, first, after)

    @strawberry.field(description="Specs in this tag.")
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

        request = SearchRequest(query, spec, to_engine_filter(filter), Scope(tag=self.row.name))
        return await spec_connection(info, request, order_by, first, after)


@strawberry.type(
    description="A named software stack built into a tag (e4s, "
    "ml-linux-x86_64-cuda...); root is the tag's whole cache."
)
class Stack(relay.Node):
    key: relay.NodeID[str]
    row: strawberry.Private[StackRow]

    @classmethod
    def from_row(cls, row: StackRow) -> Stack:
        return cls(key=f"{row.tag}{_STACK_SEPARATOR}{row.name}", row=row)

    @classmethod
    def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info[Context, None], node_ids: Iterable[str], required: bool = False
    ) -> list[Stack | None]:
        index = info.context.index
        result: list[Stack | None] = []
        for node_id in node_ids:
            tag, _, name = node_id.partition(_STACK_SEPARATOR)
            row = index.stack_row(tag, name)
            result.append(cls.from_row(row) if row else None)
        return result

    @strawberry.field(description="The stack name, e.g. e4s.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="The tag this stack belongs to.")
    def tag(self, info: Info[Context, None]) -> Tag:
        row = info.context.index.tag_row(self.row.tag)
        assert row is not None
        return Tag.from_row(row)

    @strawberry.field(description="Distinct specs in this stack.")
    def num_specs(self) -> int:
        return self.row.num_specs

    @strawberry.field(description="Specs in this stack.")
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

        scope = Scope(tag=self.row.tag, stack=self.row.name)
        request = SearchRequest(query, spec, to_engine_filter(filter), scope)
        return await spec_connection(info, request, order_by, first, after)

    @strawberry.field(description="Packages with specs in this stack.")
    async def packages(
        self,
        info: Info[Context, None],
        query: QueryArg = None,
        spec: SpecArg = None,
        filter: FilterArg = None,
        order_by: PackageOrderArg = None,
        first: FirstArg = 20,
        after: AfterArg = None,
        include_without_binaries: IncludeWithoutBinariesArg = False,
    ) -> PackageConnectionRef:
        from .connections import package_connection

        del include_without_binaries  # a stack holds binaries only: nothing to add
        scope = Scope(tag=self.row.tag, stack=self.row.name)
        request = SearchRequest(query, spec, to_engine_filter(filter), scope)
        return await package_connection(info, request, order_by, first, after)
