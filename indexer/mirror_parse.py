"""Parsing the indexes of one tag's mirrors into sightings, each spec parsed once.

The tag's root mirror (the union of its stacks) is parsed in full; a nested stack mirror
whose binaries are all known already is read only for which hashes it lists. A per-process
memo also keeps the specs parsed for other tags of the same build: a DAG hash names one
content, and most specs recur from one snapshot to the next, so a known spec is flagged
out of the parse (``in_buildcache`` false, keeping its node for its dependents' versions)
instead of being parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

import numpy as np
import orjson

from .mirror_report import MirrorReport
from .mirror_sources import MirrorUnit
from .problems import ProblemLog, SourceError
from .readers.database import parse_database, parse_database_document
from .readers.fetch import read_location
from .readers.layout_v3 import BlobRecord, decompress, open_blob
from .records import Dependency, Sighting, SpecRecord
from .source_cache import UnitResult

__all__ = ["MirrorIndex", "check_sha256", "local_stamp", "open_index", "parse_group"]

T = TypeVar("T")
_MEMO_LIMIT = 500_000  # specs kept per process; beyond it the memo starts over
_memo: dict[str, SpecRecord] = {}
_memo_build = ""


@dataclass(frozen=True, slots=True)
class MirrorIndex:
    """A mirror's index, known by its checksum, not yet read (or fetched, when ``data``)."""

    unit: MirrorUnit
    digest: str
    location: str
    record: BlobRecord | None  # v3: length, checksum, compression to check
    sha256: str | None  # v2: what index.json.hash says
    data: bytes | None
    report: MirrorReport
    # (size, mtime_ns) of a local index file when the survey checked its checksum
    checked: tuple[int, int] | None = None


def open_index(index: MirrorIndex, data: bytes) -> bytes:
    """Check fetched index bytes against the manifest record or index.json.hash."""
    if index.record is not None:
        return open_blob(data, index.record, index.location)
    if index.sha256 is not None:
        check_sha256(index.location, index.sha256, hashlib.sha256(data).hexdigest())
    return data


