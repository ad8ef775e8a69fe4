"""``spackdex serve`` for real: a subprocess on a free port, queried by a GraphQL client."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from gql import Client, GraphQLRequest
from gql.transport.aiohttp import AIOHTTPTransport

import spackdex

from ..schema.expected import records

REPO = Path(spackdex.__file__).resolve().parents[1]
START_SECONDS = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(
    index_dir: Path, logs: Path, *flags: str, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run ``spackdex serve`` until /readyz answers; yield its base URL; stop it."""
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SPACKDEX_")}
    environment.update(env or {})
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, [environment.get("PYTHONPATH")])]
    )
    command = [
        sys.executable,
        "-m",
        "spackdex.server.cli",
        "serve",
        "--index-dir",
        str(index_dir),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *flags,
    ]
    log_path = logs / f"serve-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                raise AssertionError("serve exited early:\n" + log_path.read_text())
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/readyz", timeout=1.0).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError("serve never became ready:\n" + log_path.read_text())
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _gql(url: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    transport = AIOHTTPTransport(url=url)
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:
        return await session.execute(GraphQLRequest(query, variable_values=variables))


def test_serve_answers_a_real_graphql_client(fixture_index_dir: Path, tmp_path: Path) -> None:
    with serving(fixture_index_dir, tmp_path) as base:
        ready = httpx.get(f"{base}/readyz").json()
        assert ready["specs"] == len(records())
        result = asyncio.run(
            _gql(
                f"{base}/graphql",
                """
            query($name: String!) {
                package(name: $name) { name versions
                    specs(first: 2, filter: {oss: ["ubuntu22.04"]}) { totalCount
                        edges { node { hash os } } } }
                stats { specs version }
            }""",
                {"name": "hdf5"},
            )
        )
        assert result["stats"] == {"specs": len(records()), "version": ready["version"]}
        package = result["package"]
        assert package["versions"] == ["1.14.5", "1.12.3", "1.8.23"]
        hdf5 = [r for r in records() if r.name == "hdf5" and r.os == "ubuntu22.04"]
        assert package["specs"]["totalCount"] == len(hdf5)
        assert {e["node"]["os"] for e in package["specs"]["edges"]} == {"ubuntu22.04"}
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}


def test_serve_builds_the_bundled_sample_into_an_empty_dir(tmp_path: Path) -> None:
    index_dir = tmp_path / "empty-index"
    with serving(index_dir, tmp_path) as base:
        ready = httpx.get(f"{base}/readyz").json()
        assert ready["status"] == "ready"
        (log,) = tmp_path.glob("serve-*.log")
        said = log.read_text()
        assert f"serving index version {ready['version']} " in said
        assert f"{ready['specs']:,} specs" in said
        assert "BUNDLED SAMPLE" in said
        assert f"explorer: {base}/\n" in said
        assert f"GraphiQL: {base}/graphql\n" in said
        assert ready["specs"] > len(records())  # the sample adds spack-test's v8 nodes
        page = httpx.get(f"{base}/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "graphiql" in page.text.lower()
        answer = httpx.post(
            f"{base}/graphql",
            json={
                "query": """{
            tags { name }
            package(name: "clingo-bootstrap") { name tags { name } }
        }"""
            },
        ).json()
        assert {t["name"] for t in answer["data"]["tags"]} == {
            "develop-2025-03-16",
            "develop-2025-03-09",  # two earlier weeks of cuda and rocblas, for diff
            "develop-2024-12-15",
            "bootstrap",
            "spack-test",
        }
        assert answer["data"]["package"]["tags"] == [{"name": "bootstrap"}]
    assert any(index_dir.iterdir())
