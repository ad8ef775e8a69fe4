"""Packages the catalog knows beside those with binaries: codes, names and matching.

Packages with binaries keep their codes ``0..P-1`` (name order, as the columns have them);
packages known only from the catalog get ``P..P+C-1``, also in name order. A package page
can then mix both kinds, ordered by ``name_rank``.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap

from ..store.catalog import CatalogData
from ..store.load import IndexData
from .request import FACET_FIELDS, SearchRequest
from .text import TextMatch

__all__ = ["CatalogView"]

IntArray = npt.NDArray[np.int64]


class CatalogView:
    """One index version's packages, with and without binaries."""

    def __init__(self, data: IndexData, catalog: CatalogData) -> None:
        self.data = data
        self.catalog = catalog
        binary = data.codes_of["package"]
        self.binary_count = len(binary)
        self.only_names = [name for name in catalog.names if name not in binary]
        self._only_code = {n: self.binary_count + i for i, n in enumerate(self.only_names)}

    @property
    def total(self) -> int:
        """How many package codes there are, with binaries or not."""
        return self.binary_count + len(self.only_names)

    @cached_property
    def codes(self) -> dict[str, int]:
        """Every package name's code, with binaries or not."""
        return {**self.data.codes_of["package"], **self._only_code}

    def code_of(self, name: str) -> int | None:
        code = self.data.codes_of["package"].get(name)
        return code if code is not None else self._only_code.get(name)

    def name_of(self, code: int) -> str:
        if code < self.binary_count:
            return self.data.vocab["package"][code]
        return self.only_names[code - self.binary_count]

    @cached_property
    def name_rank(self) -> IntArray:
        """Each code's position in the name order of all packages."""
        names = [*self.data.vocab["package"], *self.only_names]
        order = np.argsort(np.array(names, dtype=object), kind="stable")
        ranks = np.empty(len(names), dtype=np.int64)
        ranks[order] = np.arange(len(names), dtype=np.int64)
        return ranks

    def maintainer_specs(self, people: tuple[str, ...]) -> BitMap:
        """Specs of the packages these people maintain (the ``maintainers`` filter)."""
        lookup = self.data.codes_of["package"]
        codes = [lookup[n] for n in self.catalog.maintained_by(people) if n in lookup]
        return self.data.union("package", codes)

    def catalog_only_matches(self, request: SearchRequest, text: TextMatch | None) -> IntArray:
        """Codes of the catalog-only packages a package search with
        ``includeWithoutBinaries`` adds.

        Spec syntax and facet selections are about binaries, which these packages have
        none of: a request with any of them adds nothing. Free text must find every word
        in the package's name, description or catalog words; ``packages`` and
        ``maintainers`` selections narrow as they do for packages with binaries.
        """
        selection = request.filter
        if not self.only_names or (request.spec and request.spec.strip()):
            return np.zeros(0, dtype=np.int64)
        binary_facets = [f for f in FACET_FIELDS if f != "package" and selection.values(f)]
        if binary_facets or selection.compatible_with:
            return np.zeros(0, dtype=np.int64)
        codes = np.arange(self.binary_count, self.total, dtype=np.int64)
        if selection.packages:
            wanted = {self._only_code[n] for n in selection.packages if n in self._only_code}
            codes = codes[np.isin(codes, list(wanted))]
        if selection.maintainers:
            wanted = {
                self._only_code[n]
                for n in self.catalog.maintained_by(selection.maintainers)
                if n in self._only_code
            }
            codes = codes[np.isin(codes, list(wanted))]
        if text is not None:
            codes = codes[text.matches_every_word(codes)]
        return codes
