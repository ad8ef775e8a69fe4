"""The diff benchmark picks the two largest tags and times the same diff the API answers."""

from __future__ import annotations

import pytest

from bench.diff_timing import largest_tags, time_diff
from spackdex.indexer.search.engine import SearchIndex

from ..diff_expected import build_diff_index, expected_diff


def test_times_the_diff_of_the_two_largest_tags(tmp_path_factory: pytest.TempPathFactory) -> None:
    index = SearchIndex.open(build_diff_index(tmp_path_factory.mktemp("diff")))
    try:
        # develop-2025-03-16 holds 558 specs, develop-2025-03-09 14, the others fewer
        assert largest_tags(index) == ("develop-2025-03-09", "develop-2025-03-16")
        timing = time_diff(index, repeats=2, warmup=0, cap_s=5.0)
    finally:
        index.close()
    expected = expected_diff(("develop-2025-03-09", None), ("develop-2025-03-16", None))
    summary = timing["kinds"]["tags"]["summary"]
    assert (summary["added"], summary["removed"], summary["unchanged"]) == (
        len(expected["added"]),
        len(expected["removed"]),
        expected["summary"]["unchanged"],
    )
    assert summary["packages_changed"] == expected["summary"]["packagesChanged"]
    assert timing["kinds"]["tags"]["wall"]["n"] == 2
