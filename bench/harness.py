"""One benchmark run: at each size, generate, index, serve, load, search, compare.

Every phase runs even when an earlier one failed (as far as its inputs exist); a failure
is recorded under ``errors`` and in the phase's section rather than ending the run, so a
broken server still leaves the in-process numbers.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from bench.catalog_bench import measure_catalog
from bench.checks import implausible_figures
from bench.compare import compare_http
from bench.config import BenchConfig
from bench.descriptions import describe
from bench.diff_timing import time_diff
from bench.generate import generate_packages_json, generate_records, generate_site
from bench.http_load import load_level, running_server
from bench.indexing import build_spackdex, build_sqlite, build_whoosh
from bench.mirror_writer import write_mirrors
from bench.procs import machine_info
from bench.queries import QueryCase, query_mix
from bench.search_timing import ratios, time_baseline, time_spackdex
from bench.server_cpu import measure_server_cpu
from bench.targets import evaluate
from spackdex.indexer.search.engine import SearchIndex

__all__ = ["SCHEMA_VERSION", "run", "run_size"]

SCHEMA_VERSION = 1
Log = Callable[[str], None]
T = TypeVar("T")


def _quiet(_message: str) -> None:
    pass


class _Phases:
    """Runs phases, timing each and keeping going past failures."""

    def __init__(self, log: Log) -> None:
        self.errors: list[str] = []
        self.seconds: dict[str, float] = {}
        self._log = log

    def run(self, name: str, step: Callable[[], T]) -> T | None:
        self._log(f"{name}...")
        start = time.perf_counter()
        try:
            return step()
        except Exception as error:
            last = traceback.format_exception_only(error)[-1].strip()
            self.errors.append(f"{name}: {last}")
            self._log(f"{name} FAILED: {last}")
            return None
        finally:
            self.seconds[name] = round(time.perf_counter() - start, 3)


def _generate(site: Path, packages_json: Path, occurrences: int, seed: int) -> dict[str, Any]:
    summary = generate_site(site, occurrences, seed)
    # Descriptions for exactly the packages on the pages, as spackdex and baselines see them.
    names = {p.name for p in (site / "_cache").glob("*/*") if p.is_dir()}
    generate_packages_json(packages_json, names, seed)
    return {
        "seconds": round(summary.seconds, 3),
        "occurrences": summary.occurrences,
        "distinct_specs": summary.distinct_hashes,
        "packages": summary.packages,
        "tags": len(summary.tags),
        "pages": summary.pages,
        "bytes": summary.bytes_written,
    }


def _index_mirror(
    config: BenchConfig, occurrences: int, workdir: Path, packages_json: Path, site_counts: Any
) -> dict[str, Any]:
    """The same sightings written as layout-v3 mirrors, indexed by spackdex from them."""
    mirrors = workdir / "mirrors"
    shutil.rmtree(mirrors, ignore_errors=True)
    started = time.perf_counter()
    written = write_mirrors(mirrors, generate_records(occurrences, config.seed))
    generate_seconds = time.perf_counter() - started
    try:
        result = build_spackdex(written.sources_yaml, packages_json, workdir / "index-v3")
    finally:
        shutil.rmtree(mirrors, ignore_errors=True)
        shutil.rmtree(workdir / "index-v3", ignore_errors=True)
    result["mirrors"] = written.mirrors
    result["index_records"] = written.index_records
    result["mirror_bytes"] = written.bytes_written
    result["generate_seconds"] = round(generate_seconds, 3)
    # the mirrors hold the sightings the site pages hold: the same index counts
    result["same_counts_as_site"] = result["counts"] == site_counts
    return result


def _http(
    config: BenchConfig, index_dir: Path, workdir: Path, cases: list[QueryCase]
) -> dict[str, Any]:
    # SPACKDEX_RESPONSE_CACHE_MB=0 turns the server's response cache off (see BenchConfig).
    env = {} if config.response_cache else {"SPACKDEX_RESPONSE_CACHE_MB": "0"}
    with running_server(index_dir, workdir, config.workers, config.ready_timeout_s, env) as server:
        levels = [
            load_level(server, cases, c, config.http_duration_s, config.http_warmup_s)
            for c in config.concurrency
        ]
        memory = server.memory()  # after the load: peaks include serving
    return {
        "workers": config.workers,
        "response_cache": "as configured" if config.response_cache else "off",
        "ready_s": round(server.ready_s, 3),
        "all_workers_ready_s": (
            None if server.all_workers_ready_s is None else round(server.all_workers_ready_s, 3)
        ),
        "levels": levels,
        "errors": sum(level["errors"] for level in levels),
        "memory": memory,
    }


def _baselines(
    config: BenchConfig,
    occurrences: int,
    workdir: Path,
    cases: list[QueryCase],
    phases: _Phases,
    log: Log,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Build and time Whoosh and SQLite on the same records; (index, search) sections."""
    index: dict[str, Any] = {}
    search: dict[str, Any] = {}
    if not config.baselines_at(occurrences):
        reason = f"skipped above {config.baselines_up_to} occurrences (--baselines-up-to)"
        return {"whoosh": {"skipped": reason}, "sqlite": {"skipped": reason}}, {
            "whoosh": {"skipped": reason},
            "sqlite": {"skipped": reason},
        }
    records = list(generate_records(occurrences, config.seed))
    descriptions = {name: describe(name, config.seed) for name in {r.spec.name for r in records}}
    reps, warm, cap = config.baseline_repeats, min(config.warmup, 1), config.time_cap_s
    if config.skip_whoosh:
        index["whoosh"] = search["whoosh"] = {"skipped": "--skip-whoosh"}
    else:
        built = phases.run(
            "whoosh build",
            lambda: build_whoosh(records, descriptions, workdir / "whoosh", config.whoosh_sample),
        )
        if built is not None:
            whoosh, index["whoosh"] = built
            try:
                search["whoosh"] = phases.run(
                    "whoosh search", lambda: time_baseline(whoosh, cases, reps, warm, cap)
                )
                search["whoosh"] = search["whoosh"] or {"error": "failed"}
                search["whoosh"]["subsample"] = index["whoosh"]["subsample"]
            finally:
                whoosh.close()
        else:
            index["whoosh"] = search["whoosh"] = {"error": "build failed"}
    if config.skip_sqlite:
        index["sqlite"] = search["sqlite"] = {"skipped": "--skip-sqlite"}
    else:
        sql_built = phases.run("sqlite build", lambda: build_sqlite(records, descriptions))
        if sql_built is not None:
            sqlite, index["sqlite"] = sql_built
            try:
                result = phases.run(
                    "sqlite search", lambda: time_baseline(sqlite, cases, reps, warm, cap)
                )
                search["sqlite"] = result or {"error": "failed"}
            finally:
                sqlite.close()
        else:
            index["sqlite"] = search["sqlite"] = {"error": "build failed"}
    log(f"baselines done ({len(records)} records)")
    return index, search


