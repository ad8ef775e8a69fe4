"""The benchmark report as readable tables (rich), one group per size."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["render"]


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _index_table(run: dict[str, Any]) -> Table:
    table = Table(title="Index build", title_justify="left")
    for column in ("engine", "seconds", "occurrences/s", "distinct specs/s", "peak RSS MB", "note"):
        table.add_column(column, justify="left" if column in ("engine", "note") else "right")
    for engine, row in run["index"].items():
        if "seconds" not in row:
            table.add_row(engine, *["-"] * 4, row.get("skipped") or row.get("error", ""))
            continue
        note = "subsample" if row.get("subsample") else ""
        table.add_row(
            engine,
            _fmt(row["seconds"], 2),
            _fmt(row["occurrences_per_s"], 0),
            _fmt(row["specs_per_s"], 0),
            _fmt(row.get("peak_rss_mb")),
            note,
        )
    return table


def _search_table(run: dict[str, Any]) -> Table:
    table = Table(title="In-process search + all facets: p50 / p99 ms (n)", title_justify="left")
    search = run["search"]
    engines = [e for e in ("spackdex", "sqlite", "whoosh") if "kinds" in search.get(e, {})]
    table.add_column("query")
    for engine in engines:
        table.add_column(engine, justify="right")
    for engine in ("sqlite", "whoosh"):
        if engine in search.get("ratios", {}):
            table.add_column(f"x vs {engine}", justify="right")
    kinds = list(search["spackdex"]["kinds"]) if "spackdex" in engines else []
    for kind in [*kinds, "overall"]:
        cells = []
        for engine in engines:
            s = search[engine]["overall"] if kind == "overall" else search[engine]["kinds"][kind]
            cells.append(f"{s['p50_ms']:.2f} / {s['p99_ms']:.2f} ({s['n']})")
        for engine in ("sqlite", "whoosh"):
            if engine in search.get("ratios", {}):
                cells.append(
                    _fmt(search["ratios"][engine].get("mix" if kind == "overall" else kind))
                )
        table.add_row(kind, *cells)
    return table


def _http_table(run: dict[str, Any]) -> Table:
    http = run["http"]
    cache = f", response cache {http.get('response_cache', 'as configured')}"
    title = (
        f"HTTP ({http['workers']} workers): ready {http['ready_s']:.2f} s, all workers "
        f"{_fmt(http['all_workers_ready_s'], 2)} s{cache}"
    )
    table = Table(title=title, title_justify="left")
    columns = ("concurrency", "requests", "req/s", "p50 ms", "p99 ms", "errors",
               "server CPU ms/req", "client CPU ms/req")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="right")
    for level in http["levels"]:
        table.add_row(
            str(level["concurrency"]),
            _fmt(level["requests"]),
            _fmt(level["requests_per_s"]),
            _fmt(level["p50_ms"], 2),
            _fmt(level["p99_ms"], 2),
            _fmt(level["errors"]),
            _fmt(level.get("server_cpu_ms_per_request"), 2),
            _fmt(level.get("client_cpu_ms_per_request"), 2),
        )
    return table


def _memory_table(run: dict[str, Any]) -> Table:
    memory = run["http"]["memory"]
    table = Table(title="Server memory (MB)", title_justify="left")
    for column in ("process", "peak RSS", "RSS", "PSS"):
        table.add_column(column, justify="left" if column == "process" else "right")
    table.add_row(
        "parent",
        _fmt(memory["parent"]["peak_rss_mb"]),
        _fmt(memory["parent"]["rss_mb"]),
        _fmt(memory["parent"]["pss_mb"]),
    )
    for child in memory["children"]:
        table.add_row(
            f"child {child['pid']}",
            _fmt(child["peak_rss_mb"]),
            _fmt(child["rss_mb"]),
            _fmt(child["pss_mb"]),
        )
    table.add_row("total", _fmt(memory["total_peak_rss_mb"]), "", _fmt(memory["total_pss_mb"]))
    return table


def _server_cpu_table(run: dict[str, Any]) -> Table:
    table = Table(
        title="Server CPU per request, in process (ASGI app, response cache off): median ms",
        title_justify="left",
    )
    for column in ("query", "CPU", "engine", "execution", "rest", "fastest", "n", "per kind"):
        table.add_column(column, justify="left" if column in ("query", "per kind") else "right")
    for query, row in run["server_cpu"].items():
        if not isinstance(row, dict) or "cpu_ms" not in row:
            continue
        kinds = " ".join(f"{k} {v:.2f}" for k, v in row["kinds"].items())
        table.add_row(
            query,
            _fmt(row["cpu_ms"], 2),
            _fmt(row["engine_ms"], 2),
            _fmt(row["execution_ms"], 2),
            _fmt(row["rest_ms"], 2),
            _fmt(row["min_cpu_ms"], 2),
            _fmt(row["n"]),
            kinds,
        )
    return table


def _compare_table(run: dict[str, Any]) -> Table:
    compare = run["http_compare"]
    table = Table(
        title=f"HTTP side by side, concurrency {compare['concurrency']}, {compare['workers']} "
        "spackdex workers, response cache off, interleaved",
        title_justify="left",
    )
    columns = ("server", "query", "requests", "req/s", "p50 ms", "p99 ms", "errors",
               "server CPU ms/req", "spackdex is (req/s, p50, p99)")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column in ("server", "query") else "right")
    for name, by_query in compare["contenders"].items():
        for query, row in by_query.items():
            ratio = compare["ratios"].get(name, {}).get(query)
            ratio_text = (
                "" if ratio is None
                else " / ".join(f"{_fmt(ratio[k], 2)}x" for k in ("requests_per_s", "p50", "p99"))
            )  # fmt: skip
            table.add_row(
                name,
                query,
                _fmt(row["requests"]),
                _fmt(row["requests_per_s"]),
                _fmt(row["p50_ms"], 2),
                _fmt(row["p99_ms"], 2),
                _fmt(row["errors"]),
                _fmt(row["server_cpu_ms_per_request"], 2),
                ratio_text,
            )
    return table


def _cpu_compare_table(run: dict[str, Any]) -> Table:
    compare = run["http_compare"]
    cpu = compare["server_cpu"]
    rev = compare["previous_release"]["rev"]
    table = Table(
        title=f"Server CPU per request, this checkout and {rev}, in process, in turns: median ms",
        title_justify="left",
    )
    for column in ("query", "server", "CPU", "engine", "execution", "rest", "before / after"):
        table.add_column(column, justify="left" if column in ("query", "server") else "right")
    for query in ("realistic", "heavy"):
        for name, label in (("previous", rev), ("spackdex", "this checkout")):
            row = cpu[name][query]
            table.add_row(
                query,
                label,
                _fmt(row["cpu_ms"], 2),
                _fmt(row["engine_ms"], 2),
                _fmt(row["execution_ms"], 2),
                _fmt(row["rest_ms"], 2),
                f"{_fmt(cpu['ratio'][query], 2)}x" if name == "spackdex" else "",
            )
    return table


def _targets_table(run: dict[str, Any]) -> Table:
    table = Table(title="Targets", title_justify="left")
    for column in ("target", "value", "threshold", "result", "note"):
        table.add_column(column, justify="right" if column in ("value", "threshold") else "left")
    for t in run["targets"]:
        result = {True: "[green]pass[/]", False: "[red]MISS[/]", None: "[yellow]n/a[/]"}
        table.add_row(
            t["name"],
            _fmt(t["value"], 2),
            f"{t['comparison']} {t['threshold']:g} {t['unit']}",
            result[t["passed"]],
            t["note"],
        )
    return table


def _catalog_table(run: dict[str, Any]) -> Table:
    catalog = run["catalog"]
    sizes, search = catalog["index_bytes"], catalog["search"]
    table = Table(
        title=f"Package catalog: {catalog['packages']:,} recipes "
        f"({catalog['with_binaries']:,} with binaries), same run",
        title_justify="left",
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("index seconds with catalog", _fmt(catalog["index"]["seconds"], 2))
    table.add_row("catalog JSON MB read", _fmt(catalog["catalog_text_bytes"] / 1e6))
    table.add_row("index MB without / with", f"{sizes['without_catalog'] / 1e6:,.1f} / "
                  f"{sizes['with_catalog'] / 1e6:,.1f}")  # fmt: skip
    table.add_row("growth per recipe JSON byte kept", _fmt(sizes["growth_per_recipe_json_byte"], 2))
    for kind, row in search["cpu_ms"].items():
        table.add_row(
            f"{kind}: CPU p50 ms without / with catalog",
            f"{row['without_catalog']['p50_ms']:.2f} / {row['with_catalog']['p50_ms']:.2f} "
            f"({_fmt(row['p50_ratio'], 2)}x)",
        )
    for kind, row in search["catalog_queries"].items():
        if kind != "asked":
            table.add_row(f"{kind}: CPU p50 / p99 ms", f"{row['p50_ms']:.2f} / {row['p99_ms']:.2f}")
    return table


def render(report: dict[str, Any], console: Console | None = None) -> None:
    """Print ``report`` (from :func:`bench.harness.run`) as tables."""
    # Wide enough for the search table; a pipe or file would otherwise get 80 columns.
    console = console or Console(width=max(Console().width, 130))
    m = report["machine"]
    console.print(
        f"[bold]spackdex benchmark[/] on {m['cpus_usable']} of {m['cpu_count']} CPUs "
        f"({m['cpu_model']}), Python {m['python']}, {report['seconds']:.0f} s in all"
    )
    for run in report["runs"]:
        gen = run["generate"]
        console.rule(
            f"{run['occurrences']:,} occurrences, {gen.get('distinct_specs', 0):,} distinct specs"
        )
        if "spackdex" in run["index"]:
            console.print(_index_table(run))
        if "spackdex" in run["search"] and "kinds" in run["search"]["spackdex"]:
            console.print(_search_table(run))
        if "index_bytes" in run.get("catalog", {}):
            console.print(_catalog_table(run))
        if "levels" in run.get("http", {}):
            console.print(_http_table(run))
            console.print(_memory_table(run))
        if "realistic" in run.get("server_cpu", {}):
            console.print(_server_cpu_table(run))
        if "server_cpu" in run.get("http_compare", {}):
            console.print(_cpu_compare_table(run))
        if "contenders" in run.get("http_compare", {}):
            console.print(_compare_table(run))
        console.print(_targets_table(run))
        for error in run["errors"]:
            console.print(f"[red]error:[/] {error}", highlight=False)
