"""The benchmark runs end to end at a small size and reports every section, error-free.

Timings are not checked (they depend on the machine); only the report's shape, that every
phase ran, that no request or phase failed, and that the engines found what they should.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import orjson
import pytest
from rich.console import Console

from bench.__main__ import main
from bench.baselines import fts5_available
from bench.queries import MATCH_ALL, SELECTIVE
from bench.report import render
from bench.targets import TARGETS

pytestmark = pytest.mark.skipif(not fts5_available(), reason="sqlite3 lacks FTS5")

KINDS = {*SELECTIVE, MATCH_ALL}
SMALL = [
    "--occurrences", "20000", "--repeats", "3", "--baseline-repeats", "2", "--warmup", "1",
    "--time-cap", "1", "--http-duration", "1", "--http-warmup", "0.2", "--concurrency", "1,4",
    "--catalog-packages", "600", "--cpu-repeats", "2", "--skip-datasette", "--quiet", "--json",
]  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("bench")
    output = root / "report.json"
    code = main([*SMALL, "--workdir", str(root / "work"), "--output", str(output)])
    document: dict[str, Any] = orjson.loads(output.read_bytes())
    document["exit_code"] = code
    return document


def test_nothing_errored(report: dict[str, Any]) -> None:
    assert report["errors"] == []
    assert report["exit_code"] == 0
    assert report["runs"][0]["errors"] == []


def test_machine_and_config(report: dict[str, Any]) -> None:
    machine = report["machine"]
    assert machine["cpu_count"] >= 1 and machine["cpu_model"] and machine["python"]
    assert report["config"]["sizes"] == [20_000]
    assert len(report["runs"]) == 1


def test_index_section(report: dict[str, Any]) -> None:
    run = report["runs"][0]
    assert run["generate"]["occurrences"] == 20_000
    ours = run["index"]["spackdex"]
    assert ours["occurrences"] == 20_000
    assert ours["specs"] == run["generate"]["distinct_specs"]
    assert ours["problems"] == 0 and ours["peak_rss_mb"] > 0
    assert ours["occurrences_per_s"] > ours["specs_per_s"] > 0
    for baseline in ("whoosh", "sqlite"):
        # One document per distinct hash, the same data as spackdex indexed.
        assert run["index"][baseline]["specs"] == ours["specs"]
        assert run["index"][baseline]["specs_per_s"] > 0


def test_v3_mirror_section(report: dict[str, Any]) -> None:
    """The same sightings as layout-v3 mirrors give the same index, and a throughput."""
    run = report["runs"][0]
    mirror = run["index"]["spackdex_v3_mirror"]
    assert mirror["same_counts_as_site"] is True
    assert mirror["counts"] == run["index"]["spackdex"]["counts"]
    assert mirror["problems"] == 0 and mirror["occurrences_per_s"] > 0
    # a root per tag plus its stacks, each listing its specs
    assert mirror["mirrors"] > run["generate"]["tags"]
    assert mirror["index_records"] > mirror["occurrences"]


def test_search_section(report: dict[str, Any]) -> None:
    search = report["runs"][0]["search"]
    for engine in ("spackdex", "whoosh", "sqlite"):
        assert set(search[engine]["kinds"]) == KINDS
        for kind, summary in search[engine]["kinds"].items():
            assert summary["n"] >= 1 and {"p50_ms", "p99_ms"} <= summary.keys(), kind
            assert summary["total"] > 0, (engine, kind)
        assert search[engine]["overall"]["n"] >= len(KINDS)
    distinct = report["runs"][0]["index"]["spackdex"]["specs"]
    assert search["spackdex"]["kinds"][MATCH_ALL]["total"] == distinct
    assert (
        search["sqlite"]["kinds"]["two_facets"]["total"]
        == (search["spackdex"]["kinds"]["two_facets"]["total"])
    )
    for baseline in ("whoosh", "sqlite"):
        assert set(search["ratios"][baseline]) == {*KINDS, "mix"}


def test_http_section(report: dict[str, Any]) -> None:
    http = report["runs"][0]["http"]
    assert 0 < http["ready_s"] <= (http["all_workers_ready_s"] or http["ready_s"])
    assert [level["concurrency"] for level in http["levels"]] == [1, 4]
    for level in http["levels"]:
        assert level["requests"] > 0 and level["errors"] == 0, level["error_kinds"]
        assert set(level["kinds"]) == KINDS
    assert http["errors"] == 0
    assert http["response_cache"] == "off"
    memory = http["memory"]
    assert memory["parent"]["peak_rss_mb"] > 0
    assert len(memory["children"]) >= http["workers"] == 2


def test_server_cpu_section(report: dict[str, Any]) -> None:
    cpu = report["runs"][0]["server_cpu"]
    assert set(cpu) == {"realistic", "heavy"}
    for row in cpu.values():
        assert row["errors"] == 0 and row["n"] == 2 * len(KINDS)
        assert set(row["kinds"]) == KINDS
        assert row["cpu_ms"] >= row["min_cpu_ms"] > 0
        # every part is measured: the engine, GraphQL around it, and the HTTP layers
        assert row["engine_ms"] > 0 and row["execution_ms"] > 0 and row["rest_ms"] > 0
    # no side-by-side HTTP phase without --compare and with --skip-datasette
    assert "http_compare" not in report["runs"][0]


def test_targets_all_evaluated(report: dict[str, Any]) -> None:
    targets = report["runs"][0]["targets"]
    assert [t["name"] for t in targets] == [t.name for t in TARGETS]
    # Concurrency 16 was not run here: those targets are "not measured", the rest are.
    unmeasured = {t["name"] for t in targets if t["passed"] is None}
    assert unmeasured == {"HTTP p50 @16", "HTTP p99 @16", "HTTP requests/s @16"}


def test_scaling_plot(report: dict[str, Any], tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from bench.plot import plot_scaling

    path = plot_scaling(report, tmp_path / "scaling.png")
    assert path.read_bytes().startswith(b"\x89PNG")


def test_catalog_section(report: dict[str, Any]) -> None:
    [run] = report["runs"]
    catalog = run["catalog"]
    assert catalog["packages"] == 600
    assert 0 < catalog["with_binaries"] == run["index"]["spackdex"]["counts"]["packages"]
    assert catalog["index"]["problems"] == 0
    sizes = catalog["index_bytes"]
    assert sizes["with_catalog"] - sizes["without_catalog"] == sizes["growth"] > 0
    # recipes are stored compressed: the catalog's files are smaller than their JSON
    assert 0 < sizes["catalog_files"] < sizes["recipe_json_bytes"] < catalog["catalog_text_bytes"]
    search = catalog["search"]
    assert set(search["cpu_ms"]) == KINDS
    for kind in KINDS:  # the catalog changes no answer of the standard mix
        row = search["cpu_ms"][kind]
        assert row["with_catalog"]["total"] == row["without_catalog"]["total"]
        assert row["with_catalog"]["n"] == row["without_catalog"]["n"] == 3
    queries = search["catalog_queries"]
    assert queries["every_package"]["total"] == 600
    assert queries["package_rows"]["total"] == 2
    assert queries["maintainer"]["total"] >= 1 and queries["text_without_binaries"]["total"] >= 1


def test_catalog_table_renders(report: dict[str, Any]) -> None:
    sink = io.StringIO()
    render(report, Console(file=sink, width=140))
    assert "Package catalog: 600 recipes" in sink.getvalue()
    assert "every_package: CPU p50 / p99 ms" in sink.getvalue()
