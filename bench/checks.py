"""Figures that cannot be right, found in a finished report and listed as its errors.

A latency summary over at least one sample has a positive median and a p99 at or above it;
a server-CPU split has each request's engine time inside its CPU time, so the medians keep
that order too. A report breaking either was measured wrong (a stopped clock, a split that
counts a call twice), and the run says so instead of printing the figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["implausible_figures"]


def implausible_figures(report: Any, place: str = "") -> Iterator[str]:
    """Where ``report`` holds a figure that cannot be right, one message each."""
    if isinstance(report, dict):
        if _latency(report) and not report["p99_ms"] >= report["p50_ms"] > 0:
            yield f"{place}: latency p50 {report['p50_ms']} / p99 {report['p99_ms']} ms"
        if _cpu_split(report) and not report["cpu_ms"] >= report["engine_ms"] > 0:
            yield f"{place}: server CPU {report['cpu_ms']} ms below its engine part"
        for key, value in report.items():
            yield from implausible_figures(value, f"{place}.{key}" if place else str(key))
    elif isinstance(report, list):
        for at, value in enumerate(report):
            yield from implausible_figures(value, f"{place}[{at}]")


def _latency(figures: dict[str, Any]) -> bool:
    """A latency summary over at least one sample (``n`` or ``requests``)."""
    samples = figures.get("n", figures.get("requests", 1))
    return "p50_ms" in figures and "p99_ms" in figures and bool(samples)


def _cpu_split(figures: dict[str, Any]) -> bool:
    return "cpu_ms" in figures and "engine_ms" in figures
