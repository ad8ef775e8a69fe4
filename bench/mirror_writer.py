"""Write sightings as Spack build-cache mirrors in layout v3, as binaries.spack.io has them.

One root mirror per tag (``<out>/<tag>/``: every spec of the tag) with each stack as a mirror
nested inside it (``<out>/<tag>/<stack>/``), each with ``v3/layout.json``, an index manifest
and a content-addressed index blob: a database version 8 (Spack 1.0) as ``spack buildcache
update-index`` writes it, compilers being external build dependencies providing ``c`` and
``cxx``. ``<out>/sources.yaml`` names every mirror with its tag and stack.

The generated specs have no sizes and no dependencies beyond their compiler (the model has
none), so an index built from these mirrors has the same tags, stacks, packages, specs and
occurrences as one built from the same sightings written as site pages.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import yaml

from spackdex.indexer.records import Compiler, Sighting, SpecRecord

__all__ = ["MirrorStats", "write_mirrors"]

DB_MEDIA_TYPE = "application/vnd.spack.db.v8+json"


@dataclass(frozen=True, slots=True)
class MirrorStats:
    """What :func:`write_mirrors` wrote."""

    mirrors: int
    index_records: int  # binaries listed over all indexes (a spec once per mirror holding it)
    bytes_written: int
    sources_yaml: Path


def write_mirrors(out_dir: Path, sightings: Iterable[Sighting]) -> MirrorStats:
    """Write the mirrors of ``sightings`` (grouped by tag, as the generator yields them)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, str]] = []
    written = records = 0
    tag: str | None = None
    by_stack: dict[str, list[SpecRecord]] = {}

    def flush() -> None:
        nonlocal written, records
        if tag is None:
            return
        for stack, specs in sorted(by_stack.items(), key=lambda kv: kv[0] != "root"):
            relative = tag if stack == "root" else f"{tag}/{stack}"
            written += _write_mirror(out_dir / relative, specs)
            records += len(specs)
            entries.append({"mirror": f"./{relative}", "tag": tag, "stack": stack})

    for sighting in sightings:
        if sighting.tag != tag:
            flush()
            tag, by_stack = sighting.tag, {}
        for stack in {"root", *sighting.stacks}:
            by_stack.setdefault(stack, []).append(sighting.spec)
    flush()
    sources = out_dir / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": entries}, sort_keys=False), encoding="utf-8")
    return MirrorStats(len(entries), records, written, sources)


def _write_mirror(root: Path, specs: list[SpecRecord]) -> int:
    installs: dict[str, Any] = {}
    for spec in specs:
        dependencies = []
        if spec.compiler is not None:
            compiler_hash, compiler_node = _compiler_node(spec)
            if compiler_hash not in installs:
                installs[compiler_hash] = {"spec": compiler_node, "ref_count": 0,
                                           "in_buildcache": False}  # fmt: skip
            installs[compiler_hash]["ref_count"] += 1
            dependencies.append(
                {"name": spec.compiler.name, "hash": compiler_hash,
                 "parameters": {"deptypes": ["build"], "virtuals": ["c", "cxx"]}}
            )  # fmt: skip
        node = {
            "name": spec.name,
            "version": spec.version,
            "arch": _arch(spec),
            "namespace": "builtin",
            "parameters": _parameters(spec.variants),
            "dependencies": dependencies,
            "hash": spec.hash,
        }
        installs[spec.hash] = {"spec": node, "ref_count": 0, "in_buildcache": True}
    blob = orjson.dumps({"database": {"version": "8", "installs": installs}})
    checksum = hashlib.sha256(blob).hexdigest()
    record = {"contentLength": len(blob), "mediaType": DB_MEDIA_TYPE, "compression": "none",
              "checksumAlgorithm": "sha256", "checksum": checksum}  # fmt: skip
    # Spack writes manifests with indent=0: one token per line
    manifest = json.dumps({"version": 3, "data": [record]}, indent=0, separators=(",", ":"))
    files = {
        root / "v3" / "layout.json": b'{"signing": "gpg"}',
        root / "v3" / "manifests" / "index" / "index.manifest.json": manifest.encode(),
        root / "blobs" / "sha256" / checksum[:2] / checksum: blob,
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return sum(len(data) for data in files.values())


def _arch(spec: SpecRecord) -> dict[str, str]:
    return {"platform": spec.platform, "platform_os": spec.os, "target": spec.target}


def _compiler_node(spec: SpecRecord) -> tuple[str, dict[str, Any]]:
    """An external compiler node: one per compiler and architecture, hashed from those."""
    compiler: Compiler | None = spec.compiler
    assert compiler is not None
    identity = f"{compiler}|{spec.platform}|{spec.os}|{spec.target}".encode()
    node_hash = base64.b32encode(hashlib.sha1(identity).digest()).decode().lower()
    node: dict[str, Any] = {
        "name": compiler.name,
        "arch": _arch(spec),
        "namespace": "builtin",
        "parameters": {},
        "external": {"path": "/usr", "module": None},
        "hash": node_hash,
    }
    if compiler.version:
        node["version"] = compiler.version
    return node_hash, node


def _parameters(variants: tuple[str, ...]) -> dict[str, Any]:
    """``+a ~b k=v k=v1,v2`` as a Spack node's ``parameters``."""
    parameters: dict[str, Any] = {}
    for variant in variants:
        if variant[:1] in "+~":
            parameters[variant[1:]] = variant[0] == "+"
        else:
            name, _, value = variant.partition("=")
            parameters[name] = value.split(",") if "," in value else value
    return parameters
