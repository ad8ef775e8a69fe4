"""Microarchitecture compatibility on archspec's graph."""

from __future__ import annotations

import pytest

from spackdex.indexer.spack import (
    UnknownTargetError,
    is_known_target,
    runnable_targets,
    specificity,
    target_in_range,
)

# Each row: (binary's target, host, runs?). Expectations follow archspec's ancestor graph.
RUNS_ON = [
    ("x86_64", "zen3", True),
    ("x86_64", "haswell", True),
    ("x86_64_v2", "zen3", True),
    ("x86_64_v3", "zen3", True),
    ("x86_64_v3", "haswell", True),
    ("x86_64_v4", "zen2", False),
    ("x86_64_v4", "zen4", True),
    ("x86_64_v4", "haswell", False),
    ("x86_64_v4", "sapphirerapids", True),
    ("zen3", "zen3", True),
    ("zen2", "zen3", True),
    ("zen", "zen5", True),
    ("zen3", "zen2", False),
    ("zen4", "zen3", False),
    ("zen3", "haswell", False),
    ("haswell", "zen3", False),
    ("haswell", "icelake", True),
    ("skylake_avx512", "sapphirerapids", True),
    ("aarch64", "neoverse_v2", True),
    ("armv8.2a", "a64fx", True),
    ("neoverse_n1", "neoverse_v1", True),
    ("neoverse_n1", "neoverse_v2", True),
    ("neoverse_v1", "neoverse_v2", False),
    ("neoverse_v2", "neoverse_n1", False),
    ("m1", "m2", True),
    ("m2", "m1", False),
    ("aarch64", "zen3", False),
    ("neoverse_v2", "zen4", False),
    ("x86_64", "neoverse_v2", False),
    ("x86_64", "m1", False),
    ("ppc64le", "power9le", True),
    ("x86_64", "power9le", False),
    ("not_a_target", "zen3", False),
]


@pytest.mark.parametrize(("binary", "host", "runs"), RUNS_ON)
def test_runnable_targets(binary: str, host: str, runs: bool) -> None:
    assert (binary in runnable_targets(host)) is runs


def test_runnable_targets_includes_host_and_family_root() -> None:
    assert runnable_targets("zen3") == frozenset(
        {"zen3", "zen2", "zen", "x86_64_v3", "x86_64_v2", "x86_64"}
    )
    assert runnable_targets("x86_64") == frozenset({"x86_64"})


def test_unknown_host_suggests_close_names() -> None:
    with pytest.raises(UnknownTargetError) as info:
        runnable_targets("zen9")
    error = info.value
    assert error.name == "zen9"
    assert error.suggestions
    assert all(s.startswith("zen") for s in error.suggestions)
    assert str(error).startswith("unknown microarchitecture 'zen9'; did you mean: zen")


def test_unknown_target_without_suggestions() -> None:
    with pytest.raises(UnknownTargetError) as info:
        runnable_targets("qqqqqqqqqqqq")
    assert info.value.suggestions == []
    assert str(info.value) == "unknown microarchitecture 'qqqqqqqqqqqq'"


RANGES = [
    ("x86_64_v3", "x86_64_v3", None, True),
    ("zen3", "x86_64_v3", None, True),
    ("icelake", "x86_64_v3", None, True),
    ("x86_64_v2", "x86_64_v3", None, False),
    ("neoverse_v2", "x86_64_v3", None, False),
    ("zen3", None, "zen3", True),
    ("x86_64_v3", None, "zen3", True),
    ("x86_64", None, "zen3", True),
    ("zen4", None, "zen3", False),
    ("haswell", None, "zen3", False),
    ("zen2", "x86_64_v3", "zen3", True),
    ("x86_64_v2", "x86_64_v3", "zen3", False),
    ("zen4", "x86_64_v3", "zen3", False),
    ("zen4", None, None, True),
    ("mystery", "x86_64_v3", None, False),
    ("mystery", None, None, False),
]


@pytest.mark.parametrize(("target", "low", "high", "expected"), RANGES)
def test_target_in_range(target: str, low: str | None, high: str | None, expected: bool) -> None:
    assert target_in_range(target, low, high) is expected


@pytest.mark.parametrize(("low", "high"), [("zen9", None), (None, "skylake_avx513")])
def test_target_range_unknown_bound(low: str | None, high: str | None) -> None:
    with pytest.raises(UnknownTargetError):
        target_in_range("zen3", low, high)


def test_specificity_ranks_specific_first() -> None:
    compatible = sorted(runnable_targets("zen3"), key=specificity, reverse=True)
    assert compatible[0] == "zen3"
    assert compatible[-1] == "x86_64"
    assert specificity("x86_64") == 1
    assert specificity("unknown") == 0
    assert specificity("zen3") > specificity("x86_64_v3") > specificity("x86_64_v2")


def test_is_known_target() -> None:
    assert is_known_target("zen3")
    assert not is_known_target("zen9")
