"""Mirrors without an index (local folders only): every spec file, one by one.

Layout v3: each ``v3/manifests/spec/**/*.spec.manifest.json`` (plain or clearsigned) and the
gzipped spec blob it points at. Layout v2: ``build_cache/*.spec.json.sig`` (clearsigned) or
``*.spec.json``.
"""

from __future__ import annotations

import glob
import os
from dataclasses import replace
from functools import partial

from .mirror_report import MirrorReport
from .mirror_sources import MirrorUnit, join
from .problems import ProblemLog, SourceError
from .readers.clearsign import extract_signed
from .readers.fetch import read_location
from .readers.layout_v3 import (
    blob_path,
    open_blob,
    parse_v3_manifest,
    spec_record,
    tarball_record,
)
from .readers.specfile import parse_specfile
from .records import Sighting, SpecRecord
from .source_cache import SourceCache, UnitResult, unit_digest

__all__ = ["spec_files", "survey_spec_files"]


def survey_spec_files(
    unit: MirrorUnit, identity: str, files: list[str], cache: SourceCache
) -> tuple[str, partial[UnitResult], MirrorReport]:
    """Digest, parse and report of a mirror read file by file (``files`` not empty)."""
    parts = [f"{os.path.relpath(f, unit.root)}={cache.file_digest(f)}" for f in files]
    digest = unit_digest("mirror-specs", identity, *parts)
    kinds = {"v3" if f.endswith(".spec.manifest.json") else "v2" for f in files}
    report = MirrorReport(
        unit.root,
        unit.tag,
        unit.stack,
        unit.view,
        "+".join(sorted(kinds, reverse=True)) + " without index",
        None,
        cache.contains(digest),
        len(files),
    )
    return digest, partial(_parse_spec_files, unit, tuple(files)), report


def spec_files(root: str) -> list[str]:
    """v3 spec manifests, and v2 spec files (the signed ``.sig`` one where both exist)."""
    escaped = glob.escape(root)
    pattern = os.path.join(escaped, "v3", "manifests", "spec", "**", "*.spec.manifest.json")
    manifests = sorted(glob.glob(pattern, recursive=True))
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
