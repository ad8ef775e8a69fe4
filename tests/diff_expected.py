"""The diff fixture: the same packages in tags of different weeks, and the expected diffs
computed straight from the fixture files (plain JSON and line reading, none of spackdex's
readers), to hold the engine, the API and the command line against."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spackdex.indexer.build import BuildOptions, build_index

__all__ = ["TAGS", "Binary", "build_diff_index", "expected_diff", "fixture_binaries"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITES = (FIXTURES / "cache-site", FIXTURES / "weekly-site")
# (file, tag) of each bare index.json; their stack is root
INDEXES = (
    ("spack-test-v7.index.json", "spack-test"),
    ("assembled-v8.index.json", "spack-test"),
    ("assembled-v9.index.json", "spack-1.0"),  # the v8 records again: unchanged specs
)
TAGS = ("develop-2024-12-15", "develop-2025-03-09", "develop-2025-03-16", "spack-test", "spack-1.0")


@dataclass(frozen=True)
class Binary:
    """One occurrence: a hash in a tag, in some stacks."""

    hash: str
    name: str
    version: str
    os: str
    tag: str
    stacks: frozenset[str]


def build_diff_index(folder: Path) -> Path:
    lines = ["sources:"]
    lines += [f"  - site: {site}" for site in SITES]
    for name, tag in INDEXES:
        lines += [f"  - index: {FIXTURES / 'buildcache-index' / name}", f"    tag: {tag}"]
    lines.append(f"packages: {FIXTURES / 'packages.json'}")
    sources = folder / "sources.yaml"
    sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    index_dir = folder / "index"
    build_index(BuildOptions(sources=[str(sources)], index_dir=index_dir, jobs=1))
    return index_dir


def fixture_binaries() -> list[Binary]:
    """Every occurrence in the fixture files."""
    found: list[Binary] = []
    for site in SITES:
        for page in sorted(site.glob("_cache/*/*/specs.md")):
            tag, name = page.parent.parent.name, page.parent.name
            for line in page.read_text(encoding="utf-8").splitlines():
                if line.startswith("spec_details:"):
                    for entry in json.loads(line.removeprefix("spec_details:")):
                        found.append(
                            Binary(
                                entry["hash"],
                                name,
                                entry["versions"][0],
                                entry["os"],
                                tag,
                                frozenset(entry["stacks"]),
                            )
                        )
    for file, tag in INDEXES:
        database = json.loads((FIXTURES / "buildcache-index" / file).read_text())["database"]
        for spec_hash, record in database["installs"].items():
            if record.get("in_buildcache"):
                node = record["spec"]
                found.append(
                    Binary(
                        spec_hash,
                        node["name"],
                        node["version"],
                        node["arch"]["platform_os"],
                        tag,
                        frozenset({"root"}),
                    )
                )
    return found


def _newest_first(versions: set[str]) -> list[str]:
    # every version in these fixtures is numeric: numbers compare as Spack compares them
    return sorted(versions, key=lambda v: tuple(int(p) for p in v.split(".")), reverse=True)


def expected_diff(
    source: tuple[str, str | None],
    target: tuple[str, str | None],
    keep: Callable[[Binary], bool] = lambda binary: True,
) -> dict[str, Any]:
    """The diff of two (tag, stack) sides: summary, added and removed hashes, and per
    changed package its versions added and removed (newest first) and spec counts."""
    binaries = [b for b in fixture_binaries() if keep(b)]

    def side(tag: str, stack: str | None) -> dict[str, Binary]:
        return {
            b.hash: b for b in binaries if b.tag == tag and (stack is None or stack in b.stacks)
        }

    before, after = side(*source), side(*target)
    added, removed = after.keys() - before.keys(), before.keys() - after.keys()
    names_before = {b.name for b in before.values()}
    names_after = {b.name for b in after.values()}
    differ = {after[h].name for h in added} | {before[h].name for h in removed}
    packages = {}
    for name in sorted(differ):
        versions_before = {b.version for b in before.values() if b.name == name}
        versions_after = {b.version for b in after.values() if b.name == name}
        packages[name] = {
            "versionsAdded": _newest_first(versions_after - versions_before),
            "versionsRemoved": _newest_first(versions_before - versions_after),
            "specsAdded": sum(1 for h in added if after[h].name == name),
            "specsRemoved": sum(1 for h in removed if before[h].name == name),
        }
    return {
        "summary": {
            "added": len(added),
            "removed": len(removed),
            "unchanged": len(before.keys() & after.keys()),
            "packagesAdded": len(names_after - names_before),
            "packagesRemoved": len(names_before - names_after),
            "packagesChanged": len(differ & names_before & names_after),
        },
        "added": added,
        "removed": removed,
        "packages": packages,
    }
