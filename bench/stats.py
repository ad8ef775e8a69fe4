"""Latency summaries: percentiles in milliseconds over a list of seconds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["LatencySummary", "summarize"]

LatencySummary = dict[str, float | int]


def summarize(seconds: Sequence[float]) -> LatencySummary:
    """``n``, ``p50_ms``, ``p99_ms``, ``mean_ms`` and ``max_ms`` (zeros when empty).

    Percentiles interpolate linearly, so with fewer than 100 samples p99 sits between the
    two slowest; ``n`` is reported so a reader can tell how much a p99 is worth.
    """
    if not seconds:
        return {"n": 0, "p50_ms": 0.0, "p99_ms": 0.0, "mean_ms": 0.0, "max_ms": 0.0}
    ms = np.asarray(seconds, dtype=np.float64) * 1000.0
    p50, p99 = np.percentile(ms, [50, 99])
    return {
        "n": len(ms),
        "p50_ms": round(float(p50), 3),
        "p99_ms": round(float(p99), 3),
        "mean_ms": round(float(ms.mean()), 3),
        "max_ms": round(float(ms.max()), 3),
    }
