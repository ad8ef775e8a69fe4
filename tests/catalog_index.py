"""An index of three real packages with binaries (hdf5, zlib-ng, cmake: their cache-site
pages) and the real catalog fixture, which also knows kokkos and mpich (no binaries)."""

from __future__ import annotations

import shutil
from pathlib import Path

from spackdex.indexer.build import BuildOptions, BuildReport, build_index
from tests.indexer.helpers import FIXTURES, REAL_SITE, REAL_TAG

__all__ = ["CATALOG", "WITHOUT_BINARIES", "WITH_BINARIES", "build_catalog_index", "small_site"]

CATALOG = FIXTURES / "catalog"
WITH_BINARIES = ("cmake", "hdf5", "zlib-ng")
WITHOUT_BINARIES = ("kokkos", "mpich")


def small_site(target: Path) -> Path:
    """A cache-site tree holding the real pages of hdf5, zlib-ng and cmake only."""
    for name in WITH_BINARIES:
        shutil.copytree(REAL_SITE / "_cache" / REAL_TAG / name, target / "_cache" / REAL_TAG / name)
    return target


def build_catalog_index(folder: Path, *catalogs: str | Path) -> BuildReport:
    site = small_site(folder / "site") if not (folder / "site").is_dir() else folder / "site"
    return build_index(
        BuildOptions(
            sources=[str(site)],
            index_dir=folder / "index",
            catalogs=[str(c) for c in catalogs],
        )
    )
