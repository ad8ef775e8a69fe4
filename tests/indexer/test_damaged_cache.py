"""A damaged cache beside the index (edited, truncated, from another version) costs a
re-read or a re-parse, never the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.publish import current_version
from tests.indexer.helpers import REAL_SITE


def build(index: Path, force: bool = False) -> int:
    report = build_index(BuildOptions([str(REAL_SITE)], index, jobs=1, force=force))
    return report.counts["specs"]


@pytest.mark.parametrize(
    "memory",
    [b"[]", b'{"/a": 5}', b'{"/a": [null, null, 7]}', b"\xff\xfe", b""],
    ids=["a list", "an entry of wrong type", "entry values of wrong type", "not UTF-8", "empty"],
)
def test_damaged_file_memory(tmp_path: Path, memory: bytes) -> None:
    specs = build(tmp_path)
    state = tmp_path / "cache" / "files.json"
    remembered = state.read_bytes()
    key = remembered.split(b'"')[1]  # a real path, so that its entry is looked up
    state.write_bytes(memory.replace(b"/a", key))
    assert build(tmp_path, force=True) == specs


def test_file_memory_that_is_a_folder(tmp_path: Path) -> None:
    specs = build(tmp_path)
    state = tmp_path / "cache" / "files.json"
    state.unlink()
    state.mkdir()
    assert build(tmp_path, force=True) == specs


@pytest.mark.parametrize(
    "garbage",
    [b"", b"\x80\x05K", b"\x80\x09", b"not a pickle at all", b"\x80\x05\x95\xff\xff\xff\xff"],
)
def test_damaged_unit_is_parsed_again(tmp_path: Path, garbage: bytes) -> None:
    specs = build(tmp_path)
    [unit] = (tmp_path / "cache" / "units").glob("*.pickle")
    unit.write_bytes(garbage)
    assert build(tmp_path, force=True) == specs
    assert unit.read_bytes() != garbage  # written again


def test_damaged_problem_list_of_the_published_version(tmp_path: Path) -> None:
    specs = build(tmp_path)
    version = current_version(tmp_path)
    assert version is not None
    (version / "problems.json").write_bytes(b'{"skipped": [{"source": 5}], "warnings": 3}')
    assert build(tmp_path) == specs  # up to date, nothing to replay
