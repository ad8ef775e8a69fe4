"""``spackdex index --catalog``: the flag reaches the build, problems are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spackdex.indexer.search.engine import SearchIndex
from spackdex.server.cli import main
from tests.catalog_index import CATALOG, small_site
from tests.indexer.helpers import copy_tree
from tests.schema.helpers import query_data

pytestmark = pytest.mark.usefixtures("cli_logging")


def test_index_with_catalogs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(CATALOG / "data", tmp_path / "data")
    (tree / "packages" / "broken.json").write_text("{", "utf-8")
    site = small_site(tmp_path / "site")
    index_dir = tmp_path / "index"
    argv = ["index", str(site), "--index-dir", str(index_dir), "--json"]
    code = main([*argv, "--catalog", str(tree), "--catalog", str(CATALOG / "version.json")])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [Path(p["source"]).name for p in report["skipped"]] == ["broken.json"]
    index = SearchIndex.open(index_dir)
    try:
        data = query_data(index, '{ package(name: "kokkos") { hasBinaries buildSystem } }')
    finally:
        index.close()
    assert data["package"] == {"hasBinaries": False, "buildSystem": "CMakePackage"}


def test_a_package_list_reads_as_a_catalog(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    index_dir = tmp_path / "index"
    listing = CATALOG / "data" / "packages.json"
    argv = ["index", str(site), "--index-dir", str(index_dir), "--json", "--catalog"]
    assert main([*argv, str(listing)]) == 0
    index = SearchIndex.open(index_dir)
    try:
        data = query_data(
            index,
            '{ packages(query: "portable", includeWithoutBinaries: true) '
            "{ edges { node { name hasBinaries } } } }",
        )
    finally:
        index.close()
    names = {e["node"]["name"]: e["node"]["hasBinaries"] for e in data["packages"]["edges"]}
    assert names == {"kokkos": False, "mpich": False}
