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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from bench.procs import bench_env, children_of, cpu_seconds, process_memory
from bench.queries import GRAPHQL_QUERY, QueryCase
from bench.stats import summarize

__all__ = [
    "Probe",
    "RunningServer",
    "free_port",
    "graphql_probes",
    "json_answer",
    "load_level",
    "load_probes",
    "running_server",
    "stop_process",
    "wait_until",
]

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


def _ready(url: str, path: str = "/readyz") -> bool:
    try:
        with urllib.request.urlopen(f"{url}{path}", timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until(
    process: subprocess.Popen[bytes], url: str, path: str, log: Path, timeout_s: float
) -> float:
    """Seconds from now until ``path`` answers 200; an error if the process exits first."""
    start = time.perf_counter()
    while time.perf_counter() < start + timeout_s:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}): {log.read_text()[-2000:]}")
        if _ready(url, path):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"server not ready after {timeout_s} s: {log.read_text()[-2000:]}")


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
    source: Path | None = None,
) -> Iterator[RunningServer]:
    """Start ``python -m spackdex.server.cli serve`` on a free local port; stop it after.

    ``source``: serve the spackdex found there (an older release's tree) instead of this
    checkout's; it runs with this interpreter and its installed dependencies.
    """
    port = free_port()
    url = f"http://{HOST}:{port}"
    log = workdir / ("server.log" if source is None else f"server-{source.name}.log")
    child_env = {**bench_env(), **(env or {})}
    # -P: "python -m" would otherwise put the working directory (this checkout, when run
    # from it) ahead of PYTHONPATH, and serve this spackdex instead of the release's
    interpreter = [sys.executable] if source is None else [sys.executable, "-P"]
    if source is not None:
        child_env["PYTHONPATH"] = str(source)
    args = [
        *interpreter, "-m", "spackdex.server.cli", "serve", "--index-dir", str(index_dir),
        "--host", HOST, "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    with log.open("wb") as sink:
        # Its own session: a stop reaches the workers too, and nothing else.
        process = subprocess.Popen(
            args,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=child_env,
            start_new_session=True,
            cwd=source,
        )
    try:
        ready_s, all_ready_s = _wait_ready(process, url, log, workers, timeout_s)
        yield RunningServer(process, url, ready_s, all_ready_s, log)
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM a server started in its own session; SIGKILL its group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # Only this server's own process group (started above with a new session).
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def json_answer(status: int, body: bytes) -> dict[str, Any] | None:
    """A 200 answer's JSON object, or None (another status, not JSON, not an object)."""
    if status != 200:
        return None
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return document if isinstance(document, dict) else None


def _ok(status: int, body: bytes) -> bool:
    """A GraphQL answer with data and no errors."""
    document = json_answer(status, body)
    return (
        document is not None
        and not document.get("errors")
        and "totalCount" in (document.get("data") or {}).get("specs", {})
    )


@dataclass(frozen=True)
class Probe:
    """One request of a load: POSTed with ``body`` (JSON), or a GET when it is None."""

    kind: str
    path: str
    body: bytes | None = None
    check: Callable[[int, bytes], bool] = field(default=_ok, compare=False)


def graphql_probes(cases: Sequence[QueryCase], query: str = GRAPHQL_QUERY) -> list[Probe]:
    """The query mix as POSTs of ``query`` to ``/graphql``."""
    return [
        Probe(c.kind, "/graphql", orjson.dumps({"query": query, "variables": c.variables}))
        for c in cases
    ]


async def _load(
    url: str,
    probes: Sequence[Probe],
    concurrency: int,
    duration_s: float,
    warmup_s: float,
    server_pids: list[int],
    keep_samples: bool = False,
    timeout_s: float = 30.0,
) -> dict[str, Any]:
    headers = {"content-type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    latencies: dict[str, list[float]] = {probe.kind: [] for probe in probes}
    errors: dict[str, int] = {}
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def one(probe: Probe) -> tuple[bool, float, str]:
            start = time.perf_counter()
            try:
                if probe.body is None:
                    request = session.get(f"{url}{probe.path}")
                else:
                    request = session.post(f"{url}{probe.path}", data=probe.body, headers=headers)
                async with request as resp:
                    data = await resp.read()
                    ok = probe.check(resp.status, data)
                    why = "" if ok else f"http {resp.status}" if resp.status != 200 else "answer"
            except (aiohttp.ClientError, TimeoutError) as error:
                ok, why = False, type(error).__name__
            return ok, time.perf_counter() - start, why

        async def client(first: int, until: float, record: bool) -> None:
            i = first
            while time.perf_counter() < until:
                probe = probes[i % len(probes)]
                i += 1
                ok, seconds, why = await one(probe)
                if not record:
                    continue
                if ok:
                    latencies[probe.kind].append(seconds)
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
        **({"samples": done} if keep_samples else {}),
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


def load_probes(
    url: str,
    server_pids: list[int],
    probes: Sequence[Probe],
    concurrency: int,
    duration_s: float,
    warmup_s: float,
    keep_samples: bool = False,
    timeout_s: float = 30.0,
) -> dict[str, Any]:
    """``concurrency`` clients, each sending ``probes`` in turn, for ``duration_s``
    (``keep_samples``: the raw latencies in seconds too, under ``samples``; a request
    taking longer than ``timeout_s`` counts as an error)."""
    return asyncio.run(
        _load(url, probes, concurrency, duration_s, warmup_s, server_pids, keep_samples, timeout_s)
    )


def load_level(
    server: RunningServer,
    cases: Sequence[QueryCase],
    concurrency: int,
    duration_s: float,
    warmup_s: float,
    query: str = GRAPHQL_QUERY,
) -> dict[str, Any]:
    """``concurrency`` clients, each sending the query mix in turn, for ``duration_s``."""
    probes = graphql_probes(cases, query)
    return load_probes(server.url, server.pids(), probes, concurrency, duration_s, warmup_s)
