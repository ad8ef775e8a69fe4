"""The diff engine against an independent reading of the fixture files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import permutations
from typing import Any

import pytest

from spackdex.indexer.search.diff import DiffResult, DiffSide, diff, package_history
from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.request import Filter, SearchError, SearchRequest, SpecOrder

from ...diff_expected import TAGS, build_diff_index, expected_diff, fixture_binaries


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    opened = SearchIndex.open(build_diff_index(tmp_path_factory.mktemp("diff")))
    yield opened
    opened.close()


def _hashes(index: SearchIndex, page_of: Any, total: int) -> set[str]:
    page = page_of(SpecOrder.NAME, 0, total)
    assert page.total == total
    return {row.hash for row in index.spec_rows(page.ordinals)}


def _actual(index: SearchIndex, result: DiffResult) -> dict[str, Any]:
    return {
        "summary": {
            "added": len(result.added),
            "removed": len(result.removed),
            "unchanged": result.unchanged,
            "packagesAdded": result.packages_added,
            "packagesRemoved": result.packages_removed,
            "packagesChanged": result.packages_changed,
        },
        "added": _hashes(index, result.added_page, len(result.added)),
        "removed": _hashes(index, result.removed_page, len(result.removed)),
        "packages": {
            row.name: {
                "versionsAdded": list(row.versions_added),
                "versionsRemoved": list(row.versions_removed),
                "specsAdded": row.specs_added,
                "specsRemoved": row.specs_removed,
            }
            for row in result.package_changes(0, result.num_package_changes)
        },
    }


@pytest.mark.parametrize(("source", "target"), list(permutations(TAGS, 2)))
def test_tag_diffs_equal_the_fixture_files(index: SearchIndex, source: str, target: str) -> None:
    result = diff(index, DiffSide(source), DiffSide(target), SearchRequest())
    assert _actual(index, result) == expected_diff((source, None), (target, None))


def test_a_week_apart_versions_move(index: SearchIndex) -> None:
    """rocblas 6.2.4 was replaced by 6.3.2 between December and March; 6.1.2 stayed."""
    result = diff(
        index,
        DiffSide("develop-2024-12-15"),
        DiffSide("develop-2025-03-16"),
        SearchRequest(spec="rocblas"),
    )
    (row,) = result.package_changes(0, 10)
    assert (row.name, row.versions_added, row.versions_removed) == (
        "rocblas",
        ("6.3.2",),
        ("6.2.4",),
    )
    assert (row.specs_added, row.specs_removed) == (2, 3)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (("develop-2025-03-09", "e4s"), ("develop-2025-03-16", "e4s")),
        (("develop-2025-03-16", "e4s"), ("develop-2025-03-16", None)),
        (("develop-2025-03-16", None), ("develop-2025-03-16", "ml-linux-x86_64-rocm")),
        (("spack-test", "root"), ("spack-1.0", "root")),
    ],
)
def test_stack_diffs_equal_the_fixture_files(
    index: SearchIndex, source: tuple[str, str | None], target: tuple[str, str | None]
) -> None:
    result = diff(index, DiffSide(*source), DiffSide(*target), SearchRequest())
    assert _actual(index, result) == expected_diff(source, target)


def test_query_spec_and_filter_restrict_both_sides(index: SearchIndex) -> None:
    request = SearchRequest(spec="cuda", filter=Filter(oss=("ubuntu24.04",)))
    result = diff(index, DiffSide("develop-2024-12-15"), DiffSide("develop-2025-03-09"), request)
    expected = expected_diff(
        ("develop-2024-12-15", None),
        ("develop-2025-03-09", None),
        lambda b: b.name == "cuda" and b.os == "ubuntu24.04",
    )
    assert _actual(index, result) == expected
    assert expected["summary"]["packagesAdded"] == 1  # no cuda page in the December fixture


def test_facets_on_added_are_disjunctive(index: SearchIndex) -> None:
    request = SearchRequest(filter=Filter(oss=("ubuntu24.04",)))
    result = diff(index, DiffSide("develop-2025-03-09"), DiffSide("develop-2025-03-16"), request)
    page = result.added_page(SpecOrder.RELEVANCE, 0, 5)
    (os_facet,) = page.facets(["os"], 50)
    counts = {value.value: value.count for value in os_facet.values}
    every_os = expected_diff(("develop-2025-03-09", None), ("develop-2025-03-16", None))
    by_os: dict[str, int] = {}
    oses = {(b.hash, b.tag): b.os for b in fixture_binaries()}
    for spec_hash in every_os["added"]:
        os = oses[(spec_hash, "develop-2025-03-16")]
        by_os[os] = by_os.get(os, 0) + 1
    assert counts == by_os  # the OS facet ignores the OS selection
    assert page.total == by_os["ubuntu24.04"]


def test_unknown_tag_or_stack_is_named(index: SearchIndex) -> None:
    with pytest.raises(SearchError, match=re.escape("from: unknown tag 'develop-1999-01-01'")):
        diff(index, DiffSide("develop-1999-01-01"), DiffSide("spack-1.0"), SearchRequest())
    with pytest.raises(SearchError, match=re.escape("to: tag 'spack-1.0' has no stack 'e4s'")):
        diff(index, DiffSide("spack-test"), DiffSide("spack-1.0", "e4s"), SearchRequest())


def test_history_lists_tags_per_version(index: SearchIndex) -> None:
    code = index.package_code("rocblas")
    assert code is not None
    expected: dict[str, set[str]] = {}
    for binary in fixture_binaries():
        if binary.name == "rocblas":
            expected.setdefault(binary.version, set()).add(binary.tag)
    history = package_history(index.data, code)
    assert [version for version, _ in history] == ["6.3.2", "6.2.4", "6.1.2"]
    tag_order = index.data.vocab["tag"]
    for version, tags in history:
        assert set(tags) == expected[version]
        assert tags == sorted(tags, key=tag_order.index)  # newest snapshot first


def test_paging_covers_every_added_spec_once(index: SearchIndex) -> None:
    result = diff(
        index, DiffSide("develop-2025-03-09"), DiffSide("develop-2025-03-16"), SearchRequest()
    )
    seen: list[int] = []
    for offset in range(0, len(result.added), 7):
        seen += result.added_page(SpecOrder.VERSION_DESC, offset, 7).ordinals
    assert sorted(seen) == sorted(result.added)
