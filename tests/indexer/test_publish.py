"""Versioned index folders and the atomic switch of ``current``."""

from __future__ import annotations

import fcntl
import os
import re
from pathlib import Path

import pytest

from spackdex.indexer.publish import IndexLockedError, building, current_version, publish


def make_version(index: Path, content: str) -> Path:
    with building(index) as staging:
        (staging / "meta.json").write_text(content)
        return publish(index, staging, content)


def versions(index: Path) -> list[str]:
    return sorted(p.name for p in (index / "versions").iterdir())


def test_nothing_published_yet(tmp_path: Path) -> None:
    assert current_version(tmp_path) is None
    (tmp_path / "current").symlink_to("versions/gone")
    assert current_version(tmp_path) is None


def test_publish_switches_a_relative_current_link(tmp_path: Path) -> None:
    version = make_version(tmp_path, "one")
    link = tmp_path / "current"
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("versions", version.name)
    assert current_version(tmp_path) == version.resolve()
    assert (version / "meta.json").read_text() == "one"
    assert versions(tmp_path) == [version.name]
    assert not list(tmp_path.glob(".current.*"))


def test_previous_version_is_kept_older_ones_pruned(tmp_path: Path) -> None:
    first = make_version(tmp_path, "one")
    second = make_version(tmp_path, "two")
    assert versions(tmp_path) == sorted([first.name, second.name])
    third = make_version(tmp_path, "three")
    assert versions(tmp_path) == sorted([second.name, third.name])
    assert current_version(tmp_path) == third.resolve()


def test_a_failed_build_leaves_no_staging_and_current_as_it_was(tmp_path: Path) -> None:
    first = make_version(tmp_path, "one")
    with pytest.raises(RuntimeError, match="disk full"), building(tmp_path) as staging:
        (staging / "meta.json").write_text("half")
        raise RuntimeError("disk full")
    assert versions(tmp_path) == [first.name]
    assert current_version(tmp_path) == first.resolve()


def test_abandoned_staging_of_a_killed_build_is_removed(tmp_path: Path) -> None:
    first = make_version(tmp_path, "one")
    abandoned = tmp_path / "versions" / ".building-99999-abc"
    (abandoned / "columns").mkdir(parents=True)
    spare_link = tmp_path / ".current.99999"
    spare_link.symlink_to("versions/.building-99999-abc")
    with building(tmp_path) as staging:
        assert not abandoned.exists()
        assert not spare_link.is_symlink()
        assert staging.name.startswith(f".building-{os.getpid()}-")
    assert versions(tmp_path) == [first.name]


def test_a_second_build_on_the_same_index_is_refused(tmp_path: Path) -> None:
    (tmp_path / "versions").mkdir()
    with open(tmp_path / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(IndexLockedError, match=re.escape(str(tmp_path))), building(tmp_path):
            pass  # pragma: no cover
    with building(tmp_path):  # the lock is free again
        pass
