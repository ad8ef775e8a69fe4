"""Whole builds: counts, bad inputs, strict mode, crashes mid-build, incremental re-runs."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spackdex.indexer.build import BuildOptions, BuildReport, NothingIndexedError, build_index
from spackdex.indexer.problems import SourceError
from spackdex.indexer.publish import IndexLockedError, IndexWriteError, current_version
from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.request import Filter, SearchRequest, SpecOrder
from tests.indexer.helpers import (
    DATABASES,
    FIXTURES,
    GENERATIONS,
    REAL_SITE,
    REAL_TAG,
    broken_page,
    copy_tree,
    expected_counts,
    local_server,
)

REPO = Path(__file__).resolve().parents[2]


def build(
    sources: list[Path | str], index: Path, *, strict: bool = False, force: bool = False
) -> BuildReport:
    options = BuildOptions([str(s) for s in sources], index, strict=strict, force=force)
    return build_index(options)


def answers(index: Path, package: str = "zlib-ng") -> int:
    """Open the published version and search it: the number of specs of ``package``."""
    search = SearchIndex.open(index)
    try:
        request = SearchRequest(filter=Filter(packages=(package,)))
        page = search.search_specs(request, SpecOrder.NAME, 0, 5)
        assert {row.name for row in search.spec_rows(page.ordinals)} == {package}
        return page.total
    finally:
        search.close()


def snapshot(index: Path) -> dict[str, bytes]:
    """Every file of the published version, to show that it was left untouched."""
    version = current_version(index)
    assert version is not None
    return {str(p.relative_to(version)): p.read_bytes() for p in version.rglob("*") if p.is_file()}


def leftovers(index: Path) -> list[Path]:
    return list((index / "versions").glob(".building-*"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_tree(REAL_SITE, tmp_path / "site")


def test_real_pages_build_and_answer(tmp_path: Path) -> None:
    report = build([REAL_SITE], tmp_path)
    assert report.counts == expected_counts(REAL_SITE).as_dict()
    assert report.skipped == [] and report.warnings == []
    assert report.version == current_version(tmp_path)
    assert answers(tmp_path) == 31


def test_every_source_kind_together(tmp_path: Path) -> None:
    report = build([FIXTURES / "sources.yaml", GENERATIONS], tmp_path)
    assert report.skipped == []
    assert [w.source for w in report.warnings] == [
        str(GENERATIONS / "_cache" / "develop-2023-05-14" / "cmake" / "specs.md")
    ]
    assert report.counts["tags"] == 1 + 3 + 3  # real tag, three generations, three indexes
    assert answers(tmp_path, "libdwarf") == 2  # one from the v7 index, one from the v8
    assert answers(tmp_path, "clingo-bootstrap") > 0


def test_propagated_variants_are_found_by_their_plain_value(tmp_path: Path) -> None:
    build([GENERATIONS], tmp_path)
    search = SearchIndex.open(tmp_path)
    try:
        wanted = Filter(tags=("v0.21.0",), variants=("build_type=Release",))
        assert search.search_specs(SearchRequest(filter=wanted), SpecOrder.NAME, 0, 5).total == 2
    finally:
        search.close()


def test_default_mode_skips_a_broken_page_and_indexes_the_rest(site: Path, tmp_path: Path) -> None:
    page = broken_page(site)
    report = build([site], tmp_path / "index")
    assert [(p.source, p.reason.split(",")[0]) for p in report.skipped] == [(str(page), "line 6")]
    page.unlink()
    assert report.counts == expected_counts(site).as_dict()


def test_strict_mode_stops_and_leaves_the_published_index_untouched(
    site: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    build([site], index)
    before = snapshot(index)
    page = broken_page(site)
    where = f"^{re.escape(str(page))}: line 6, column \\d+: malformed"
    with pytest.raises(SourceError, match=where):
        build([site], index, strict=True)
    assert snapshot(index) == before
    assert leftovers(index) == []


def test_strict_mode_fails_on_an_unchanged_tree_that_had_problems(
    site: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    page = broken_page(site)
    first = build([site], index)
    assert len(first.skipped) == 1
    again = build([site], index)  # up to date: the problems are still reported
    assert again.up_to_date
    assert again.skipped == first.skipped
    with pytest.raises(SourceError, match=re.escape(str(page))):
        build([site], index, strict=True)


@pytest.mark.parametrize(
    "names",
    [["missing"], ["empty.json"], ["missing", "empty.json"]],
)
def test_nothing_indexed_is_an_error_and_publishes_nothing(
    tmp_path: Path, names: list[str]
) -> None:
    (tmp_path / "empty.json").write_bytes(b"")
    with pytest.raises(NothingIndexedError):
        build([tmp_path / n for n in names], tmp_path / "index")
    assert current_version(tmp_path / "index") is None


def test_http_sources(tmp_path: Path) -> None:
    with local_server() as server:
        report = build([f"{server}/index.json", f"{server}/missing.json"], tmp_path)
        with pytest.raises(SourceError, match=re.escape(f"{server}/missing.json: HTTP 404")):
            build([f"{server}/index.json", f"{server}/missing.json"], tmp_path, strict=True)
    assert [(p.source, p.reason) for p in report.skipped] == [
        (f"{server}/missing.json", "HTTP 404 Not Found")
    ]
    assert report.counts["specs"] == 2


@pytest.mark.parametrize(
    "step",
    [
        "spackdex.indexer.build.write_columns",
        "spackdex.indexer.build.write_text_index",
        "spackdex.indexer.publish._fsync_tree",  # publish, before the rename
        "spackdex.indexer.publish._fsync_dir",  # publish, renamed but not yet switched
    ],
)
def test_crash_mid_build_keeps_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    first = build([REAL_SITE], tmp_path)

    def crash(*_args: object, **_kwargs: object) -> None:
        raise OSError("simulated crash")

    monkeypatch.setattr(step, crash)
    with pytest.raises(IndexWriteError, match="simulated crash"):
        build([REAL_SITE], tmp_path, force=True)
    monkeypatch.undo()
    assert current_version(tmp_path) == first.version
    assert answers(tmp_path) == 31
    assert leftovers(tmp_path) == []
    second = build([REAL_SITE], tmp_path, force=True)
    assert second.version != first.version
    assert answers(tmp_path) == 31
    assert first.version is not None and first.version.is_dir()  # the previous is kept


_KILLED_BUILD = """
import sys, time
from pathlib import Path
import spackdex.indexer.build as build

