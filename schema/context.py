"""Per-request context: the shared index and this request's DataLoaders.

Loaders are made per request (never at module level), so batching and caching never leak
between requests. ``lookups`` counts the batched index reads, which is what a test uses to
prove nested queries do not read once per node (no N+1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from ..indexer.search.engine import SearchIndex
from ..indexer.search.views import DependencyRow, PackageRow, SpecRow

__all__ = ["Context", "make_context"]


@dataclass
class Context:
    index: SearchIndex
    specs: DataLoader[int, SpecRow] = field(init=False)
    packages: DataLoader[int, PackageRow] = field(init=False)
    package_tags: DataLoader[int, list[str]] = field(init=False)
    dependencies: DataLoader[int, list[DependencyRow] | None] = field(init=False)
    lookups: int = 0
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.specs = DataLoader(load_fn=self._load_specs)
        self.packages = DataLoader(load_fn=self._load_packages)
        self.package_tags = DataLoader(load_fn=self._load_package_tags)
        self.dependencies = DataLoader(load_fn=self._load_dependencies)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    async def _load_specs(self, ordinals: Sequence[int]) -> list[SpecRow]:
        self.lookups += 1
        return self.index.spec_rows(ordinals)

    async def _load_packages(self, codes: Sequence[int]) -> list[PackageRow]:
        self.lookups += 1
        return self.index.package_rows(codes)

    async def _load_package_tags(self, codes: Sequence[int]) -> list[list[str]]:
        self.lookups += 1
        return self.index.package_tags(codes)

    async def _load_dependencies(
        self, ordinals: Sequence[int]
    ) -> list[list[DependencyRow] | None]:
        self.lookups += 1
        return [self.index.dependency_rows(o) for o in ordinals]


def make_context(index: SearchIndex) -> Context:
    return Context(index)
