"""``spackdex diff``: what changed between two tags (or one stack in each), from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table

from ..indexer.search.diff import DiffResult, DiffSide, diff
from ..indexer.search.engine import IndexNotFoundError, SearchIndex
from ..indexer.search.request import SearchError, SearchRequest
from ..indexer.store.load import IndexFormatError
from .settings import default_index_dir

__all__ = ["add_diff_command", "diff_report", "run_diff"]


def add_diff_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diff",
        help="what changed between two tags (specs and packages added and removed)",
        description="Compare two tags of the served index by DAG hash: the specs on TO and "
        "not on FROM (added), the reverse (removed), and the packages whose binaries differ "
        "with the versions they gained and lost.",
    )
    parser.add_argument("source", metavar="FROM", help="the older tag, e.g. develop-2025-03-09")
    parser.add_argument("target", metavar="TO", help="the newer tag, e.g. develop-2025-03-16")
    parser.add_argument("--stack", help="compare this stack of both tags instead of the tags")
    parser.add_argument("--spec", help='restrict both sides by Spack spec syntax, e.g. "hdf5+mpi"')
    parser.add_argument("--query", help="restrict both sides by free text")
    parser.add_argument("--json", action="store_true", help="print one JSON object to stdout")
    parser.add_argument(
        "--index-dir",
        type=Path,
        default=None,
        help="the index to read (default: $SPACKDEX_INDEX_DIR or the user data directory)",
    )
    parser.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    errors = Console(stderr=True, soft_wrap=True)
    try:
        index = SearchIndex.open(args.index_dir or default_index_dir())
    except (IndexNotFoundError, IndexFormatError) as error:
        errors.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        return 1
    try:
        source, target = DiffSide(args.source, args.stack), DiffSide(args.target, args.stack)
        result = diff(index, source, target, SearchRequest(args.query, args.spec))
        report = diff_report(result, source, target)
    except SearchError as error:
        errors.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        return 1
    finally:
        index.close()
    if args.json:
        sys.stdout.write(orjson.dumps(report).decode() + "\n")
    else:
        _print(Console(), report)
    return 0


def diff_report(result: DiffResult, source: DiffSide, target: DiffSide) -> dict[str, Any]:
    """The whole diff as plain data: the ``--json`` object, field names as in the API."""
    changes = result.package_changes(0, result.num_package_changes)
    return {
        "from": {"tag": source.tag, "stack": source.stack},
        "to": {"tag": target.tag, "stack": target.stack},
        "summary": {
            "added": len(result.added),
            "removed": len(result.removed),
            "unchanged": result.unchanged,
            "packagesAdded": result.packages_added,
            "packagesRemoved": result.packages_removed,
            "packagesChanged": result.packages_changed,
        },
        "packages": [
            {
                "name": row.name,
                "versionsAdded": list(row.versions_added),
                "versionsRemoved": list(row.versions_removed),
                "specsAdded": row.specs_added,
                "specsRemoved": row.specs_removed,
            }
            for row in changes
        ],
        "warnings": list(result.notes),
    }


def _print(console: Console, report: dict[str, Any]) -> None:
    source, target = report["from"], report["to"]
    console.print(f"{_side(source)} -> {_side(target)}", highlight=False)
    summary = Table()
    summary.add_column("specs / packages")
    summary.add_column("count", justify="right")
    for key, label in (
        ("added", "specs added"),
        ("removed", "specs removed"),
        ("unchanged", "specs unchanged"),
        ("packagesAdded", "packages added"),
        ("packagesRemoved", "packages removed"),
        ("packagesChanged", "packages changed"),
    ):
        summary.add_row(label, f"{report['summary'][key]:,}")
    console.print(summary)
    if not report["packages"]:
        console.print("No package changed.")
    else:
        packages = Table(title="Changed packages")
        for column in ("package", "versions added", "versions removed"):
            packages.add_column(column)
        for column in ("specs +", "specs -"):
            packages.add_column(column, justify="right")
        for row in report["packages"]:
            packages.add_row(
                row["name"],
                ", ".join(row["versionsAdded"]),
                ", ".join(row["versionsRemoved"]),
                str(row["specsAdded"]),
                str(row["specsRemoved"]),
            )
        console.print(packages)
    for warning in report["warnings"]:
        console.print(f"warning: {warning}", highlight=False)


def _side(side: dict[str, str | None]) -> str:
    return f"{side['tag']}/{side['stack']}" if side["stack"] else str(side["tag"])