def stall(*args, **kwargs):
    Path(sys.argv[3]).touch()  # the columns are written; the text index is being written
    time.sleep(120)

build.write_text_index = stall
build.build_index(build.BuildOptions([sys.argv[1]], Path(sys.argv[2]), force=True))
"""


def test_build_killed_while_writing_keeps_the_old_version(tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = build([REAL_SITE], index)
    marker = tmp_path / "writing"
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BUILD, str(REAL_SITE), str(index), str(marker)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the build never reached the writer"
            time.sleep(0.05)
        [staging] = leftovers(index)
        assert (staging / "meta.json").is_file()  # killed with a half-written version
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert current_version(index) == first.version
    assert answers(index) == 31
    second = build([REAL_SITE], index, force=True)  # the lock died with the process
    assert leftovers(index) == []
    assert current_version(index) == second.version
    assert first.version is not None and first.version.is_dir()


def test_a_build_while_another_holds_the_lock_is_refused(tmp_path: Path) -> None:
    build([REAL_SITE], tmp_path)
    with open(tmp_path / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(IndexLockedError):
            build([REAL_SITE], tmp_path, force=True)


def test_unchanged_sources_are_up_to_date(tmp_path: Path) -> None:
    first = build([REAL_SITE], tmp_path)
    assert (first.up_to_date, first.units_read, first.units_reused) == (False, 1, 0)
    second = build([REAL_SITE], tmp_path)
    assert (second.up_to_date, second.units_read) == (True, 0)
    assert second.version == first.version
    assert second.counts == first.counts
    forced = build([REAL_SITE], tmp_path, force=True)
    assert (forced.up_to_date, forced.units_read, forced.units_reused) == (False, 0, 1)
    assert forced.version != first.version


def test_a_new_tag_folder_is_the_only_unit_read(site: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    for tag in ("develop-2023-05-14", "v0.21.0"):
        copy_tree(GENERATIONS / "_cache" / tag, site / "_cache" / tag)
    assert build([site], index).units_read == 3
    assert build([site], index).up_to_date  # an unchanged run keeps the parsed units
    new_tag = "develop-2025-06-01"
    copy_tree(GENERATIONS / "_cache" / new_tag, site / "_cache" / new_tag)
    report = build([site], index)
    assert (report.up_to_date, report.units_read, report.units_reused) == (False, 1, 3)
    assert report.counts == expected_counts(site).as_dict()
    assert answers(index, "py-packaging") == 32  # the new tag reuses two real hashes


def test_a_changed_page_re_reads_only_its_tag(site: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    copy_tree(GENERATIONS / "_cache", site / "_cache")
    first = build([site], index)
    assert first.units_read == 4
    page = site / "_cache" / REAL_TAG / "rocblas" / "specs.md"
    lines = page.read_text().splitlines()
    details = next(i for i, line in enumerate(lines) if line.startswith("spec_details: "))
    lines[details] = lines[details][: lines[details].index(", {")] + "]"  # keep the first spec
    page.write_text("\n".join(lines) + "\n")
    report = build([site], index)
    assert (report.units_read, report.units_reused) == (1, 3)
    assert report.counts == expected_counts(site).as_dict()
    assert report.counts["specs"] == first.counts["specs"] - 1
    assert [w.reason for w in report.warnings if w.source == str(page)] == [
        "meta.num_specs says 2 but spec_details lists 1; indexed the list"
    ]


def test_a_removed_tag_is_gone_from_the_next_version(site: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    copy_tree(GENERATIONS / "_cache" / "v0.21.0", site / "_cache" / "v0.21.0")
    assert build([site], index).counts["tags"] == 2
    shutil.rmtree(site / "_cache" / "v0.21.0")
    report = build([site], index)
    assert (report.counts["tags"], report.units_read, report.units_reused) == (1, 0, 1)


def test_a_database_index_changes_only_its_unit(tmp_path: Path) -> None:
    index_json = tmp_path / "index.json"
    shutil.copyfile(DATABASES / "spack-test-v7.index.json", index_json)
    index = tmp_path / "index"
    build([REAL_SITE, index_json], index)
    shutil.copyfile(DATABASES / "spack-test-v7-number.index.json", index_json)
    report = build([REAL_SITE, index_json], index)
    assert (report.up_to_date, report.units_read, report.units_reused) == (False, 1, 1)


def test_worker_processes_build_the_same_index_as_one_process(tmp_path: Path) -> None:
    """Parsing in parallel merges in plan order: the columns come out byte for byte equal."""
    sources = [str(REAL_SITE), str(GENERATIONS), str(DATABASES / "spack-test-v7.index.json")]
    versions = []
    for jobs in (1, 2):
        index = tmp_path / f"jobs-{jobs}"
        report = build_index(BuildOptions(sources, index, jobs=jobs))
        assert report.units_read >= 4
        versions.append(current_version(index))
    one, two = versions
    assert one is not None and two is not None
    columns = sorted(p.name for p in (one / "columns").iterdir())
    assert columns == sorted(p.name for p in (two / "columns").iterdir())
    for name in columns:
        assert (one / "columns" / name).read_bytes() == (two / "columns" / name).read_bytes()
    for name in ("packages.json",):
        assert (one / name).read_bytes() == (two / name).read_bytes()
