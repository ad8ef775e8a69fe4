"""What ``spackdex serve`` says on start: where to point a browser, and what it serves."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..indexer.publish import current_version
from ..indexer.store.load import IndexData

__all__ = ["SAMPLE_MARKER", "mark_sample", "port_number", "serve_banner", "serves_sample"]

# Written next to ``current`` when serve builds the bundled sample: names the version it built,
# so that later starts on the same index dir still say they serve the sample.
SAMPLE_MARKER = "bundled-sample-version"


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        message = f"port must be a number from 0 to 65535, not {text!r}"
        raise argparse.ArgumentTypeError(message) from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be from 0 to 65535 (got {port})")
    return port


def mark_sample(index_dir: Path) -> None:
    version = current_version(index_dir)
    if version is not None:
        (index_dir / SAMPLE_MARKER).write_text(version.name + "\n", encoding="utf-8")


def serves_sample(index_dir: Path) -> bool:
    """Whether the published version is the one built from the bundled sample."""
    version = current_version(index_dir)
    try:
        marked = (index_dir / SAMPLE_MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return version is not None and version.name == marked


def _url(host: str, port: int, path: str) -> str:
    # an address that listens everywhere is reached locally as the loopback one
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}{path}"


def serve_banner(index_dir: Path, host: str, port: int, graphiql: bool) -> str:
    """The lines printed before the server starts.

    Raises:
        IndexFormatError: the published version cannot be read by this spackdex.
    """
    version = current_version(index_dir)
    if version is None:
        return f"no index published in {index_dir}"
    data = IndexData(version)
    counts = data.meta["counts"]
    lines = [
        f"spackdex: serving index version {data.version} from {index_dir}",
        f"  {counts['specs']:,} specs in {counts['tags']:,} tags, {counts['packages']:,} packages",
    ]
    if serves_sample(index_dir):
        lines.append(
            "  this is the BUNDLED SAMPLE: real specs shipped with spackdex, not the whole cache;"
        )
        lines.append("  index real data with 'spackdex index SOURCE' (see the README)")
    lines.append(f"  explorer: {_url(host, port, '/')}")
    lines.append(f"  GraphiQL: {_url(host, port, '/graphql')}" if graphiql else "  GraphiQL: off")
    lines.append(f"  API:      POST {_url(host, port, '/graphql')}")
    return "\n".join(lines)
