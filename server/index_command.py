"""``spackdex index``: build and publish an index, with progress and a summary."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..indexer.build import BuildOptions, BuildReport, NothingIndexedError, build_index
from ..indexer.problems import SourceError
from ..indexer.publish import IndexLockedError
from ..indexer.sources import DEFAULT_STACK, DEFAULT_TAG
from .settings import default_index_dir

__all__ = ["add_index_command", "run_index"]


def add_index_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "index",
        help="build the search index from build-cache sources",
        description="Read cache-site trees, index.json files, manifests or a sources.yaml "
        "and publish a new index version (atomically; unchanged sources are not re-read).",
    )
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a site tree, a Spack mirror root (path, file:// or http(s) URL), an "
        "index.json (path or URL), a manifest, a package list (JSON) or a sources.yaml",
    )
    parser.add_argument(
        "--index-dir",
        type=Path,
        default=None,
        help="where to publish (default: $SPACKDEX_INDEX_DIR or the user data directory)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON summary to stdout")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first problem, exit non-zero, publish nothing",
    )
    parser.add_argument(
        "--tag",
        default=DEFAULT_TAG,
        help=f"tag of mirror roots and bare index.json sources (default: {DEFAULT_TAG})",
    )
    parser.add_argument(
        "--stack",
        default=DEFAULT_STACK,
        help=f"stack of mirror roots and bare index.json sources (default: {DEFAULT_STACK})",
    )
    parser.add_argument(
        "--view",
        default=None,
        help="read this named index of the mirror roots given "
        "(v3/manifests/index/VIEW/index.manifest.json)",
    )
    parser.add_argument(
        "--packages",
        action="append",
        default=[],
        metavar="FILE",
        help="package metadata JSON list of {name, description}",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes that parse changed sources (default: one per CPU, at most 4)",
    )
    parser.add_argument(
        "--force", action="store_true", help="publish a new version even when nothing changed"
    )
    parser.set_defaults(run=run_index)


def run_index(args: argparse.Namespace) -> int:
    options = BuildOptions(
        sources=args.sources,
        index_dir=args.index_dir or default_index_dir(),
        strict=args.strict,
        tag=args.tag,
        stack=args.stack,
        package_files=args.packages,
        force=args.force,
        jobs=args.jobs,
        view=args.view,
    )
    console = Console(stderr=True, soft_wrap=True)
    # On a terminal warnings print above the progress bar instead of through it; elsewhere
    # one unwrapped line each, so that paths stay whole in logs.
    handler: logging.Handler = (
        RichHandler(console=console, show_time=False, show_path=False)
        if console.is_terminal
        else logging.StreamHandler(sys.stderr)
    )
    if not console.is_terminal:
        handler.setFormatter(logging.Formatter("warning: %(message)s"))
    logging.basicConfig(
        level=logging.ERROR if args.json else logging.WARNING,
        handlers=[handler],
    )
    try:
        with _progress(console, enabled=console.is_terminal and not args.json) as progress:
            report = build_index(options, progress)
    except SourceError as error:
        console.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        console.print("strict mode: nothing was published", highlight=False)
        return 1
    except (NothingIndexedError, IndexLockedError) as error:
        console.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        return 1
    if args.json:
        sys.stdout.write(orjson.dumps(report.as_json()).decode() + "\n")
    else:
        _summary(Console(), report, options.index_dir)
    return 0


@contextmanager
def _progress(
    console: Console, enabled: bool
) -> Iterator[Callable[[int], Callable[[int], None]] | None]:
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("reading sources"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:

        def start(total: int) -> Callable[[int], None]:
            task = progress.add_task("sources", total=total)
            return lambda n: progress.advance(task, n)

        yield start


def _summary(console: Console, report: BuildReport, index_dir: Path) -> None:
    version = report.version.name if report.version else "?"
    if report.up_to_date:
        console.print(f"Index in {index_dir} is up to date (version {version}); nothing to do.")
    table = Table()
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("version", version if report.up_to_date else f"{version} (new)")
    for key in ("tags", "stacks", "packages", "specs", "occurrences"):
        table.add_row(key, f"{report.counts[key]:,}")
    table.add_row("units read / reused", f"{report.units_read} / {report.units_reused}")
    table.add_row("skipped", str(len(report.skipped)))
    table.add_row("warnings", str(len(report.warnings)))
    table.add_row("seconds", f"{report.seconds:.2f}")
    console.print(table)
    for mirror in report.mirrors:
        console.print(mirror.describe(), highlight=False)
    for problem in report.skipped:
        console.print(f"skipped {problem.source}: {problem.reason}", highlight=False)
