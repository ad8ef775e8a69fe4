"""Evaluating a parsed Spack spec against the index.

Every clause is checked once per distinct value of its field (the vocabulary), never once
per spec; the matching values' bitmaps then give the specs. ``^dep`` and ``%dep`` clauses
walk the dependency edges recorded from index.json sources; an edge matches a name when the
dependency has that name or provides it as a virtual (``^mpi``, ``%c``). ``%name`` also
matches the compiler column, which is all site pages (and pre-1.0 index.json) record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap, FrozenBitMap

from ..records import DEPTYPE_BITS, Compiler, parse_compiler
from ..spack.errors import SpecSyntaxError, UnknownTargetError
from ..spack.gitversions import GitVersionConstraint
from ..spack.legacy import legacy_reading, pre_1_0_spelling
from ..spack.specsyntax import CompilerConstraint, EdgeQuery, SpecQuery, VersionQuery, parse_spec
from ..spack.variants import Variant, VariantConstraint
from ..spack.versions import Version
from ..store.load import IndexData
from .request import SearchError

__all__ = ["KNOWN_VIRTUALS", "SpecMatch", "SpecMatcher"]

T = TypeVar("T")
BoolArray = npt.NDArray[np.bool_]

#: Virtual packages of Spack's builtin repository that queries commonly name; any virtual
#: recorded on an edge of the index counts too.
KNOWN_VIRTUALS = frozenset(
    {"c", "cxx", "fortran", "mpi", "blas", "lapack", "scalapack", "fftw-api", "pkgconfig"}
    | {"zlib-api", "jpeg", "gl", "glu", "uuid", "iconv", "elf", "unwind", "yacc", "tbb"}
    | {"java", "lua-lang", "libllvm", "opencl", "sycl", "awk", "rpc", "szip", "xxd"}
)
_LANGUAGES = frozenset({"c", "cxx", "fortran"})
_COMPILER_CACHE = 256  # distinct compiler constraints kept (queries repeat a few)


@dataclass(frozen=True)
class SpecMatch:
    specs: BitMap
    # How many specs were left out of '^' matching because their source had no
    # dependency data (site pages): said in the response, not silently dropped.
    without_dependency_data: int = 0
    # How the text was read, when that could surprise (a meaning changed since Spack 1.0).
    warnings: list[str] = field(default_factory=list)


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except ValueError:  # a git ref with '/', say: only a git constraint can match it
        return None


class SpecMatcher:
    """Parses and evaluates spec strings against one index version."""

    def __init__(self, data: IndexData) -> None:
        self._data = data
        self._compiler_columns: dict[CompilerConstraint, FrozenBitMap] = {}

    @cached_property
    def _versions(self) -> list[Version | None]:
        return [_version(v) for v in self._data.vocab["version"]]

    @cached_property
    def _dep_versions(self) -> list[Version | None]:
        return [_version(v) for v in self._data.vocab["dep_version"]]

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

    @cached_property
    def _virtual_sets(self) -> list[frozenset[str]]:
        return [frozenset(v.split(",")) if v else frozenset() for v in self._data.vocab["virtuals"]]

    @cached_property
    def _recorded_virtuals(self) -> frozenset[str]:
        return frozenset().union(*self._virtual_sets) if self._virtual_sets else frozenset()

    @cached_property
    def _virtual_names(self) -> frozenset[str]:
        return KNOWN_VIRTUALS | self._recorded_virtuals

    def match(self, text: str) -> SpecMatch:
        try:
            query = parse_spec(text)
            node = self._node(query)
            specs, direct_only = BitMap(node), BitMap(node)
            parts: dict[EdgeQuery, BitMap] = {}  # each edge's answer, reused below
            for edge in query.edges:
                direct = self._edge(edge)
                if edge.direct:
                    parts[edge] = direct
                else:
                    free = self._free_of(edge)
                    parts[edge] = self._dependents_closure(direct) | free
                    direct = direct | free
                specs &= parts[edge]
                direct_only &= direct
            warnings = list(query.notes)
            without = 0
            if any(not e.direct for e in query.edges):
                without = len(node - self._with_dependencies - specs)
                if direct_only != specs:
                    warnings.append(_transitive_note(text, len(specs), len(direct_only)))
            warnings += self._exact_value_notes(query)
            hint = pre_1_0_spelling(query)
            legacy = legacy_reading(query)
            # with no clause moved, the readings differ only on specs with dependency data
            if legacy is not None and (hint or self._with_dependencies):
                if hint is None and legacy.compiler is not None:
                    before = node & self._compiler_column(legacy.compiler)
                else:
                    before = self._node(legacy)
                for edge in legacy.edges:
                    before &= parts[edge] if edge in parts else self._root_edge(edge)
                if before != specs:
                    warnings.append(_changed_meaning(text, hint, len(specs), len(before)))
            return SpecMatch(specs, without, warnings)
        except (SpecSyntaxError, UnknownTargetError) as error:
            raise SearchError(f"spec {text!r}: {error}") from None

    def _evaluate(self, query: SpecQuery) -> BitMap:
        """Specs satisfying a whole query (a node and its edges)."""
        result = self._node(query)
        for edge in query.edges:
            result &= self._root_edge(edge)
        return result

    def _root_edge(self, edge: EdgeQuery) -> BitMap:
        """A root's edge: ``%`` a direct dependency, ``^`` any dependency below."""
        part = self._edge(edge)
        return part if edge.direct else self._dependents_closure(part) | self._free_of(edge)

    def _exact_value_notes(self, query: SpecQuery) -> list[str]:
        """``k:=v`` meant "at least v" here before; say so where that selects other values."""
        notes = []
        nodes = [query, *(e.node for e in query.edges)]
        nodes += [e.node for n in nodes[1:] for e in n.edges]
        for node in nodes:
            for variant in node.variants:
                if not variant.exact:
                    continue
                at_least = replace(variant, exact=False)
                exact_codes = [v is not None and variant.matches_variant(v) for v in self._variants]
                loose_codes = [
                    v is not None and at_least.matches_variant(v) for v in self._variants
                ]
                if exact_codes != loose_codes:
                    notes.append(
                        f"'{variant}' means exactly these values, as in Spack (it used to mean "
                        f"at least these here); for at least these write '{at_least}'"
                    )
        return notes

    def _records_satisfying(self, query: SpecQuery) -> BitMap:
        """Records satisfying a dependency's own clauses and its ``%`` edges; its name and
        version are checked on the edge, since the dependency may be no binary here."""
        node = SpecQuery(
            variants=query.variants,
            platform=query.platform,
            os=query.os,
            target=query.target,
            hash_prefix=query.hash_prefix,
            compiler=query.compiler,
        )
        result = self._node(node)
        for edge in query.edges:
            result &= self._edge(edge)
        return result

    def _node(self, query: SpecQuery) -> BitMap:
        """Specs satisfying every clause of one node (edges aside)."""
        data = self._data
        parts: list[BitMap] = []
        if query.name is not None:
            parts.append(self._exact("package", query.name))
        if query.versions is not None:
            parts.append(self._versions_where("version", query.versions))
        for variant in query.variants:
            parts.append(
                self._where("variant", self._variants, partial(_variant_satisfies, variant))
            )
        if query.compiler is not None:
            parts.append(self._compiler_column(query.compiler))
        if query.platform is not None:
            parts.append(self._exact("platform", query.platform))
        if query.os is not None:
            parts.append(self._exact("os", query.os))
        if query.target is not None:
            target = query.target
            parts.append(self._where("target", data.vocab["target"], target.matches))
        if query.hash_prefix is not None:
            parts.append(BitMap(data.hash_range(query.hash_prefix)))
        if not parts:
            return BitMap(data.all_specs)
        result = parts[0]
        for part in parts[1:]:
            result &= part
        return result

    def _versions_where(self, field_name: str, versions: VersionQuery) -> BitMap:
        if isinstance(versions, GitVersionConstraint):
            return self._where(field_name, self._data.vocab[field_name], versions.matches)
        return self._where(
            field_name, self._versions, lambda v: v is not None and versions.matches(v)
        )

    def _compiler_column(self, wanted: CompilerConstraint) -> BitMap:
        # a '%' clause reads the column for its edge fallback and for the pre-1.0 reading
        found = self._compiler_columns.get(wanted)
        if found is None:
            found = FrozenBitMap(
                self._where(
                    "compiler",
                    self._compilers,
                    lambda c: c is not None and wanted.matches(c.name, c.version),
                )
            )
            if len(self._compiler_columns) >= _COMPILER_CACHE:
                self._compiler_columns.clear()
            self._compiler_columns[wanted] = found
        return BitMap(found)

    def _where(self, field_name: str, values: Sequence[T], keep: Callable[[T], bool]) -> BitMap:
        """Specs whose field has a value (in vocabulary order) that ``keep`` accepts:
        a clause is checked once per distinct value, never once per spec."""
        return self._data.union(
            field_name, [code for code, value in enumerate(values) if keep(value)]
        )

    def _exact(self, field_name: str, value: str) -> BitMap:
        code = self._data.codes_of[field_name].get(value)
        return BitMap() if code is None else BitMap(self._data.bitmap(field_name, code))

    def _virtual_edges(self, name: str) -> BoolArray:
        """Edges providing the virtual ``name``."""
        provides = np.array([name in s for s in self._virtual_sets] + [False], dtype=bool)
        mask: BoolArray = provides[self._data.column("dep_virtuals")]
        return mask

    def _edge(self, edge: EdgeQuery) -> BitMap:
        """Specs with a dependency edge satisfying ``edge``; for ``%`` also the specs whose
        compiler column says so; with ``when=``, also (for ``%``) every spec the condition
        leaves free. (``^`` then reaches further: ``_root_edge``.)"""
        result = self._edges_matching(edge)
        fallback = _compiler_fallback(edge)
        if fallback is not None:
            # only where the compiler is no dependency edge (site pages, pre-1.0 records)
            result |= self._compiler_column(fallback) - self._compiler_on_edges
        return result | self._free_of(edge) if edge.direct else result

    def _free_of(self, edge: EdgeQuery) -> BitMap:
        """Specs an edge with ``when=`` does not apply to (they fail the condition)."""
        if edge.when is None:
            return BitMap()
        return BitMap(self._data.all_specs) - self._evaluate(edge.when)

    @cached_property
    def _compiler_on_edges(self) -> BitMap:
        """Specs recording their compiler as an edge providing c, cxx or fortran."""
        languages = np.array(
            [bool(s & _LANGUAGES) for s in self._virtual_sets] + [False], dtype=bool
        )
        keep = languages[self._data.column("dep_virtuals")]
        return BitMap(np.unique(self._dep_owner[keep]).astype(np.uint32))

    def _dependents_closure(self, specs: BitMap) -> BitMap:
        """``specs`` and every spec that depends on one of them, directly or through other
        binaries of the index (Spack's ``^`` is any dependency in the DAG)."""
        targets = self._data.column("dep_target")
        result = BitMap(specs)
        frontier = BitMap(specs)
        member = np.zeros(self._data.count + 1, dtype=bool)
        while frontier:
            member[np.array(frontier.to_array(), dtype=np.int64)] = True
            owners = BitMap(np.unique(self._dep_owner[member[targets]]).astype(np.uint32))
            frontier = owners - result
            result |= frontier
        return result

    def _edges_matching(self, edge: EdgeQuery) -> BitMap:
        data = self._data
        query = edge.node
        keep = np.ones(len(self._dep_owner), dtype=bool)
        if query.name is not None:
            virtual = query.name in self._virtual_names
            code = data.codes_of["dep_name"].get(query.name)
            if virtual and code is None and (query.has_node_clauses or query.edges):
                raise SearchError(_virtual_with_clauses(query.name))
            if code is None and query.name not in self._recorded_virtuals:
                return BitMap()  # no edge has this name or provides it
            named = (
                np.zeros(len(keep), dtype=bool) if code is None else data.column("dep_name") == code
            )
            keep &= named | self._virtual_edges(query.name)
        for virtual_name in edge.virtuals:
            keep &= self._virtual_edges(virtual_name)
        if edge.deptypes:
            bits = sum(DEPTYPE_BITS[t] for t in edge.deptypes)
            keep &= (data.column("dep_types") & bits) == bits
        if query.versions is not None:
            keep &= self._dep_version_mask(query.versions)
        if _needs_record(query):
            # other constraints need the dependency's own record: only binaries have one
            records = self._records_satisfying(query)
            member = np.zeros(data.count + 1, dtype=bool)
            member[np.array(records.to_array(), dtype=np.int64)] = True
            keep &= member[data.column("dep_target")]  # -1 (not a binary) reads the last
        return BitMap(np.unique(self._dep_owner[keep]).astype(np.uint32))

    def _dep_version_mask(self, versions: VersionQuery) -> BoolArray:
        if isinstance(versions, GitVersionConstraint):
            good = [versions.matches(v) for v in self._data.vocab["dep_version"]]
        else:
            good = [v is not None and versions.matches(v) for v in self._dep_versions]
        table = np.array([*good, False], dtype=bool)
        mask: BoolArray = table[self._data.column("dep_version")]  # -1 (unknown): False
        return mask


