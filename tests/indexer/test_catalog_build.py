"""A catalog as a build source: remembered by content hash, skipped and named when bad,
named in sources.yaml or by URL, stored in its own files of the version."""

from __future__ import annotations

import contextlib
import functools
import http.server
from pathlib import Path

import pytest

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.problems import SourceError
from spackdex.indexer.publish import current_version
from spackdex.indexer.store.catalog import CatalogData
from tests.catalog_index import CATALOG, build_catalog_index, small_site
from tests.indexer.helpers import copy_tree, local_server


def _catalog_names(index_dir: Path) -> list[str]:
    version = current_version(index_dir)
    assert version is not None
    return CatalogData(version).names


def test_an_unchanged_catalog_is_not_read_again(tmp_path: Path) -> None:
    tree = copy_tree(CATALOG / "data", tmp_path / "data")
    first = build_catalog_index(tmp_path, tree)
    again = build_catalog_index(tmp_path, tree)
    assert not first.up_to_date and again.up_to_date
    assert again.version == first.version
    # one recipe changes: a new version, with the change
    recipe = tree / "packages" / "mpich.json"
    recipe.write_text(recipe.read_text().replace('"raffenet"', '"someone-new"'), "utf-8")
    changed = build_catalog_index(tmp_path, tree)
    assert not changed.up_to_date and changed.version != first.version
    assert changed.version is not None
    mpich = CatalogData(changed.version).recipe("mpich")
    assert mpich is not None and "someone-new" in mpich.maintainers


def test_the_cached_parse_is_used_when_the_catalog_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = copy_tree(CATALOG / "data", tmp_path / "data")
    build_catalog_index(tmp_path, tree)

    def never(*_: object) -> None:
        raise AssertionError("an unchanged catalog was parsed again")

    monkeypatch.setattr("spackdex.indexer.catalog_source.read_catalog_tree", never)
    options = BuildOptions(
        sources=[str(tmp_path / "site")],
        index_dir=tmp_path / "index",
        catalogs=[str(tree)],
        force=True,  # publish anew: the catalog's parse comes from the cache
    )
    report = build_index(options)
    assert not report.up_to_date and not report.skipped
    assert "kokkos" in _catalog_names(tmp_path / "index")


def test_bad_catalog_files_are_skipped_and_named(tmp_path: Path) -> None:
    tree = copy_tree(CATALOG / "data", tmp_path / "data")
    (tree / "packages" / "broken.json").write_text("{", "utf-8")
    report = build_catalog_index(tmp_path, tree, tmp_path / "missing.json")
    skipped = {Path(p.source).name: p.reason for p in report.skipped}
    assert set(skipped) == {"broken.json", "missing.json"}
    assert "malformed JSON" in skipped["broken.json"]
    assert skipped["missing.json"] == "no such file or directory"
    assert _catalog_names(tmp_path / "index") == ["cmake", "hdf5", "kokkos", "mpich", "zlib-ng"]


def test_a_folder_that_is_no_catalog_is_named(tmp_path: Path) -> None:
    report = build_catalog_index(tmp_path, tmp_path)
    [problem] = report.skipped
    assert problem.source == str(tmp_path)
    assert "packages.json and packages/<name>.json" in problem.reason


def test_strict_mode_stops_at_a_bad_catalog_file(tmp_path: Path) -> None:
    tree = copy_tree(CATALOG / "data", tmp_path / "data")
    (tree / "packages" / "broken.json").write_text("{", "utf-8")
    with pytest.raises(SourceError, match=r"broken\.json"):
        build_index(
            BuildOptions(
                sources=[str(small_site(tmp_path / "site"))],
                index_dir=tmp_path / "index",
                catalogs=[str(tree)],
                strict=True,
            )
        )
    assert current_version(tmp_path / "index") is None


def test_sources_yaml_names_catalogs_relative_to_itself(tmp_path: Path) -> None:
    copy_tree(CATALOG, tmp_path / "catalog")
    small_site(tmp_path / "site")
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n  - site: site\n  - catalog: catalog/data\n  - catalog: catalog/version.json\n",
        "utf-8",
    )
    report = build_index(BuildOptions(sources=[str(sources)], index_dir=tmp_path / "index"))
    assert not report.skipped
    assert report.version is not None
    kokkos = CatalogData(report.version).recipe("kokkos")
    # the site tree comes first: its versions win, the list adds nothing it lacks
    assert kokkos is not None and kokkos.build_system == "CMakePackage"
    assert len(kokkos.versions) == 20


def test_a_version_json_catalog_by_url(tmp_path: Path) -> None:
    with _serving(CATALOG) as base:
        report = build_catalog_index(tmp_path, f"{base}/version.json")
        missing = build_catalog_index(tmp_path / "other", f"{base}/nothing.json")
    assert not report.skipped
    assert _catalog_names(tmp_path / "index") == ["kokkos", "zlib-ng"]
    [problem] = missing.skipped
    assert problem.source.endswith("/nothing.json") and "404" in problem.reason


def test_without_a_catalog_the_version_has_none(tmp_path: Path) -> None:
    build_catalog_index(tmp_path)
    assert _catalog_names(tmp_path / "index") == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@functools.cache
def _handler(folder: Path) -> functools.partial[_Quiet]:
    return functools.partial(_Quiet, directory=str(folder))


def _serving(folder: Path) -> contextlib.AbstractContextManager[str]:
    """Serve a fixture folder on loopback (never the network) for the duration."""
    return local_server(_handler(folder))
