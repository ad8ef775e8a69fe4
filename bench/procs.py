"""Processes the benchmark starts: peak memory, process trees, machine facts.

Linux only (``/proc``); elsewhere memory figures come back as ``None`` rather than wrong.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ChildResult",
    "bench_env",
    "children_of",
    "cpu_seconds",
    "machine_info",
    "process_memory",
    "run_measured",
]

_REPO = Path(__file__).resolve().parent.parent


def bench_env() -> dict[str, str]:
    """The environment for child processes: this interpreter's, with the repo importable."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(_REPO) + (os.pathsep + path if path else "")
    return env


def _status_kb(pid: int) -> dict[str, int]:
    """``VmHWM``/``VmRSS`` (kB) of a live process, from ``/proc/<pid>/status``."""
    values: dict[str, int] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return values
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0])
    return values


def _pss_kb(pid: int) -> int | None:
    # Proportional set size: shared pages (the mmap'd index columns every worker maps)
    # split between the processes sharing them, so PSS sums to real memory use.
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return None


def children_of(pid: int) -> list[int]:
    """Direct children of ``pid`` (scanning ``/proc/*/stat``)."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces or parentheses: fields start after the last ')'.
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by ``pids`` (from ``/proc/<pid>/stat``)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def process_memory(pid: int) -> dict[str, Any]:
    """Peak and current memory (MB) of ``pid`` and each child, as seen right now."""

    def one(p: int) -> dict[str, Any]:
        kb = _status_kb(p)
        pss = _pss_kb(p)
        return {
            "pid": p,
            "cmd": _cmdline(p)[:120],
            "peak_rss_mb": round(kb.get("VmHWM", 0) / 1024, 1),
            "rss_mb": round(kb.get("VmRSS", 0) / 1024, 1),
            "pss_mb": None if pss is None else round(pss / 1024, 1),
        }

    parent = one(pid)
    children = [one(c) for c in children_of(pid)]
    return {
        "parent": parent,
        "children": children,
        "total_peak_rss_mb": round(
            parent["peak_rss_mb"] + sum(c["peak_rss_mb"] for c in children), 1
        ),
        "total_pss_mb": round((parent["pss_mb"] or 0) + sum(c["pss_mb"] or 0 for c in children), 1),
    }


@dataclass(frozen=True)
class ChildResult:
    """A finished child process: exit code, wall time, peak RSS, captured output."""

    returncode: int
    wall_s: float
    peak_rss_mb: float
    stdout: str
    stderr: str


def run_measured(args: list[str], workdir: Path, timeout_s: float = 3600.0) -> ChildResult:
    """Run ``args`` to completion; peak RSS from ``wait4`` (this child and its descendants).

    ``wait4`` reports the one child's usage, unlike ``RUSAGE_CHILDREN``, which would fold
    in every earlier child of this process (servers, earlier sizes).
    """
    out_path, err_path = workdir / "child.stdout", workdir / "child.stderr"
    start = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=bench_env())
        deadline = start + timeout_s
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
    return ChildResult(
        returncode=proc.returncode,
        wall_s=wall,
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),  # Linux reports kB
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def machine_info() -> dict[str, Any]:
    """CPU count and model, memory, Python and OS: what the numbers were measured on."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count() or 0
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": _cpu_model(),
        "memory_mb": _mem_total_mb(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
