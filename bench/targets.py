"""The issue's performance targets, checked against one size's measurements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.queries import MATCH_ALL, SELECTIVE

__all__ = ["TARGETS", "Target", "evaluate"]


@dataclass(frozen=True)
class Target:
    """A threshold on one measured figure; ``at_least`` says which side passes."""

    name: str
    unit: str
    threshold: float
    at_least: bool
    value: Callable[[dict[str, Any]], float | None]
    note: str = ""


def _get(run: dict[str, Any], *path: str) -> Any:
    node: Any = run
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _level(run: dict[str, Any], concurrency: int, key: str) -> float | None:
    for level in _get(run, "http", "levels") or []:
        if level["concurrency"] == concurrency:
            return float(level[key])
    return None


def _worst_selective_p50(run: dict[str, Any]) -> float | None:
    kinds = _get(run, "search", "spackdex", "kinds")
    if not kinds:
        return None
    return max(float(kinds[k]["p50_ms"]) for k in SELECTIVE if k in kinds)


def _whoosh_build_ratio(run: dict[str, Any]) -> float | None:
    ours, theirs = _get(run, "index", "spackdex"), _get(run, "index", "whoosh")
    if not ours or not theirs or "specs_per_s" not in theirs or not theirs["specs_per_s"]:
        return None
    # Distinct specs per second on both sides: one Whoosh document is one distinct spec.
    return round(float(ours["specs_per_s"]) / float(theirs["specs_per_s"]), 2)


def _mirror_vs_site(run: dict[str, Any]) -> float | None:
    site, mirror = _get(run, "index", "spackdex"), _get(run, "index", "spackdex_v3_mirror")
    if not site or not mirror or not site.get("occurrences_per_s"):
        return None
    if "occurrences_per_s" not in mirror:
        return None
    return round(float(mirror["occurrences_per_s"]) / float(site["occurrences_per_s"]), 2)


def _max_worker_rss(run: dict[str, Any]) -> float | None:
    children = _get(run, "http", "memory", "children")
    if not children:
        return None
    return max(float(c["peak_rss_mb"]) for c in children)


TARGETS: tuple[Target, ...] = (
    Target("index occurrences/s", "/s", 10_000, True,
           lambda r: _get(r, "index", "spackdex", "occurrences_per_s"),
           "input spec records per second"),
    Target("index vs Whoosh build", "x", 3, True, _whoosh_build_ratio,
           "distinct specs/s, spackdex over all-fields Whoosh"),
    Target("index from v3 mirrors vs site pages", "x", 1, True, _mirror_vs_site,
           "occurrences/s, the same data read from layout-v3 mirrors over site pages"),
    Target("search p50 selective (worst kind)", "ms", 5, False, _worst_selective_p50,
           "search + 9 facets, in process"),
    Target("search p50 match-all", "ms", 25, False,
           lambda r: _get(r, "search", "spackdex", "kinds", MATCH_ALL, "p50_ms")),
    Target("vs SQLite FTS5 + GROUP BY", "x", 10, True,
           lambda r: _get(r, "search", "ratios", "sqlite", "mix"), "sum of per-kind p50s"),
    Target("vs Whoosh groupedby", "x", 50, True,
           lambda r: _get(r, "search", "ratios", "whoosh", "mix"), "sum of per-kind p50s"),
    Target("diff p50, two largest tags", "ms", 20, False,
           lambda r: _get(r, "search", "diff", "kinds", "tags", "wall", "p50_ms"),
           "summary + 20 added specs + 20 changed packages, in process"),
    Target("HTTP p50 @16", "ms", 15, False, lambda r: _level(r, 16, "p50_ms")),
    Target("HTTP p99 @16", "ms", 60, False, lambda r: _level(r, 16, "p99_ms")),
    Target("HTTP requests/s @16", "/s", 400, True, lambda r: _level(r, 16, "requests_per_s")),
    Target("ready after start", "s", 3, False, lambda r: _get(r, "http", "ready_s")),
    Target("peak RSS per worker", "MB", 600, False, _max_worker_rss, "VmHWM, worst worker"),
    Target("server CPU/request, realistic", "ms", 2.0, False,
           lambda r: _get(r, "server_cpu", "realistic", "cpu_ms"), "median, in process"),
    Target("server CPU/request, heavy", "ms", 3.5, False,
           lambda r: _get(r, "server_cpu", "heavy", "cpu_ms"), "median, in process"),
)  # fmt: skip


def evaluate(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured value and ``passed`` (None: not measured this run)."""
    results: list[dict[str, Any]] = []
    for target in TARGETS:
        value = target.value(run)
        passed: bool | None = None
        note = target.note
        if value is not None:
            passed = value >= target.threshold if target.at_least else value <= target.threshold
        if target.name == "vs Whoosh groupedby" and _get(run, "index", "whoosh", "subsample"):
            # Whoosh searched a smaller index: a pass still holds, a miss proves nothing.
            note = "Whoosh on a subsample (ratio understates spackdex)"
            if passed is False:
                passed = None
        results.append({
            "name": target.name,
            "threshold": target.threshold,
            "comparison": ">=" if target.at_least else "<=",
            "unit": target.unit,
            "value": value,
            "passed": passed,
            "note": note,
        })  # fmt: skip
    return results
