"""The read API over one published index version: search, filter, facet, page, get.

This is all ``schema/`` sees of the index: it never imports Whoosh, numpy or pyroaring
types beyond the rows and pages returned here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from ..publish import current_version
from ..records import DEPTYPE_BITS, Compiler, parse_compiler
from ..spack.targets import specificity
from ..store.catalog import CatalogData
from ..store.load import IndexData
from ..textindex import TextIndex
from .catalog import CatalogView
from .facets import FacetResult, PackageSplit, count_facet, whole_packages
from .filters import compatible_specs, field_constraints
from .request import PackageOrder, Scope, SearchError, SearchRequest, SpecOrder
from .spec_match import SpecMatcher
from .text import TextMatch, TextMatcher
from .views import DependencyRow, OccurrenceRow, PackageRow, SpecRow, StackRow, TagRow

__all__ = ["IndexNotFoundError", "PackagePage", "SearchIndex", "SpecPage"]

MIN_HASH_PREFIX = 7
_HASH_TEXT = re.compile(r"^[a-z2-7]+$")
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


class SearchIndex:
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
                ordinals = np.frombuffer(specs.to_array(), dtype=np.uint32).astype(np.int64)
                chosen = ordinals[_page(self._spec_keys(ordinals, order, matched), offset, limit)]
            pages.append(
                SpecPage(
                    len(specs),
                    chosen.tolist(),
                    offset,
                    matched.notes,
                    self,
                    matched,
                )
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
        ordinals = np.frombuffer(limited.specs.to_array(), dtype=np.uint32).astype(np.int64)
        page = _page(self._spec_keys(ordinals, order, limited), offset, limit)
        return SpecPage(
            len(limited.specs),
            [int(o) for o in ordinals[page]],
            offset,
            limited.notes,
            self,
            limited,
        )

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

    def ordinal_of_hash(self, text: str) -> int | None:
        """The spec with this hash or unique prefix (at least 7 characters)."""
        text = text.strip().lstrip("/").lower()
        if len(text) < MIN_HASH_PREFIX or len(text) > 32 or not _HASH_TEXT.match(text):
            raise SearchError(
                f"hash {text!r}: give the 32-character DAG hash or a prefix of at least "
                f"{MIN_HASH_PREFIX} characters of a-z and 2-7"
            )
        hashes = self.data.column("hash")
        found = self.data.hash_range(text)
        low, high = found.start, found.stop
        if high - low > 1:
            shown = ", ".join(hashes[i].decode()[:12] for i in range(low, min(high, low + 5)))
            raise SearchError(
                f"hash prefix {text!r} is ambiguous: {high - low} specs start with it "
                f"({shown}{', ...' if high - low > 5 else ''}); give more characters"
            )
        return low if high > low else None

    def spec_rows(self, ordinals: Sequence[int]) -> list[SpecRow]:
        """Rows of a page, each column gathered once for all of them (a page is 20 rows;
        indexing numpy arrays one scalar at a time costs more than the rows' Python)."""
        if not ordinals:
            return []
        data, vocab = self.data, self.data.vocab
        at = np.asarray(ordinals, dtype=np.int64)

        def gather(name: str) -> list[int]:
            values: list[int] = np.asarray(data.column(name))[at].tolist()
            return values

        def words(name: str) -> list[str]:
            values = vocab[name]
            return [values[code] for code in gather(name)]

        variant_offsets = data.column("variant_offsets")
        variant_codes = data.column("variant_codes")
        variant_names = vocab["variant"]
        tarball_offsets = data.column("tarball_offsets")
        tarball_blob = data.column("tarball_blob")
        compilers = self._compilers
        signed = _optional_column(data, "signed")
        hashes = np.asarray(data.column("hash"))[at].tolist()
        rows = []
        for ordinal, hash_, name, version, compiler, os, platform, target, size, deps in zip(
            at.tolist(),
            hashes,
            words("package"),
            words("version"),
            gather("compiler"),
            words("os"),
            words("platform"),
            words("target"),
            gather("size"),
            gather("dep_has"),
            strict=True,
        ):
            codes = variant_codes[variant_offsets[ordinal] : variant_offsets[ordinal + 1]]
            tarball = bytes(
                tarball_blob[tarball_offsets[ordinal] : tarball_offsets[ordinal + 1]]
            ).decode()
            rows.append(
                SpecRow(
                    ordinal=ordinal,
                    hash=hash_.decode(),
                    name=name,
                    version=version,
                    compiler=compilers[compiler] if compiler >= 0 else None,
                    os=os,
                    platform=platform,
                    target=target,
                    variants=tuple(variant_names[c] for c in codes.tolist()),
                    size=size if size >= 0 else None,
                    tarball=tarball or None,
                    has_dependencies=bool(deps),
                    read_occurrences=self._occurrences,
                    signed=None if signed is None else _signed_value(int(signed[ordinal])),
                )
            )
        return rows

    @cached_property
    def _compilers(self) -> list[Compiler | None]:
        """Every compiler of the vocabulary, parsed once per version."""
        return [parse_compiler(text) for text in self.data.vocab["compiler"]]

    def _occurrences(self, ordinal: int) -> tuple[OccurrenceRow, ...]:
        data = self.data
        offsets = data.column("occ_offsets")
        start, end = int(offsets[ordinal]), int(offsets[ordinal + 1])
        by_tag: dict[int, list[str]] = {}
        mirror_of: dict[int, str] = {}
        occ_mirror = _optional_column(data, "occ_mirror")
        mirrors: list[str] = data.meta.get("mirrors", [])
        for entry, (tag, stack) in enumerate(
            zip(data.column("occ_tag")[start:end], data.column("occ_stack")[start:end], strict=True)
        ):
            by_tag.setdefault(int(tag), []).append(data.vocab["stack"][stack])
            mirror = int(occ_mirror[start + entry]) if occ_mirror is not None else -1
            if mirror >= 0:
                mirror_of[int(tag)] = mirrors[mirror]
        return tuple(
            OccurrenceRow(data.vocab["tag"][t], tuple(s), mirror_of.get(t))
            for t, s in sorted(by_tag.items())
        )

    def dependency_rows(self, ordinal: int) -> list[DependencyRow] | None:
        data = self.data
        if not data.column("dep_has")[ordinal]:
            return None
        offsets = data.column("dep_offsets")
        rows = []
        for edge in range(int(offsets[ordinal]), int(offsets[ordinal + 1])):
            bits = int(data.column("dep_types")[edge])
            version = int(data.column("dep_version")[edge])
            target = int(data.column("dep_target")[edge])
            virtuals = data.vocab["virtuals"][data.column("dep_virtuals")[edge]]
            rows.append(
                DependencyRow(
                    name=data.vocab["dep_name"][data.column("dep_name")[edge]],
                    hash=data.column("dep_hash")[edge].decode(),
                    deptypes=tuple(t for t, bit in DEPTYPE_BITS.items() if bits & bit),
                    virtuals=tuple(virtuals.split(",")) if virtuals else (),
                    version=data.vocab["dep_version"][version] if version >= 0 else None,
                    ordinal=target if target >= 0 else None,
                )
            )
        return rows

    def dependents_of(self, ordinal: int, deptypes: int = 0) -> BitMap:
        """Specs in the index with a dependency edge to this one; with ``deptypes`` (bits
        of DEPTYPE_BITS), only edges of at least one of those types (``link``: which
        binaries link this openssl)."""
        data = self.data
        targets = data.column("rdep_target")
        low = int(np.searchsorted(targets, ordinal, side="left"))
        high = int(np.searchsorted(targets, ordinal, side="right"))
        sources = np.asarray(data.column("rdep_source")[low:high])
        if deptypes:
            sources = sources[(np.asarray(data.column("rdep_types")[low:high]) & deptypes) != 0]
        return BitMap(sources.astype(np.uint32))

    def package_code(self, name: str) -> int | None:
        """The package's code, with binaries or known only from the catalog."""
        return self.catalog.code_of(name)

    def package_rows(self, codes: Sequence[int]) -> list[PackageRow]:
        rows = []
        for code in codes:
            name = self.catalog.name_of(code)
            recipe = self.catalog.catalog.recipe(name)
            if code >= self.catalog.binary_count:
                assert recipe is not None
                rows.append(
                    PackageRow(code, name, recipe.description, recipe.homepage, (), 0, recipe)
                )
                continue
            entry = self.data.packages[code]
            rows.append(
                PackageRow(
                    code,
                    name,
                    entry["description"] or (recipe.description if recipe else None),
                    entry["homepage"] or (recipe.homepage if recipe else None),
                    tuple(entry["versions"]),
                    entry["num_specs"],
                    recipe,
                )
            )
        return rows

    def package_tags(self, codes: Sequence[int]) -> list[list[str]]:
        """Tags holding at least one spec of each package."""
        data = self.data
        tag_bitmaps = [data.bitmap("tag", t) for t in range(len(data.vocab["tag"]))]
        result: list[list[str]] = []
        for code in codes:
            if code >= self.catalog.binary_count:
                result.append([])  # known only from the catalog: in no tag
                continue
            specs = data.bitmap("package", code)
            result.append(
                [data.vocab["tag"][t] for t, bm in enumerate(tag_bitmaps) if bm.intersect(specs)]
            )
        return result

    def tag_rows(self) -> list[TagRow]:
        return self._tag_rows

    @cached_property
    def _tag_rows(self) -> list[TagRow]:
        data = self.data
        stacks: dict[int, list[StackRow]] = {}
        for code, (tag, stack) in enumerate(data.tag_stacks):
            stacks.setdefault(tag, []).append(
                StackRow(
                    data.vocab["tag"][tag],
                    data.vocab["stack"][stack],
                    len(data.bitmap("tag_stack", code)),
                )
            )
        return [
            TagRow(name, tuple(stacks.get(code, [])), len(data.bitmap("tag", code)))
            for code, name in enumerate(data.vocab["tag"])
        ]

    def tag_row(self, name: str) -> TagRow | None:
        return next((t for t in self._tag_rows if t.name == name), None)

    def stack_row(self, tag: str, name: str) -> StackRow | None:
        found = self.tag_row(tag)
        return next((s for s in found.stacks if s.name == name), None) if found else None


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


def _optional_column(data: IndexData, name: str) -> npt.NDArray[Any] | None:
    """A column added after format 2 (``signed``, ``occ_mirror``): None in older versions."""
    try:
        return data.column(name)
    except FileNotFoundError:
        return None


def _signed_value(value: int) -> bool | None:
    """The ``signed`` column: -1 where no manifest was read, else 0 or 1."""
    return None if value < 0 else bool(value)
