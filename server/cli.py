"""The ``spackdex`` command line: ``index``, ``serve``, ``schema``, ``diff``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from .diff_command import add_diff_command
from .index_command import add_index_command
from .serve_command import add_schema_command, add_serve_command

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="spackdex", description="Search the Spack binary build cache over GraphQL."
    )
    parser.add_argument("--version", action="version", version=f"spackdex {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_index_command(commands)
    add_serve_command(commands)
    add_schema_command(commands)
    add_diff_command(commands)
    args = parser.parse_args(argv)
    if args.command is None:  # `spackdex` alone: say what it can do
        parser.print_help()
        return 0
    code: int = args.run(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
