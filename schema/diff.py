"""The diff API: what changed between two tags or stacks, by DAG hash."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from ..indexer.search.diff import DiffResult, DiffSide, PackageChangeRow, diff
from ..indexer.search.engine import SpecPage
from ..indexer.search.request import SearchRequest, SpecOrder
from .connections import SpecConnection, page_cursors, page_edges, page_info, page_window
from .context import Context
from .inputs import AfterArg, FilterArg, FirstArg, SpecOrderArg, engine_spec_order, to_engine_filter
from .spec import Spec

if TYPE_CHECKING:
    from .package import Package

__all__ = [
    "Diff",
    "DiffFromArg",
    "DiffScope",
    "DiffSummary",
    "DiffToArg",
    "PackageChange",
    "PackageChangeConnection",
    "PackageChangeEdge",
    "resolve_diff",
]

SpecConnectionRef = Annotated["SpecConnection", strawberry.lazy("spackdex.schema.connections")]
PackageRef = Annotated["Package", strawberry.lazy("spackdex.schema.package")]


@strawberry.input(description="One side of a diff: a whole tag, or one stack of it.")
class DiffScope:
    tag: str = strawberry.field(description="A tag name, e.g. develop-2025-03-16.")
    stack: str | None = strawberry.field(
        default=None, description="A stack of that tag, e.g. e4s; the whole tag when omitted."
    )


DiffFromArg = Annotated[
    DiffScope, strawberry.argument(name="from", description="The older side: a tag or a stack.")
]
DiffToArg = Annotated[
    DiffScope, strawberry.argument(description="The newer side: a tag or a stack.")
]


@strawberry.type(description="How many specs and packages changed between the two sides.")
class DiffSummary:
    added: int = strawberry.field(description="Specs (DAG hashes) on `to` and not on `from`.")
    removed: int = strawberry.field(description="Specs on `from` and not on `to`.")
    unchanged: int = strawberry.field(description="Specs on both sides.")
    packages_added: int = strawberry.field(
        description="Packages with binaries on `to` and none on `from`."
    )
    packages_removed: int = strawberry.field(
        description="Packages with binaries on `from` and none on `to`."
    )
    packages_changed: int = strawberry.field(
        description="Packages with binaries on both sides whose binaries differ."
    )


@strawberry.type(description="A package whose binaries differ between the two sides.")
class PackageChange:
    row: strawberry.Private[PackageChangeRow]

    @strawberry.field(description="The package name.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="The package; null only if it has no binary in the index.")
    async def package(self, info: Info[Context, None]) -> PackageRef | None:
        from .package import Package

        return Package.from_row(await info.context.packages.load(self.row.code))

    @strawberry.field(
        description="Versions with a binary on `to` and none on `from`, in Spack order, "
        "newest first."
    )
    def versions_added(self) -> list[str]:
        return list(self.row.versions_added)

    @strawberry.field(
        description="Versions with a binary on `from` and none on `to`, in Spack order, "
        "newest first."
    )
    def versions_removed(self) -> list[str]:
        return list(self.row.versions_removed)

    @strawberry.field(description="Specs of this package on `to` and not on `from`.")
    def specs_added(self) -> int:
        return self.row.specs_added

    @strawberry.field(description="Specs of this package on `from` and not on `to`.")
    def specs_removed(self) -> int:
        return self.row.specs_removed


@strawberry.type(description="A changed package and its position in the list.")
class PackageChangeEdge:
    cursor: str = strawberry.field(description="Pass as after to get the rows after this one.")
    node: PackageChange = strawberry.field(description="The changed package.")


@strawberry.type(description="A page of changed packages, by name.")
class PackageChangeConnection:
    total_count: int = strawberry.field(description="How many packages changed in all.")
    page_info: relay.PageInfo = strawberry.field(description="Where this page lies.")
    edges: list[PackageChangeEdge] = strawberry.field(description="The rows of this page.")


@strawberry.type(
    description="What changed from one tag or stack to another, by DAG hash (the same "
    "hash on both sides is the same binary)."
)
class Diff:
    result: strawberry.Private[DiffResult]

    @strawberry.field(description="Counts of added, removed and unchanged specs and packages.")
    def summary(self) -> DiffSummary:
        result = self.result
        return DiffSummary(
            added=len(result.added),
            removed=len(result.removed),
            unchanged=result.unchanged,
            packages_added=result.packages_added,
            packages_removed=result.packages_removed,
            packages_changed=result.packages_changed,
        )

    @strawberry.field(
        description="Specs on `to` and not on `from`, with facets as on `specs` "
        "(distinct hashes, disjunctive)."
    )
    async def added(
        self,
        info: Info[Context, None],
        order_by: SpecOrderArg = None,
        first: FirstArg = 20,
        after: AfterArg = None,
    ) -> SpecConnectionRef:
        return await _side_connection(info, self.result.added_page, order_by, first, after)

    @strawberry.field(
        description="Specs on `from` and not on `to`, with facets as on `specs` "
        "(distinct hashes, disjunctive)."
    )
    async def removed(
        self,
        info: Info[Context, None],
        order_by: SpecOrderArg = None,
        first: FirstArg = 20,
        after: AfterArg = None,
    ) -> SpecConnectionRef:
        return await _side_connection(info, self.result.removed_page, order_by, first, after)

    @strawberry.field(
        description="One row per package whose binaries differ between the two sides, by name."
    )
    def packages(
        self, info: Info[Context, None], first: FirstArg = 20, after: AfterArg = None
    ) -> PackageChangeConnection:
        offset, size = page_window(info, first, after)
        total = self.result.num_package_changes
        rows = self.result.package_changes(offset, size)
        cursors = page_cursors(info.context, offset, len(rows))
        edges = [
            PackageChangeEdge(cursor=c, node=PackageChange(row=r))
            for c, r in zip(cursors, rows, strict=True)
        ]
        around = page_info(cursors, offset, total)
        return PackageChangeConnection(total_count=total, page_info=around, edges=edges)


def resolve_diff(
    info: Info[Context, None],
    source: DiffScope,
    target: DiffScope,
    query: str | None,
    spec: str | None,
    selection: FilterArg,
) -> Diff:
    request = SearchRequest(query, spec, to_engine_filter(selection))
    result = diff(
        info.context.index,
        DiffSide(source.tag.strip(), (source.stack or "").strip() or None),
        DiffSide(target.tag.strip(), (target.stack or "").strip() or None),
        request,
    )
    for note in result.notes:
        info.context.note(note)
    return Diff(result=result)


async def _side_connection(
    info: Info[Context, None],
    page_of: Callable[[SpecOrder, int, int], SpecPage],
    order_by: SpecOrderArg,
    first: int | None,
    after: str | None,
) -> SpecConnection:
    """``added`` or ``removed``: one side's page in the asked order, as a connection."""
    offset, size = page_window(info, first, after)
    return await _spec_connection(info, page_of(engine_spec_order(order_by), offset, size), offset)


async def _spec_connection(
    info: Info[Context, None], page: SpecPage, offset: int
) -> SpecConnection:
    rows = await info.context.specs.load_many(page.ordinals)
    nodes = [Spec.from_row(row) for row in rows]
    edges, around = page_edges(info.context, offset, nodes, page.total)
    return SpecConnection(page_info=around, edges=edges, total_count=page.total, page=page)
