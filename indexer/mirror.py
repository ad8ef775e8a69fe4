"""Reading Spack mirror roots: layout v3 first, then v2, then spec files one by one.

The survey runs in the main process and learns, from the small index manifest (v3) or
``index.json.hash`` (v2) alone, the digest of what each mirror holds, so an unchanged mirror
costs one small request and no blob download. Only when that digest is not cached are the
index blobs read, their length and checksum checked before anything parses them.

The mirrors of one tag are one unit: the tag's root mirror (the union of its stacks, as on
binaries.spack.io) is parsed in full, and a nested stack mirror whose binaries the root
already holds is only read for which hashes it lists. Each spec is then parsed once per
tag, as a site page lists it once with its stacks, instead of once per mirror.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from .http_memory import HttpMemory, Remote
from .mirror_parse import MirrorIndex, check_sha256, local_stamp, open_index, parse_group
from .mirror_report import MirrorReport
from .mirror_sources import MirrorUnit, join, v2_index, v3_index_manifest
from .mirror_specfiles import spec_files, survey_spec_files
from .problems import ProblemLog, SourceError
from .readers.fetch import is_url, read_location
from .readers.layout_v3 import BlobRecord, blob_path, check_blob, choose_index_record
from .readers.layout_v3 import parse_v3_manifest as _parse_manifest
from .source_cache import SourceCache, UnitResult, unit_digest

__all__ = ["MirrorReport", "SurveyedMirrors", "survey_mirrors"]

_SHA256 = re.compile(rb"^[a-f0-9]{64}")


@dataclass(frozen=True, slots=True)
class SurveyedMirrors:
    """One unit: the mirrors of a tag read through their indexes, or one read file by file."""

    digest: str
    parse: Callable[[ProblemLog], UnitResult]
    reports: tuple[MirrorReport, ...]


def survey_mirrors(
    units: Sequence[MirrorUnit], cache: SourceCache, memory: HttpMemory, problems: ProblemLog
) -> list[SurveyedMirrors]:
    """Probe every mirror's layout, group those with an index by tag, check what changed."""
    surveyed: list[SurveyedMirrors] = []
    build = uuid.uuid4().hex  # scopes the parsers' memo of specs to this build
    by_tag: dict[str, list[MirrorIndex]] = {}
    for unit in units:
        try:
            found = _probe(unit, cache, memory)
        except SourceError as error:
            problems.skip(error)
            continue
        if isinstance(found, SurveyedMirrors):
            surveyed.append(found)
        else:
            by_tag.setdefault(unit.tag, []).append(found)
    for indexes in by_tag.values():
        indexes.sort(key=lambda index: index.unit.stack != "root")  # the root first
        group = _group(indexes, cache, problems, build)
        if group is not None:
            surveyed.append(group)
    return surveyed


def _group(
    indexes: list[MirrorIndex], cache: SourceCache, problems: ProblemLog, build: str
) -> SurveyedMirrors | None:
    digest = unit_digest("mirrors", *(index.digest for index in indexes))
    if not cache.contains(digest):
        # read and checked here, not in a worker: a bad or missing blob is then a skip of
        # this run only, never a cached result
        checked = []
        for index in indexes:
            try:
                stamp = None if is_url(index.location) else local_stamp(index.location)
                checked.append(replace(index, data=_checked(index, cache), checked=stamp))
            except SourceError as error:
                problems.skip(error)
        if not checked:
            return None
        indexes = checked
        digest = unit_digest("mirrors", *(index.digest for index in indexes))
    reused = cache.contains(digest)
    reports = tuple(replace(index.report, reused=reused) for index in indexes)
    parse = partial(parse_group, tuple(indexes), build)
    return SurveyedMirrors(digest, parse, reports)


