"""``spackdex serve`` and ``spackdex schema``."""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sys
import tempfile
from importlib import resources
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from ..indexer.build import BuildOptions, build_index
from ..indexer.publish import current_version
from .app import create_app
from .log_format import json_log_line, log_config
from .serve_banner import mark_sample, port_number, serve_banner
from .settings import Settings

__all__ = ["add_schema_command", "add_serve_command", "app_from_environment", "sample_sources"]


def add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "serve",
        help="serve the explorer and the GraphQL API",
        description="Serve the web explorer at /, /graphql (GraphiQL in a browser), /healthz "
        "and /readyz. With no index in the index dir, one is built from the bundled sample first.",
    )
    parser.add_argument(
        "--index-dir", type=Path, help="default: $SPACKDEX_INDEX_DIR or the user data directory"
    )
    parser.add_argument("--host", help="default: $SPACKDEX_HOST or 127.0.0.1")
    parser.add_argument(
        "--port",
        type=port_number,
        help="0-65535, 0 for any free one; default: $SPACKDEX_PORT or 8000",
    )
    parser.add_argument("--workers", type=int, help="default: $SPACKDEX_WORKERS or 1")
    parser.add_argument(
        "--cors-origin",
        action="append",
        dest="cors_origins",
        metavar="ORIGIN",
        help="allow this browser origin (repeatable); default: "
        "$SPACKDEX_CORS_ORIGINS (comma-separated)",
    )
    parser.add_argument(
        "--no-graphiql",
        action="store_true",
        help="do not serve GraphiQL (default: $SPACKDEX_GRAPHIQL or on)",
    )
    parser.set_defaults(run=run_serve)


def add_schema_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("schema", help="print the GraphQL schema (SDL)")
    parser.set_defaults(run=run_schema)


def sample_sources() -> Path:
    """The bundled sample's sources.yaml (real public data shipped in the package)."""
    return Path(str(resources.files("spackdex.indexer") / "sample" / "sources.yaml"))


def run_serve(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.index_dir is not None:
        settings.index_dir = args.index_dir
    for name in ("host", "port", "workers", "cors_origins"):
        if getattr(args, name) is not None:
            setattr(settings, name, getattr(args, name))
    if args.no_graphiql:
        settings.graphiql = False
    if not 0 <= settings.port <= 65535:
        print(
            f"spackdex serve: SPACKDEX_PORT must be from 0 to 65535 (got {settings.port})",
            file=sys.stderr,
        )
        return 2
    if settings.port == 0:
        settings.port = _free_port(settings.host)
    if current_version(settings.index_dir) is None:
        print(
            f"no index in {settings.index_dir}: building one from the bundled sample",
            file=sys.stderr,
        )
        build_index(BuildOptions(sources=[str(sample_sources())], index_dir=settings.index_dir))
        mark_sample(settings.index_dir)
    banner = serve_banner(settings.index_dir, settings.host, settings.port, settings.graphiql)
    if settings.log_format == "json":
        # a log shipper reads every line as JSON: the banner is one record like the rest
        banner = json_log_line("spackdex.serve", banner)
    print(banner, flush=True)
    # Workers are separate processes: they read their settings from the environment.
    os.environ.update(
        {
            "SPACKDEX_INDEX_DIR": str(settings.index_dir),
            "SPACKDEX_CORS_ORIGINS": ",".join(settings.cors_origins),
            "SPACKDEX_GRAPHIQL": "1" if settings.graphiql else "0",
        }
    )
    metrics_dir = _multiprocess_metrics_dir(settings.workers)
    try:
        uvicorn.run(
            "spackdex.server.serve_command:app_from_environment",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            log_level="info",
            log_config=log_config(settings.log_format),
            # spackdex writes its own request line (with cost and operation) when asked
            access_log=False,
            # closes connections whose headers stall (uvicorn alone waits forever)
            http="spackdex.server.slow_clients:HeaderTimeoutProtocol",
            timeout_keep_alive=settings.keepalive_s,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _free_port(host: str) -> int:
    """A port the system picks for ``--port 0``, so the printed URLs are the real ones."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _multiprocess_metrics_dir(workers: int) -> str | None:
    """With several workers, prometheus-client's multiprocess mode needs a directory for
    the workers' samples, named before they start (and empty: old files would count)."""
    if workers <= 1 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    path = tempfile.mkdtemp(prefix="spackdex-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    return path


def app_from_environment() -> Starlette:
    """The app for one Uvicorn worker, configured from ``SPACKDEX_*`` variables."""
    return create_app(Settings())


def run_schema(args: argparse.Namespace) -> int:
    from ..schema.schema import schema

    sys.stdout.write(schema.as_str() + "\n")
    return 0
