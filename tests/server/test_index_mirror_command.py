"""``spackdex index MIRROR --tag T --stack S [--view V]`` over a real HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spackdex.indexer.publish import current_version
from spackdex.server.cli import main
from tests.indexer.helpers import FIXTURES, copy_tree
from tests.indexer.mirror_server import mirror_server

pytestmark = pytest.mark.usefixtures("cli_logging")


def _index(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["index", *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_mirror_root_view_json_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served = copy_tree(FIXTURES / "mirror-v3", tmp_path / "www")
    with mirror_server(served) as server:
        root = f"{server.url}/mirror"
        code, out, _ = _index(
            capsys, root, "--tag", "develop", "--stack", "root", "--json", "--index-dir", tmp_path
        )
        assert code == 0
        report = json.loads(out)
        assert report["specs"] == 6 and report["tags"] == 1
        assert report["mirrors"] == [
            {
                "root": root,
                "tag": "develop",
                "stack": "root",
                "view": None,
                "layout": "v3",
                "index": "application/vnd.spack.db.v8+json",
                "reused": False,
                "specs_read_one_by_one": 0,
            }
        ]
        code, out, _ = _index(capsys, root, "--tag", "develop", "--index-dir", tmp_path)
        assert code == 0 and "up to date" in out
        assert "layout v3, index application/vnd.spack.db.v8+json, reused" in out
        code, out, _ = _index(capsys, root, "--view", "m1", "--json", "--index-dir", tmp_path)
        assert json.loads(out)["specs"] == 4


def test_strict_wrong_checksum_fails_and_publishes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served = copy_tree(FIXTURES / "mirror-v3", tmp_path / "www")
    manifest = served / "mirror" / "v3" / "manifests" / "index" / "index.manifest.json"
    checksum = json.loads(manifest.read_text())["data"][0]["checksum"]
    blob = served / "mirror" / "blobs" / "sha256" / checksum[:2] / checksum
    blob.write_bytes(blob.read_bytes().replace(b"libdwarf", b"LIBDWARF", 1))
    with mirror_server(served) as server:
        code, _, err = _index(
            capsys, f"{server.url}/mirror", "--strict", "--index-dir", tmp_path / "index"
        )
    assert code == 1
    assert f"/mirror/blobs/sha256/{checksum[:2]}/{checksum}" in err
    assert "checksum mismatch" in err and "nothing was published" in err
    assert current_version(tmp_path / "index") is None
