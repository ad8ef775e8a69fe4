"""``spackdex index``: build and publish an index, with progress and a summary."""

from __future__ import annotations

import argparse
import logging
import os
import signal
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
from ..indexer.problems import ProblemLog, SourceError
from ..indexer.publish import IndexLockedError, IndexWriteError
from ..indexer.readers.fetch import DEADLINE_VARIABLE, fetch_deadline
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
        "--catalog",
        action="append",
        default=[],
        metavar="PATH_OR_URL",
        help="package catalog: a packages.spack.io data/ folder or a 'spack list --format "
        "version_json' file (path or URL); packages without binaries become findable",
    )
    parser.add_argument(
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="processes that parse changed sources (default: one per CPU, at most 4)",
    )
    parser.add_argument(
        "--force", action="store_true", help="publish a new version even when nothing changed"
    )
    parser.add_argument(
        "--fetch-deadline",
        type=_positive_seconds,
        default=None,
        metavar="SECONDS",
        help=f"longest a whole URL download may take (default: ${DEADLINE_VARIABLE} or 300)",
    )
    parser.set_defaults(run=run_index)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:  # NaN too
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return value


def run_index(args: argparse.Namespace) -> int:
    options = BuildOptions(
        sources=args.sources,
        index_dir=args.index_dir or default_index_dir(),
        strict=args.strict,
        tag=args.tag,
        stack=args.stack,
        package_files=args.packages,
        catalogs=args.catalog,
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
    # Rich shows the level itself: the message alone, else basicConfig's default format
    # would print "WARNING  WARNING:spackdex.indexer:..."
    handler.setFormatter(
        logging.Formatter("%(message)s" if console.is_terminal else "warning: %(message)s")
    )
    logging.basicConfig(
        level=logging.ERROR if args.json else logging.WARNING,
        handlers=[handler],
        force=True,  # the one handler, even when something configured logging before
    )
    with _environment(DEADLINE_VARIABLE, args.fetch_deadline):
        try:
            fetch_deadline()
        except ValueError as error:
            console.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
            return 2
        return _build(options, console, args.json)


def _build(options: BuildOptions, console: Console, as_json: bool) -> int:
    problems = ProblemLog(strict=options.strict)
    try:
        show_progress = console.is_terminal and not as_json
        with _terminate_as_interrupt(), _progress(console, show_progress) as progress:
            report = build_index(options, progress, problems)
    except KeyboardInterrupt as interrupt:
        stop = signal.SIGTERM if isinstance(interrupt, _Terminated) else signal.SIGINT
        interrupted = RuntimeError(f"interrupted by {stop.name}")
        _failed(console, as_json, problems, interrupted, "the published index is unchanged")
        return 128 + stop
    except SourceError as error:
        return _failed(console, as_json, problems, error, "strict mode: nothing was published")
    except IndexWriteError as error:
        return _failed(console, as_json, problems, error, "the published index is unchanged")
    except (NothingIndexedError, IndexLockedError) as error:
        return _failed(console, as_json, problems, error, "")
    if as_json:
        sys.stdout.write(orjson.dumps(report.as_json()).decode() + "\n")
    else:
        _summary(Console(), report, options.index_dir)
    return 0


@contextmanager
def _environment(name: str, value: float | None) -> Iterator[None]:
    """A flag that overrides a ``SPACKDEX_*`` variable, for this run only.

    The variable, not an argument, carries it: it reaches the fetcher wherever it runs,
    worker processes included.
    """
    if value is None:
        yield
        return
    saved = os.environ.get(name)
    os.environ[name] = str(value)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: workers ended, staging removed, nothing published."""


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While building, SIGTERM (``docker stop``, systemd) unwinds like Ctrl-C does."""

    def terminated(_signal: int, _frame: object) -> None:
        raise _Terminated

    try:
        previous = signal.signal(signal.SIGTERM, terminated)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _failed(
    console: Console, as_json: bool, problems: ProblemLog, error: Exception, consequence: str
) -> int:
    """Say why the run failed (on stderr), and with ``--json`` what it skipped on the way."""
    console.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
    if consequence:
        console.print(consequence, highlight=False)
    if as_json:  # stdout stays one JSON object, even for a failed run
        document = {
            "error": str(error),
            "published": False,
            "skipped": [p.as_json() for p in problems.skipped],
            "warnings": [p.as_json() for p in problems.warnings],
        }
        sys.stdout.write(orjson.dumps(document).decode() + "\n")
    return 1


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
    # each skipped source was logged as a warning when it happened: not printed again here
