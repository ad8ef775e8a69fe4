"""Write sightings as a cache-site tree in the real 2025 page format.

``_cache/<tag>/<package>/specs.md`` holds only YAML front matter whose ``meta:`` and
``spec_details:`` values are one-line JSON with sorted keys and ``", "`` / ``": "``
separators, byte-for-byte the way the real site generator writes them, and
``_data/tags.yaml`` lists each tag with its stacks (``develop`` first, then newest first).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from spackdex.indexer.records import Compiler, Sighting

__all__ = ["SiteStats", "compiler_text", "render_page", "write_site", "write_tags_yaml"]


@dataclass(frozen=True, slots=True)
class SiteStats:
    """What :func:`write_site` wrote."""

    pages: int
    bytes_written: int
    tag_stacks: dict[str, tuple[str, ...]]


def compiler_text(compiler: Compiler | None) -> str:
    """A compiler as 2025 pages write it: ``gcc@=13.2.0``, or ``none`` for no compiler."""
    if compiler is None:
        return "none"
    return f"{compiler.name}@={compiler.version}" if compiler.version else compiler.name


def _detail(s: Sighting) -> dict[str, object]:
    spec = s.spec
    return {
        "compiler": compiler_text(spec.compiler),
        "hash": spec.hash,
        "os": spec.os,
        "platform": spec.platform,
        "size": "-" if spec.size is None else spec.size,
        "stacks": list(s.stacks),
        "target": spec.target,
        "variants": list(spec.variants),
        "versions": [spec.version],
    }


class _DetailCache:
    """Rendered ``spec_details`` entries, reused across the tags a hash recurs in."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, tuple[str, ...]], str] = {}

    def render(self, s: Sighting) -> str:
        key = (s.spec.hash, s.stacks)
        text = self._cache.get(key)
        if text is None:
            text = json.dumps(_detail(s), sort_keys=True)
            self._cache[key] = text
        return text


def render_page(
    tag: str, package: str, sightings: list[Sighting], cache: _DetailCache | None = None
) -> str:
    """The ``specs.md`` text of one package in one tag (sightings ordered by hash)."""
    cache = cache or _DetailCache()
    by_stack: Counter[str] = Counter()
    for s in sightings:
        by_stack.update(s.stacks)
    meta = {
        "compilers": sorted({compiler_text(s.spec.compiler) for s in sightings}),
        "num_specs": len(sightings),
        "num_specs_by_stack": dict(by_stack),
        "oss": sorted({s.spec.os for s in sightings}),
        "platforms": sorted({s.spec.platform for s in sightings}),
        "stacks": sorted(by_stack),
        "targets": sorted({s.spec.target for s in sightings}),
        "versions": sorted({s.spec.version for s in sightings}),
    }
    details = ", ".join(cache.render(s) for s in sightings)
    return (
        f"---\ntitle: {json.dumps(package)}\nlayout: cache\n"
        f"categories: [package, {tag}]\n"
        f"meta: {json.dumps(meta, sort_keys=True)}\n"
        f"spec_details: [{details}]\n---"
    )


def write_tags_yaml(out_dir: Path, tag_stacks: dict[str, tuple[str, ...]]) -> Path:
    """Write ``_data/tags.yaml``: ``develop`` first, then the other tags newest first."""
    dated = sorted((t for t in tag_stacks if t != "develop"), reverse=True)
    ordered = (["develop"] if "develop" in tag_stacks else []) + dated
    doc = [{"name": t, "stacks": sorted(tag_stacks[t])} for t in ordered]
    path = out_dir / "_data" / "tags.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _pages(sightings: Iterable[Sighting]) -> Iterator[tuple[str, str, list[Sighting]]]:
    """Group sightings into (tag, package, sightings-by-hash); tags must come contiguous."""
    done: set[str] = set()
    tag: str | None = None
    bucket: dict[str, list[Sighting]] = {}
    for s in sightings:
        if s.tag != tag:
            if tag is not None:
                done.add(tag)
                yield from ((tag, p, bucket[p]) for p in sorted(bucket))
            if s.tag in done:
                raise ValueError(f"sightings of tag {s.tag!r} are not contiguous")
            tag, bucket = s.tag, {}
        bucket.setdefault(s.spec.name, []).append(s)
    if tag is not None:
        yield from ((tag, p, bucket[p]) for p in sorted(bucket))


def write_site(out_dir: Path, sightings: Iterable[Sighting]) -> SiteStats:
    """Write pages and ``tags.yaml`` for sightings grouped by tag; returns what was written."""
    cache = _DetailCache()
    pages = 0
    written = 0
    tag_stacks: dict[str, set[str]] = {}
    for tag, package, group in _pages(sightings):
        group.sort(key=lambda s: s.spec.hash)
        stacks = tag_stacks.setdefault(tag, set())
        for s in group:
            stacks.update(s.stacks)
        page_dir = out_dir / "_cache" / tag / package
        page_dir.mkdir(parents=True, exist_ok=True)
        data = render_page(tag, package, group, cache).encode("utf-8")
        (page_dir / "specs.md").write_bytes(data)
        pages += 1
        written += len(data)
    frozen = {t: tuple(sorted(s)) for t, s in tag_stacks.items()}
    write_tags_yaml(out_dir, frozen)
    return SiteStats(pages, written, frozen)
