"""``python -m bench``: the spackdex benchmark (see :mod:`bench.harness`).

Examples::

    python -m bench                                  # 500,000 occurrences, tables
    python -m bench --json --output docs/bench-500k.json
    python -m bench --compare main~1                 # and the previous release, and Datasette
    python -m bench --sizes 100000,500000,1000000 --baselines-up-to 500000 --json \\
        --output docs/bench-scaling.json --plot docs/scaling.png
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson
from rich.console import Console

from bench.config import BenchConfig
from bench.harness import run
from bench.report import render

__all__ = ["main", "parse_args"]


def _ints(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers: {text!r}") from error
    if not values or min(values) <= 0:
        raise argparse.ArgumentTypeError(f"expected positive integers: {text!r}")
    return values


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Generate a synthetic build cache, index it with spackdex and measure "
        "build, in-process search + facets (against Whoosh and SQLite FTS5 baselines on the "
        "same data), HTTP latency/throughput, start-up time and memory.",
    )
    size = p.add_mutually_exclusive_group()
    size.add_argument(
        "--occurrences",
        type=int,
        default=500_000,
        help="(tag, hash) sightings to generate (default: 500000)",
    )
    size.add_argument("--sizes", type=_ints, help="comma-separated sizes: a scaling run")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--workdir", type=Path, help="where data and indexes go (default: a temporary directory)"
    )
    p.add_argument("--keep", action="store_true", help="keep generated data and indexes")
    p.add_argument("--repeats", type=int, default=30, help="spackdex timings per query kind")
    p.add_argument(
        "--baseline-repeats",
        type=int,
        default=10,
        help="baseline timings per query kind (default: 10)",
    )
    p.add_argument("--warmup", type=int, default=2, help="untimed calls per query kind")
    p.add_argument(
        "--time-cap",
        type=float,
        default=10.0,
        help="seconds per query kind and engine before stopping early",
    )
    p.add_argument(
        "--http-duration",
        type=float,
        default=10.0,
        help="seconds of load per concurrency level (default: 10)",
    )
    p.add_argument(
        "--http-warmup",
        type=float,
        default=1.0,
        help="unrecorded seconds of load before each level",
    )
    p.add_argument(
        "--concurrency",
        type=_ints,
        default=(1, 16),
        help="comma-separated concurrency levels (default: 1,16)",
    )
    p.add_argument("--workers", type=int, default=2, help="server worker processes")
    p.add_argument(
        "--response-cache",
        action="store_true",
        help="leave the server's response cache on (default: off, so that the repeated "
        "query mix is executed rather than served from the cache)",
    )
    p.add_argument(
        "--skip-whoosh",
        action="store_true",
        help="leave out the Whoosh baseline (build and search)",
    )
    p.add_argument(
        "--whoosh-sample",
        type=int,
        metavar="N",
        help="build Whoosh on the first N occurrences only (search runs on it)",
    )
    p.add_argument("--skip-sqlite", action="store_true", help="leave out the SQLite baseline")
    p.add_argument(
        "--skip-mirror",
        action="store_true",
        help="do not also index the data written as layout-v3 mirrors",
    )
    p.add_argument(
        "--baselines-up-to",
        type=int,
        metavar="N",
        help="skip both baselines at sizes above N (scaling runs)",
    )
    p.add_argument(
        "--catalog-packages",
        type=int,
        default=8_000,
        metavar="N",
        help="packages of the catalog generated beside the specs and indexed with them "
        "(default: 8000; 0 leaves the catalog phase out)",
    )
    p.add_argument(
        "--cpu-repeats",
        type=int,
        default=30,
        help="rounds of the query mix for server CPU per request, in process (default: 30)",
    )
    p.add_argument(
        "--compare",
        metavar="REV",
        help="also serve the spackdex of this git revision (e.g. the previous release) and "
        "load it side by side with this checkout and Datasette",
    )
    p.add_argument(
        "--skip-datasette", action="store_true", help="leave out the Datasette peer over HTTP"
    )
    p.add_argument(
        "--compare-concurrency",
        type=int,
        default=16,
        help="concurrency of the side-by-side HTTP load (default: 16)",
    )
    p.add_argument(
        "--compare-rounds",
        type=int,
        default=2,
        help="turns each server takes in the side-by-side load (default: 2)",
    )
    p.add_argument("--json", action="store_true", help="write one JSON object")
    p.add_argument("--output", type=Path, help="write the report here instead of stdout")
    p.add_argument(
        "--plot",
        type=Path,
        help="write the scaling plot here (default with --sizes: docs/scaling.png)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument(
        "--diff-only",
        action="store_true",
        help="only time the diff of the two largest tags (generate, index, diff; JSON out)",
    )
    p.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="print a saved --json report as tables and exit (runs nothing)",
    )
    return p


def parse_args(argv: Sequence[str] | None = None) -> tuple[BenchConfig, argparse.Namespace]:
    """The run's settings from the command line (and the raw namespace for output options)."""
    args = _parser().parse_args(argv)
    config = BenchConfig(
        sizes=args.sizes or (args.occurrences,),
        seed=args.seed,
        workdir=args.workdir,
        keep=args.keep,
        repeats=args.repeats,
        baseline_repeats=args.baseline_repeats,
        warmup=args.warmup,
        time_cap_s=args.time_cap,
        http_duration_s=args.http_duration,
        http_warmup_s=args.http_warmup,
        concurrency=args.concurrency,
        workers=args.workers,
        response_cache=args.response_cache,
        skip_whoosh=args.skip_whoosh,
        skip_sqlite=args.skip_sqlite,
        whoosh_sample=args.whoosh_sample,
        baselines_up_to=args.baselines_up_to,
        catalog_packages=args.catalog_packages,
        cpu_repeats=args.cpu_repeats,
        compare_rev=args.compare,
        skip_datasette=args.skip_datasette,
        compare_concurrency=args.compare_concurrency,
        compare_rounds=args.compare_rounds,
        skip_mirror=args.skip_mirror,
    )
    return config, args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if any phase failed (targets do not affect it)."""
    config, args = parse_args(argv)
    if args.render is not None:
        render(orjson.loads(args.render.read_bytes()))
        return 0
    progress = Console(stderr=True)

    def log(message: str) -> None:
        if not args.quiet:
            progress.log(message, highlight=False)

    if args.diff_only:
        from bench.diff_timing import run_diff_only

        data = orjson.dumps(run_diff_only(config, log), option=orjson.OPT_INDENT_2) + b"\n"
        (args.output.write_bytes if args.output else sys.stdout.buffer.write)(data)
        return 0
    report = run(config, log)
    plot_path = args.plot or (Path("docs/scaling.png") if len(config.sizes) > 1 else None)
    if plot_path is not None:
        from bench.plot import plot_scaling

        report["plot"] = str(plot_scaling(report, plot_path))
    if args.json:
        data = orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    elif args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with args.output.open("w", encoding="utf-8") as sink:
            render(report, Console(file=sink, width=120))
    else:
        render(report)
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