def _needs_record(query: SpecQuery) -> bool:
    """Whether a dependency's constraints go beyond the name and version on the edge."""
    return bool(
        query.variants
        or query.platform
        or query.os
        or query.target
        or query.hash_prefix
        or query.compiler
        or query.edges
    )


def _compiler_fallback(edge: EdgeQuery) -> CompilerConstraint | None:
    """What a ``%`` edge means for a spec that records its compiler as a column: only a
    compiler name and version can be checked there."""
    node = edge.node
    if not edge.direct or node.name is None or node.edges:
        return None
    if node.variants or node.platform or node.os or node.target or node.hash_prefix:
        return None
    if not set(edge.virtuals) <= _LANGUAGES or not set(edge.deptypes) <= {"build"}:
        return None
    return CompilerConstraint(node.name, node.versions)


def _variant_satisfies(constraint: VariantConstraint, variant: Variant | None) -> bool:
    return variant is not None and constraint.matches_variant(variant)


def _virtual_with_clauses(name: str) -> str:
    return (
        f"'{name}' is a virtual package: which {name} versions (or variants) a provider "
        f"implements is declared in Spack's package recipes, which the build cache does not "
        f"record; constrain the provider instead, e.g. '^[virtuals={name}] <provider>@<versions>'"
    )


def _transitive_note(text: str, now: int, direct: int) -> str:
    return (
        f"spec {text!r}: '^dep' is any dependency, direct or not, as in Spack ({now} specs; "
        f"{direct} with a direct edge, as spackdex read '^' before); for a direct dependency "
        f"write '%dep'"
    )


def _changed_meaning(text: str, hint: str | None, now: int, before: int) -> str:
    if hint:
        return (
            f"spec {text!r} is read as in Spack 1.x: '%name' is a direct dependency and the "
            f"clauses after it constrain that dependency ({now} specs); before Spack 1.0 they "
            f"constrained the package ({before} specs): for that meaning {hint}"
        )
    return (
        f"spec {text!r} is read as in Spack 1.x: '%name' is any direct dependency, not only "
        f"the compiler ({now} specs; {before} when read before Spack 1.0 as the compiler); "
        f"for the compiler only write '%[virtuals=c] name' (or cxx, fortran)"
    )
