"""HTTP under load, side by side in one run: this checkout, an earlier release, Datasette.

Each server is started once and they take turns: for each round, for the realistic and the
heavy query, each server gets the same load (the query mix at one concurrency) for a slice
of the duration. Interleaving spreads any change in the machine's other load over all of
them, so the ratios are fair even on a shared machine. Latencies are pooled over rounds.

The earlier release is a ``git archive`` of the revision, run with this interpreter and its
installed dependencies (``PYTHONPATH`` pointing at the extracted tree). It serves this run's
index when its index format is the same, and otherwise an index it builds itself from the
same generated cache.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from bench.config import BenchConfig
from bench.datasette_peer import (
    build_database,
    datasette_available,
    datasette_probes,
    running_datasette,
)
from bench.descriptions import describe
from bench.generate import generate_records
from bench.http_load import graphql_probes, load_probes, running_server
from bench.procs import bench_env
from bench.queries import GRAPHQL_QUERY, REALISTIC_QUERY, QueryCase
from bench.server_cpu import measure_in_subprocess
from bench.stats import summarize
from spackdex.indexer.store.layout import FORMAT_VERSION

__all__ = ["compare_http", "release_tree"]

_REPO = Path(__file__).resolve().parent.parent
QUERIES = {"realistic": REALISTIC_QUERY, "heavy": GRAPHQL_QUERY}
DATASETTE_TIMEOUT_S = 600.0
Log = Callable[[str], None]


def release_tree(rev: str, into: Path) -> tuple[Path, str]:
    """The tree of ``rev`` (any git revision) extracted under ``into``; (path, commit)."""
    commit = subprocess.run(
        ["git", "-C", str(_REPO), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    tree = into / f"release-{commit[:10]}"
    if not (tree / "spackdex").exists():
        archive = subprocess.run(
            ["git", "-C", str(_REPO), "archive", "--format=tar", commit],
            check=True,
            capture_output=True,
        ).stdout
        tree.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            try:
                tar.extractall(tree, filter="data")
            except TypeError:  # Python before 3.11.4: no filters (our own repository's tar)
                tar.extractall(tree)
    return tree, commit


def _format_of(tree: Path) -> int | None:
    """The index format the release at ``tree`` reads (None when it cannot say)."""
    code = "from spackdex.indexer.store.layout import FORMAT_VERSION; print(FORMAT_VERSION)"
    found = subprocess.run(
        [sys.executable, "-P", "-c", code],
        capture_output=True,
        text=True,
        env={**bench_env(), "PYTHONPATH": str(tree)},
        cwd=tree,
    )
    return int(found.stdout) if found.returncode == 0 and found.stdout.strip() else None


def _release_index(tree: Path, site: Path, packages_json: Path, workdir: Path) -> Path:
    """An index the release can read, built by the release itself from the same cache."""
    index_dir = workdir / f"index-{tree.name}"
    args = [
        sys.executable, "-m", "spackdex.server.cli", "index", str(site),
        "--index-dir", str(index_dir), "--packages", str(packages_json), "--json",
    ]  # fmt: skip
    args.insert(1, "-P")  # not this checkout from the working directory: the release
    child = subprocess.run(
        args,
        capture_output=True,
        text=True,
        env={**bench_env(), "PYTHONPATH": str(tree)},
        cwd=tree,
    )
    if child.returncode != 0:
        raise RuntimeError(f"the release's indexer failed: {child.stderr[-2000:]}")
    return index_dir


@contextmanager
def _servers(
    config: BenchConfig,
    occurrences: int,
    index_dir: Path,
    site: Path,
    packages_json: Path,
    workdir: Path,
    cases: list[QueryCase],
    log: Log,
) -> Iterator[tuple[dict[str, dict[str, Any]], dict[str, Any]]]:
    """Start every contender; (name -> {url, pids, probes per query}, facts about them)."""
    env = {"SPACKDEX_RESPONSE_CACHE_MB": "0"}
    contenders: dict[str, dict[str, Any]] = {}
    facts: dict[str, Any] = {}
    timeout = config.ready_timeout_s
    with ExitStack() as stack:
        ours = stack.enter_context(running_server(index_dir, workdir, config.workers, timeout, env))
        contenders["spackdex"] = {
            "url": ours.url,
            "pids": ours.pids(),
            "probes": {q: graphql_probes(cases, text) for q, text in QUERIES.items()},
        }
        if config.compare_rev:
            tree, commit = release_tree(config.compare_rev, workdir)
            same_format = _format_of(tree) == FORMAT_VERSION
            release_index = (
                index_dir if same_format else _release_index(tree, site, packages_json, workdir)
            )
            log(f"previous release {commit[:10]} ({'same' if same_format else 'own'} index)")
            old = stack.enter_context(
                running_server(release_index, workdir, config.workers, timeout, env, tree)
            )
            name = f"spackdex {config.compare_rev}"
            contenders[name] = {
                "url": old.url,
                "pids": old.pids(),
                "probes": {q: graphql_probes(cases, text) for q, text in QUERIES.items()},
            }
            facts["previous_release"] = {
                "rev": config.compare_rev,
                "commit": commit,
                "index": "shared" if same_format else "built by the release",
                "tree": str(tree),
                "index_dir": str(release_index),
            }
        if not config.skip_datasette and datasette_available():
            records = list(generate_records(occurrences, config.seed))
            names = {r.spec.name for r in records}
            descriptions = {name: describe(name, config.seed) for name in names}
            db = workdir / "specs.db"
            facts["datasette_db"] = build_database(records, db, descriptions)
            del records
            peer = stack.enter_context(running_datasette(db, workdir, timeout))
            contenders["datasette"] = {
                "url": peer.url,
                "pids": peer.pids(),
                # at concurrency 16 its answers take tens of seconds: measured, not dropped
                "timeout_s": DATASETTE_TIMEOUT_S,
                "probes": {
                    q: datasette_probes(cases, peer.database, heavy=q == "heavy") for q in QUERIES
                },
            }
        elif not config.skip_datasette:
            facts["datasette"] = "not installed (pip install -e '.[bench]')"
        yield contenders, facts


def _pooled(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One summary from the rounds' raw latencies, requests and CPU."""
    samples = [s for r in rounds for s in r.pop("samples")]
    seconds = sum(r["duration_s"] for r in rounds)
    requests = sum(r["requests"] for r in rounds)
    server_cpu = sum(r["server_cpu_ms_per_request"] * r["requests"] for r in rounds)
    return {
        "rounds": len(rounds),
        "duration_s": round(seconds, 3),
        "requests": requests,
        "errors": sum(r["errors"] for r in rounds),
        "requests_per_s": round(requests / seconds, 1) if seconds else 0.0,
        "server_cpu_ms_per_request": round(server_cpu / requests, 2) if requests else 0.0,
        **summarize(samples),
    }


