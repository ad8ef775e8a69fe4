"""What the fixture index should hold, computed from the fixture files with plain json
(never with the readers under test)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tests.indexer.helpers import spec_details

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SITE_TAG = "develop-2025-03-16"
BOOTSTRAP = FIXTURES / "buildcache-index" / "clingo-bootstrap-v5.index.json"
SPACK_TEST = FIXTURES / "buildcache-index" / "spack-test-v7.index.json"

__all__ = ["SITE_TAG", "Record", "bootstrap_dependencies", "count_by", "records"]


@dataclass(frozen=True)
class Record:
    hash: str
    name: str
    version: str
    os: str
    platform: str
    target: str
    variants: tuple[str, ...]
    tag: str
    stacks: tuple[str, ...]


def _site_records() -> list[Record]:
    found = []
    for page in sorted((FIXTURES / "cache-site" / "_cache" / SITE_TAG).glob("*/specs.md")):
        for detail in spec_details(page):
            found.append(
                Record(
                    hash=detail["hash"],
                    name=page.parent.name,
                    version=detail["versions"][0],
                    os=detail["os"],
                    platform=detail["platform"],
                    target=detail["target"],
                    variants=tuple(detail["variants"]),
                    tag=SITE_TAG,
                    stacks=tuple(detail["stacks"]),
                )
            )
    return found


def _installed(path: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """Hash -> (name, node) of the specs an index.json says are in the build cache."""
    installs = json.loads(path.read_text(encoding="utf-8"))["database"]["installs"]
    result = {}
    for hash_, install in installs.items():
        if not install.get("in_buildcache"):
            continue
        spec = install["spec"]
        if "name" in spec:  # database v6+: the node itself
            result[hash_] = (spec["name"], spec)
        else:  # database v5: {name: node}
            ((name, node),) = spec.items()
            result[hash_] = (name, node)
    return result


def _database_records(path: Path, tag: str, stack: str) -> list[Record]:
    found = []
    for hash_, (name, node) in _installed(path).items():
        arch = node["arch"]
        target = arch["target"]
        found.append(
            Record(
                hash=hash_,
                name=name,
                version=node["version"],
                os=arch["platform_os"],
                platform=arch["platform"],
                target=target["name"] if isinstance(target, dict) else target,
                variants=(),
                tag=tag,
                stacks=tuple(dict.fromkeys((stack, "root"))),  # root: all
            )
        )
    return found


@cache
def records() -> tuple[Record, ...]:
    """Every spec the fixture index is built from (one per hash: no hash is in two tags)."""
    found = [
        *_site_records(),
        *_database_records(BOOTSTRAP, "bootstrap", "clingo"),
        *_database_records(SPACK_TEST, "spack-test", "root"),
    ]
    assert len({r.hash for r in found}) == len(found)
    return tuple(found)


def bootstrap_dependencies() -> dict[str, set[str]]:
    """Hash -> hashes of its dependencies that are binaries too, in the bootstrap cache."""
    installed = _installed(BOOTSTRAP)
    result = {}
    for hash_, (_name, node) in installed.items():
        edges = node.get("dependencies", {})
        result[hash_] = {e["hash"] for e in edges.values() if e["hash"] in installed}
    return result


def count_by(field: str, chosen: list[Record] | tuple[Record, ...]) -> dict[str, int]:
    return dict(Counter(str(getattr(r, field)) for r in chosen))
