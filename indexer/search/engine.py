"""The read API over one published index version: search, filter, facet, page, get.

This is all ``schema/`` sees of the index: it never imports Whoosh, numpy or pyroaring
types beyond the rows and pages returned here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from ..publish import current_version
from ..spack.targets import specificity
from ..store.catalog import CatalogData
from ..store.load import IndexData
from ..textindex import TextIndex
from .catalog import CatalogView
from .facets import FacetResult, PackageSplit, count_facet, whole_packages
from .filters import compatible_specs, field_constraints
from .request import PackageOrder, Scope, SearchRequest, SpecOrder
from .rows import RowReader
from .spec_match import SpecMatcher
from .text import TextMatch, TextMatcher

__all__ = ["IndexNotFoundError", "PackagePage", "SearchIndex", "SpecPage"]

IntArray = npt.NDArray[np.int64]


class IndexNotFoundError(FileNotFoundError):
    """No published index version in the index dir."""


@dataclass
class _Matched:
    """A request's matched set, kept apart by field so facets can be disjunctive."""

    base: BitMap  # text, spec syntax, scope, compatibility: constraints that are no facet
    constraints: dict[str, BitMap]
    request: SearchRequest
    text: TextMatch | None
    notes: list[str] = field(default_factory=list)
    _packages: PackageSplit | None = field(default=None, init=False, repr=False)
    _packages_known: bool = field(default=False, init=False, repr=False)

    def scoped(self, scope: BitMap | None, request: SearchRequest) -> _Matched:
        """The same match limited to a scope (shares the text and filter work)."""
        if scope is None:
            return _Matched(self.base, self.constraints, request, self.text, self.notes)
        return _Matched(self.base & scope, self.constraints, request, self.text, self.notes)

    @cached_property
    def specs(self) -> BitMap:
        result = BitMap(self.base)
        for constraint in self.constraints.values():
            result &= constraint
        return result

    @cached_property
    def ordinals(self) -> npt.NDArray[np.uint32]:
        """The matched specs as an array."""
        return np.frombuffer(self.specs.to_array(), dtype=np.uint32)

    def whole_packages(self, data: IndexData) -> PackageSplit | None:
        """The packages the matched set consists of, when it is whole packages (once)."""
        if not self._packages_known:
            self._packages = whole_packages(data, self.ordinals)
            self._packages_known = True
        return self._packages

    def without(self, facet: str) -> BitMap:
        if facet not in self.constraints:
            return self.specs  # shared, never changed by its users
        result = BitMap(self.base)
        for name, constraint in self.constraints.items():
            if name != facet:
                result &= constraint
        return result


@dataclass
class SpecPage:
    """One page of a spec search: ordinals in order, the total, facets on demand."""

    total: int
    ordinals: list[int]
    offset: int
    notes: list[str]
    _index: SearchIndex
    _matched: _Matched

    def facets(self, fields: Sequence[str], limit: int) -> list[FacetResult]:
        return self._index.facets(self._matched, fields, limit, by_package=False)


@dataclass
class PackagePage:
    total: int
    codes: list[int]
    offset: int
    notes: list[str]
    _index: SearchIndex
    _matched: _Matched

    def facets(self, fields: Sequence[str], limit: int) -> list[FacetResult]:
        return self._index.facets(self._matched, fields, limit, by_package=True)


