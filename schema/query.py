"""The root Query type."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from ..indexer.search.request import SearchRequest
from .connections import PackageConnection, SpecConnection, package_connection, spec_connection
from .context import Context
from .diff import Diff, DiffFromArg, DiffToArg, resolve_diff
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
from .package import Package
from .spec import Spec
from .tag import Stack, Tag

__all__ = ["IndexStats", "Query"]

TagNameArg = Annotated[str, strawberry.argument(description="A tag name, e.g. develop.")]
StackNameArg = Annotated[str, strawberry.argument(description="A stack name, e.g. e4s.")]
PackageNameArg = Annotated[str, strawberry.argument(description="A package name.")]
HashArg = Annotated[
    str,
    strawberry.argument(
        description="A 32-character DAG hash or a unique prefix of at least 7 "
        "characters (a leading / is accepted)."
    ),
]


@strawberry.type(description="Sizes of the served index.")
class IndexStats:
    tags: int = strawberry.field(description="Tags.")
    stacks: int = strawberry.field(description="(tag, stack) pairs.")
    packages: int = strawberry.field(description="Packages with at least one spec.")
    specs: int = strawberry.field(description="Distinct DAG hashes.")
    occurrences: int = strawberry.field(description="(tag, hash) pairs.")
    built_at: str = strawberry.field(description="When the index was built (ISO 8601, UTC).")
    version: str = strawberry.field(description="The published index version served.")


@strawberry.type(description="Search the Spack binary build cache.")
class Query:
    node: relay.Node | None = relay.node(
        description="Any Tag, Stack, Package or Spec by its global id; null when it does not exist."
    )

    @strawberry.field(
        description="Every tag: develop, then weekly snapshots newest first, then releases "
        "newest first, then other tags by name."
    )
    def tags(self, info: Info[Context, None]) -> list[Tag]:
        return [Tag.from_row(row) for row in info.context.index.tag_rows()]

    @strawberry.field(description="One tag by name; null when unknown.")
    def tag(self, info: Info[Context, None], name: TagNameArg) -> Tag | None:
        row = info.context.index.tag_row(name)
        return Tag.from_row(row) if row else None

    @strawberry.field(description="One stack of one tag; null when unknown.")
    def stack(self, info: Info[Context, None], tag: TagNameArg, name: StackNameArg) -> Stack | None:
        row = info.context.index.stack_row(tag, name)
        return Stack.from_row(row) if row else None

    @strawberry.field(
        description="One package by name, with binaries here or known from the package "
        "catalog (hasBinaries tells which); null when neither knows it."
    )
    async def package(self, info: Info[Context, None], name: PackageNameArg) -> Package | None:
        code = info.context.index.package_code(name)
        if code is None:
            return None
        return Package.from_row(await info.context.packages.load(code))

    @strawberry.field(
        description="One spec by its 32-character hash or a unique prefix of at "
        "least 7 characters; null when unknown, an error when ambiguous."
    )
    async def spec(self, info: Info[Context, None], hash: HashArg) -> Spec | None:
        ordinal = info.context.index.ordinal_of_hash(hash)
        if ordinal is None:
            return None
        return Spec.from_row(await info.context.specs.load(ordinal))

    @strawberry.field(
        description="Search specs: free text (query), Spack spec syntax (spec) "
        "and exact facet selections (filter), all AND-ed. A hash in several "
        "tags is one result; totalCount and facets count distinct hashes."
    )
    async def specs(
        self,
        info: Info[Context, None],
        query: QueryArg = None,
        spec: SpecArg = None,
        filter: FilterArg = None,
        order_by: SpecOrderArg = None,
        first: FirstArg = 20,
        after: AfterArg = None,
    ) -> SpecConnection:
        request = SearchRequest(query, spec, to_engine_filter(filter))
        return await spec_connection(info, request, order_by, first, after)

    @strawberry.field(
        description="Packages having at least one spec that matches; facet counts count "
        "packages. With includeWithoutBinaries, packages known only from the catalog too."
    )
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
    ) -> PackageConnection:
        request = SearchRequest(
            query,
            spec,
            to_engine_filter(filter),
            include_without_binaries=bool(include_without_binaries),
        )
        return await package_connection(info, request, order_by, first, after)

    @strawberry.field(
        description="What changed from one tag or stack to another: `to` minus `from` and "
        "the reverse, by DAG hash (the same hash is the same binary). query, spec and filter "
        "restrict both sides the same way. An unknown tag or stack is an error naming it."
    )
    def diff(
        self,
        info: Info[Context, None],
        from_: DiffFromArg,
        to: DiffToArg,
        query: QueryArg = None,
        spec: SpecArg = None,
        filter: FilterArg = None,
    ) -> Diff:
        return resolve_diff(info, from_, to, query, spec, filter)

    @strawberry.field(description="Sizes of the served index.")
    def stats(self, info: Info[Context, None]) -> IndexStats:
        index = info.context.index
        return IndexStats(**index.counts, built_at=index.built_at, version=index.version)
