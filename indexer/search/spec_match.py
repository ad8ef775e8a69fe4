"""Evaluating a parsed Spack spec against the index.

Every clause is checked once per distinct value of its field (the vocabulary), never once
per spec; the matching values' bitmaps then give the specs. ``^dep`` clauses walk the
dependency edges recorded from index.json sources.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from ..records import Compiler, parse_compiler
from ..spack.errors import SpecSyntaxError, UnknownTargetError
from ..spack.specsyntax import SpecQuery, parse_spec
from ..spack.variants import Variant, VariantConstraint
from ..spack.versions import Version
from ..store.load import IndexData
from .request import SearchError

__all__ = ["SpecMatch", "SpecMatcher"]

T = TypeVar("T")


@dataclass(frozen=True)
class SpecMatch:
    specs: BitMap
    # How many specs were left out of '^' matching because their source had no
    # dependency data (site pages): said in the response, not silently dropped.
    without_dependency_data: int = 0


class SpecMatcher:
    """Parses and evaluates spec strings against one index version."""

    def __init__(self, data: IndexData) -> None:
        self._data = data

    @cached_property
    def _versions(self) -> list[Version]:
        return [Version(v) for v in self._data.vocab["version"]]

    @cached_property
    def _dep_versions(self) -> list[Version]:
        return [Version(v) for v in self._data.vocab["dep_version"]]

    @cached_property
    def _variants(self) -> list[Variant | None]:
        parsed: list[Variant | None] = []
        for text in self._data.vocab["variant"]:
            try:
                parsed.append(Variant.parse(text))
            except SpecSyntaxError:
                parsed.append(None)
        return parsed

    @cached_property
    def _compilers(self) -> list[Compiler | None]:
        return [parse_compiler(text) for text in self._data.vocab["compiler"]]

    @cached_property
    def _dep_owner(self) -> npt.NDArray[np.int32]:
        offsets = self._data.column("dep_offsets")
        return np.repeat(np.arange(len(offsets) - 1, dtype=np.int32), np.diff(offsets))

    @cached_property
    def _with_dependencies(self) -> BitMap:
        return BitMap(np.flatnonzero(self._data.column("dep_has")).astype(np.uint32))

    def match(self, text: str) -> SpecMatch:
        try:
            query = parse_spec(text)
            specs = self._node(query)
            if not query.dependencies:
                return SpecMatch(specs)
            without = len(specs - self._with_dependencies)
            for dependency in query.dependencies:
                specs &= self._dependents_matching(dependency)
            return SpecMatch(specs, without)
        except (SpecSyntaxError, UnknownTargetError) as error:
            raise SearchError(f"spec {text!r}: {error}") from None

    def _node(self, query: SpecQuery) -> BitMap:
        """Specs satisfying every clause of one node (dependencies aside)."""
        data = self._data
        parts: list[BitMap] = []
        if query.name is not None:
            parts.append(self._exact("package", query.name))
        if query.versions is not None:
            versions = query.versions
            parts.append(self._where("version", self._versions, versions.matches))
        for variant in query.variants:
            parts.append(
                self._where("variant", self._variants, partial(_variant_satisfies, variant))
            )
        if query.compiler is not None:
            wanted = query.compiler
            parts.append(
                self._where(
                    "compiler",
                    self._compilers,
                    lambda c: c is not None and wanted.matches(c.name, c.version),
                )
            )
        if query.platform is not None:
            parts.append(self._exact("platform", query.platform))
        if query.os is not None:
            parts.append(self._exact("os", query.os))
        if query.target is not None:
            target = query.target
            parts.append(self._where("target", data.vocab["target"], target.matches))
        if query.hash_prefix is not None:
            parts.append(self._hash_prefix(query.hash_prefix))
        if not parts:
            return BitMap(data.all_specs)
        result = parts[0]
        for part in parts[1:]:
            result &= part
        return result

    def _where(self, field: str, values: Sequence[T], keep: Callable[[T], bool]) -> BitMap:
        """Specs whose ``field`` has a value (in vocabulary order) that ``keep`` accepts:
        a clause is checked once per distinct value, never once per spec."""
        return self._data.union(field, [code for code, value in enumerate(values) if keep(value)])

    def _exact(self, field: str, value: str) -> BitMap:
        code = self._data.codes_of[field].get(value)
        return BitMap() if code is None else BitMap(self._data.bitmap(field, code))

    def _hash_prefix(self, prefix: str) -> BitMap:
        return BitMap(self._data.hash_range(prefix))

    def _dependents_matching(self, query: SpecQuery) -> BitMap:
        """Specs with a dependency edge to something satisfying ``query``."""
        data = self._data
        keep = np.ones(len(self._dep_owner), dtype=bool)
        if query.name is not None:
            code = data.codes_of["dep_name"].get(query.name)
            if code is None:
                return BitMap()
            keep &= data.column("dep_name") == code
        if query.versions is not None:
            constraint = query.versions
            good = np.array(
                [constraint.matches(v) for v in self._dep_versions] + [False], dtype=bool
            )
            keep &= good[data.column("dep_version")]  # -1 (unknown) reads the final False
        needs_node = (
            query.variants
            or query.compiler
            or query.platform
            or query.os
            or query.target
            or query.hash_prefix
        )
        if needs_node:
            # other constraints need the dependency's own record: only binaries have one
            nodes = self._node(
                SpecQuery(
                    variants=query.variants,
                    compiler=query.compiler,
                    platform=query.platform,
                    os=query.os,
                    target=query.target,
                    hash_prefix=query.hash_prefix,
                )
            )
            targets = data.column("dep_target")
            member = np.zeros(data.count + 1, dtype=bool)
            member[np.array(nodes.to_array(), dtype=np.int64)] = True
            keep &= member[targets]  # -1 (not a binary here) reads the final False
        return BitMap(np.unique(self._dep_owner[keep]).astype(np.uint32))


def _variant_satisfies(constraint: VariantConstraint, variant: Variant | None) -> bool:
    return variant is not None and constraint.matches_variant(variant)
