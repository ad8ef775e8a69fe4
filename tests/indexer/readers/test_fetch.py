"""Reading sources from paths and from http URLs (a local server on 127.0.0.1 only)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from spackdex.indexer.problems import SourceError
from spackdex.indexer.readers.fetch import is_url, read_location, resolve_location
from tests.indexer.helpers import local_server


@pytest.fixture
def server() -> Iterator[str]:
    with local_server() as url:
        yield url


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/index.json"  # nothing listens there any more


def test_reads_a_local_file(tmp_path: Path) -> None:
    path = tmp_path / "index.json"
    path.write_bytes(b"{}")
    assert read_location(str(path)) == b"{}"


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.json", "no such file"), (".", "is a directory, expected a file")],
)
def test_unreadable_paths_are_named(tmp_path: Path, name: str, message: str) -> None:
    location = str(tmp_path / name)
    with pytest.raises(SourceError) as caught:
        read_location(location)
    assert caught.value.source == location
    assert str(caught.value) == f"{location}: {message}"


def test_reads_a_url(server: str) -> None:
    assert read_location(f"{server}/index.json").startswith(b'{"database":{"version":"7"')


def test_http_error_names_the_url_and_the_status(server: str) -> None:
    url = f"{server}/missing/index.json"
    with pytest.raises(SourceError) as caught:
        read_location(url)
    assert str(caught.value) == f"{url}: HTTP 404 Not Found"


def test_closed_port_names_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    url = closed_port_url()
    with pytest.raises(SourceError) as caught:
        read_location(url)
    assert str(caught.value).startswith(f"{url}: cannot fetch: ")


@pytest.mark.parametrize(
    ("location", "relative_to", "expected"),
    [
        ("stacks/e4s/index.json", "/mirror/manifest.json", "/mirror/stacks/e4s/index.json"),
        ("../v7/index.json", "/m/a/manifest.json", "/m/a/../v7/index.json"),
        ("/abs/index.json", "/mirror/manifest.json", "/abs/index.json"),
        (
            "e4s/index.json",
            "https://b.example/develop/manifest.json",
            "https://b.example/develop/e4s/index.json",
        ),
        ("https://other/index.json", "/mirror/manifest.json", "https://other/index.json"),
    ],
)
def test_resolve_location(location: str, relative_to: str, expected: str) -> None:
    assert resolve_location(location, relative_to) == expected


@pytest.mark.parametrize(
    ("location", "url"),
    [("http://127.0.0.1/x", True), ("https://x/y", True), ("/tmp/http:x", False), ("x", False)],
)
def test_is_url(location: str, url: bool) -> None:
    assert is_url(location) is url
