"""A package's history: for each version with a binary, the tags that carry one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from ..indexer.search.diff import package_history
from .context import Context

if TYPE_CHECKING:
    from .tag import Tag

__all__ = ["PackageVersionHistory", "resolve_history"]

TagRef = Annotated["Tag", strawberry.lazy("spackdex.schema.tag")]


@strawberry.type(description="One version of a package and the tags holding a binary of it.")
class PackageVersionHistory:
    version: str = strawberry.field(description="The version, e.g. 1.14.5.")
    tag_names: strawberry.Private[list[str]]

    @strawberry.field(description="Tags with at least one binary of this version, in tag order.")
    def tags(self, info: Info[Context, None]) -> list[TagRef]:
        from .tag import Tag

        index = info.context.index
        return [Tag.from_row(row) for n in self.tag_names if (row := index.tag_row(n)) is not None]


def resolve_history(info: Info[Context, None], code: int) -> list[PackageVersionHistory]:
    """Newest version first (Spack order)."""
    return [
        PackageVersionHistory(version=version, tag_names=tags)
        for version, tags in package_history(info.context.index.data, code)
    ]
