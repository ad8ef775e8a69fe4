"""Shared test helpers: fixture paths, copying fixtures, counting what real pages hold."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from socketserver import BaseRequestHandler
from typing import Any

import yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL_SITE = FIXTURES / "cache-site"
REAL_TAG = "develop-2025-03-16"
REAL_PAGES = sorted((REAL_SITE / "_cache" / REAL_TAG).glob("*/specs.md"))
GENERATIONS = FIXTURES / "site-generations"
DATABASES = FIXTURES / "buildcache-index"


def copy_tree(source: Path, target: Path) -> Path:
    """Copy a fixture tree with fresh permissions (the fixtures may be read-only)."""
    for folder, _dirs, files in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copyfile(Path(folder) / name, destination / name)
    return target


def spec_details(page: Path) -> list[dict[str, Any]]:
    """The ``spec_details`` list of a page, read with plain json (not the reader under test)."""
    prefix = "spec_details: "
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith(prefix):
            details: list[dict[str, Any]] = json.loads(line[len(prefix) :])
            return details
    raise AssertionError(f"{page} has no spec_details line")


@dataclass(frozen=True)
class Expected:
    tags: int
    stacks: int
    packages: int
    specs: int
    occurrences: int

    def as_dict(self) -> dict[str, int]:
        return {
            "tags": self.tags,
            "stacks": self.stacks,
            "packages": self.packages,
            "specs": self.specs,
            "occurrences": self.occurrences,
        }


def expected_counts(site: Path) -> Expected:
    """Counts a site tree holds, computed from its pages' JSON lines and folder names.

    ``stacks`` counts (tag, stack) pairs: those the specs list, ``root`` of every tag, and
    those ``_data/tags.yaml`` declares for a tag that has specs.
    """
    tags: set[str] = set()
    stacks: set[tuple[str, str]] = set()
    packages: set[str] = set()
    hashes: set[str] = set()
    occurrences: set[tuple[str, str]] = set()
    for page in sorted((site / "_cache").glob("*/*/specs.md")):
        tag, package = page.parent.parent.name, page.parent.name
        entries = spec_details(page)
        if not entries:
            continue
        tags.add(tag)
        packages.add(package)
        stacks.add((tag, "root"))
        for entry in entries:
            hashes.add(entry["hash"])
            occurrences.add((tag, entry["hash"]))
            stacks.update((tag, stack) for stack in entry["stacks"])
    tags_yaml = site / "_data" / "tags.yaml"
    if tags_yaml.is_file():  # stacks the site declares for a tag that has specs
        for declared in yaml.safe_load(tags_yaml.read_text(encoding="utf-8")):
            if declared["name"] in tags:
                stacks.update((declared["name"], s) for s in declared.get("stacks") or [])
    return Expected(len(tags), len(stacks), len(packages), len(hashes), len(occurrences))


def broken_page(site: Path, package: str = "zlib-ng") -> Path:
    """Break one page of a copied site: its spec_details line is cut mid-JSON."""
    page = site / "_cache" / REAL_TAG / package / "specs.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines = [line[:80] if line.startswith("spec_details: ") else line for line in lines]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return page


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves the v7 test index at /index.json and 404 for anything else."""

    def do_GET(self) -> None:
        if self.path == "/index.json":
            body = (DATABASES / "spack-test-v7.index.json").read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def local_server(handler: Callable[..., BaseRequestHandler] | None = None) -> Iterator[str]:
    """``http://127.0.0.1:<free port>`` for the duration (loopback only, never the network),
    answered by ``handler`` (default: the real fixture files, see ``_Handler``)."""
    saved = {name: os.environ.pop(name) for name in _PROXIES if name in os.environ}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler or _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
        os.environ.update(saved)


_PROXIES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
