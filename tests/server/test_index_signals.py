"""A real ``spackdex index`` with worker processes, killed or interrupted while parsing:
no worker, forkserver or resource tracker outlives it, and nothing is published."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from spackdex.indexer.publish import current_version
from tests.indexer.helpers import REAL_SITE, REAL_TAG, copy_tree

REPO = Path(__file__).resolve().parents[2]
TAG_COPIES = 24  # units enough that the workers are still parsing when the signal comes
GRACE_SECONDS = 3.0


@pytest.fixture(scope="module")
def many_tags(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_tree(REAL_SITE, tmp_path_factory.mktemp("site"))
    for number in range(TAG_COPIES):
        shutil.copytree(site / "_cache" / REAL_TAG, site / "_cache" / f"{REAL_TAG}-{number}")
    return site


def group_members(group: int) -> dict[int, int]:
    """Live (non-zombie) processes of a process group, as pid -> parent pid."""
    members = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended while we looked
        state, parent, process_group = stat.rsplit(")", 1)[1].split()[:3]
        if int(process_group) == group and state != "Z":
            members[int(entry)] = int(parent)
    return members


@pytest.fixture
def indexing(many_tags: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """``spackdex index`` with 4 jobs in its own process group, once its workers run."""
    script = Path(sys.executable).parent / "spackdex"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "spackdex.server.cli"]
    index = tmp_path / "index"
    stderr = tmp_path / "stderr"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    with open(stderr, "wb") as errors:
        process = subprocess.Popen(
            [*command, "index", str(many_tags), "--jobs", "4", "--index-dir", str(index)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,  # its own process group: every descendant can be found
        )
    try:
        deadline = time.monotonic() + 60
        while not _workers(process.pid):
            assert process.poll() is None, (
                f"finished before its workers were seen: {stderr.read_text()}"
            )
            assert time.monotonic() < deadline, "no worker process started"
            time.sleep(0.01)
        yield process, index
    finally:
        for pid in group_members(process.pid):  # only if the test failed
            os.kill(pid, signal.SIGKILL)
        process.kill()
        process.wait()


def _workers(group: int) -> list[int]:
    """Processes of the group that are neither the run nor its direct children (the
    forkserver and the resource tracker): the forkserver's children, the workers."""
    members = group_members(group)
    return [pid for pid, parent in members.items() if parent not in (group, 1) and pid != group]


def descendants_left(group: int) -> list[int]:
    deadline = time.monotonic() + GRACE_SECONDS
    while (left := sorted(group_members(group))) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.mark.parametrize(
    ("signal_number", "exit_code"),
    [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGINT, 130), (signal.SIGTERM, 143)],
    ids=["SIGKILL", "SIGINT", "SIGTERM"],
)
def test_no_process_outlives_the_run(
    indexing: tuple[subprocess.Popen[bytes], Path], signal_number: int, exit_code: int
) -> None:
    process, index = indexing
    assert len(group_members(process.pid)) >= 4  # the run, tracker, forkserver, workers
    os.kill(process.pid, signal_number)
    assert process.wait(timeout=30) == exit_code
    assert descendants_left(process.pid) == []
    assert current_version(index) is None
    if exit_code > 0:  # interrupted, not killed: it cleaned up and said why
        assert not list((index / "versions").glob(".building-*"))
        stderr = (index.parent / "stderr").read_text()
        name = signal.Signals(signal_number).name
        assert f"error: interrupted by {name}" in stderr
        assert "Traceback" not in stderr
