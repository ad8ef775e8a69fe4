"""In-process search + all facets, timed per query kind, for each engine on the same data."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from bench.facets import Filters, SearchResult
from bench.queries import FACET_LIMIT, PAGE_SIZE, QueryCase
from bench.stats import summarize
from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.request import FACET_FIELDS, SpecOrder

__all__ = ["Baseline", "ratios", "time_baseline", "time_spackdex"]


class Baseline(Protocol):
    """What both naive baselines offer."""

    def search_with_facets(
        self, text_query: str | None, filters: Filters, *, disjunctive: bool = False
    ) -> SearchResult: ...


def _time_kind(
    run: Callable[[], int], repeats: int, warmup: int, cap_s: float
) -> tuple[list[float], int]:
    """Time ``run`` ``repeats`` times after ``warmup`` calls, stopping early at ``cap_s``.

    At least one timed sample is always taken, so a very slow engine still reports.
    """
    total = 0
    for _ in range(warmup):
        total = run()
    samples: list[float] = []
    deadline = time.perf_counter() + cap_s
    while len(samples) < repeats:
        start = time.perf_counter()
        total = run()
        samples.append(time.perf_counter() - start)
        if time.perf_counter() > deadline:
            break
    return samples, total


def _summaries(
    cases: Sequence[QueryCase],
    run_case: Callable[[QueryCase], int],
    repeats: int,
    warmup: int,
    cap_s: float,
) -> dict[str, Any]:
    kinds: dict[str, Any] = {}
    everything: list[float] = []
    for case in cases:
        samples, total = _time_kind(functools.partial(run_case, case), repeats, warmup, cap_s)
        everything.extend(samples)
        kinds[case.kind] = {**summarize(samples), "total": total}
    return {"kinds": kinds, "overall": summarize(everything)}


def time_spackdex(
    index: SearchIndex, cases: Sequence[QueryCase], repeats: int, warmup: int, cap_s: float
) -> dict[str, Any]:
    """search_specs (first 20, by relevance), the page's rows, and all 9 facets (limit 50)."""

    def run(case: QueryCase) -> int:
        page = index.search_specs(case.request, SpecOrder.RELEVANCE, 0, PAGE_SIZE)
        # The hashes of the page, as the baselines return theirs (and the API's edges do).
        index.spec_rows(page.ordinals)
        page.facets(FACET_FIELDS, FACET_LIMIT)
        return page.total

    return _summaries(cases, run, repeats, warmup, cap_s)


def time_baseline(
    engine: Baseline, cases: Sequence[QueryCase], repeats: int, warmup: int, cap_s: float
) -> dict[str, Any]:
    """``search_with_facets`` (top 20 hashes and every facet, uncapped) per query kind."""

    def run(case: QueryCase) -> int:
        result = engine.search_with_facets(case.text, case.filters, disjunctive=case.disjunctive)
        return result.total

    return _summaries(cases, run, repeats, warmup, cap_s)


def ratios(spackdex: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float | None]:
    """How many times faster spackdex is, per kind (p50 over p50) and for the whole mix.

    ``mix`` compares the sum of per-kind p50s: one of each query, end to end.
    """
    out: dict[str, float | None] = {}
    ours_sum = theirs_sum = 0.0
    for kind, ours in spackdex["kinds"].items():
        theirs = baseline["kinds"].get(kind)
        if theirs is None or not ours["p50_ms"]:
            out[kind] = None
            continue
        out[kind] = round(theirs["p50_ms"] / ours["p50_ms"], 1)
        ours_sum += ours["p50_ms"]
        theirs_sum += theirs["p50_ms"]
    out["mix"] = round(theirs_sum / ours_sum, 1) if ours_sum else None
    return out
