"""Rows read from an index version by ordinal or code: specs (a page at a time), their
occurrences and dependencies, packages, tags and stacks.

:class:`SearchIndex` inherits these readers; they need only the columns (``data``) and the
catalog view, never the text index or the matchers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

import numpy as np
from pyroaring import BitMap

from ..records import DEPTYPE_BITS, Compiler, parse_compiler
from ..store.load import IndexData
from .catalog import CatalogView
from .request import SearchError
from .views import DependencyRow, OccurrenceRow, PackageRow, SpecRow, StackRow, TagRow

__all__ = ["MIN_HASH_PREFIX", "RowReader"]

MIN_HASH_PREFIX = 7
_HASH_TEXT = re.compile(r"^[a-z2-7]+$")


class RowReader:
    """Readers of rows by ordinal (specs), code (packages) or name (tags, stacks)."""

    data: IndexData
    catalog: CatalogView

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
        signed = data.optional_column("signed")
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
        occ_mirror = data.optional_column("occ_mirror")
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


def _signed_value(value: int) -> bool | None:
    """The ``signed`` column: -1 where no manifest was read, else 0 or 1."""
    return None if value < 0 else bool(value)
