"""Facet counts taken from what is kept per version equal counts taken afresh.

Two shortcuts: a set of whole packages is counted as the sum of those packages' counts,
and the match of everything reuses one answer per version. Both must give exactly what
counting the set itself gives, value for value.
"""

from __future__ import annotations

import numpy as np
import pytest
from pyroaring import BitMap

from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.facets import _counts, _result, count_facet, whole_packages
from spackdex.indexer.search.request import SearchRequest, SpecOrder

FIELDS = ("tag", "stack", "package", "version", "compiler", "os", "platform", "target", "variant")


def _ordinals(specs: BitMap) -> np.ndarray:
    return np.frombuffer(specs.to_array(), dtype=np.uint32)


def test_whole_packages_are_recognised(search_index: SearchIndex) -> None:
    data = search_index.data
    names = data.vocab["package"][:3]
    codes = [data.codes_of["package"][n] for n in names]
    whole = data.union("package", codes)
    split = whole_packages(data, _ordinals(whole))
    assert split is not None and split.whole.tolist() == sorted(codes) and not len(split.rest)
    # and one spec of another package: that spec is the rest
    other = next(c for c in range(len(data.vocab["package"])) if c not in codes)
    extra = min(data.bitmap("package", other))
    split = whole_packages(data, _ordinals(whole | BitMap([extra])))
    assert split is not None and split.whole.tolist() == sorted(codes)
    assert split.rest.tolist() == [extra] and list(split.rest_specs) == [extra]
    # one spec of each package: mostly not whole packages, counted as it is
    firsts = BitMap([min(data.bitmap("package", c)) for c in range(len(data.vocab["package"]))])
    multi = [c for c in range(len(data.vocab["package"])) if len(data.bitmap("package", c)) > 1]
    assert len(multi) > len(data.vocab["package"]) // 2
    assert whole_packages(data, _ordinals(firsts)) is None


@pytest.mark.parametrize("limit", [1, 3, 50])
@pytest.mark.parametrize("partial", [False, True])
def test_sum_of_packages_equals_counting(
    search_index: SearchIndex, limit: int, partial: bool
) -> None:
    data = search_index.data
    for count in (1, 2, 5):
        codes = list(range(0, len(data.vocab["package"]), 7))[:count]
        specs = data.union("package", codes)
        if partial:  # and a few specs of another package
            specs |= BitMap(list(data.bitmap("package", 3))[:1])
        packages = whole_packages(data, _ordinals(specs))
        assert packages is not None
        for field in FIELDS:
            fresh = count_facet(data, field, specs, (), limit, by_package=False)
            summed = count_facet(data, field, specs, (), limit, by_package=False, packages=packages)
            assert summed == fresh, (field, codes)


@pytest.mark.parametrize("query", ["zlib", "python", "mpi", "linear algebra"])
def test_text_search_facets_equal_fresh_counts(search_index: SearchIndex, query: str) -> None:
    page = search_index.search_specs(SearchRequest(query=query), SpecOrder.RELEVANCE, 0, 5)
    specs = page._matched.specs
    for result in page.facets(FIELDS, 20):
        fresh = count_facet(
            search_index.data, result.field, BitMap(specs), (), 20, by_package=False
        )
        assert result == fresh


def test_match_of_everything_kept_answer_equals_fresh(search_index: SearchIndex) -> None:
    data = search_index.data
    for _ in range(2):  # the second time from what the first kept
        page = search_index.search_specs(SearchRequest(), SpecOrder.RELEVANCE, 0, 5)
        for result in page.facets(FIELDS, 10):
            codes, counts = _counts(data, result.field, BitMap(data.all_specs), False, ())
            assert result == _result(data, result.field, codes, counts, (), 10)


def test_nothing_matched_has_no_packages(search_index: SearchIndex) -> None:
    assert whole_packages(search_index.data, np.zeros(0, dtype=np.uint32)) is None