def compare_http(
    config: BenchConfig,
    occurrences: int,
    index_dir: Path,
    site: Path,
    packages_json: Path,
    workdir: Path,
    cases: list[QueryCase],
    log: Log,
) -> dict[str, Any]:
    """Load every contender with the realistic and the heavy query, interleaved; the
    figures per contender and query, and each one's ratios to this checkout."""
    concurrency = config.compare_concurrency
    rounds = max(1, config.compare_rounds)
    slice_s = config.http_duration_s / rounds
    with _servers(config, occurrences, index_dir, site, packages_json, workdir, cases, log) as (
        contenders,
        facts,
    ):
        previous = facts.get("previous_release")
        if previous is not None:
            log("server CPU per request: this checkout and the previous release, in turns")
            facts["server_cpu"] = _server_cpu_side_by_side(
                config, index_dir, Path(previous["index_dir"]), Path(previous["tree"]), cases
            )
        raw: dict[str, dict[str, list[dict[str, Any]]]] = {
            name: {q: [] for q in QUERIES} for name in contenders
        }
        for round_ in range(rounds):
            for query in QUERIES:
                for name, c in contenders.items():
                    log(f"compare round {round_ + 1}/{rounds}: {name}, {query}")
                    raw[name][query].append(
                        load_probes(
                            c["url"],
                            c["pids"],
                            c["probes"][query],
                            concurrency,
                            slice_s,
                            config.http_warmup_s,
                            keep_samples=True,
                            timeout_s=c.get("timeout_s", 30.0),
                        )
                    )
    results = {
        name: {q: _pooled(runs) for q, runs in by_query.items()} for name, by_query in raw.items()
    }
    ours = results["spackdex"]
    ratios = {
        name: {
            q: {
                "requests_per_s": _ratio(ours[q]["requests_per_s"], figures[q]["requests_per_s"]),
                "p50": _ratio(figures[q]["p50_ms"], ours[q]["p50_ms"]),
                "p99": _ratio(figures[q]["p99_ms"], ours[q]["p99_ms"]),
            }
            for q in QUERIES
        }
        for name, figures in results.items()
        if name != "spackdex"
    }
    return {
        "concurrency": concurrency,
        "workers": config.workers,
        "response_cache": "off",
        "contenders": results,
        # how many times better spackdex is: its req/s over theirs, their latency over its
        "ratios": ratios,
        **facts,
    }


def _server_cpu_side_by_side(
    config: BenchConfig, index_dir: Path, release_index: Path, tree: Path, cases: list[QueryCase]
) -> dict[str, Any]:
    """Server CPU per request of this checkout and of the release, each in a fresh process,
    in alternating rounds (half the repeats each); medians averaged over the rounds."""
    rounds = 2
    repeats = max(1, config.cpu_repeats // rounds)
    measured: dict[str, list[dict[str, Any]]] = {"spackdex": [], "previous": []}
    for _ in range(rounds):
        measured["spackdex"].append(
            measure_in_subprocess(index_dir, cases, repeats, config.warmup, None, bench_env())
        )
        measured["previous"].append(
            measure_in_subprocess(release_index, cases, repeats, config.warmup, tree, bench_env())
        )
    parts = ("cpu_ms", "engine_ms", "execution_ms", "rest_ms")
    result: dict[str, Any] = {
        name: {
            query: {part: round(sum(r[query][part] for r in runs) / len(runs), 3) for part in parts}
            for query in QUERIES
        }
        for name, runs in measured.items()
    }
    result["ratio"] = {
        query: _ratio(result["previous"][query]["cpu_ms"], result["spackdex"][query]["cpu_ms"])
        for query in QUERIES
    }
    return result


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None
