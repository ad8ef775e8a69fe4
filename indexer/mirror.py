"""Reading a Spack mirror root: layout v3 first, then v2, then spec files one by one.

``survey_mirror`` runs in the main process and learns, from the small index manifest (v3)
or ``index.json.hash`` (v2) alone, the digest of what the mirror holds, so an unchanged
mirror costs one small request and no blob download. Only when that digest is not cached
does it download the index blob, checking length and checksum before anything parses it.
The parse itself (``_parse_*``) may run in a worker process.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from .http_memory import HttpMemory, Remote
from .mirror_sources import MirrorUnit, join, v2_index, v3_index_manifest
from .problems import ProblemLog, SourceError
from .readers.clearsign import extract_signed
from .readers.database import parse_database
from .readers.fetch import is_url, read_location
from .readers.layout_v3 import (
    BlobRecord,
    blob_path,
    choose_index_record,
    open_blob,
    parse_v3_manifest,
    spec_record,
    tarball_record,
)
from .readers.specfile import parse_specfile
from .records import Sighting, SpecRecord
from .source_cache import SourceCache, UnitResult, unit_digest

__all__ = ["MirrorReport", "SurveyedMirror", "survey_mirror"]

_SHA256 = re.compile(rb"^[a-f0-9]{64}")


@dataclass(frozen=True, slots=True)
class MirrorReport:
    """What the run summary says about one mirror."""

    root: str
    tag: str
    stack: str
    view: str | None
    layout: str  # "v3", "v2", or "v3/v2 without index"
    index: str | None  # the index record's media type (v3) or "index.json" (v2)
    reused: bool  # nothing downloaded beyond the manifest or hash file
    specs_one_by_one: int = 0  # spec files read because the mirror has no index

    def as_json(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "tag": self.tag,
            "stack": self.stack,
            "view": self.view,
            "layout": self.layout,
            "index": self.index,
            "reused": self.reused,
            "specs_read_one_by_one": self.specs_one_by_one,
        }

    def describe(self) -> str:
        where = f"{self.root}" + (f" (view {self.view})" if self.view else "")
        if self.index is None:
            read = f"no index: {self.specs_one_by_one} spec files read one by one"
        else:
            read = f"index {self.index}"
        state = "reused, nothing downloaded" if self.reused else "read"
        return f"mirror {where} as {self.tag}/{self.stack}: layout {self.layout}, {read}, {state}"


@dataclass(frozen=True, slots=True)
class SurveyedMirror:
    digest: str
    parse: Callable[[ProblemLog], UnitResult]
    report: MirrorReport


def survey_mirror(unit: MirrorUnit, cache: SourceCache, memory: HttpMemory) -> SurveyedMirror:
    """Probe the layouts as Spack does and digest the mirror without reading its blobs.

    Raises:
        SourceError: no layout found (naming the places tried), a bad manifest, or an index
            blob whose length or checksum does not match its manifest.
    """
    manifest_location = v3_index_manifest(unit)
    manifest = _read_small(manifest_location, memory)
    if manifest.found:
        return _survey_v3(unit, manifest_location, manifest, cache)
    if unit.view:
        raise SourceError(manifest_location, f"no index for view {unit.view!r} in this mirror")
    hash_location = v2_index(unit) + ".hash"
    index_hash = _read_small(hash_location, memory)
    if index_hash.found:
        return _survey_v2_hash(unit, hash_location, index_hash, cache)
    if is_url(unit.root):
        index = memory.get(v2_index(unit))
        if index.found:
            return _survey_v2_etag(unit, index, cache)
    elif Path(v2_index(unit)).is_file():
        digest = unit_digest("mirror-v2", _identity(unit), cache.file_digest(v2_index(unit)))
        report = _report(unit, "v2", "index.json", cache.contains(digest))
        parse = partial(_parse_index, unit, v2_index(unit), None, None)
        return SurveyedMirror(digest, parse, report)
    return _survey_without_index(unit, manifest_location, cache)


def _identity(unit: MirrorUnit) -> str:
    return "\0".join((unit.root, unit.tag, unit.stack, unit.view or ""))


def _report(unit: MirrorUnit, layout: str, index: str | None, reused: bool) -> MirrorReport:
    return MirrorReport(unit.root, unit.tag, unit.stack, unit.view, layout, index, reused)


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


def _survey_v3(
    unit: MirrorUnit, location: str, remote: Remote, cache: SourceCache
) -> SurveyedMirror:
    assert remote.body is not None
    record, _version = choose_index_record(parse_v3_manifest(remote.body, location), location)
    blob = join(unit.root, blob_path(record, location))
    digest = unit_digest("mirror-v3", _identity(unit), record.checksum)
    reused = cache.contains(digest)
    # checked here, not in a worker: a bad or missing blob is then a skip of this run only,
    # never a cached empty result
    data = None
    if not reused and is_url(blob):
        data = open_blob(read_location(blob), record, blob)
    elif not reused:
        _check_local_blob(blob, record, cache)  # hashed once per size and mtime, not kept
    report = _report(unit, "v3", record.media_type, reused)
    return SurveyedMirror(digest, partial(_parse_index, unit, blob, record, data), report)


def _check_local_blob(location: str, record: BlobRecord, cache: SourceCache) -> None:
    """A local blob's length and checksum, without holding its bytes in memory."""
    try:
        length = os.stat(location).st_size
        if length == record.length:
            checksum = cache.file_digest(location)
    except OSError as error:
        raise SourceError(location, f"cannot read the blob: {error.strerror}") from None
    if length != record.length:
        raise SourceError(
            location,
            f"blob length mismatch: the manifest says {record.length} bytes, got {length}",
        )
    if checksum != record.checksum:
        raise SourceError(
            location,
            f"blob checksum mismatch: the manifest says sha256 {record.checksum}, "
            f"the blob has {checksum}",
        )


