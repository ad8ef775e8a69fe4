"""``spackdex diff``: one JSON object with --json, tables on a terminal, named errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spackdex.server.cli import main

from ..diff_expected import build_diff_index, expected_diff


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_diff_index(tmp_path_factory.mktemp("diff"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_equals_the_fixture_files(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "develop-2024-12-15", "develop-2025-03-16", "--json", "--index-dir", str(index_dir)
    )
    assert (code, err) == (0, "")
    [line] = out.splitlines()
    report = json.loads(line)
    expected = expected_diff(("develop-2024-12-15", None), ("develop-2025-03-16", None))
    assert report["from"] == {"tag": "develop-2024-12-15", "stack": None}
    assert report["summary"] == expected["summary"]
    packages = {row.pop("name"): row for row in report["packages"]}
    assert packages == expected["packages"]
    assert list(packages) == sorted(packages)


def test_stack_and_spec_restrict_both_sides(
    index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["develop-2024-12-15", "develop-2025-03-09", "--stack", "ml-linux-x86_64-rocm"]
    code, out, _ = _run(
        capsys, *argv, "--spec", "rocblas@6.1", "--json", "--index-dir", str(index_dir)
    )
    assert code == 0
    report = json.loads(out)
    expected = expected_diff(
        ("develop-2024-12-15", "ml-linux-x86_64-rocm"),
        ("develop-2025-03-09", "ml-linux-x86_64-rocm"),
        lambda b: b.name == "rocblas" and b.version.startswith("6.1"),
    )
    assert report["summary"] == expected["summary"]
    assert report["summary"]["removed"] == 2


def test_terminal_shows_the_summary_and_changed_packages(
    index_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = _run(
        capsys, "develop-2024-12-15", "develop-2025-03-09", "--index-dir", str(index_dir)
    )
    assert code == 0
    assert "develop-2024-12-15 -> develop-2025-03-09" in out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 2}
    assert rows["specs added"].split("│")[2].strip() == "14"  # 12 cuda, 2 rocblas
    assert [cell.strip() for cell in rows["rocblas"].split("│")[1:6]] == [
        "rocblas",
        "6.3.2",
        "6.2.4",
        "2",
        "3",
    ]


def test_unknown_tag_exits_1_and_names_it(
    index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "develop-1999-01-01", "spack-1.0", "--index-dir", str(index_dir))
    assert (code, out) == (1, "")
    assert "from: unknown tag 'develop-1999-01-01'" in err
    code, _, err = _run(
        capsys, "spack-test", "spack-1.0", "--stack", "e4s", "--index-dir", str(index_dir)
    )
    assert code == 1
    assert "from: tag 'spack-test' has no stack 'e4s'" in err


def test_installed_command_reads_the_index_dir_from_the_environment(index_dir: Path) -> None:
    script = Path(sys.executable).with_name("spackdex")
    done = subprocess.run(
        [str(script), "diff", "spack-test", "spack-1.0", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "SPACKDEX_INDEX_DIR": str(index_dir)},
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"] == expected_diff(("spack-test", None), ("spack-1.0", None))["summary"]
    assert report["summary"]["unchanged"] == 3
