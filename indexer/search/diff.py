"""What changed between two tags or stacks: set operations on occurrence bitmaps.

A side of a diff is a tag, or one stack of a tag: the ``tag`` or ``tag_stack`` bitmap of
the specs it holds. Specs are DAG hashes, so the same ordinal on both sides is the same
binary: ``added`` is ``to - from``, ``removed`` is ``from - to``, both restricted by the
request's text, spec and filter match. Packages and versions come from the code columns
of the specs on each side (version codes follow Spack order, so newest first is descending
code order).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from ..store.load import IndexData
from .engine import SearchIndex, SpecPage, _Matched
from .request import SearchError, SearchRequest, SpecOrder

__all__ = ["DiffResult", "DiffSide", "PackageChangeRow", "diff", "package_history", "side_specs"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class DiffSide:
    """One side of a diff: a whole tag, or one stack of it."""

    tag: str
    stack: str | None = None

    def __str__(self) -> str:
        return self.tag if self.stack is None else f"{self.tag}/{self.stack}"


@dataclass(frozen=True, slots=True)
class PackageChangeRow:
    """A package whose binaries differ between the two sides."""

    code: int
    name: str
    versions_added: tuple[str, ...]  # Spack order, newest first
    versions_removed: tuple[str, ...]
    specs_added: int
    specs_removed: int


def side_specs(data: IndexData, side: DiffSide, role: str) -> BitMap:
    """The specs a side holds; an unknown tag or stack is an error naming it."""
    tag = data.codes_of["tag"].get(side.tag)
    if tag is None:
        raise SearchError(f"{role}: unknown tag {side.tag!r}")
    if side.stack is None:
        return BitMap(data.bitmap("tag", tag))
    stack = data.codes_of["stack"].get(side.stack)
    pair = None if stack is None else data.tag_stack_code.get((tag, stack))
    if pair is None:
        raise SearchError(f"{role}: tag {side.tag!r} has no stack {side.stack!r}")
    return BitMap(data.bitmap("tag_stack", pair))


@dataclass
class DiffResult:
    """The two sides' difference under one request's match; pages and rows on demand."""

    index: SearchIndex
    matched: _Matched
    added_all: BitMap  # to - from, before the match: what facets restrict per field
    removed_all: BitMap
    from_specs: BitMap  # matched specs on each side
    to_specs: BitMap
    added: BitMap
    removed: BitMap

    @property
    def notes(self) -> list[str]:
        return self.matched.notes

    @property
    def unchanged(self) -> int:
        return self.from_specs.intersection_cardinality(self.to_specs)

    def added_page(self, order: SpecOrder, offset: int, limit: int) -> SpecPage:
        return self.index.spec_page_within(self.matched, self.added_all, order, offset, limit)

    def removed_page(self, order: SpecOrder, offset: int, limit: int) -> SpecPage:
        return self.index.spec_page_within(self.matched, self.removed_all, order, offset, limit)

    @cached_property
    def _package_sets(self) -> tuple[IntArray, IntArray, IntArray]:
        """Packages with binaries on from, on to, and those whose binaries differ."""
        package = np.asarray(self.index.data.column("package"))
        on_from = np.unique(package[_ordinals(self.from_specs)]).astype(np.int64)
        on_to = np.unique(package[_ordinals(self.to_specs)]).astype(np.int64)
        differ = np.union1d(
            package[_ordinals(self.added)], package[_ordinals(self.removed)]
        ).astype(np.int64)
        return on_from, on_to, differ

    @property
    def packages_added(self) -> int:
        on_from, on_to, _ = self._package_sets
        return len(np.setdiff1d(on_to, on_from, assume_unique=True))

    @property
    def packages_removed(self) -> int:
        on_from, on_to, _ = self._package_sets
        return len(np.setdiff1d(on_from, on_to, assume_unique=True))

    @property
    def packages_changed(self) -> int:
        on_from, on_to, differ = self._package_sets
        on_both = np.intersect1d(on_from, on_to, assume_unique=True)
        return len(np.intersect1d(differ, on_both, assume_unique=True))

    @property
    def num_package_changes(self) -> int:
        return len(self._package_sets[2])

    def package_changes(self, offset: int, limit: int) -> list[PackageChangeRow]:
        """Rows of the packages whose binaries differ, by name (package codes follow
        name order), from ``offset``."""
        codes = self._package_sets[2][offset : offset + max(limit, 0)]
        if not len(codes):
            return []
        data = self.index.data
        package = np.asarray(data.column("package"))
        version = np.asarray(data.column("version"))
        versions_on = {
            side: _package_versions(package, version, _ordinals(specs), codes)
            for side, specs in (("from", self.from_specs), ("to", self.to_specs))
        }
        added = np.bincount(
            package[_ordinals(self.added)].astype(np.int64), minlength=int(codes.max()) + 1
        )
        removed = np.bincount(
            package[_ordinals(self.removed)].astype(np.int64), minlength=int(codes.max()) + 1
        )
        names = data.vocab["version"]
        rows = []
        for code in (int(c) for c in codes):
            before, after = versions_on["from"].get(code, set()), versions_on["to"].get(code, set())
            rows.append(
                PackageChangeRow(
                    code=code,
                    name=data.vocab["package"][code],
                    versions_added=tuple(names[v] for v in sorted(after - before, reverse=True)),
                    versions_removed=tuple(names[v] for v in sorted(before - after, reverse=True)),
                    specs_added=int(added[code]),
                    specs_removed=int(removed[code]),
                )
            )
        return rows


def diff(
    index: SearchIndex, source: DiffSide, target: DiffSide, request: SearchRequest
) -> DiffResult:
    """``target`` against ``source``, both restricted by ``request`` the same way."""
    data = index.data
    before = side_specs(data, source, "from")
    after = side_specs(data, target, "to")
    matched = index.match(request)
    specs = matched.specs
    added_all, removed_all = after - before, before - after
    return DiffResult(
        index=index,
        matched=matched,
        added_all=added_all,
        removed_all=removed_all,
        from_specs=before & specs,
        to_specs=after & specs,
        added=added_all & specs,
        removed=removed_all & specs,
    )


def package_history(data: IndexData, code: int) -> list[tuple[str, list[str]]]:
    """For each version of a package with a binary, newest first: the tags holding one,
    in tag order."""
    ordinals = _ordinals(BitMap(data.bitmap("package", code)))
    if not len(ordinals):
        return []
    offsets = np.asarray(data.column("occ_offsets"))
    starts, ends = offsets[ordinals], offsets[ordinals + 1]
    # the occurrence entries of these specs, each with its spec's version code
    entries = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
    versions = np.repeat(np.asarray(data.column("version"))[ordinals], ends - starts)
    tags = np.asarray(data.column("occ_tag"))[entries]
    pairs = np.unique(versions.astype(np.int64) * len(data.vocab["tag"]) + tags)
    history: dict[int, list[str]] = {}
    for pair in pairs:  # ascending: tag codes (tag order) ascend within each version
        version, tag = divmod(int(pair), len(data.vocab["tag"]))
        history.setdefault(version, []).append(data.vocab["tag"][tag])
    return [(data.vocab["version"][v], history[v]) for v in sorted(history, reverse=True)]


def _ordinals(specs: BitMap) -> IntArray:
    return np.frombuffer(specs.to_array(), dtype=np.uint32).astype(np.int64)


def _package_versions(
    package: npt.NDArray[np.int32],
    version: npt.NDArray[np.int32],
    ordinals: IntArray,
    codes: IntArray,
) -> dict[int, set[int]]:
    """Version codes with a binary among ``ordinals``, for each package in ``codes``."""
    packages = package[ordinals]
    keep = np.isin(packages, codes)
    result: dict[int, set[int]] = {}
    for code, ver in zip(packages[keep].tolist(), version[ordinals][keep].tolist(), strict=True):
        result.setdefault(code, set()).add(ver)
    return result
