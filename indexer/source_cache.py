"""What the incremental build remembers between runs.

Two memories, both under ``<index-dir>/cache/``:

- ``files.json``: for each local file, its size, mtime and content hash, so an unchanged
  file is not even read again to learn its hash;
- ``units/<digest>.pickle``: the parsed records of one unit, keyed by the hash of its
  content (and the parser version), so an unchanged unit is not parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .problems import Problem
from .publish import IndexWriteError, writing
from .records import PackageInfo, Sighting
from .workers import process_alive

__all__ = [
    "PARSER_VERSION",
    "SourceCache",
    "UnitResult",
    "load_unit",
    "store_unit",
    "unit_digest",
]

# Bump when a reader's output changes, so that old cached parses are not reused.
PARSER_VERSION = "1"


@dataclass
class UnitResult:
    """The parsed content of one unit, and what was skipped or warned about in it."""

    sightings: list[Sighting] = field(default_factory=list)
    packages: list[PackageInfo] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class SourceCache:
    """Content hashes of local files and parsed units, kept beside the published index."""

    def __init__(self, index_dir: Path) -> None:
        self._root = index_dir / "cache"
        self._units = self._root / "units"
        self._state_path = self._root / "files.json"
        self._files: dict[str, list[object]] = {}
        try:
            remembered = orjson.loads(self._state_path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            remembered = {}  # absent or damaged: a lost memory only costs a re-read
        if isinstance(remembered, dict):
            self._files = remembered
        self._used: set[str] = set()
        _remove_stale_temporaries(self._units)

    def file_digest(self, path: str) -> str:
        """Content hash of a local file, read only when its size or mtime changed."""
        stat = os.stat(path)
        key = os.path.abspath(path)
        remembered = self._files.get(key)
        if (
            isinstance(remembered, list)
            and len(remembered) == 3
            and remembered[:2] == [stat.st_size, stat.st_mtime_ns]
            and isinstance(remembered[2], str)
        ):
            return remembered[2]
        with open(path, "rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        self._files[key] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest

    def mark_used(self, digest: str) -> None:
        """Keep this unit when saving, though this run did not load it."""
        self._used.add(digest)

    def contains(self, digest: str) -> bool:
        return (self._units / f"{digest}.pickle").is_file()

    def load(self, digest: str) -> UnitResult | None:
        result = load_unit(self._units, digest)
        if result is None:
            return None
        self._used.add(digest)
        return result if isinstance(result, UnitResult) else None

    def store(self, digest: str, result: UnitResult) -> None:
        store_unit(self._units, digest, result)
        self._used.add(digest)

    @property
    def units(self) -> Path:
        """Where parsed units are kept (worker processes write there directly)."""
        return self._units

    def save(self, prune: bool = True) -> None:
        """Write the file memory and (``prune``) forget parsed units this run did not use.

        A run that found the index up to date loaded no unit: it must not prune, or the
        next run would parse every unit again.
        """
        temporary = self._state_path.with_suffix(".tmp")
        try:
            with writing(temporary):
                self._root.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(orjson.dumps(self._files))
                os.replace(temporary, self._state_path)
        except IndexWriteError:
            temporary.unlink(missing_ok=True)
            raise
        if prune and self._units.is_dir():
            for entry in self._units.iterdir():
                if entry.suffix == ".pickle" and entry.stem not in self._used:
                    entry.unlink(missing_ok=True)


def load_unit(units: Path, digest: str) -> object | None:
    """A cached parsed unit (a UnitResult, or a catalog's recipes), or None when it is
    absent or damaged (garbage raises all kinds): then it is parsed again."""
    try:
        with open(units / f"{digest}.pickle", "rb") as stream:
            return pickle.load(stream)  # type: ignore[no-any-return]
    except Exception:
        return None


def store_unit(units: Path, digest: str, result: object) -> None:
    """Cache one parsed unit; written under a temporary name, then renamed into place.

    Raises:
        IndexWriteError: naming the file; the temporary file is removed again, so that a
            full disk is not left fuller by every failed run.
    """
    temporary = units / f".{digest}.{os.getpid()}{_TEMPORARY}"
    try:
        with writing(temporary):
            units.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as stream:
                pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, units / f"{digest}.pickle")
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


_TEMPORARY = ".tmp"


def _remove_stale_temporaries(units: Path) -> None:
    """Temporary files of processes that died writing them (SIGKILL, power loss).

    A live process may be writing its own right now (two runs survey concurrently before
    one takes the lock), so only files whose writer's pid is gone are removed.
    """
    try:
        entries = list(units.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.suffix != _TEMPORARY:
            continue
        _digest, _, pid = entry.stem.rpartition(".")
        if not pid.isdigit() or not process_alive(int(pid)):
            with contextlib.suppress(OSError):
                entry.unlink(missing_ok=True)


def unit_digest(*parts: str) -> str:
    """One digest for a unit from its content hashes and what else shapes its parse."""
    hasher = hashlib.sha256(PARSER_VERSION.encode())
    for part in parts:
        hasher.update(b"\0" + part.encode())
    return hasher.hexdigest()
