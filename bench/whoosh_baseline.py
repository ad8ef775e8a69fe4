"""The slow baseline: one Whoosh index, every field indexed and stored, facets by groupedby.

This is the design a first attempt would take: one schema holding everything, written by a
single writer process, and facet counts from Whoosh's own ``groupedby`` with a
``FieldFacet`` per facet (``allow_overlap`` for the multi-valued ones, which makes Whoosh
read every matching document's terms).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from whoosh import index, sorting
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.query import And, Every, Or, Query, Term

from bench.facets import FACETS, MULTI_VALUED, Filters, SearchResult, check_filters, tokenize
from bench.specdocs import SpecDoc, group_by_hash
from spackdex.indexer.records import Sighting

__all__ = ["WhooshAllFields"]

PAGE_SIZE = 20


def _schema() -> Schema:
    # Same word definition as bench.facets.tokenize (and FTS5's unicode61), no stop words,
    # so both baselines count the same matches.
    words = RegexTokenizer(r"[A-Za-z0-9]+") | LowercaseFilter()
    # Multi-valued fields are space separated: variant values contain commas
    # (``libs=shared,static``), so KEYWORD(commas=True) would split them apart.
    multi = {f: KEYWORD(stored=True, scorable=False) for f in MULTI_VALUED}
    single = {f: ID(stored=True) for f in FACETS if f not in MULTI_VALUED}
    return Schema(
        hash=ID(stored=True, unique=True),
        name=TEXT(stored=True, analyzer=words),
        text=TEXT(stored=True, analyzer=words),
        **single,
        **multi,
    )


def _document(doc: SpecDoc) -> dict[str, str]:
    fields = {f: " ".join(values) for f, values in doc.facet_values().items()}
    return {
        "hash": doc.spec.hash,
        "name": doc.spec.name,
        "text": " ".join(doc.text_columns().values()),
        **fields,
    }


class WhooshAllFields:
    """Naive Whoosh index over distinct hashes; see the module docstring."""

    def __init__(self) -> None:
        self._ix: Any = None
        self._searcher: Any = None

    def build(
        self,
        records: Iterable[Sighting],
        index_dir: Path,
        descriptions: Mapping[str, str] | None = None,
    ) -> float:
        """Index ``records`` into ``index_dir`` (created); returns the seconds it took."""
        start = time.perf_counter()
        self.close()
        index_dir.mkdir(parents=True, exist_ok=True)
        ix = index.create_in(str(index_dir), _schema())
        writer = ix.writer(procs=1, limitmb=256)
        for doc in group_by_hash(records, descriptions):
            writer.add_document(**_document(doc))
        writer.commit()
        self._ix = ix
        self._searcher = ix.searcher()
        return time.perf_counter() - start

    def open(self, index_dir: Path) -> None:
        """Open an index built earlier."""
        self.close()
        self._ix = index.open_dir(str(index_dir))
        self._searcher = self._ix.searcher()

    def close(self) -> None:
        """Release the searcher and index files."""
        if self._searcher is not None:
            self._searcher.close()
        if self._ix is not None:
            self._ix.close()
        self._ix = self._searcher = None

    @property
    def doc_count(self) -> int:
        """Number of distinct hashes indexed."""
        return int(self._require().doc_count())

    def _require(self) -> Any:
        if self._searcher is None:
            raise RuntimeError("build() or open() the index first")
        return self._searcher

    @staticmethod
    def _query(text_query: str | None, filters: Filters, skip: str | None = None) -> Query:
        parts: list[Query] = [Term("text", t) for t in tokenize(text_query or "")]
        for facet, values in filters.items():
            if facet != skip and values:
                parts.append(Or([Term(facet, v) for v in values]))
        if not parts:
            return Every()
        return parts[0] if len(parts) == 1 else And(parts)

    def _counts(
        self, query: Query, facets: Iterable[str], limit: int
    ) -> tuple[Any, dict[str, dict[str, int]]]:
        grouped = {
            f: sorting.FieldFacet(f, allow_overlap=f in MULTI_VALUED, maptype=sorting.Count)
            for f in facets
        }
        results = self._require().search(query, limit=limit, groupedby=grouped)
        counts = {
            f: {k: int(n) for k, n in results.groups(f).items() if k is not None} for f in grouped
        }
        return results, counts

    def search_with_facets(
        self, text_query: str | None, filters: Filters, *, disjunctive: bool = False
    ) -> SearchResult:
        """Match all words of ``text_query`` (None: everything) and the filters.

        Filters are OR within a facet and AND across facets. Facet counts are over the
        matches; with ``disjunctive`` a facet's counts ignore that facet's own filter.
        """
        check_filters(filters)
        results, counts = self._counts(self._query(text_query, filters), FACETS, PAGE_SIZE)
        total = len(results)
        hashes = [hit["hash"] for hit in results[:PAGE_SIZE]]
        if disjunctive:
            for facet, values in filters.items():
                if values:
                    query = self._query(text_query, filters, skip=facet)
                    counts[facet] = self._counts(query, (facet,), 1)[1][facet]
        return SearchResult(total, hashes, counts)
