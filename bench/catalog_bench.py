"""The package catalog at scale: index time, size growth and search with 8,000 recipes.

Everything is measured in the same run against the index built without the catalog, so
the figures are ratios on the same machine load: build seconds, bytes on disk (against
the bytes of catalog JSON read), the standard query mix, and the catalog's own questions
(a description word over packages with and without binaries, a maintainer, package pages).
"""

from __future__ import annotations

import itertools
import shutil
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench.catalog_site import generate_catalog_tree
from bench.config import BenchConfig
from bench.indexing import build_spackdex
from bench.queries import FACET_LIMIT, PAGE_SIZE, QueryCase
from bench.stats import summarize
from spackdex.indexer.publish import current_version
from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.request import (
    FACET_FIELDS,
    Filter,
    PackageOrder,
    SearchRequest,
    SpecOrder,
)

__all__ = ["measure_catalog"]


def measure_catalog(
    workdir: Path,
    site: Path,
    packages_json: Path,
    plain_index: Path,
    cases: list[QueryCase],
    config: BenchConfig,
) -> dict[str, Any]:
    """Generate the catalog beside the specs, index with it, compare with ``plain_index``."""
    plain = SearchIndex.open(plain_index)
    try:
        built = {row["name"]: row["versions"] for row in plain.data.packages}
    finally:
        plain.close()
    tree = workdir / "catalog"
    started = time.perf_counter()
    shutil.rmtree(tree, ignore_errors=True)
    summary = generate_catalog_tree(tree, built, config.catalog_packages, config.seed)
    generated_s = time.perf_counter() - started
    index_dir = workdir / "index-catalog"
    build = build_spackdex(site, packages_json, index_dir, catalog=tree)
    plain_version, catalog_version = current_version(plain_index), current_version(index_dir)
    assert plain_version is not None and catalog_version is not None
    size_plain, size_catalog = _bytes(plain_version), _bytes(catalog_version)
    result: dict[str, Any] = {
        "packages": summary.packages,
        "with_binaries": summary.with_binaries,
        "catalog_text_bytes": summary.text_bytes,
        "generate_s": round(generated_s, 3),
        "index": build,
        "index_bytes": {
            "without_catalog": size_plain,
            "with_catalog": size_catalog,
            "growth": size_catalog - size_plain,
            "catalog_files": _bytes(catalog_version / "catalog"),
            "text_growth": _bytes(catalog_version / "text") - _bytes(plain_version / "text"),
        },
    }
    growth = result["index_bytes"]["growth"]
    # against the JSON read, and against the recipe text kept (the JSON minus what is not
    # served, such as each dependency's copied description; stored compressed)
    result["index_bytes"]["growth_per_json_byte"] = round(growth / max(summary.text_bytes, 1), 3)
    kept = _recipe_json_bytes(catalog_version / "catalog")
    result["index_bytes"]["recipe_json_bytes"] = kept
    result["index_bytes"]["growth_per_recipe_json_byte"] = round(growth / max(kept, 1), 3)
    result["search"] = _search(plain_index, index_dir, cases, config)
    return result


def _search(
    plain_index: Path, index_dir: Path, cases: list[QueryCase], config: BenchConfig
) -> dict[str, Any]:
    """The standard mix on both indexes, then the catalog's own questions.

    The two indexes take turns request by request and each request is timed in CPU
    seconds of this thread: on a shared machine, load that comes and goes then falls on
    both alike, and the ratio compares like with like.
    """
    plain, catalog = SearchIndex.open(plain_index), SearchIndex.open(index_dir)
    try:
        plain.data.warm()
        catalog.data.warm()
        kinds: dict[str, Any] = {}
        for case in cases:
            runs = {
                "without_catalog": _spec_search(plain, case),
                "with_catalog": _spec_search(catalog, case),
            }
            samples: dict[str, list[float]] = {label: [] for label in runs}
            totals: dict[str, int] = {}
            for _ in range(config.warmup):
                for run in runs.values():
                    run()
            for _ in range(config.repeats):
                for label, run in runs.items():
                    begun = time.thread_time()
                    totals[label] = run()
                    samples[label].append(time.thread_time() - begun)
            kinds[case.kind] = {
                label: {**summarize(samples[label]), "total": totals[label]} for label in runs
            }
            kinds[case.kind]["p50_ratio"] = _ratio(
                kinds[case.kind]["with_catalog"], kinds[case.kind]["without_catalog"]
            )
        queries = _catalog_queries(catalog, config.repeats, config.warmup)
    finally:
        plain.close()
        catalog.close()
    return {"cpu_ms": kinds, "catalog_queries": queries}


def _spec_search(index: SearchIndex, case: QueryCase) -> Callable[[], int]:
    """What the main search timing does: a page of specs, its rows and all 9 facets."""

    def run() -> int:
        page = index.search_specs(case.request, SpecOrder.RELEVANCE, 0, PAGE_SIZE)
        index.spec_rows(page.ordinals)
        page.facets(FACET_FIELDS, FACET_LIMIT)
        return page.total

    return run


def _catalog_queries(index: SearchIndex, repeats: int, warmup: int) -> dict[str, Any]:
    catalog = index.catalog
    only = catalog.only_names[len(catalog.only_names) // 2]
    recipe = catalog.catalog.recipe(only)
    assert recipe is not None and recipe.description
    word = max(recipe.description.split()[:6], key=len).strip(".,")
    person = next(m for ms in catalog.catalog.maintainers for m in ms)
    codes = [catalog.code_of(n) for n in (only, index.data.vocab["package"][0])]

    def packages(request: SearchRequest, order: PackageOrder) -> Callable[[], int]:
        def run() -> int:
            page = index.search_packages(request, order, 0, PAGE_SIZE)
            index.package_rows(page.codes)
            return page.total

        return run

    def rows() -> int:
        return len(index.package_rows([c for c in codes if c is not None]))

    kinds: dict[str, Callable[[], int]] = {
        "text_without_binaries": packages(
            SearchRequest(query=word, include_without_binaries=True), PackageOrder.RELEVANCE
        ),
        "typo_without_binaries": packages(
            SearchRequest(query=only[:-1] + "q", include_without_binaries=True),
            PackageOrder.RELEVANCE,
        ),
        "maintainer": packages(
            SearchRequest(filter=Filter(maintainers=(person,)), include_without_binaries=True),
            PackageOrder.NAME,
        ),
        "every_package": packages(SearchRequest(include_without_binaries=True), PackageOrder.NAME),
        "package_rows": rows,
    }
    result: dict[str, Any] = {"asked": {"word": word, "maintainer": person, "package": only}}
    for kind, run in kinds.items():
        for _ in range(warmup):
            run()
        samples: list[float] = []
        total = 0
        for _ in range(repeats):
            begun = time.thread_time()
            total = run()
            samples.append(time.thread_time() - begun)
        result[kind] = {**summarize(samples), "total": total}
    return result


def _ratio(with_catalog: dict[str, Any], without: dict[str, Any]) -> float | None:
    base = float(without["p50_ms"])
    return round(float(with_catalog["p50_ms"]) / base, 3) if base > 0 else None


def _recipe_json_bytes(folder: Path) -> int:
    """The recipe JSON the catalog keeps, uncompressed (see indexer/store/catalog.py)."""
    blob = (folder / "recipes.bin").read_bytes()
    offsets = np.load(folder / "recipes.offsets.npy")
    return sum(len(zlib.decompress(blob[int(a) : int(b)])) for a, b in itertools.pairwise(offsets))


def _bytes(path: Path) -> int:
    """Bytes of a file, or of every file under a folder (0 when absent)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
