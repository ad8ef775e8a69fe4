"""A whole download has a deadline: a real server on 127.0.0.1 that trickles its answer."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from spackdex.indexer.problems import SourceError
from spackdex.indexer.readers.fetch import fetch_deadline, read_location
from spackdex.server.cli import main
from tests.indexer.helpers import local_server

BODY_BYTES = 1000
BYTE_EVERY_SECONDS = 0.1  # the whole body would take 100 s


class _Trickle(http.server.BaseHTTPRequestHandler):
    """``/trickle...``: a full header, then one body byte at a time; ``/silent``: no body."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(BODY_BYTES))
        self.end_headers()
        self.wfile.flush()
        with contextlib.suppress(OSError):  # the client hung up: done
            for _ in range(BODY_BYTES if self.path.startswith("/trickle") else 0):
                self.wfile.write(b"{")
                self.wfile.flush()
                time.sleep(BYTE_EVERY_SECONDS)
            if self.path == "/silent":
                time.sleep(5)

    def log_message(self, format: str, *args: object) -> None:
        pass


pytestmark = pytest.mark.usefixtures("cli_logging")


@pytest.fixture
def server() -> Iterator[str]:
    with local_server(_Trickle) as url:
        yield url


def test_a_trickling_answer_stops_at_the_deadline(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPACKDEX_FETCH_DEADLINE", "1")
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        read_location(f"{server}/trickle")
    elapsed = time.monotonic() - started
    assert 1 <= elapsed < 3
    message = str(caught.value)
    assert message.startswith(f"{server}/trickle: not complete within the 1 s deadline ")
    assert "(SPACKDEX_FETCH_DEADLINE or --fetch-deadline)" in message
    received = int(message.rpartition("(")[2].split()[0])
    assert 0 < received < BODY_BYTES


def test_a_silent_server_is_named_with_the_deadline(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPACKDEX_FETCH_DEADLINE", "0.5")
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"no answer within the 0\.5 s deadline \(SPACKDEX_FETCH"):
        read_location(f"{server}/silent")
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("value", "seconds"), [(None, 300.0), ("", 300.0), ("2.5", 2.5), (" 10 ", 10.0)]
)
def test_deadline_setting(
    monkeypatch: pytest.MonkeyPatch, value: str | None, seconds: float
) -> None:
    if value is None:
        monkeypatch.delenv("SPACKDEX_FETCH_DEADLINE", raising=False)
    else:
        monkeypatch.setenv("SPACKDEX_FETCH_DEADLINE", value)
    assert fetch_deadline() == seconds


@pytest.mark.parametrize("value", ["soon", "0", "-1", "nan"])
def test_bad_deadline_setting_is_refused_before_anything_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    monkeypatch.setenv("SPACKDEX_FETCH_DEADLINE", value)
    with pytest.raises(ValueError, match="SPACKDEX_FETCH_DEADLINE must be a number"):
        fetch_deadline()
    assert main(["index", str(tmp_path), "--index-dir", str(tmp_path / "index")]) == 2
    assert "SPACKDEX_FETCH_DEADLINE must be a number of seconds above 0" in capsys.readouterr().err
    assert not (tmp_path / "index").exists()


def test_the_flag_sets_the_deadline_for_the_run_only(
    server: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("SPACKDEX_FETCH_DEADLINE", raising=False)
    url = f"{server}/trickle"
    argv = ["index", url, "--fetch-deadline", "1", "--json", "--index-dir", str(tmp_path)]
    started = time.monotonic()
    assert main(argv) == 1
    assert time.monotonic() - started < 5
    failure = json.loads(capsys.readouterr().out)
    assert failure["error"] == "no spec could be indexed from the sources given"
    [skipped] = failure["skipped"]
    # a bare URL is probed as a mirror root first: the manifest is what trickled
    assert skipped["source"].startswith(url)
    assert skipped["reason"].startswith("not complete within the 1 s deadline")
    assert "SPACKDEX_FETCH_DEADLINE" not in os.environ