def _survey_v2_hash(
    unit: MirrorUnit, location: str, remote: Remote, cache: SourceCache
) -> SurveyedMirror:
    assert remote.body is not None
    if not _SHA256.match(remote.body):
        raise SourceError(location, "not a sha256 hex digest (64 characters a-f, 0-9)")
    checksum = remote.body[:64].decode()
    index = v2_index(unit)
    digest = unit_digest("mirror-v2", _identity(unit), checksum)
    reused = cache.contains(digest)
    data = None
    if not reused:
        data = read_location(index)
        actual = hashlib.sha256(data).hexdigest()
        if actual != checksum:
            raise SourceError(
                index,
                f"checksum mismatch: index.json.hash says sha256 {checksum}, "
                f"index.json has {actual}",
            )
    report = _report(unit, "v2", "index.json", reused)
    return SurveyedMirror(digest, partial(_parse_index, unit, index, None, data), report)


def _survey_v2_etag(unit: MirrorUnit, remote: Remote, cache: SourceCache) -> SurveyedMirror:
    digest = unit_digest("mirror-v2", _identity(unit), remote.digest)
    report = _report(unit, "v2", "index.json", remote.unchanged or cache.contains(digest))
    parse = partial(_parse_index, unit, v2_index(unit), None, remote.body)
    return SurveyedMirror(digest, parse, report)


def _parse_index(
    unit: MirrorUnit,
    location: str,
    record: BlobRecord | None,
    data: bytes | None,
    local: ProblemLog,
) -> UnitResult:
    """The binaries of a mirror's index (fetched here only if the survey did not)."""
    try:
        if data is None:
            data = read_location(location)
            if record is not None:  # checked again: the survey did not keep the bytes
                data = open_blob(data, record, location)
        specs = parse_database(data, location, local)
    except SourceError as error:
        local.skip(error)
        specs = []
    return UnitResult(sightings=[Sighting(s, unit.tag, (unit.stack,), unit.root) for s in specs])


# --- mirrors without an index: every spec file, one by one (local folders only) ---------


def _survey_without_index(
    unit: MirrorUnit, manifest_location: str, cache: SourceCache
) -> SurveyedMirror:
    tried = f"tried {manifest_location} and {v2_index(unit)}"
    if is_url(unit.root):
        raise SourceError(
            unit.root,
            f"no build-cache index ({tried}); over HTTP a mirror needs one, as there is no "
            "listing (spack buildcache update-index makes it)",
        )
    files = _spec_files(unit.root)
    if not files:
        raise SourceError(
            unit.root,
            f"not a build cache: no index ({tried}) and no spec manifests under "
            "v3/manifests/spec/ or *.spec.json files under build_cache/",
        )
    parts = [f"{os.path.relpath(f, unit.root)}={cache.file_digest(f)}" for f in files]
    digest = unit_digest("mirror-specs", _identity(unit), *parts)
    report = replace(
        _report(unit, "v3" if "/v3/" in files[0] else "v2", None, cache.contains(digest)),
        layout=_layouts(files),
        specs_one_by_one=len(files),
    )
    return SurveyedMirror(digest, partial(_parse_spec_files, unit, tuple(files)), report)


def _layouts(files: list[str]) -> str:
    kinds = {"v3" if f.endswith(".spec.manifest.json") else "v2" for f in files}
    return "+".join(sorted(kinds, reverse=True)) + " without index"


def _spec_files(root: str) -> list[str]:
    """v3 spec manifests, and v2 spec files (the signed ``.sig`` one where both exist)."""
    escaped = glob.escape(root)
    manifests = sorted(
        glob.glob(
            os.path.join(escaped, "v3", "manifests", "spec", "**", "*.spec.manifest.json"),
            recursive=True,
        )
    )
    v2 = sorted(glob.glob(os.path.join(escaped, "build_cache", "*.spec.json*")))
    signed = {f.removesuffix(".sig") for f in v2 if f.endswith(".spec.json.sig")}
    v2 = [
        f
        for f in v2
        if f.endswith(".spec.json.sig") or (f.endswith(".spec.json") and f not in signed)
    ]
    return manifests + v2


def _parse_spec_files(unit: MirrorUnit, files: tuple[str, ...], local: ProblemLog) -> UnitResult:
    result = UnitResult()
    for location in files:
        try:
            if location.endswith(".spec.manifest.json"):
                spec = _spec_from_manifest(unit.root, location, local)
            else:
                text, signed = extract_signed(read_location(location), location)
                spec = replace(parse_specfile(text, location, local), signed=signed)
        except SourceError as error:
            local.skip(error)
            continue
        result.sightings.append(Sighting(spec, unit.tag, (unit.stack,), unit.root))
    return result


def _spec_from_manifest(root: str, location: str, local: ProblemLog) -> SpecRecord:
    manifest = parse_v3_manifest(read_location(location), location)
    record = spec_record(manifest, location)
    blob = join(root, blob_path(record, location))
    spec = parse_specfile(open_blob(read_location(blob), record, blob), blob, local)
    tarball = tarball_record(manifest)
    return replace(
        spec,
        signed=manifest.signed,
        tarball=join(root, blob_path(tarball, location)) if tarball else None,
        size=tarball.length if tarball else None,
    )
