"""Write errors during a build: a real full disk (tmpfs, as root) and ENOSPC injected at
each write step. Each time: one error naming the path, no temporary file left, the
published version untouched, and the next run in the same index dir works."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

import spackdex.indexer.publish as publish_module
import spackdex.indexer.source_cache as source_cache_module
import spackdex.indexer.store.write as write_module
from spackdex.indexer.build import BuildOptions, BuildReport, build_index
from spackdex.indexer.publish import IndexWriteError, current_version
from spackdex.indexer.source_cache import SourceCache
from spackdex.server.cli import main
from tests.indexer.helpers import DATABASES, REAL_SITE

NEW_SOURCE = DATABASES / "spack-test-v7.index.json"  # a unit the first build did not cache
ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def build(index: Path, *sources: Path) -> BuildReport:
    return build_index(BuildOptions([str(s) for s in sources], index, jobs=1))


def snapshot(index: Path) -> dict[str, bytes]:
    version = current_version(index)
    assert version is not None
    return {str(p.relative_to(index)): p.read_bytes() for p in version.rglob("*") if p.is_file()}


def temporaries(index: Path) -> list[str]:
    """What a failed run must not leave: temporary files, staging folders, spare links."""
    found = [p for p in index.rglob("*") if p.suffix == ".tmp" or p.name.startswith(".building")]
    found += list(index.glob(".current.*"))
    return sorted(str(p.relative_to(index)) for p in found)


def complete_versions(index: Path) -> list[str]:
    return sorted(p.name for p in (index / "versions").iterdir() if not p.name.startswith("."))


@pytest.fixture
def published(tmp_path: Path) -> Iterator[Path]:
    index = tmp_path / "index"
    build(index, REAL_SITE)
    yield index


def _assert_failed_cleanly(index: Path, before: dict[str, bytes], versions: list[str]) -> None:
    assert snapshot(index) == before
    assert complete_versions(index) == versions
    assert temporaries(index) == []
    after = build(index, REAL_SITE, NEW_SOURCE)  # the same index dir works again
    assert not after.up_to_date and after.counts["specs"] > 0
    assert current_version(index) == after.version
    assert temporaries(index) == []


def test_disk_full_writing_the_unit_cache(
    published: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before, versions = snapshot(published), complete_versions(published)

    def dump_half(_value: object, stream: IO[bytes], **_: Any) -> None:
        stream.write(b"\x80\x05half a pickle")
        raise ENOSPC

    monkeypatch.setattr(source_cache_module.pickle, "dump", dump_half)
    argv = ["index", str(REAL_SITE), str(NEW_SOURCE), "--json", "--index-dir", str(published)]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    units = published / "cache" / "units"
    assert f"error: cannot write {units}/." in err
    assert ".tmp: No space left on device" in err
    assert "the published index is unchanged" in err
    assert '"error":"cannot write ' in out
    monkeypatch.undo()
    _assert_failed_cleanly(published, before, versions)


def test_disk_full_writing_the_version(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before, versions = snapshot(published), complete_versions(published)
    real_save = write_module.np.save
    saved: list[Path] = []

    def save_some(path: Path, *args: Any, **kwargs: Any) -> None:
        if len(saved) == 3:  # a few columns are written, then the disk is full
            Path(path).write_bytes(b"\x93NUMPY half")
            raise ENOSPC  # a failed flush names no file: the version folder is named
        saved.append(Path(path))
        real_save(path, *args, **kwargs)

    monkeypatch.setattr(write_module.np, "save", save_some)
    with pytest.raises(IndexWriteError) as caught:
        build(published, REAL_SITE, NEW_SOURCE)
    staging = Path(caught.value.path)
    assert staging.parent == published / "versions"
    assert staging.name.startswith(".building-")
    assert str(caught.value) == f"cannot write {staging}: No space left on device"
    assert saved[0].is_relative_to(staging)
    monkeypatch.undo()
    _assert_failed_cleanly(published, before, versions)


@pytest.mark.parametrize("step", ["symlink", "replace"])
def test_disk_full_switching_current(
    published: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before, versions = snapshot(published), complete_versions(published)
    real = getattr(publish_module.os, step)

    def fail_on_current(source: str, target: str | Path) -> None:
        if step == "symlink" or Path(target).name == "current":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real(source, target)

    monkeypatch.setattr(publish_module.os, step, fail_on_current)
    with pytest.raises(IndexWriteError, match="No space left on device") as caught:
        build(published, REAL_SITE, NEW_SOURCE)
    expected = published / ("current" if step == "replace" else f".current.{os.getpid()}")
    assert caught.value.path == str(expected)
    monkeypatch.undo()
    # the renamed version that never became current is removed again
    _assert_failed_cleanly(published, before, versions)


def test_disk_full_saving_the_file_memory_only_warns(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = Path.write_bytes

    def write_bytes(path: Path, data: bytes) -> int:
        if path.name == "files.tmp":
            real_write(path, data[:10])
            raise ENOSPC
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    report = build(published, REAL_SITE, NEW_SOURCE)
    assert current_version(published) == report.version  # published: the memory is optional
    [warning] = report.warnings
    assert warning.source == str(published / "cache" / "files.tmp")
    assert warning.reason.startswith("No space left on device; the next run hashes")
    assert temporaries(published) == []


def test_temporary_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    units = tmp_path / "cache" / "units"
    units.mkdir(parents=True)
    writer = subprocess.Popen(["true"])
    writer.wait()  # a writer that died: its pid is gone
    dead = units / f".{'a' * 64}.{writer.pid}.tmp"
    live = units / f".{'b' * 64}.{os.getpid()}.tmp"
    kept = units / f"{'c' * 64}.pickle"
    for path in (dead, live, kept):
        path.write_bytes(b"x")
    SourceCache(tmp_path)
    assert sorted(p.name for p in units.iterdir()) == sorted([live.name, kept.name])


def test_published_versions_are_readable_by_everyone(tmp_path: Path) -> None:
    previous = os.umask(0o077)  # a strict umask must not make the index private
    try:
        report = build(tmp_path / "index", REAL_SITE)
    finally:
        os.umask(previous)
    assert report.version is not None
    for folder in (tmp_path / "index", tmp_path / "index" / "versions"):
        assert oct(stat.S_IMODE(folder.stat().st_mode)) == "0o755"
    modes = {
        p: stat.S_IMODE(p.stat().st_mode) for p in [report.version, *report.version.rglob("*")]
    }
    assert {oct(m) for p, m in modes.items() if p.is_dir()} == {"0o755"}
    assert {oct(m) for p, m in modes.items() if p.is_file()} == {"0o644"}
    assert len(modes) > 10


# --- a real full disk ---------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder``; skips the test where mounting is refused."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Write a file until the disk is full, then free ``leave`` bytes of it."""
    filler = disk / "filler"
    with open(filler, "wb") as stream:
        with contextlib.suppress(OSError):
            while True:
                stream.write(b"\0" * 65536)
                stream.flush()
        with contextlib.suppress(OSError):
            stream.flush()
    # whatever is still buffered was not written; size the file to what is on the disk
    written = os.path.getsize(filler)
    os.truncate(filler, max(0, written - leave))
    return filler


def test_a_really_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        index = disk / "index"
        build(index, REAL_SITE)
        before, versions = snapshot(index), complete_versions(index)
        # nothing free: the new unit's cache file cannot be written
        filler = fill(disk, leave=0)
        with pytest.raises(IndexWriteError, match="No space left on device") as caught:
            build(index, REAL_SITE, NEW_SOURCE)
        assert Path(caught.value.path).is_relative_to(index / "cache" / "units")
        assert snapshot(index) == before
        assert temporaries(index) == []
        # room for the unit cache (a few KB), not for a version (hundreds of KB)
        filler.unlink()
        filler = fill(disk, leave=64 * 1024)
        with pytest.raises(IndexWriteError, match="No space left on device") as caught:
            build(index, REAL_SITE, NEW_SOURCE)
        assert Path(caught.value.path).is_relative_to(index / "versions")
        assert snapshot(index) == before
        assert complete_versions(index) == versions
        assert temporaries(index) == []
        filler.unlink()
        _assert_failed_cleanly(index, before, versions)
