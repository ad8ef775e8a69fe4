"""Spack spec files (``*.spec.json``, spec blobs of layout v3): one binary and its DAG.

A spec file is ``{"spec": {"_meta": {"version": N}, "nodes": [root, dep, ...]}}`` whose
nodes are the same node dicts a build-cache database holds. So rather than a second node
parser, the nodes are handed to the database reader as a one-binary database of the
matching generation: spec format 4 pairs with database 7 (compiler inside the node), 5 with
8 and 6 with 9 (compilers as build dependencies).
"""

from __future__ import annotations

from typing import Any

import orjson

from ..problems import ProblemLog, SourceError
from ..records import SpecRecord
from .database import parse_database_document
from .decode import decode_utf8

__all__ = ["SPEC_FORMATS", "parse_specfile"]

# spec file format -> the database version whose nodes look the same
SPEC_FORMATS = {2: 6, 3: 6, 4: 7, 5: 8, 6: 9}


def parse_specfile(data: bytes, source: str, problems: ProblemLog) -> SpecRecord:
    """The root binary of a spec file (already unsigned and decompressed).

    Raises:
        SourceError: not JSON, no ``spec.nodes``, an unknown format, or a bad root node.
    """
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        decode_utf8(data, source)
        raise SourceError(source, f"malformed JSON: {error}") from None
    spec = document.get("spec") if isinstance(document, dict) else None
    if not isinstance(spec, dict) or not isinstance(spec.get("nodes"), list):
        raise SourceError(source, "no 'spec.nodes' list: not a Spack spec file", "spec")
    meta = spec.get("_meta")
    raw_format = meta.get("version") if isinstance(meta, dict) else None
    if not isinstance(raw_format, int) or raw_format not in SPEC_FORMATS:
        raise SourceError(
            source,
            f"unknown spec file format {raw_format!r} (spackdex reads formats 2 to 6)",
            "spec._meta.version",
        )
    nodes: list[Any] = spec["nodes"]
    if not nodes:
        raise SourceError(source, "empty node list", "spec.nodes")
    installs: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(nodes):
        node_hash = node.get("hash") if isinstance(node, dict) else None
        if not isinstance(node_hash, str) or not node_hash:
            raise SourceError(source, "node without a 'hash'", f"spec.nodes[{index}]")
        # the first node is the spec the file is about (Spack's from_dict reads it so)
        installs[node_hash] = {"spec": node, "in_buildcache": index == 0}
    database = {"database": {"version": str(SPEC_FORMATS[raw_format]), "installs": installs}}
    local = ProblemLog(log=False)
    records = parse_database_document(database, source, local)
    if not records:  # the root node was bad: that is the file's error, said once
        reason = local.skipped[0].reason if local.skipped else "the root node cannot be read"
        raise SourceError(source, reason)
    for problem in local.skipped:  # a bad dependency node: the root is still indexed
        problems.skip(SourceError(problem.source, problem.reason))
    for problem in local.warnings:
        problems.warn(problem.source, problem.reason)
    return records[0]
