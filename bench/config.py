"""What one benchmark run measures, and how hard: sizes, repetitions, time caps."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = ["BenchConfig"]


@dataclass(frozen=True)
class BenchConfig:
    """Settings shared by every size of a run (see ``python -m bench --help``)."""

    sizes: tuple[int, ...] = (500_000,)
    seed: int = 0
    workdir: Path | None = None
    keep: bool = False
    # In-process search: repetitions per query kind (after warm-up), and a per-kind time cap
    # so a slow baseline cannot run away with the clock.
    repeats: int = 30
    baseline_repeats: int = 10
    warmup: int = 2
    time_cap_s: float = 10.0
    # HTTP phase: fixed duration per concurrency level (bounded) and a warm-up before each.
    http_duration_s: float = 10.0
    http_warmup_s: float = 1.0
    concurrency: tuple[int, ...] = (1, 16)
    workers: int = 2
    # The server's whole-response cache would turn a fixed query mix into cache hits, so it
    # is off unless asked for: the HTTP figures then measure executing the queries.
    response_cache: bool = False
    ready_timeout_s: float = 180.0
    # Baselines: skipped, built on a subsample, or skipped above a size (scaling runs).
    skip_whoosh: bool = False
    skip_sqlite: bool = False
    whoosh_sample: int | None = None
    baselines_up_to: int | None = None
    # The package catalog generated beside the specs (0: no catalog phase).
    catalog_packages: int = 8_000
    # Server CPU per request in process (realistic and heavy query): rounds of the mix.
    cpu_repeats: int = 30
    # HTTP side by side: this checkout, an earlier release (a git revision) and Datasette,
    # interleaved over rounds at one concurrency (the duration is http_duration_s).
    compare_rev: str | None = None
    skip_datasette: bool = False
    compare_concurrency: int = 16
    compare_rounds: int = 2
    # Also write the data as layout-v3 mirrors (a root per tag, stacks nested) and index that.
    skip_mirror: bool = False

    def baselines_at(self, occurrences: int) -> bool:
        """Whether the baselines run at this size (``--baselines-up-to``)."""
        return self.baselines_up_to is None or occurrences <= self.baselines_up_to

    def as_json(self) -> dict[str, Any]:
        """The settings, JSON-ready (paths as strings)."""
        data = asdict(self)
        data["workdir"] = None if self.workdir is None else str(self.workdir)
        return data