@contextmanager
def _open_index(index_dir: Path) -> Iterator[SearchIndex]:
    index = SearchIndex.open(index_dir)
    try:
        index.data.warm()  # as the server does before it reports ready
        yield index
    finally:
        index.close()


def run_size(
    config: BenchConfig, occurrences: int, workdir: Path, log: Log = _quiet
) -> dict[str, Any]:
    """Every measurement at one size, in ``workdir`` (created); see the module docstring."""
    workdir.mkdir(parents=True, exist_ok=True)
    phases = _Phases(log)
    site, packages_json = workdir / "site", workdir / "packages.json"
    index_dir = workdir / "index"
    result: dict[str, Any] = {"occurrences": occurrences}
    started = time.perf_counter()
    shutil.rmtree(site, ignore_errors=True)
    result["generate"] = phases.run(
        "generate", lambda: _generate(site, packages_json, occurrences, config.seed)
    ) or {"error": "failed"}
    ours = phases.run("spackdex index", lambda: build_spackdex(site, packages_json, index_dir))
    result["index"] = {"spackdex": ours or {"error": "failed"}}
    if ours is not None and not config.skip_mirror:
        mirror = phases.run(
            "spackdex index (v3 mirrors)",
            lambda: _index_mirror(config, occurrences, workdir, packages_json, ours["counts"]),
        )
        result["index"]["spackdex_v3_mirror"] = mirror or {"error": "failed"}
    result["search"] = {}
    if ours is not None:
        with _open_index(index_dir) as index:
            cases = query_mix(index)
            result["queries"] = [
                {"kind": c.kind, "variables": c.variables, "baseline_text": c.text,
                 "baseline_filters": {k: list(v) for k, v in c.filters.items()},
                 "disjunctive": c.disjunctive}
                for c in cases
            ]  # fmt: skip
            result["http"] = phases.run(
                "http", lambda: _http(config, index_dir, workdir, cases)
            ) or {"error": "failed"}
            result["search"]["spackdex"] = phases.run(
                "spackdex search",
                lambda: time_spackdex(
                    index, cases, config.repeats, config.warmup, config.time_cap_s
                ),
            ) or {"error": "failed"}
            result["search"]["diff"] = phases.run(
                "spackdex diff",
                lambda: time_diff(index, config.repeats, config.warmup, config.time_cap_s),
            ) or {"error": "failed"}
        if config.catalog_packages > 0:
            result["catalog"] = phases.run(
                "catalog",
                lambda: measure_catalog(workdir, site, packages_json, index_dir, cases, config),
            ) or {"error": "failed"}
        result["server_cpu"] = phases.run(
            "server cpu",
            lambda: measure_server_cpu(index_dir, cases, config.cpu_repeats, config.warmup),
        ) or {"error": "failed"}
        base_index, base_search = _baselines(config, occurrences, workdir, cases, phases, log)
        result["index"].update(base_index)
        result["search"].update(base_search)
        result["search"]["ratios"] = {
            name: ratios(result["search"]["spackdex"], base_search[name])
            for name in ("whoosh", "sqlite")
            if "kinds" in base_search.get(name, {}) and "kinds" in result["search"]["spackdex"]
        }
        if config.compare_rev or not config.skip_datasette:
            result["http_compare"] = phases.run(
                "http compare",
                lambda: compare_http(
                    config, occurrences, index_dir, site, packages_json, workdir, cases, log
                ),
            ) or {"error": "failed"}
    result["targets"] = evaluate(result)
    result["phase_seconds"] = phases.seconds
    result["seconds"] = round(time.perf_counter() - started, 3)
    result["errors"] = phases.errors
    return result


def run(config: BenchConfig, log: Log = _quiet) -> dict[str, Any]:
    """Run every size of ``config``; the whole report as one JSON-ready object."""
    started = time.perf_counter()
    root = config.workdir or Path(tempfile.mkdtemp(prefix="spackdex-bench-"))
    report: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "machine": machine_info(),
        "config": config.as_json(),
        "runs": [],
    }
    try:
        for size in config.sizes:
            log(f"== {size:,} occurrences")
            report["runs"].append(run_size(config, size, root / f"size-{size}", log))
    finally:
        if config.workdir is None and not config.keep:
            shutil.rmtree(root, ignore_errors=True)
        elif not config.keep:
            for size in config.sizes:
                shutil.rmtree(root / f"size-{size}", ignore_errors=True)
    # Other work on a shared machine skews timings: say how loaded it was by the end.
    report["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report["errors"] = [f"{r['occurrences']}: {e}" for r in report["runs"] for e in r["errors"]]
    report["errors"] += list(implausible_figures(report["runs"], "runs"))
    report["seconds"] = round(time.perf_counter() - started, 3)
    return report
