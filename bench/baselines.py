"""The two naive designs spackdex is benchmarked against.

Both index one document per distinct hash (its tags and stacks as multi-values) and answer
``search_with_facets(text_query, filters) -> SearchResult(total, top-20 hashes, facets)``
with the same matching rules, so their totals and counts agree and only speed differs.
"""

from __future__ import annotations

from bench.facets import FACETS, Filters, SearchResult
from bench.sqlite_baseline import SqliteFts5, fts5_available
from bench.whoosh_baseline import WhooshAllFields

__all__ = ["FACETS", "Filters", "SearchResult", "SqliteFts5", "WhooshAllFields", "fts5_available"]
