"""Versioned index directories and the atomic switch that publishes one.

Layout of an index dir::

    current -> versions/<id>        the published version (a relative symlink)
    versions/<id>/                  complete versions; the previous one is kept
    versions/.building-<pid>-<n>/   a build in progress (removed if the build dies)
    cache/                          what incremental builds remember (source_cache.py)

A build writes everything into a ``.building-*`` folder, flushes it to disk, renames it to
its final name and only then repoints ``current`` with ``os.replace`` on a new symlink,
which is atomic on POSIX. A crash at any moment leaves ``current`` on a complete version.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["IndexLockedError", "building", "current_version", "publish"]

CURRENT = "current"
VERSIONS = "versions"
_BUILDING_PREFIX = ".building-"
_KEEP_PREVIOUS = 1


class IndexLockedError(RuntimeError):
    """Another ``spackdex index`` is building into the same index dir."""


def current_version(index_dir: Path) -> Path | None:
    """The published version's folder, or None when nothing was published yet."""
    link = index_dir / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


@contextlib.contextmanager
def building(index_dir: Path) -> Iterator[Path]:
    """A fresh staging folder, removed again unless it was published.

    Holds an exclusive lock on the index dir for the duration, so that two builds never
    interleave their switches.
    """
    versions = index_dir / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLockedError(f"another build is running in {index_dir}") from None
        _remove_abandoned(versions)
        staging = Path(tempfile.mkdtemp(prefix=f"{_BUILDING_PREFIX}{os.getpid()}-", dir=versions))
        try:
            yield staging
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def publish(index_dir: Path, staging: Path, label: str) -> Path:
    """Flush ``staging``, give it its final name and switch ``current`` to it atomically."""
    _fsync_tree(staging)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = staging.parent / f"{stamp}-{label[:12]}"
    os.rename(staging, final)
    _fsync_dir(final.parent)
    temporary_link = index_dir / f".{CURRENT}.{os.getpid()}"
    temporary_link.unlink(missing_ok=True)
    os.symlink(os.path.join(VERSIONS, final.name), temporary_link)
    os.replace(temporary_link, index_dir / CURRENT)
    _fsync_dir(index_dir)
    _prune(final.parent, keep={final.name})
    return final


def _prune(versions: Path, keep: set[str]) -> None:
    """Remove versions older than the previous one (kept for a quick roll-back)."""
    complete = sorted(
        (p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.name,
        reverse=True,
    )
    for old in [p for p in complete if p.name not in keep][_KEEP_PREVIOUS:]:
        shutil.rmtree(old, ignore_errors=True)


def _remove_abandoned(versions: Path) -> None:
    """Staging folders of builds that died (kill -9); we hold the lock, so none is live."""
    for entry in versions.iterdir():
        if entry.name.startswith(_BUILDING_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder):
        for name in files:
            descriptor = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        _fsync_dir(Path(root))


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
