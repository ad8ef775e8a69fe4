"""What ``spackdex`` says: help when called alone, a clear port error, the start banner."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from spackdex.indexer.publish import current_version
from spackdex.server.cli import main
from spackdex.server.serve_banner import mark_sample, port_number, serve_banner, serves_sample

from ..schema.expected import records


def test_spackdex_alone_prints_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    said = capsys.readouterr().out
    assert said.startswith("usage: spackdex")
    for command in ("index", "serve", "schema"):
        assert command in said


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "http"])
def test_a_port_outside_the_range_is_an_error(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", port])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "argument --port: port must be" in error
    assert port.lstrip("-") in error


def test_port_bounds_are_accepted() -> None:
    assert [port_number(p) for p in ("0", "80", "65535")] == [0, 80, 65535]
    with pytest.raises(argparse.ArgumentTypeError):
        port_number("65536")


def test_the_banner_names_urls_version_and_count(fixture_index_dir: Path) -> None:
    said = serve_banner(fixture_index_dir, "0.0.0.0", 8123, graphiql=True)
    version = current_version(fixture_index_dir)
    assert version is not None
    assert f"index version {version.name} " in said
    assert f"{len(records()):,} specs" in said
    assert "explorer: http://127.0.0.1:8123/" in said
    assert "GraphiQL: http://127.0.0.1:8123/graphql" in said
    assert "SAMPLE" not in said
    assert "GraphiQL: off" in serve_banner(fixture_index_dir, "::1", 1, graphiql=False)


def test_the_banner_says_when_it_serves_the_bundled_sample(
    fixture_index_dir: Path, tmp_path: Path
) -> None:
    version = current_version(fixture_index_dir)
    assert version is not None
    (tmp_path / "current").symlink_to(version)
    assert not serves_sample(tmp_path)
    mark_sample(tmp_path)
    assert serves_sample(tmp_path)
    assert "BUNDLED SAMPLE" in serve_banner(tmp_path, "127.0.0.1", 8000, graphiql=True)
