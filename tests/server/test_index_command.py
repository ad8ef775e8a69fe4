"""``spackdex index``: the --json summary, exit codes, --strict, and the human summary."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from spackdex.indexer.publish import current_version
from spackdex.server.cli import main
from tests.indexer.helpers import (
    FIXTURES,
    REAL_SITE,
    REAL_TAG,
    broken_page,
    copy_tree,
    expected_counts,
    local_server,
)

REPO = Path(__file__).resolve().parents[2]


pytestmark = pytest.mark.usefixtures("cli_logging")


def index(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["index", *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    return code, out, err


def summary(out: str) -> dict[str, Any]:
    [line] = out.splitlines()
    loaded: dict[str, Any] = json.loads(line)
    return loaded


def test_json_counts_equal_what_the_real_pages_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = index(capsys, REAL_SITE, "--json", "--index-dir", tmp_path)
    assert code == 0
    report = summary(out)
    expected = expected_counts(REAL_SITE)
    assert {key: report[key] for key in expected.as_dict()} == expected.as_dict()
    assert expected.tags == 1 and expected.packages == 20  # what the fixture is
    assert report["skipped"] == []
    assert report["warnings"] == []
    assert isinstance(report["seconds"], float) and report["seconds"] >= 0
    assert report["up_to_date"] is False
    assert report["version"] == current_version(tmp_path).name  # type: ignore[union-attr]
    assert report["units"] == {"read": 1, "reused": 0}


def test_json_again_is_up_to_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index(capsys, REAL_SITE, "--json", "--index-dir", tmp_path)
    code, out, _err = index(capsys, REAL_SITE, "--json", "--index-dir", tmp_path)
    report = summary(out)
    assert code == 0
    assert (report["up_to_date"], report["units"]["read"]) == (True, 0)
    assert report["specs"] == expected_counts(REAL_SITE).specs


def test_broken_page_is_skipped_and_named_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy_tree(REAL_SITE, tmp_path / "site")
    page = broken_page(site)
    code, out, _err = index(capsys, site, "--json", "--index-dir", tmp_path / "index")
    assert code == 0
    report = summary(out)
    [skipped] = report["skipped"]
    assert skipped["source"] == str(page)
    assert re.match(r"line 6, column \d+: malformed JSON in 'spec_details'", skipped["reason"])
    page.unlink()
    assert report["specs"] == expected_counts(site).specs


def test_strict_exits_non_zero_naming_the_file_and_publishes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = copy_tree(REAL_SITE, tmp_path / "site")
    index_dir = tmp_path / "index"
    assert index(capsys, site, "--json", "--index-dir", index_dir)[0] == 0
    published = current_version(index_dir)
    page = broken_page(site, "cuda")
    code, out, err = index(capsys, site, "--strict", "--json", "--index-dir", index_dir)
    assert code != 0
    failure = summary(out)
    assert failure["error"].startswith(f"{page}: line 6, column ")
    assert (failure["published"], failure["skipped"]) == (False, [])
    assert f"error: {page}: line 6, column " in err
    assert "nothing was published" in err
    assert current_version(index_dir) == published


def test_strict_as_a_real_process(tmp_path: Path) -> None:
    site = copy_tree(REAL_SITE, tmp_path / "site")
    page = site / "_cache" / REAL_TAG / "hdf5" / "specs.md"
    page.write_bytes(page.read_bytes().replace(b"title:", b"title: \xff", 1))
    path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path, "COLUMNS": "1000"}
    argv = ["index", str(site), "--strict", "--json", "--index-dir", str(tmp_path / "index")]
    done = subprocess.run(
        [sys.executable, "-m", "spackdex.server.cli", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert f"error: {page}: line 2, column 8: not UTF-8" in done.stderr
    assert json.loads(done.stdout)["error"].startswith(f"{page}: line 2, column 8: not UTF-8")
    assert current_version(tmp_path / "index") is None


def test_nothing_indexed_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing"
    code, out, err = index(capsys, missing, "--json", "--index-dir", tmp_path / "index")
    assert code != 0
    assert "no spec could be indexed" in err
    failure = summary(out)
    assert failure["error"] == "no spec could be indexed from the sources given"
    # the reason why is in the JSON too, not only in a log line
    assert failure["skipped"] == [{"source": str(missing), "reason": "no such file or directory"}]
    assert current_version(tmp_path / "index") is None


def test_failing_url_is_skipped_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with local_server() as server:
        code, out, _err = index(
            capsys,
            f"{server}/index.json",
            f"{server}/gone/index.json",
            "--tag",
            "v0.23.0",
            "--json",
            "--index-dir",
            tmp_path,
        )
        strict = index(capsys, f"{server}/gone/index.json", "--strict", "--index-dir", tmp_path)
    assert code == 0
    report = summary(out)
    assert report["skipped"] == [
        {"source": f"{server}/gone/index.json", "reason": "HTTP 404 Not Found"}
    ]
    assert (report["tags"], report["specs"]) == (1, 2)
    assert strict[0] != 0
    assert f"{server}/gone/index.json: HTTP 404" in strict[2]


def test_human_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = FIXTURES / "sources.yaml"
    code, out, _err = index(capsys, sources, "--index-dir", tmp_path)
    assert code == 0
    assert "(new)" in out
    specs = [line for line in out.splitlines() if " specs " in f" {line} "]
    assert specs, out
    code, out, _err = index(capsys, sources, "--index-dir", tmp_path)
    assert code == 0
    assert "up to date" in out


@pytest.mark.parametrize("terminal", [True, False])
def test_each_skipped_source_is_reported_once(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    terminal: bool,
) -> None:
    """No doubled level ("WARNING  WARNING:spackdex...") and no second list of skips."""
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")  # rich then treats stderr as a terminal
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
    site = copy_tree(REAL_SITE, tmp_path / "site")
    page = broken_page(site)
    code, out, err = index(capsys, site, "--index-dir", tmp_path / "index")
    assert code == 0
    both = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out + err)  # without colour codes
    assert "WARNING:spackdex" not in both
    assert both.count(f"skipped {page}") == 1, both
