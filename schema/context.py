"""Per-request context: the shared index and this request's DataLoaders.

Loaders are made per request (never at module level), so batching and caching never leak
between requests. ``lookups`` counts the batched index reads, which is what a test uses to
prove nested queries do not read once per node (no N+1).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from strawberry.dataloader import DataLoader

from ..indexer.search.engine import PackagePage, SearchIndex, SpecPage
from ..indexer.search.request import PackageOrder, Scope, SearchRequest, SpecOrder
from ..indexer.search.views import DependencyRow, PackageRow, SpecRow
from .budget import check_budget, within_budget

__all__ = ["Context", "PageKey", "make_context"]

Order = TypeVar("Order", SpecOrder, PackageOrder)
Page = TypeVar("Page", SpecPage, PackagePage)


@dataclass(frozen=True)
class PageKey(Generic[Order]):
    """One connection's search: what, in which scope, which page."""

    request: SearchRequest
    order: Order
    offset: int
    limit: int


def _grouped(
    keys: Sequence[PageKey[Order]],
    search: Callable[[SearchRequest, list[Scope], Order, int, int], list[Page]],
) -> list[Page]:
    """Searches that differ only in scope run as one (e.g. the specs of every package on a
    page): the engine evaluates text, spec syntax and filters once for the whole group."""
    groups: dict[PageKey[Order], list[int]] = {}
    for position, key in enumerate(keys):
        shared = replace(key, request=replace(key.request, scope=Scope()))
        groups.setdefault(shared, []).append(position)
    pages: list[Page | None] = [None] * len(keys)
    for shared, positions in groups.items():
        check_budget()  # each group is a search of its own: stop between them when late
        scopes = [keys[p].request.scope for p in positions]
        found = search(shared.request, scopes, shared.order, shared.offset, shared.limit)
        for position, page in zip(positions, found, strict=True):
            pages[position] = page
    return [p for p in pages if p is not None]


@dataclass
class Context:
    index: SearchIndex
    specs: DataLoader[int, SpecRow] = field(init=False)
    packages: DataLoader[int, PackageRow] = field(init=False)
    package_tags: DataLoader[int, list[str]] = field(init=False)
    dependencies: DataLoader[int, list[DependencyRow] | None] = field(init=False)
    spec_pages: DataLoader[PageKey[SpecOrder], SpecPage] = field(init=False)
    package_pages: DataLoader[PageKey[PackageOrder], PackagePage] = field(init=False)
    lookups: int = 0
    notes: list[str] = field(default_factory=list)
    # Rows read with the pages that list them (one engine call per batch), so a connection
    # builds its nodes without another DataLoader round trip for rows it already has.
    spec_rows: dict[int, SpecRow] = field(default_factory=dict)
    package_rows: dict[int, PackageRow] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # each batch checks the request's time budget first (nothing without a budget)
        self.specs = DataLoader(load_fn=within_budget(self._load_specs))
        self.packages = DataLoader(load_fn=within_budget(self._load_packages))
        self.package_tags = DataLoader(load_fn=within_budget(self._load_package_tags))
        self.dependencies = DataLoader(load_fn=within_budget(self._load_dependencies))
        self.spec_pages = DataLoader(load_fn=within_budget(self._load_spec_pages))
        self.package_pages = DataLoader(load_fn=within_budget(self._load_package_pages))

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    async def _load_spec_pages(self, keys: Sequence[PageKey[SpecOrder]]) -> list[SpecPage]:
        self.lookups += 1
        pages = _grouped(keys, self.index.search_specs_in)
        self._read_specs([o for page in pages for o in page.ordinals])
        return pages

    async def _load_package_pages(self, keys: Sequence[PageKey[PackageOrder]]) -> list[PackagePage]:
        self.lookups += 1
        pages = _grouped(keys, self.index.search_packages_in)
        self._read_packages([c for page in pages for c in page.codes])
        return pages

    async def _load_specs(self, ordinals: Sequence[int]) -> list[SpecRow]:
        self.lookups += 1
        self._read_specs(ordinals)
        return [self.spec_rows[o] for o in ordinals]

    async def _load_packages(self, codes: Sequence[int]) -> list[PackageRow]:
        self.lookups += 1
        self._read_packages(codes)
        return [self.package_rows[c] for c in codes]

    def _read_specs(self, ordinals: Sequence[int]) -> None:
        missing = list(dict.fromkeys(o for o in ordinals if o not in self.spec_rows))
        if missing:
            self.spec_rows.update(zip(missing, self.index.spec_rows(missing), strict=True))

    def _read_packages(self, codes: Sequence[int]) -> None:
        missing = list(dict.fromkeys(c for c in codes if c not in self.package_rows))
        if missing:
            self.package_rows.update(zip(missing, self.index.package_rows(missing), strict=True))

    async def _load_package_tags(self, codes: Sequence[int]) -> list[list[str]]:
        self.lookups += 1
        return self.index.package_tags(codes)

    async def _load_dependencies(self, ordinals: Sequence[int]) -> list[list[DependencyRow] | None]:
        self.lookups += 1
        return [self.index.dependency_rows(o) for o in ordinals]


def make_context(index: SearchIndex) -> Context:
    return Context(index)
