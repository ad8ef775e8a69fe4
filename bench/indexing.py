"""Index build throughput: spackdex (as a subprocess, for its peak RSS) and the baselines."""

from __future__ import annotations

import itertools
import shutil
import sys
from pathlib import Path
from typing import Any

import orjson

from bench.baselines import SqliteFts5, WhooshAllFields
from bench.procs import run_measured
from spackdex.indexer.records import Sighting

__all__ = ["build_spackdex", "build_sqlite", "build_whoosh", "distinct_specs"]


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def distinct_specs(records: list[Sighting]) -> int:
    """Distinct hashes among ``records``: what one index document stands for."""
    return len({s.spec.hash for s in records})


def build_spackdex(
    source: Path, packages_json: Path, index_dir: Path, catalog: Path | None = None
) -> dict[str, Any]:
    """Run ``spackdex index`` on a fresh index dir; throughput from its own timer.

    A subprocess so that its peak RSS is the indexer's alone; its ``seconds`` is
    :func:`spackdex.indexer.build.build_index`'s, so interpreter start-up is not counted
    (``wall_s`` includes it).
    """
    shutil.rmtree(index_dir, ignore_errors=True)
    args = [
        sys.executable, "-m", "spackdex.server.cli", "index", str(source),
        "--index-dir", str(index_dir), "--packages", str(packages_json), "--json",
    ]  # fmt: skip
    if catalog is not None:
        args += ["--catalog", str(catalog)]
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    child = run_measured(args, index_dir.parent)
    if child.returncode != 0:
        raise RuntimeError(f"spackdex index failed ({child.returncode}): {child.stderr[-2000:]}")
    report = orjson.loads(child.stdout.strip().splitlines()[-1])
    seconds = float(report["seconds"])
    problems = len(report["skipped"]) + len(report["warnings"])
    return {
        "seconds": seconds,
        "wall_s": round(child.wall_s, 3),
        "occurrences": report["occurrences"],
        "specs": report["specs"],
        "occurrences_per_s": _rate(report["occurrences"], seconds),
        "specs_per_s": _rate(report["specs"], seconds),
        "peak_rss_mb": child.peak_rss_mb,
        "problems": problems,
        "counts": {k: report[k] for k in ("tags", "stacks", "packages", "specs", "occurrences")},
    }


def build_whoosh(
    records: list[Sighting],
    descriptions: dict[str, str],
    index_dir: Path,
    sample: int | None,
) -> tuple[WhooshAllFields, dict[str, Any]]:
    """Build the all-fields Whoosh index, on the first ``sample`` records if given."""
    used = records if sample is None else list(itertools.islice(records, sample))
    shutil.rmtree(index_dir, ignore_errors=True)
    engine = WhooshAllFields()
    seconds = engine.build(used, index_dir, descriptions)
    docs = engine.doc_count
    return engine, {
        "seconds": round(seconds, 3),
        "occurrences": len(used),
        "specs": docs,
        "occurrences_per_s": _rate(len(used), seconds),
        "specs_per_s": _rate(docs, seconds),
        "subsample": sample is not None and sample < len(records),
    }


def build_sqlite(
    records: list[Sighting], descriptions: dict[str, str]
) -> tuple[SqliteFts5, dict[str, Any]]:
    """Load the SQLite FTS5 baseline (in memory, as its default)."""
    engine = SqliteFts5()
    seconds = engine.build(records, descriptions=descriptions)
    docs = engine.doc_count
    return engine, {
        "seconds": round(seconds, 3),
        "occurrences": len(records),
        "specs": docs,
        "occurrences_per_s": _rate(len(records), seconds),
        "specs_per_s": _rate(docs, seconds),
        "subsample": False,
    }
