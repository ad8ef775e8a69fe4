"""In-process diff of the two largest tags: summary, a page of 20 added specs with their
rows, and the first 20 changed packages, as one API request asks for them.

``python -m bench --diff-only`` runs just this (generate, index, time); the full run times
it too, beside the search timings.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.config import BenchConfig
from bench.generate import generate_packages_json, generate_site
from bench.indexing import build_spackdex
from bench.queries import PAGE_SIZE
from bench.stats import summarize
from spackdex.indexer.search.diff import DiffSide, diff
from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.request import SearchRequest, SpecOrder

__all__ = ["DIFF_TARGET_MS", "largest_tags", "run_diff_only", "time_diff"]

DIFF_TARGET_MS = 20.0


def largest_tags(index: SearchIndex) -> tuple[str, str]:
    """The two tags with the most specs, older first (tags are listed newest first)."""
    rows = index.tag_rows()
    position = {row.name: i for i, row in enumerate(rows)}
    two = sorted(rows, key=lambda row: row.num_specs, reverse=True)[:2]
    newer, older = sorted((row.name for row in two), key=position.__getitem__)
    return older, newer


def time_diff(index: SearchIndex, repeats: int, warmup: int, cap_s: float) -> dict[str, Any]:
    """Wall and CPU time of whole diffs of the two largest tags (with and without a spec)."""
    older, newer = largest_tags(index)
    kinds: dict[str, Any] = {}
    for kind, request in (
        ("tags", SearchRequest()),
        ("tags + spec", SearchRequest(spec="%gcc")),
    ):

        def run(request: SearchRequest = request) -> dict[str, int]:
            result = diff(index, DiffSide(older), DiffSide(newer), request)
            summary = {
                "added": len(result.added),
                "removed": len(result.removed),
                "unchanged": result.unchanged,
                "packages_added": result.packages_added,
                "packages_removed": result.packages_removed,
                "packages_changed": result.packages_changed,
            }
            page = result.added_page(SpecOrder.RELEVANCE, 0, PAGE_SIZE)
            index.spec_rows(page.ordinals)
            result.package_changes(0, PAGE_SIZE)
            return summary

        for _ in range(warmup):
            run()
        wall: list[float] = []
        cpu: list[float] = []
        deadline = time.perf_counter() + cap_s
        summary: dict[str, int] = {}
        while len(wall) < repeats:
            start, start_cpu = time.perf_counter(), time.process_time()
            summary = run()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            if time.perf_counter() > deadline:
                break
        kinds[kind] = {"wall": summarize(wall), "cpu": summarize(cpu), "summary": summary}
    median = kinds["tags"]["wall"]["p50_ms"]
    return {
        "from": older,
        "to": newer,
        "kinds": kinds,
        "target_ms": DIFF_TARGET_MS,
        "met": bool(median <= DIFF_TARGET_MS),
    }


def run_diff_only(config: BenchConfig, log: Callable[[str], None]) -> dict[str, Any]:
    """Generate each size's cache, index it and time the diff; nothing else."""
    runs = []
    for size in config.sizes:
        root = config.workdir or Path(tempfile.mkdtemp(prefix="spackdex-bench-diff-"))
        workdir = root / f"diff-{size}"
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        site, packages_json = workdir / "site", workdir / "packages.json"
        log(f"generate {size:,} occurrences")
        generate_site(site, size, config.seed)
        generate_packages_json(
            packages_json,
            {p.name for p in (site / "_cache").glob("*/*") if p.is_dir()},
            config.seed,
        )
        log("spackdex index")
        built = build_spackdex(site, packages_json, workdir / "index")
        index = SearchIndex.open(workdir / "index")
        try:
            index.data.warm()
            log("diff timing")
            timing = time_diff(index, config.repeats, config.warmup, config.time_cap_s)
        finally:
            index.close()
            if not config.keep:
                shutil.rmtree(workdir if config.workdir else root, ignore_errors=True)
        runs.append({"occurrences": size, "index": built, "diff": timing})
    return {"runs": runs}
