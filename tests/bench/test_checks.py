"""The benchmark's own check of figures that cannot be right (fixed figures, no timing)."""

from __future__ import annotations

from bench.checks import implausible_figures


def test_sound_figures_pass() -> None:
    report = {
        "runs": [
            {
                "search": {"name": {"n": 3, "p50_ms": 1.2, "p99_ms": 1.9}},
                "empty": {"n": 0, "p50_ms": 0.0, "p99_ms": 0.0},
                "no_answers": {"requests": 0, "p50_ms": 0.0, "p99_ms": 0.0},
                "server_cpu": {"realistic": {"cpu_ms": 2.0, "engine_ms": 0.9}},
            }
        ]
    }
    assert list(implausible_figures(report)) == []


def test_impossible_figures_are_named_with_their_place() -> None:
    report = {
        "runs": [
            {
                "search": {"name": {"n": 3, "p50_ms": 0.0, "p99_ms": 1.0}},
                "http": [{"requests": 9, "p50_ms": 2.0, "p99_ms": 1.0}],
                "server_cpu": {"heavy": {"cpu_ms": 1.0, "engine_ms": 1.5}},
            }
        ]
    }
    assert list(implausible_figures(report)) == [
        "runs[0].search.name: latency p50 0.0 / p99 1.0 ms",
        "runs[0].http[0]: latency p50 2.0 / p99 1.0 ms",
        "runs[0].server_cpu.heavy: server CPU 1.0 ms below its engine part",
    ]
