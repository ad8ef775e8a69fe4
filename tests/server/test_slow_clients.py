"""A real ``spackdex serve --workers 2``: stalled connections are closed, /metrics sums
both workers, and SPACKDEX_LOG_FORMAT=json writes one JSON object per line."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from .test_serve import serving

STALLS = {
    "unfinished header": b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Ty",
    "promised body": (
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{"
    ),
    "nothing sent": b"",
}
REQUESTS = 12


def _closed_within(connection: socket.socket, seconds: float) -> tuple[float, bytes]:
    """Seconds until the server closed the connection, and what it sent before."""
    started = time.monotonic()
    connection.settimeout(seconds)
    received = b""
    while chunk := connection.recv(4096):
        received += chunk
    return time.monotonic() - started, received


def test_stalled_connections_metrics_and_json_logs(fixture_index_dir: Path, tmp_path: Path) -> None:
    env = {
        "SPACKDEX_HEADER_TIMEOUT_SECONDS": "1",
        "SPACKDEX_BODY_TIMEOUT_SECONDS": "1",
        "SPACKDEX_LOG_FORMAT": "json",
    }
    with serving(fixture_index_dir, tmp_path, "--workers", "2", env=env) as base:
        url = httpx.URL(base)
        connections = {}
        for case, sent in STALLS.items():
            connection = socket.create_connection((url.host, url.port or 80))
            connection.sendall(sent)
            connections[case] = connection
        for case, connection in connections.items():
            with connection:
                seconds, received = _closed_within(connection, 10)
            assert seconds < 5, case
            if sent := STALLS[case]:
                assert b" 408 " in received.split(b"\r\n")[0], (case, received[:200])
                assert b'"errors"' in received, case
        for _ in range(REQUESTS):  # a new connection each: the kernel spreads them
            answer = httpx.post(
                f"{base}/graphql", json={"query": "query Stats { stats { specs } }"}
            )
            assert answer.status_code == 200
        for _ in range(4):  # whichever worker answers the scrape counts both
            assert _answered(httpx.get(f"{base}/metrics").text) == REQUESTS
    lines = [line for line in (tmp_path).glob("serve-*.log").__next__().read_text().splitlines()]
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(records) >= len([line for line in lines if line.strip()]) - 2  # all JSON
    requests = [r for r in records if r.get("operation") == "Stats"]
    assert len(requests) == REQUESTS
    assert {"method", "status", "duration_ms", "cost"} <= requests[0].keys()


def _answered(text: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "spackdex_requests_total" and sample.labels["status"] == "200":
                total += sample.value
    return total