class SearchIndex(RowReader):
    """One index version, opened read-only and shared by every request."""

    def __init__(self, folder: Path) -> None:
        self.data = IndexData(folder)
        self.catalog = CatalogView(self.data, CatalogData(folder))
        self._text_index = TextIndex(folder / "text")
        self._text = TextMatcher(self.data, self._text_index, self.catalog.codes)
        self._specs = SpecMatcher(self.data)

    @classmethod
    def open(cls, index_dir: Path) -> SearchIndex:
        version = current_version(index_dir)
        if version is None:
            raise IndexNotFoundError(f"no index published in {index_dir}; run 'spackdex index'")
        return cls(version)

    def close(self) -> None:
        self._text_index.close()

    @property
    def version(self) -> str:
        return self.data.version

    @property
    def built_at(self) -> str:
        return str(self.data.meta["built_at"])

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.data.meta["counts"])

    # --- search ------------------------------------------------------------------------

    def search_specs(
        self, request: SearchRequest, order: SpecOrder, offset: int, limit: int
    ) -> SpecPage:
        return self.search_specs_in(request, [request.scope], order, offset, limit)[0]

    def search_specs_in(
        self,
        request: SearchRequest,
        scopes: Sequence[Scope],
        order: SpecOrder,
        offset: int,
        limit: int,
    ) -> list[SpecPage]:
        """One search in several scopes (the specs of 50 packages, say): the text, spec and
        filter are evaluated once, then each scope only intersects and pages."""
        shared = self._match(request)
        pages = []
        for scope in scopes:
            matched = shared.scoped(self._scope(scope), replace(request, scope=scope))
            specs = matched.specs
            if len(specs) == self.data.count and matched.text is None:
                # everything matches (the landing page): the order is the same every time
                chosen = self._everything_in_order(order, matched)[offset : offset + limit]
            else:
                chosen = self._ordered_page(matched, order, offset, limit)
            pages.append(
                SpecPage(len(specs), chosen.tolist(), offset, matched.notes, self, matched)
            )
        return pages

    def search_packages(
        self, request: SearchRequest, order: PackageOrder, offset: int, limit: int
    ) -> PackagePage:
        return self.search_packages_in(request, [request.scope], order, offset, limit)[0]

    def search_packages_in(
        self,
        request: SearchRequest,
        scopes: Sequence[Scope],
        order: PackageOrder,
        offset: int,
        limit: int,
    ) -> list[PackagePage]:
        shared = self._match(request)
        pages = []
        for scope in scopes:
            matched = shared.scoped(self._scope(scope), replace(request, scope=scope))
            ordinals = np.frombuffer(matched.specs.to_array(), dtype=np.uint32)
            packages = np.asarray(self.data.column("package"))[ordinals]
            codes, counts = np.unique(packages, return_counts=True)
            codes = codes.astype(np.int64)
            if request.include_without_binaries and scope == Scope():
                extra = self.catalog.catalog_only_matches(request, matched.text)
                codes = np.concatenate([codes, extra])
                counts = np.concatenate([counts, np.zeros(len(extra), dtype=counts.dtype)])
            by_name = self.catalog.name_rank[codes]  # the codes' own order without a catalog
            if order is PackageOrder.NUM_SPECS_DESC:
                keys = _compose(_dense_rank(-counts), by_name)
            elif order is PackageOrder.RELEVANCE and matched.text is not None:
                keys = _compose(_dense_rank(-matched.text.package_scores(codes)), by_name)
            else:
                keys = by_name
            page = _page(keys, offset, limit)
            pages.append(
                PackagePage(
                    len(codes), [int(c) for c in codes[page]], offset, matched.notes, self, matched
                )
            )
        return pages

    def match(self, request: SearchRequest) -> _Matched:
        """A request's matched set (its scope left out), for callers that combine it with
        sets of their own, such as a diff's added and removed specs."""
        return self._match(request)

    def spec_page_within(
        self, matched: _Matched, within: BitMap, order: SpecOrder, offset: int, limit: int
    ) -> SpecPage:
        """One page of the matched specs that are also in ``within``; facets on it count
        ``within`` restricted by every selection but their own field's."""
        limited = matched.scoped(within, matched.request)
        chosen = self._ordered_page(limited, order, offset, limit)
        return SpecPage(len(limited.specs), chosen.tolist(), offset, limited.notes, self, limited)

    def _ordered_page(
        self, matched: _Matched, order: SpecOrder, offset: int, limit: int
    ) -> IntArray:
        """The ordinals of one page of the matched specs in ``order``; the set's array is
        the one its facets use too (kept on ``matched``)."""
        ordinals = matched.ordinals.astype(np.int64)
        return ordinals[_page(self._spec_keys(ordinals, order, matched), offset, limit)]

    def facets(
        self, matched: _Matched, fields: Sequence[str], limit: int, *, by_package: bool
    ) -> list[FacetResult]:
        selection = matched.request.filter
        results = []
        for name in fields:
            specs = matched.without(name)
            # the fields without a selection all count the same set: one array for them
            # (a match of everything has its counts kept per version, and needs none)
            shared = specs is matched.specs and len(specs) < self.data.count
            results.append(
                count_facet(
                    self.data,
                    name,
                    specs,
                    selection.values(name),
                    limit,
                    by_package=by_package,
                    tags=selection.tags,
                    ordinals=matched.ordinals if shared else None,
                    packages=matched.whole_packages(self.data) if shared else None,
                )
            )
        return results

    def _match(self, request: SearchRequest) -> _Matched:
        """Everything of a request but its scope."""
        base = BitMap(self.data.all_specs)
        notes: list[str] = []
        text = self._text.match(request.query) if request.query else None
        if text is not None:
            base &= text.specs
        if request.spec and request.spec.strip():
            spec_match = self._specs.match(request.spec)
            base &= spec_match.specs
            notes.extend(spec_match.warnings)
            if spec_match.without_dependency_data:
                notes.append(
                    f"'^' clauses match only specs read with dependency data (index.json "
                    f"sources); {spec_match.without_dependency_data} otherwise matching specs "
                    f"came from site pages without it and were left out"
                )
        if request.filter.compatible_with:
            base &= compatible_specs(self.data, request.filter.compatible_with)
        constraints = field_constraints(self.data, request.filter)
        if request.filter.maintainers:
            constraints["maintainers"] = self.catalog.maintainer_specs(request.filter.maintainers)
        return _Matched(base, constraints, request, text, notes)

    def _scope(self, scope: Scope) -> BitMap | None:
        """The specs a nested connection is limited to; None when it is not limited."""
        data = self.data
        parts: list[BitMap] = []
        if scope.package is not None:
            parts.append(data.union("package", _codes(data.codes_of["package"], [scope.package])))
        if scope.tag is not None and scope.stack is not None:
            tag = data.codes_of["tag"].get(scope.tag, -1)
            stack = data.codes_of["stack"].get(scope.stack, -1)
            pair = data.tag_stack_code.get((tag, stack))
            parts.append(BitMap() if pair is None else BitMap(data.bitmap("tag_stack", pair)))
        elif scope.tag is not None:
            parts.append(data.union("tag", _codes(data.codes_of["tag"], [scope.tag])))
        if scope.dependents_of is not None:
            parts.append(self.dependents_of(scope.dependents_of, scope.dependent_deptypes))
        if not parts:
            return None
        result = parts[0]
        for part in parts[1:]:
            result &= part
        return result

    def _spec_keys(self, ordinals: IntArray, order: SpecOrder, matched: _Matched) -> IntArray:
        data = self.data
        if order is SpecOrder.VERSION_DESC:
            return np.asarray(data.column("rank_version"))[ordinals].astype(np.int64)
        by_name = np.asarray(data.column("rank_name"))[ordinals].astype(np.int64)
        if order is SpecOrder.NAME:
            return by_name
        scores = np.zeros(len(ordinals), dtype=np.float32)
        if matched.text is not None:
            packages = np.asarray(data.column("package"))[ordinals]
            scores += matched.text.package_scores(packages)
        if matched.request.filter.compatible_with:
            # most specific target first: the best-optimised binary the host can run
            targets = np.asarray(data.column("target"))[ordinals]
            scores += self._target_specificity[targets] / 1000.0
        if not len(scores) or scores.min() == scores.max():
            return by_name  # one score for all (e.g. one package's specs): name order
        return _compose(_dense_rank(-scores), by_name)

    def _everything_in_order(self, order: SpecOrder, matched: _Matched) -> IntArray:
        """Every spec in ``order``, sorted once per version and request shape (only
        ``compatibleWith`` changes the order of a text-less match of everything)."""
        compatible = matched.request.filter.compatible_with

        def sort() -> IntArray:
            keys = self._spec_keys(np.arange(self.data.count, dtype=np.int64), order, matched)
            ordered: IntArray = np.argsort(keys, kind="stable")
            return ordered

        return self.data.cached(("spec_order", order, compatible), sort)

    @cached_property
    def _target_specificity(self) -> npt.NDArray[np.float32]:
        return np.array([specificity(t) for t in self.data.vocab["target"]], dtype=np.float32)

    # --- lookups -----------------------------------------------------------------------


def _codes(lookup: dict[str, int], values: Sequence[str]) -> list[int]:
    return [lookup[v] for v in values if v in lookup]


def _dense_rank(values: npt.NDArray[np.floating] | IntArray) -> IntArray:
    """Equal values share a rank; ranks ascend with the values."""
    _, inverse = np.unique(values, return_inverse=True)
    ranks: IntArray = inverse.astype(np.int64)
    return ranks


def _compose(primary: IntArray, secondary: IntArray) -> IntArray:
    """One sortable key from two ranks (secondary breaks ties)."""
    span = int(secondary.max()) + 1 if len(secondary) else 1
    return primary * span + secondary


def _page(keys: IntArray, offset: int, limit: int) -> IntArray:
    """Positions of the ``limit`` smallest keys after the first ``offset``, in key order."""
    wanted = offset + limit
    if wanted <= 0 or offset >= len(keys):
        return np.zeros(0, dtype=np.int64)
    if wanted < len(keys):
        candidates = np.argpartition(keys, wanted - 1)[:wanted]
        ordered = candidates[np.argsort(keys[candidates], kind="stable")]
    else:
        ordered = np.argsort(keys, kind="stable")
    return ordered[offset:wanted]
