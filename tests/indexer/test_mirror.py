"""Mirror roots over a real HTTP server on 127.0.0.1 (and as local folders).

Expected answers are computed from the fixture's files with plain ``json``, never with the
readers under test: the build-cache hashes of the index blob (or of a view's blob) and each
record's dependency hashes.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.problems import SourceError
from spackdex.indexer.publish import current_version
from spackdex.indexer.search.engine import SearchIndex

from ..schema.helpers import query_data
from .helpers import FIXTURES, copy_tree
from .mirror_server import mirror_server

MIRRORS = FIXTURES / "mirror-v3"
QUERY = """{ specs(first: 50) { edges { node {
  hash signed tarball installCommands(tag: "develop")
  dependencyEdges { hash }
  occurrences { mirror tag { name } stacks { name } }
} } } }"""


def _index_blob(mirror: Path, view: str | None = None) -> dict[str, Any]:
    folder = mirror / "v3" / "manifests" / "index" / (view or "")
    record = json.loads((folder / "index.manifest.json").read_text())["data"][0]
    checksum = record["checksum"]
    blob = mirror / "blobs" / "sha256" / checksum[:2] / checksum
    document: dict[str, Any] = json.loads(blob.read_text())
    return document


def _expected(mirror: Path, view: str | None = None) -> dict[str, set[str]]:
    """Build-cache hash -> its dependency hashes, from the index blob."""
    installs = _index_blob(mirror, view)["database"]["installs"]
    return {
        spec_hash: {d["hash"] for d in record["spec"].get("dependencies", [])}
        for spec_hash, record in installs.items()
        if record["in_buildcache"]
    }


def _build(index_dir: Path, *sources: str, **options: Any) -> Any:
    options.setdefault("tag", "develop")
    options.setdefault("jobs", 1)  # worker processes: only in the official-mirrors test
    return build_index(BuildOptions(sources=list(sources), index_dir=index_dir, **options))


def _specs(index_dir: Path) -> dict[str, dict[str, Any]]:
    index = SearchIndex.open(index_dir)
    try:
        edges = query_data(index, QUERY)["specs"]["edges"]
    finally:
        index.close()
    return {edge["node"]["hash"]: edge["node"] for edge in edges}


@pytest.fixture
def served(tmp_path: Path) -> Path:
    """A writable copy of both fixture mirrors, served under /mirror and /mirror-signed."""
    return copy_tree(MIRRORS, tmp_path / "www")


def test_http_mirror_root_gives_the_build_cache_specs_with_dependencies(
    served: Path, tmp_path: Path
) -> None:
    expected = _expected(served / "mirror")
    assert len(expected) == 6
    with mirror_server(served) as server:
        root = f"{server.url}/mirror"
        report = _build(tmp_path / "index", root, stack="root")
    assert report.counts["specs"] == 6 and not report.skipped
    (mirror,) = report.mirrors
    assert (mirror.layout, mirror.index) == ("v3", "application/vnd.spack.db.v8+json")
    specs = _specs(tmp_path / "index")
    assert specs.keys() == expected.keys()
    for spec_hash, node in specs.items():
        assert {e["hash"] for e in node["dependencyEdges"]} == expected[spec_hash]
        (occurrence,) = node["occurrences"]
        assert occurrence["mirror"] == root
        assert node["installCommands"][0] == f"spack mirror add develop {root}"
        assert node["signed"] is None  # read from the index: no manifest was read


def test_view_m1_gives_its_four_build_cache_specs(served: Path, tmp_path: Path) -> None:
    expected = _expected(served / "mirror", "m1")
    # Spack lists 5: it adds the external gcc, which has no binary
    assert len(_index_blob(served / "mirror", "m1")["database"]["installs"]) == 5
    assert len(expected) == 4
    with mirror_server(served) as server:
        report = _build(tmp_path / "index", f"{server.url}/mirror", view="m1")
    assert report.mirrors[0].view == "m1"
    assert _specs(tmp_path / "index").keys() == expected.keys()


def test_signed_mirror_gives_the_same_answers(served: Path, tmp_path: Path) -> None:
    with mirror_server(served) as server:
        _build(tmp_path / "plain", f"{server.url}/mirror")
        _build(tmp_path / "signed", f"{server.url}/mirror-signed")
        _build(tmp_path / "signed-m1", f"{server.url}/mirror-signed", view="m1")
    plain, signed = _specs(tmp_path / "plain"), _specs(tmp_path / "signed")
    assert plain.keys() == signed.keys()
    for spec_hash, node in plain.items():
        assert node["dependencyEdges"] == signed[spec_hash]["dependencyEdges"]
    assert _specs(tmp_path / "signed-m1").keys() == _expected(served / "mirror", "m1").keys()


def _corrupt_index_blob(mirror: Path) -> tuple[str, str]:
    record = json.loads((mirror / "v3/manifests/index/index.manifest.json").read_text())["data"][0]
    blob = mirror / "blobs" / "sha256" / record["checksum"][:2] / record["checksum"]
    data = bytearray(blob.read_bytes())
    data[data.index(b"libelf")] = ord("L")  # same length, other content
    blob.write_bytes(bytes(data))
    return record["checksum"], hashlib.sha256(bytes(data)).hexdigest()


def test_blob_with_wrong_checksum_is_skipped_and_named(served: Path, tmp_path: Path) -> None:
    claimed, actual = _corrupt_index_blob(served / "mirror")
    with mirror_server(served) as server:
        report = _build(tmp_path / "index", f"{server.url}/mirror", f"{server.url}/mirror-signed")
    (problem,) = report.skipped
    assert problem.source.endswith(f"/mirror/blobs/sha256/{claimed[:2]}/{claimed}")
    assert claimed in problem.reason and actual in problem.reason
    assert report.counts["specs"] == 6  # the signed mirror still indexed


def test_strict_fails_on_a_wrong_checksum_and_publishes_nothing(
    served: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    with mirror_server(served) as server:
        first = _build(index_dir, f"{server.url}/mirror-signed")
        _corrupt_index_blob(served / "mirror")
        with pytest.raises(SourceError, match="checksum mismatch"):
            _build(index_dir, f"{server.url}/mirror-signed", f"{server.url}/mirror", strict=True)
    assert current_version(index_dir) == first.version


@pytest.mark.parametrize("etags", [True, False])
def test_second_run_downloads_no_blob_and_writes_nothing(
    served: Path, tmp_path: Path, etags: bool
) -> None:
    index_dir = tmp_path / "index"
    with mirror_server(served, etags=etags) as server:
        first = _build(index_dir, f"{server.url}/mirror", f"{server.url}/mirror-signed")
        assert len(server.blob_downloads()) == 2
        before = sorted(p for p in index_dir.rglob("*") if "cache" not in p.parts)
        server.requests.clear()
        second = _build(index_dir, f"{server.url}/mirror", f"{server.url}/mirror-signed")
        assert server.blob_downloads() == []
        assert server.paths() == [
            "/mirror/v3/manifests/index/index.manifest.json",
            "/mirror-signed/v3/manifests/index/index.manifest.json",
        ]
        assert server.paths(304 if etags else 200) == server.paths()
    assert second.up_to_date and second.version == first.version
    assert all(m.reused for m in second.mirrors)
    assert sorted(p for p in index_dir.rglob("*") if "cache" not in p.parts) == before


def test_changed_index_is_downloaded_again(served: Path, tmp_path: Path) -> None:
    """A new index blob (new checksum in the manifest) is fetched; the old one is not."""
    index_dir = tmp_path / "index"
    mirror = served / "mirror"
    with mirror_server(served) as server:
        _build(index_dir, f"{server.url}/mirror")
        view = json.loads((mirror / "v3/manifests/index/m1/index.manifest.json").read_text())
        (mirror / "v3/manifests/index/index.manifest.json").write_text(json.dumps(view))
        server.requests.clear()
        report = _build(index_dir, f"{server.url}/mirror")
        checksum = view["data"][0]["checksum"]
        assert server.blob_downloads() == [f"/mirror/blobs/sha256/{checksum[:2]}/{checksum}"]
    assert report.counts["specs"] == 4 and not report.up_to_date


def test_v2_mirror_over_http_checks_index_json_hash(served: Path, tmp_path: Path) -> None:
    build_cache = served / "mirror-v2" / "build_cache"
    digest = hashlib.sha256((build_cache / "index.json").read_bytes()).hexdigest()
    (build_cache / "index.json.hash").write_text(digest + "\n")  # as Spack's test data has it
    index_dir = tmp_path / "index"
    with mirror_server(served, etags=False) as server:
        first = _build(index_dir, f"{server.url}/mirror-v2")
        assert first.counts["specs"] == 6 and first.mirrors[0].layout == "v2"
        server.requests.clear()
        second = _build(index_dir, f"{server.url}/mirror-v2")
        assert server.paths() == [
            "/mirror-v2/v3/manifests/index/index.manifest.json",  # 404: v3 is probed first
            "/mirror-v2/build_cache/index.json.hash",
        ]
    assert second.up_to_date
    (build_cache / "index.json.hash").write_text("0" * 64)
    with mirror_server(served) as server:
        report = _build(tmp_path / "other", f"{server.url}/mirror-v2", f"{server.url}/mirror")
    assert "0" * 64 in report.skipped[0].reason and digest in report.skipped[0].reason


def test_url_without_any_index_names_both_places(served: Path, tmp_path: Path) -> None:
    with mirror_server(served) as server:
        report = _build(tmp_path / "index", f"{server.url}/nothing", f"{server.url}/mirror")
        problem = report.skipped[0]
        assert f"{server.url}/nothing/v3/manifests/index/index.manifest.json" in problem.reason
        assert f"{server.url}/nothing/build_cache/index.json" in problem.reason


def test_url_straight_at_an_index_manifest_reads_that_view(served: Path, tmp_path: Path) -> None:
    with mirror_server(served) as server:
        manifest = f"{server.url}/mirror/v3/manifests/index/m1/index.manifest.json"
        report = _build(tmp_path / "index", manifest)
    assert report.mirrors[0].root == f"{server.url}/mirror"
    assert report.mirrors[0].view == "m1" and report.counts["specs"] == 4


def _without_index(mirror: Path, target: Path) -> Path:
    copy = copy_tree(mirror, target)
    for manifest in (copy / "v3" / "manifests" / "index").rglob("*.json"):
        manifest.unlink()
    return copy


@pytest.mark.parametrize("name", ["mirror", "mirror-signed"])
def test_local_mirror_without_index_reads_every_spec_manifest(tmp_path: Path, name: str) -> None:
    mirror = _without_index(MIRRORS / name, tmp_path / name)
    report = _build(tmp_path / "index", f"file://{mirror}")
    (summary,) = report.mirrors
    assert summary.index is None and summary.specs_one_by_one == 6
    assert "6 spec files read one by one" in summary.describe()
    specs = _specs(tmp_path / "index")
    expected = _expected(MIRRORS / "mirror")
    assert specs.keys() == expected.keys()
    for spec_hash, node in specs.items():
        # a spec file lists every node it was built with: its direct edges are the index's
        assert {e["hash"] for e in node["dependencyEdges"]} == expected[spec_hash]
        assert node["signed"] is (name == "mirror-signed")
        manifest = next((mirror / "v3/manifests/spec").rglob(f"*-{spec_hash}.spec.manifest.json"))
        tarball = json.loads(
            manifest.read_text().split("-----BEGIN PGP SIGNATURE")[0].split("SHA512")[-1]
        )["data"][0]
        assert (
            node["tarball"]
            == f"{mirror}/blobs/sha256/{tarball['checksum'][:2]}/{tarball['checksum']}"
        )
        assert node["occurrences"][0]["mirror"] == str(mirror)


def test_local_v2_mirror_without_index_reads_spec_json_files(tmp_path: Path) -> None:
    mirror = copy_tree(MIRRORS / "mirror-v2", tmp_path / "v2")
    (mirror / "build_cache" / "index.json").unlink()
    report = _build(tmp_path / "index", str(mirror))
    assert report.mirrors[0].layout == "v2 without index"
    assert _specs(tmp_path / "index").keys() == _expected(MIRRORS / "mirror").keys()


def test_sources_yaml_mirror_entry(served: Path, tmp_path: Path) -> None:
    with mirror_server(served) as server:
        sources = tmp_path / "sources.yaml"
        sources.write_text(
            "sources:\n"
            f"  - mirror: {server.url}/mirror\n    tag: develop\n"
            f"  - mirror: {server.url}/mirror-signed\n    tag: develop\n    stack: m1\n"
            "    view: m1\n"
        )
        report = _build(tmp_path / "index", str(sources))
    assert [(m.stack, m.view) for m in report.mirrors] == [("root", None), ("m1", "m1")]
    specs = _specs(tmp_path / "index")
    m1 = _expected(MIRRORS / "mirror", "m1")
    for spec_hash, node in specs.items():
        stacks = {s["name"] for s in node["occurrences"][0]["stacks"]}
        assert stacks == ({"root", "m1"} if spec_hash in m1 else {"root"})
        # the root mirror (union of the stacks) is the one named
        assert node["occurrences"][0]["mirror"] == f"{server.url}/mirror"


def test_official_mirrors_example_over_a_local_copy(tmp_path: Path) -> None:
    """examples/official-mirrors.yaml, its host swapped for 127.0.0.1 serving the fixture as
    develop/ (the root) with every stack nested inside it (the m1 view as their index)."""
    example = Path(__file__).resolve().parents[2] / "examples" / "official-mirrors.yaml"
    text = example.read_text(encoding="utf-8")
    stacks = re.findall(r"binaries\.spack\.io/develop/([\w-]+)", text)
    assert len(stacks) >= 3
    www = tmp_path / "www"
    copy_tree(MIRRORS / "mirror", www / "develop")
    for stack in stacks:
        nested = copy_tree(MIRRORS / "mirror", www / "develop" / stack)
        view = nested / "v3" / "manifests" / "index"
        (view / "m1" / "index.manifest.json").replace(view / "index.manifest.json")
    with mirror_server(www) as server:
        sources = tmp_path / "official.yaml"
        sources.write_text(text.replace("https://binaries.spack.io", server.url))
        report = _build(tmp_path / "index", str(sources), jobs=2)  # parsed by a worker too
        assert len(server.blob_downloads()) == 1 + len(stacks)
    assert not report.skipped and report.counts["specs"] == 6
    assert report.counts["stacks"] == 1 + len(stacks)
    m1 = _expected(MIRRORS / "mirror", "m1")
    for spec_hash, node in _specs(tmp_path / "index").items():
        (occurrence,) = node["occurrences"]
        names = {s["name"] for s in occurrence["stacks"]}
        assert names == ({"root", *stacks} if spec_hash in m1 else {"root"})
        assert occurrence["mirror"] == f"{server.url}/develop"


def test_local_blob_with_wrong_checksum_is_skipped_and_named(tmp_path: Path) -> None:
    mirror = copy_tree(MIRRORS / "mirror", tmp_path / "mirror")
    claimed, actual = _corrupt_index_blob(mirror)
    report = _build(tmp_path / "index", str(mirror), str(MIRRORS / "mirror-v2"))
    (problem,) = report.skipped
    assert problem.source == f"{mirror}/blobs/sha256/{claimed[:2]}/{claimed}"
    assert claimed in problem.reason and actual in problem.reason
    assert report.counts["specs"] == 6  # from the v2 mirror beside it
    with pytest.raises(SourceError, match="checksum mismatch"):
        _build(tmp_path / "strict", str(mirror), strict=True)
    assert current_version(tmp_path / "strict") is None


def test_local_v2_mirror_is_read_from_its_index_and_reused(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = _build(index_dir, str(MIRRORS / "mirror-v2"))
    assert (first.mirrors[0].layout, first.mirrors[0].index) == ("v2", "index.json")
    assert _specs(index_dir).keys() == _expected(MIRRORS / "mirror").keys()
    second = _build(index_dir, str(MIRRORS / "mirror-v2"))
    assert second.up_to_date and second.mirrors[0].reused


def test_view_missing_is_named(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        _build(tmp_path / "index", str(MIRRORS / "mirror"), view="nope", strict=True)
    assert caught.value.source.endswith("/mirror/v3/manifests/index/nope/index.manifest.json")
    assert "no index for view 'nope'" in str(caught.value)
