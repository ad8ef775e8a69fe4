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
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "IndexLockedError",
    "IndexWriteError",
    "building",
    "current_version",
    "publish",
    "writing",
]

CURRENT = "current"
VERSIONS = "versions"
_BUILDING_PREFIX = ".building-"
_KEEP_PREVIOUS = 1


class IndexLockedError(RuntimeError):
    """Another ``spackdex index`` is building into the same index dir."""


class IndexWriteError(RuntimeError):
    """Writing under the index dir failed (disk full, read-only, permissions).

    Whatever the run had written is removed again and ``current`` is left as it was.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")

    def __reduce__(self) -> tuple[type[IndexWriteError], tuple[str, str]]:
        # raised in worker processes too: rebuild from both fields, not from str(self)
        return (IndexWriteError, (self.path, self.reason))

    @classmethod
    def from_os_error(cls, error: OSError, path: Path | str) -> IndexWriteError:
        """Name the file the error names, else ``path`` (a failed flush names no file)."""
        where = str(error.filename or path)
        reason = error.strerror or str(error)
        if error.errno is None and _nearly_full(where):
            # numpy's short writes say only "561 requested and 496 written"
            reason = f"{os.strerror(errno.ENOSPC)} ({reason})"
        return cls(where, reason)


_NEARLY_FULL_BYTES = 1 << 20


def _nearly_full(path: str) -> bool:
    """Whether the file system holding ``path`` (or its nearest existing parent) is full."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        status = os.statvfs(folder)
    except OSError:
        return False
    return status.f_bavail * status.f_frsize < _NEARLY_FULL_BYTES


@contextlib.contextmanager
def writing(path: Path | str) -> Iterator[None]:
    """Turn an ``OSError`` raised while writing ``path`` into an ``IndexWriteError``."""
    try:
        yield
    except OSError as error:
        raise IndexWriteError.from_os_error(error, path) from error


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
    with writing(versions):
        versions.mkdir(parents=True, exist_ok=True)
        if versions.stat().st_uid == os.geteuid():
            versions.chmod(0o755)  # readable by the server's user, whatever the umask
    with writing(index_dir / ".lock"), open(index_dir / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLockedError(f"another build is running in {index_dir}") from None
        _remove_abandoned(versions)
        for spare in index_dir.glob(f".{CURRENT}.*"):  # a killed switch's temporary link
            with contextlib.suppress(OSError):
                spare.unlink()
        with writing(versions):
            staging = Path(
                tempfile.mkdtemp(prefix=f"{_BUILDING_PREFIX}{os.getpid()}-", dir=versions)
            )
        try:
            with writing(staging):
                yield staging
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def publish(index_dir: Path, staging: Path, label: str) -> Path:
    """Flush ``staging``, give it its final name and switch ``current`` to it atomically.

    Raises:
        IndexWriteError: flushing, renaming or switching failed; ``current`` still names
            the version it named before, and the new version's folder is gone again.
    """
    with writing(staging):
        _fsync_tree(staging)
    make_readable(staging)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = staging.parent / f"{stamp}-{label[:12]}"
    with writing(final):
        os.rename(staging, final)
    temporary_link = index_dir / f".{CURRENT}.{os.getpid()}"
    target = os.path.join(VERSIONS, final.name)
    try:
        with writing(final.parent):
            _fsync_dir(final.parent)
        with writing(temporary_link):
            temporary_link.unlink(missing_ok=True)
            os.symlink(target, temporary_link)
            os.replace(temporary_link, index_dir / CURRENT)
    except BaseException:
        temporary_link.unlink(missing_ok=True)
        if _link_target(index_dir / CURRENT) != target:  # not switched: unpublish it
            shutil.rmtree(final, ignore_errors=True)
        raise
    with contextlib.suppress(OSError):  # switched already; a failed flush cannot undo that
        _fsync_dir(index_dir)
    _prune(final.parent, keep={final.name})
    return final


def make_readable(folder: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask and ``mkdtemp`` (0700) gave them.

    The server often runs as another user than the indexer (the compose ``api`` service
    is not root, the ``indexer`` is), and must be able to read every published file.
    """
    with writing(folder):
        for root, _dirs, files in os.walk(folder):
            os.chmod(root, 0o755)
            for name in files:
                os.chmod(os.path.join(root, name), 0o644)


def _link_target(link: Path) -> str | None:
    try:
        return os.readlink(link)
    except OSError:
        return None


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
