"""The scaling curve: latency and server memory against data size, as a PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["plot_scaling"]


def plot_scaling(report: dict[str, Any], path: Path) -> Path:
    """Plot p50/p99 (match-all, worst selective kind, HTTP @ top concurrency) and RSS."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on a build machine
    import matplotlib.pyplot as plt

    from bench.queries import MATCH_ALL, SELECTIVE

    runs = [r for r in report["runs"] if "kinds" in r["search"].get("spackdex", {})]
    sizes = [r["occurrences"] for r in runs]
    fig, (latency, memory) = plt.subplots(1, 2, figsize=(12, 4.5))

    def series(pick: Any) -> list[float]:
        return [float(pick(r)) for r in runs]

    kinds = [r["search"]["spackdex"]["kinds"] for r in runs]
    for stat, style in (("p50_ms", "-o"), ("p99_ms", "--o")):
        label = stat.split("_")[0]
        latency.plot(
            sizes,
            [k[MATCH_ALL][stat] for k in kinds],
            style,
            color="C0",
            label=f"match-all {label}",
        )
        latency.plot(
            sizes,
            [max(k[s][stat] for s in SELECTIVE) for k in kinds],
            style,
            color="C1",
            label=f"worst selective {label}",
        )
        if all("levels" in r.get("http", {}) for r in runs):
            latency.plot(
                sizes,
                series(lambda r, s=stat: r["http"]["levels"][-1][s]),
                style,
                color="C2",
                label=f"HTTP @{runs[0]['http']['levels'][-1]['concurrency']} {label}",
            )
    latency.set(
        xlabel="occurrences", ylabel="ms", title="search + all facets", xscale="log", yscale="log"
    )
    latency.legend(fontsize="small")
    latency.grid(True, which="both", alpha=0.3)
    if all("memory" in r.get("http", {}) for r in runs):
        memory.plot(
            sizes,
            series(lambda r: r["http"]["memory"]["total_peak_rss_mb"]),
            "-o",
            label="server peak RSS (sum)",
        )
        memory.plot(
            sizes,
            series(lambda r: max(c["peak_rss_mb"] for c in r["http"]["memory"]["children"])),
            "-o",
            label="worst worker peak RSS",
        )
        memory.plot(
            sizes,
            series(lambda r: r["http"]["memory"]["total_pss_mb"]),
            "--o",
            label="server PSS (sum)",
        )
    memory.plot(
        sizes,
        series(lambda r: r["index"]["spackdex"]["peak_rss_mb"]),
        "-o",
        label="indexer peak RSS",
    )
    memory.set(xlabel="occurrences", ylabel="MB", title="memory", xscale="log")
    memory.legend(fontsize="small")
    memory.grid(True, which="both", alpha=0.3)
    m = report["machine"]
    fig.suptitle(f"spackdex scaling ({m['cpus_usable']} CPUs, {m['cpu_model']})")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