def local_stamp(location: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(location)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def check_sha256(location: str, expected: str, actual: str) -> None:
    if actual != expected:
        raise SourceError(
            location,
            f"checksum mismatch: index.json.hash says sha256 {expected}, index.json has {actual}",
        )


def parse_group(indexes: tuple[MirrorIndex, ...], build: str, local: ProblemLog) -> UnitResult:
    """The binaries of a tag's mirrors, with every stack holding each."""
    global _memo, _memo_build
    if build != _memo_build or len(_memo) > _MEMO_LIMIT:
        _memo, _memo_build = {}, build
        _shared_values.clear()
    known: dict[str, SpecRecord] = {}
    stacks: dict[str, set[str]] = {}
    mirror_of: dict[str, str] = {}
    for index in indexes:
        try:
            data = index.data
            if data is None:  # a local file the survey checked without keeping its bytes
                data = read_location(index.location)
                if index.checked != local_stamp(index.location):  # changed since: check again
                    data = open_index(index, data)
                elif index.record is not None:
                    data = decompress(data, index.record, index.location)
            specs = _parse(data, index.location, known, local)
        except SourceError as error:
            local.skip(error)
            continue
        for spec in specs:
            if spec.hash not in known:
                known[spec.hash], stacks[spec.hash] = spec, set()
                mirror_of[spec.hash] = index.unit.root
            stacks[spec.hash].add(index.unit.stack)
    tag = indexes[0].unit.tag
    sightings = [Sighting(s, tag, tuple(sorted(stacks[h])), mirror_of[h]) for h, s in known.items()]
    return UnitResult(sightings=sightings)


def _parse(
    data: bytes, location: str, known: dict[str, SpecRecord], local: ProblemLog
) -> list[SpecRecord]:
    scanned = _scan(data)
    if scanned is not None:
        listed = [h for h, binary in zip(scanned.hashes, scanned.in_cache, strict=True) if binary]
        remembered = {h: known.get(h) or _memo.get(h) for h in listed}
        reused = [spec for spec in remembered.values() if spec is not None]
        new = [h for h, spec in remembered.items() if spec is None]
        if not new:
            return reused  # e.g. a nested stack of the root: only which hashes it lists
        if len(new) * 2 < len(listed):  # mostly known: decode just the new records
            reduced = _sliced(data, scanned, new)
            if reduced is not None:
                return reused + _parse_new(reduced, location, local)
    document = _document(data)
    if document is None:  # an unusual shape: the database reader names what is wrong
        return parse_database(data, location, local)
    installs: dict[str, Any] = document["database"]["installs"]
    reused = []
    new = []
    for spec_hash, record in installs.items():
        if isinstance(record, dict) and record.get("in_buildcache") is True:
            spec = known.get(spec_hash) or _memo.get(spec_hash)
            if spec is None:
                new.append(spec_hash)
            else:
                reused.append(spec)
    if reused:
        # parse only the new binaries, with the nodes their dependency versions come from
        document = {"database": {**document["database"], "installs": _closure(installs, new)}}
    return reused + _parse_new(document, location, local)


def _parse_new(document: dict[str, Any], location: str, local: ProblemLog) -> list[SpecRecord]:
    """The binaries of a decoded index (all of them, or just the new ones), memoised."""
    specs = [_shared(spec) for spec in parse_database_document(document, location, local)]
    for spec in specs:
        _memo[spec.hash] = spec
    return specs


_shared_values: dict[object, object] = {}


def _share(value: T) -> T:
    """One object per distinct value, so a unit's pickle (and memory) holds each once."""
    return cast(T, _shared_values.setdefault(value, value))


def _shared(spec: SpecRecord) -> SpecRecord:
    """The spec with its compiler, edges, variants and arch fields shared across specs, as
    the site reader's are (many specs have the same compiler and dependencies)."""
    dependencies = spec.dependencies
    if dependencies is not None:  # keyed by plain tuples: hashing those is cheap
        dependencies = tuple(
            cast(
                Dependency,
                _shared_values.setdefault((d.name, d.hash, d.deptypes, d.virtuals, d.version), d),
            )
            for d in dependencies
        )
    return replace(
        spec,
        name=sys.intern(spec.name),
        version=sys.intern(spec.version),
        compiler=_share(spec.compiler),
        platform=sys.intern(spec.platform),
        os=sys.intern(spec.os),
        target=sys.intern(spec.target),
        variants=_share(spec.variants),
        dependencies=dependencies,
    )


def _closure(installs: dict[str, Any], binaries: list[str]) -> dict[str, Any]:
    """The records of ``binaries`` and of their direct dependencies (as non-binaries)."""
    kept = {h: installs[h] for h in binaries}
    for dep in _dependency_hashes(kept, binaries):
        if dep in installs and dep not in kept:
            kept[dep] = {**installs[dep], "in_buildcache": False}
    return kept


def _dependency_hashes(records: dict[str, Any], binaries: list[str]) -> list[str]:
    """The hashes the nodes of ``binaries`` depend on (their versions live in those nodes)."""
    found = []
    for spec_hash in binaries:
        record = records[spec_hash]
        spec = record.get("spec") if isinstance(record, dict) else None
        # db v5 nodes are {"<name>": {...}}; later ones carry "name"
        node = (
            spec
            if not isinstance(spec, dict) or "name" in spec
            else next(iter(spec.values()), None)
        )
        edges = node.get("dependencies") if isinstance(node, dict) else None
        if isinstance(edges, dict):  # db v5: name -> {hash, type}
            edges = list(edges.values())
        for edge in edges if isinstance(edges, list) else ():
            dep = edge.get("hash") if isinstance(edge, dict) else None
            if isinstance(dep, str):
                found.append(dep)
    return found


# Spack writes the index compactly, each install record as
# "<hash>":{"spec":{...},"ref_count":N,"in_buildcache":B}: where each record starts, and
# which are binaries, can be read off the text without building every node. A literal
# search keeps the scan fast; other layouts (pretty-printed, other key orders) are parsed.
_SPEC_KEY = re.compile(rb'":\{"spec":')
_FLAG = re.compile(rb'"in_buildcache":(true|false)')
_VERSION = re.compile(rb'"version"\s*:\s*"?(\d+)"?')


@dataclass(frozen=True, slots=True)
class _Scan:
    """Install records in text order: hash, where its key starts, whether a binary."""

    hashes: list[str]
    keys: list[int]
    in_cache: list[bool]


_HASH_TEXT = re.compile(rb"[a-z0-9]*")


def _scan(data: bytes) -> _Scan | None:
    """Every install record's place and flag, or None when the text is not laid out so."""
    keys = [m.start() - 33 for m in _SPEC_KEY.finditer(data)]  # the key's opening quote
    flags = [(m.start(), m.group(1) == b"true") for m in _FLAG.finditer(data)]
    if not keys or len(keys) != len(flags) or keys[0] < 0:
        return None
    key_at = np.array(keys, dtype=np.int64)
    flag_at = np.array([at for at, _ in flags], dtype=np.int64)
    text = np.frombuffer(data, dtype=np.uint8)
    # each flag lies inside its own record, and each key opens with a quote
    if not (
        np.all(key_at < flag_at)
        and np.all(flag_at[:-1] < key_at[1:])
        and np.all(text[key_at] == ord('"'))
    ):
        return None
    raw = [data[at + 1 : at + 33] for at in keys]
    if not _HASH_TEXT.fullmatch(b"".join(raw)):  # [a-z0-9]{32} each
        return None
    return _Scan([h.decode() for h in raw], keys, [flag for _, flag in flags])


def _sliced(data: bytes, scanned: _Scan, new: list[str]) -> dict[str, Any] | None:
    """A database of just the ``new`` binaries and their direct dependencies' nodes."""
    place = {spec_hash: index for index, spec_hash in enumerate(scanned.hashes)}
    keys = scanned.keys
    decoder = json.JSONDecoder()

    def record(spec_hash: str) -> Any:
        index = place[spec_hash]
        start = keys[index] + 35  # past '"<hash>":'
        if index + 1 < len(keys):  # up to the next key: the object and a comma
            return orjson.loads(data[start : keys[index + 1] - 1])
        # the last record runs into the closing braces: decode just the object
        value, _ = decoder.raw_decode(data[start:].decode())
        return value

    try:
        installs = {spec_hash: record(spec_hash) for spec_hash in new}
        for dep in _dependency_hashes(installs, new):
            if dep in place and dep not in installs:
                installs[dep] = {**record(dep), "in_buildcache": False}
        version = _VERSION.search(data, 0, keys[0])
    except (ValueError, UnicodeDecodeError, TypeError, AttributeError, orjson.JSONDecodeError):
        return None
    if version is None:
        return None
    return {"database": {"version": version.group(1).decode(), "installs": installs}}


def _document(data: bytes) -> dict[str, Any] | None:
    try:
        document: dict[str, Any] | Any = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    database = document.get("database") if isinstance(document, dict) else None
    if not isinstance(database, dict) or not isinstance(database.get("installs"), dict):
        return None
    checked: dict[str, Any] = document
    return checked
