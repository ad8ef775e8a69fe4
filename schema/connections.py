"""Relay connections over search results: edges, pageInfo, totalCount and facets."""

from __future__ import annotations

from typing import Annotated, TypeVar

import strawberry
from strawberry import relay
from strawberry.types import Info

from ..indexer.search.engine import PackagePage, SpecPage
from ..indexer.search.request import SearchRequest
from .context import Context, PageKey
from .cursors import decode_cursor, encode_cursor, page_size
from .facets import Facet, facet_fields, to_facets
from .inputs import (
    FacetField,
    PackageOrder,
    SpecOrder,
    engine_package_order,
    engine_spec_order,
)
from .package import Package
from .spec import Spec

__all__ = [
    "PackageConnection",
    "SpecConnection",
    "package_connection",
    "page_cursors",
    "page_edges",
    "page_info",
    "page_window",
    "spec_connection",
]

FacetFieldsArg = Annotated[
    list[FacetField] | None,
    strawberry.argument(description="The fields to count; all of them when omitted."),
]
FacetLimitArg = Annotated[
    int | None,
    strawberry.argument(description="At most this many values per field (1 to 1000)."),
]


@strawberry.type(description="A page of specs (distinct DAG hashes) with facet counts.")
class SpecConnection(relay.Connection[Spec]):
    total_count: int = strawberry.field(description="How many specs matched in all.")
    page: strawberry.Private[SpecPage]

    @strawberry.field(
        description="Counts per value of each field over the matched specs "
        "(distinct hashes), disjunctive. All fields when none are named."
    )
    def facets(self, fields: FacetFieldsArg = None, limit: FacetLimitArg = 50) -> list[Facet]:
        size = 50 if limit is None else limit
        return to_facets(self.page.facets(facet_fields(fields, size), size))


@strawberry.type(
    description="A page of packages having at least one matching spec (with "
    "includeWithoutBinaries, also matching packages known only from the catalog), with "
    "facet counts that count packages."
)
class PackageConnection(relay.Connection[Package]):
    total_count: int = strawberry.field(description="How many packages matched in all.")
    page: strawberry.Private[PackagePage]

    @strawberry.field(
        description="Counts per value of each field over the matched "
        "packages, disjunctive. All fields when none are named."
    )
    def facets(self, fields: FacetFieldsArg = None, limit: FacetLimitArg = 50) -> list[Facet]:
        size = 50 if limit is None else limit
        return to_facets(self.page.facets(facet_fields(fields, size), size))


def page_window(info: Info[Context, None], first: int | None, after: str | None) -> tuple[int, int]:
    """(offset, size) of the page asked with ``first`` and ``after``."""
    size = page_size(first)
    offset = 0 if after is None else decode_cursor(after, info.context.index.version) + 1
    return offset, size


def page_cursors(context: Context, offset: int, count: int) -> list[str]:
    """The cursors of ``count`` edges from ``offset``: their positions in this version."""
    version = context.index.version
    return [encode_cursor(version, offset + i) for i in range(count)]


def page_info(cursors: list[str], offset: int, total: int) -> relay.PageInfo:
    return relay.PageInfo(
        has_next_page=offset + len(cursors) < total,
        has_previous_page=offset > 0,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


Node = TypeVar("Node", Spec, Package)


def page_edges(
    context: Context, offset: int, nodes: list[Node], total: int
) -> tuple[list[relay.Edge[Node]], relay.PageInfo]:
    """Edges with cursors at their positions, and the page info around them."""
    cursors = page_cursors(context, offset, len(nodes))
    edges = [relay.Edge(cursor=c, node=n) for c, n in zip(cursors, nodes, strict=True)]
    return edges, page_info(cursors, offset, total)


async def spec_connection(
    info: Info[Context, None],
    request: SearchRequest,
    order: SpecOrder | None,
    first: int | None,
    after: str | None,
) -> SpecConnection:
    context = info.context
    offset, size = page_window(info, first, after)
    page = await context.spec_pages.load(PageKey(request, engine_spec_order(order), offset, size))
    for note in page.notes:
        context.note(note)
    # the page's rows were read with it (Context.spec_rows)
    nodes = [Spec.from_row(context.spec_rows[o]) for o in page.ordinals]
    edges, around = page_edges(context, offset, nodes, page.total)
    return SpecConnection(page_info=around, edges=edges, total_count=page.total, page=page)


async def package_connection(
    info: Info[Context, None],
    request: SearchRequest,
    order: PackageOrder | None,
    first: int | None,
    after: str | None,
) -> PackageConnection:
    context = info.context
    offset, size = page_window(info, first, after)
    key = PageKey(request, engine_package_order(order), offset, size)
    page = await context.package_pages.load(key)
    for note in page.notes:
        context.note(note)
    nodes = [Package.from_row(context.package_rows[c]) for c in page.codes]
    edges, around = page_edges(context, offset, nodes, page.total)
    return PackageConnection(page_info=around, edges=edges, total_count=page.total, page=page)
