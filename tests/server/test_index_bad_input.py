"""``spackdex index`` fed bad input: it says what and where, indexes the rest, never a
traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from spackdex.indexer.publish import current_version
from spackdex.server.cli import main
from tests.indexer.helpers import DATABASES, REAL_SITE

LIBDWARF = "sk2gqqz4n5njmvktycnd25wq25jxiqkr"


pytestmark = pytest.mark.usefixtures("cli_logging")


def index(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, dict[str, Any], str]:
    code = main(["index", "--json", *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out), err


@pytest.mark.parametrize(
    ("field", "value", "place", "message"),
    [
        ("version", [1], "spec", "missing or non-string key 'version' (found [1])"),
        ("compiler", 5, "spec", "key 'compiler' must be an object with a name, not 5"),
        ("parameters", [], "spec", "key 'parameters' must be an object, not []"),
        ("in_buildcache", "yes", "", "key 'in_buildcache' must be true or false, not 'yes'"),
        (
            "deptypes",
            5,
            "spec.dependencies[0].parameters",
            "key 'deptypes' must be a list of strings, not 5",
        ),
    ],
)
def test_one_bad_record_is_skipped_and_named_the_rest_indexed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
    value: object,
    place: str,
    message: str,
) -> None:
    document = json.loads((DATABASES / "spack-test-v7.index.json").read_text())
    record = document["database"]["installs"][LIBDWARF]
    if field == "in_buildcache":
        record[field] = value
    elif field == "deptypes":
        record["spec"]["dependencies"][0]["parameters"][field] = value
    else:
        record["spec"][field] = value
    path = tmp_path / "index.json"
    path.write_text(json.dumps(document))
    code, report, _err = index(capsys, path, "--index-dir", tmp_path / "index")
    assert code == 0
    assert report["specs"] == 1  # libelf
    where = f"database.installs.{LIBDWARF}" + (f".{place}" if place else "")
    assert report["skipped"] == [{"source": str(path), "reason": f"{where}: {message}"}]


def test_a_fifo_is_refused_not_waited_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "index.json"
    os.mkfifo(fifo)
    code, report, _err = index(capsys, fifo, REAL_SITE, "--index-dir", tmp_path / "index")
    assert code == 0
    assert report["skipped"] == [
        {"source": str(fifo), "reason": "not a regular file (a FIFO, device or socket)"}
    ]


def test_an_index_dir_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "index"
    not_a_folder.write_text("x")
    code, report, err = index(capsys, REAL_SITE, "--index-dir", not_a_folder)
    assert code == 1
    assert report["error"] == f"cannot write {not_a_folder}: exists and is not a folder"
    assert f"error: cannot write {not_a_folder}: exists and is not a folder" in err


def test_packages_of_wrong_type_in_sources_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - site: {REAL_SITE}\npackages: 7\n")
    code, report, _err = index(capsys, sources, "--index-dir", tmp_path / "index")
    assert code == 0
    assert report["skipped"] == [
        {"source": str(sources), "reason": "packages: must be a path or a list of paths"}
    ]
    assert report["specs"] > 0
    assert current_version(tmp_path / "index") is not None


@pytest.mark.parametrize(
    ("flag", "value"), [("--jobs", "0"), ("--jobs", "-2"), ("--fetch-deadline", "0")]
)
def test_flags_out_of_range_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["index", str(REAL_SITE), flag, value, "--index-dir", str(tmp_path)])
    assert exited.value.code == 2
    assert f"argument {flag}: must be " in capsys.readouterr().err
