"""What the incremental build remembers: file digests and parsed units."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from spackdex.indexer.problems import Problem
from spackdex.indexer.records import PackageInfo
from spackdex.indexer.source_cache import SourceCache, UnitResult, unit_digest


def test_file_digest_is_the_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "specs.md"
    path.write_bytes(b"---\ntitle: x\n---\n")
    cache = SourceCache(tmp_path / "index")
    assert cache.file_digest(str(path)) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_unchanged_size_and_mtime_are_not_read_again(tmp_path: Path) -> None:
    path = tmp_path / "specs.md"
    path.write_bytes(b"first")
    index = tmp_path / "index"
    cache = SourceCache(index)
    first = cache.file_digest(str(path))
    cache.save()
    stat = path.stat()
    path.write_bytes(b"other")  # same size; put the old mtime back
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert SourceCache(index).file_digest(str(path)) == first  # remembered, not re-read
    path.write_bytes(b"longer content")
    assert SourceCache(index).file_digest(str(path)) != first


def test_units_round_trip_and_unused_ones_are_forgotten(tmp_path: Path) -> None:
    index = tmp_path / "index"
    cache = SourceCache(index)
    kept = UnitResult(
        packages=[PackageInfo("zlib", "compression")],
        skipped=[Problem("a.md", "line 3: malformed value")],
    )
    cache.store("kept", kept)
    cache.store("dropped", UnitResult())
    cache.save()
    later = SourceCache(index)
    assert later.load("kept") == kept
    later.save()  # this run used only "kept"
    assert sorted(p.name for p in (index / "cache" / "units").iterdir()) == ["kept.pickle"]
    assert SourceCache(index).load("dropped") is None


def test_damaged_memories_cost_only_a_re_read(tmp_path: Path) -> None:
    index = tmp_path / "index"
    units = index / "cache" / "units"
    units.mkdir(parents=True)
    (units / "bad.pickle").write_bytes(b"not a pickle")
    (units / "empty.pickle").write_bytes(b"")
    (index / "cache" / "files.json").write_bytes(b"{broken")
    cache = SourceCache(index)
    assert cache.load("bad") is None
    assert cache.load("empty") is None
    assert cache.load("absent") is None
    path = tmp_path / "f"
    path.write_bytes(b"x")
    assert cache.file_digest(str(path)) == hashlib.sha256(b"x").hexdigest()


def test_unit_digest_depends_on_every_part() -> None:
    digests = {
        unit_digest("site", "a"),
        unit_digest("site", "b"),
        unit_digest("database", "a"),
        unit_digest("site", "a", ""),
        unit_digest("sitea"),
    }
    assert len(digests) == 5
    assert unit_digest("site", "a") == unit_digest("site", "a")
