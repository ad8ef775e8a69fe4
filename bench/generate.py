"""Deterministic synthetic Spack build cache, as records or as a cache-site tree.

:func:`generate_records` is the model (see :mod:`bench.model`); :func:`generate_site`
writes exactly those records as pages, so baselines fed from records and spackdex fed from
pages index the same data.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.descriptions import generate_packages_json
from bench.model import simulate
from bench.site_writer import write_site
from spackdex.indexer.records import Sighting

__all__ = ["GenerationSummary", "generate_packages_json", "generate_records", "generate_site"]


@dataclass(frozen=True, slots=True)
class GenerationSummary:
    """What a generation run produced."""

    occurrences: int
    distinct_hashes: int
    packages: int
    tags: tuple[str, ...]
    pages: int
    bytes_written: int
    seconds: float


def generate_records(
    occurrences: int, seed: int = 0, *, weeks: int | None = None
) -> Iterator[Sighting]:
    """Yield about ``occurrences`` (tag, hash) sightings; same seed, same sightings.

    Tags come in chronological order (``develop-YYYY-MM-DD`` weekly, ending 2025-03-16,
    then ``develop``); within a tag, sightings are sorted by package then hash. ``weeks``
    overrides the number of dated tags (by default one per ~12,000 occurrences, 3 to 52).
    """
    return simulate(occurrences, seed, weeks)


def generate_site(
    out_dir: Path, occurrences: int, seed: int = 0, *, weeks: int | None = None
) -> GenerationSummary:
    """Write ``out_dir/_cache/<tag>/<package>/specs.md`` pages and ``_data/tags.yaml``."""
    start = time.perf_counter()
    hashes: set[str] = set()
    packages: set[str] = set()
    count = 0

    def counted() -> Iterator[Sighting]:
        nonlocal count
        for s in generate_records(occurrences, seed, weeks=weeks):
            count += 1
            hashes.add(s.spec.hash)
            packages.add(s.spec.name)
            yield s

    stats = write_site(out_dir, counted())
    # tags.yaml order is newest first; report chronological order, develop last.
    tags = tuple(sorted(t for t in stats.tag_stacks if t != "develop")) + (
        ("develop",) if "develop" in stats.tag_stacks else ()
    )
    return GenerationSummary(
        occurrences=count,
        distinct_hashes=len(hashes),
        packages=len(packages),
        tags=tags,
        pages=stats.pages,
        bytes_written=stats.bytes_written,
        seconds=time.perf_counter() - start,
    )