def _probe(
    unit: MirrorUnit, cache: SourceCache, memory: HttpMemory
) -> MirrorIndex | SurveyedMirrors:
    """Find the mirror's layout as Spack does: v3, then v2, then (local) its spec files."""
    manifest_location = v3_index_manifest(unit)
    manifest = _read_small(manifest_location, memory)
    if manifest.found:
        assert manifest.body is not None
        parsed = _parse_manifest(manifest.body, manifest_location)
        record, _version = choose_index_record(parsed, manifest_location)
        blob = join(unit.root, blob_path(record, manifest_location))
        digest = unit_digest("mirror-v3", _identity(unit), record.checksum)
        report = _report(unit, "v3", record.media_type)
        return MirrorIndex(unit, digest, blob, record, None, None, report)
    if unit.view:
        raise SourceError(manifest_location, f"no index for view {unit.view!r} in this mirror")
    index = v2_index(unit)
    hash_location = index + ".hash"
    index_hash = _read_small(hash_location, memory)
    if index_hash.found:
        assert index_hash.body is not None
        if not _SHA256.match(index_hash.body):
            raise SourceError(hash_location, "not a sha256 hex digest (64 characters a-f, 0-9)")
        checksum = index_hash.body[:64].decode()
        digest = unit_digest("mirror-v2", _identity(unit), checksum)
        return MirrorIndex(
            unit, digest, index, None, checksum, None, _report(unit, "v2", "index.json")
        )
    if is_url(unit.root):
        remote = memory.get(index)  # conditional on its ETag
        if remote.found:
            digest = unit_digest("mirror-v2", _identity(unit), remote.digest)
            report = _report(unit, "v2", "index.json")
            return MirrorIndex(unit, digest, index, None, remote.digest, remote.body, report)
    elif Path(index).is_file():
        digest = unit_digest("mirror-v2", _identity(unit), cache.file_digest(index))
        return MirrorIndex(unit, digest, index, None, None, None, _report(unit, "v2", "index.json"))
    return _without_index(unit, manifest_location, cache)


def _without_index(unit: MirrorUnit, manifest_location: str, cache: SourceCache) -> SurveyedMirrors:
    tried = f"tried {manifest_location} and {v2_index(unit)}"
    if is_url(unit.root):
        raise SourceError(
            unit.root,
            f"no build-cache index ({tried}); over HTTP a mirror needs one, as there is no "
            "listing (spack buildcache update-index makes it)",
        )
    files = spec_files(unit.root)
    if not files:
        raise SourceError(
            unit.root,
            f"not a build cache: no index ({tried}) and no spec manifests under "
            "v3/manifests/spec/ or *.spec.json files under build_cache/",
        )
    digest, parse, report = survey_spec_files(unit, _identity(unit), files, cache)
    return SurveyedMirrors(digest, parse, (report,))


def _identity(unit: MirrorUnit) -> str:
    return "\0".join((unit.root, unit.tag, unit.stack, unit.view or ""))


def _report(unit: MirrorUnit, layout: str, index: str) -> MirrorReport:
    return MirrorReport(unit.root, unit.tag, unit.stack, unit.view, layout, index, False)


def _read_small(location: str, memory: HttpMemory) -> Remote:
    """A manifest or hash file; ``found`` False when it does not exist."""
    if is_url(location):
        remote = memory.get(location)
        if remote.found and remote.body is None:  # remembered without its body: fetch it
            data = read_location(location)
            return Remote(True, data, hashlib.sha256(data).hexdigest(), False)
        return remote
    try:
        data = Path(location).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return Remote(False, None, "", False)
    except OSError as error:
        raise SourceError(location, f"cannot read: {error.strerror}") from None
    return Remote(True, data, hashlib.sha256(data).hexdigest(), False)


def _checked(index: MirrorIndex, cache: SourceCache) -> bytes | None:
    """The index bytes, checked (URLs), or None after checking a local file in place."""
    if index.data is not None:
        return index.data
    if is_url(index.location):
        return open_index(index, read_location(index.location))
    if index.record is not None:  # a local blob: hashed once per size and mtime, not kept
        _check_local_blob(index.location, index.record, cache)
    elif index.sha256 is not None:
        check_sha256(index.location, index.sha256, cache.file_digest(index.location))
    return None


def _check_local_blob(location: str, record: BlobRecord, cache: SourceCache) -> None:
    try:
        check_blob(os.stat(location).st_size, lambda: cache.file_digest(location), record, location)
    except OSError as error:
        raise SourceError(location, f"cannot read the blob: {error.strerror}") from None
