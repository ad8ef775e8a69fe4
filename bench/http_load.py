"""The real server over HTTP: start-up time, GraphQL load at fixed concurrency, memory.

Only ever talks to 127.0.0.1. The load generator is asyncio + aiohttp in this process, so
on a small machine it competes with the server workers for CPU: figures are a floor.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from bench.procs import bench_env, children_of, cpu_seconds, process_memory
from bench.queries import GRAPHQL_QUERY, QueryCase
from bench.stats import summarize

__all__ = ["RunningServer", "free_port", "load_level", "running_server"]

HOST = "127.0.0.1"
_STARTED = "Application startup complete"


def free_port() -> int:
    """A port free on 127.0.0.1 right now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class RunningServer:
    """A started ``spackdex serve``: its process, URL and start-up timings."""

    process: subprocess.Popen[bytes]
    url: str
    ready_s: float
    all_workers_ready_s: float | None
    log: Path

    def pids(self) -> list[int]:
        """The server's processes: the supervisor and its workers."""
        return [self.process.pid, *children_of(self.process.pid)]

    def memory(self) -> dict[str, Any]:
        """Peak/current RSS of the parent and every worker (read while they are alive)."""
        return process_memory(self.process.pid)


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_ready(
    process: subprocess.Popen[bytes], url: str, log: Path, workers: int, timeout_s: float
) -> tuple[float, float | None]:
    """Seconds from spawn to the first 200 on /readyz, and until every worker logged ready."""
    start = time.perf_counter()
    ready_s: float | None = None
    deadline = start + timeout_s
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}): {log.read_text()[-2000:]}")
        now = time.perf_counter()
        if ready_s is None and _ready(url):
            ready_s = now - start
        # Each worker logs once when its lifespan (index open + warm) is done.
        if ready_s is not None and log.read_text(errors="replace").count(_STARTED) >= workers:
            return ready_s, time.perf_counter() - start
        if ready_s is not None and now - start > ready_s + 30:
            return ready_s, None  # ready, but the log never said so for every worker
        time.sleep(0.02)
    raise TimeoutError(f"server not ready after {timeout_s} s: {log.read_text()[-2000:]}")


@contextmanager
def running_server(
    index_dir: Path,
    workdir: Path,
    workers: int,
    timeout_s: float,
    env: dict[str, str] | None = None,
) -> Iterator[RunningServer]:
    """Start ``python -m spackdex.server.cli serve`` on a free local port; stop it after."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    log = workdir / "server.log"
    args = [
        sys.executable, "-m", "spackdex.server.cli", "serve", "--index-dir", str(index_dir),
        "--host", HOST, "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    with log.open("wb") as sink:
        # Its own session: a stop reaches the workers too, and nothing else.
        process = subprocess.Popen(
            args,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**bench_env(), **(env or {})},
            start_new_session=True,
        )
    try:
        ready_s, all_ready_s = _wait_ready(process, url, log, workers, timeout_s)
        yield RunningServer(process, url, ready_s, all_ready_s, log)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # Only this server's own process group (started above with a new session).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def _payloads(cases: Sequence[QueryCase]) -> list[tuple[str, bytes]]:
    return [
        (c.kind, orjson.dumps({"query": GRAPHQL_QUERY, "variables": c.variables})) for c in cases
    ]


def _ok(status: int, body: bytes) -> bool:
    if status != 200:
        return False
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return False
    return not document.get("errors") and "totalCount" in (document.get("data") or {}).get(
        "specs", {}
    )


async def _load(
    url: str,
    cases: Sequence[QueryCase],
    concurrency: int,
    duration_s: float,
    warmup_s: float,
    server_pids: list[int],
) -> dict[str, Any]:
    payloads = _payloads(cases)
    headers = {"content-type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=30)
    latencies: dict[str, list[float]] = {kind: [] for kind, _ in payloads}
    errors: dict[str, int] = {}
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def one(kind: str, body: bytes) -> tuple[bool, float, str]:
            start = time.perf_counter()
            try:
                async with session.post(f"{url}/graphql", data=body, headers=headers) as resp:
                    data = await resp.read()
                    ok = _ok(resp.status, data)
                    why = "" if ok else f"http {resp.status}" if resp.status != 200 else "graphql"
            except (aiohttp.ClientError, TimeoutError) as error:
                ok, why = False, type(error).__name__
            return ok, time.perf_counter() - start, why

        async def client(first: int, until: float, record: bool) -> None:
            i = first
            while time.perf_counter() < until:
                kind, body = payloads[i % len(payloads)]
                i += 1
                ok, seconds, why = await one(kind, body)
                if not record:
                    continue
                if ok:
                    latencies[kind].append(seconds)
                else:
                    errors[why] = errors.get(why, 0) + 1

        if warmup_s > 0:
            until = time.perf_counter() + warmup_s
            await asyncio.gather(*(client(i, until, False) for i in range(concurrency)))
        start = time.perf_counter()
        server_cpu, client_cpu = cpu_seconds(server_pids), time.process_time()
        until = start + duration_s
        await asyncio.gather(*(client(i, until, True) for i in range(concurrency)))
        elapsed = time.perf_counter() - start
        server_cpu = cpu_seconds(server_pids) - server_cpu
        client_cpu = time.process_time() - client_cpu
    done = [s for samples in latencies.values() for s in samples]
    failed = sum(errors.values())
    requests = len(done) + failed
    return {
        "concurrency": concurrency,
        "duration_s": round(elapsed, 3),
        "requests": requests,
        "errors": failed,
        "error_kinds": errors,
        "requests_per_s": round(requests / elapsed, 1) if elapsed else 0.0,
        # The load generator shares the machine: how much CPU each side burnt per request
        # tells whether throughput was bound by the server or by its client.
        "server_cpu_ms_per_request": round(1000 * server_cpu / requests, 2) if requests else 0.0,
        "client_cpu_ms_per_request": round(1000 * client_cpu / requests, 2) if requests else 0.0,
        **summarize(done),
        "kinds": {kind: summarize(samples) for kind, samples in latencies.items()},
    }


def load_level(
    server: RunningServer,
    cases: Sequence[QueryCase],
    concurrency: int,
    duration_s: float,
    warmup_s: float,
) -> dict[str, Any]:
    """``concurrency`` clients, each sending the query mix in turn, for ``duration_s``."""
    return asyncio.run(_load(server.url, cases, concurrency, duration_s, warmup_s, server.pids()))
