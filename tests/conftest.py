"""Session-wide fixtures: ONE real fixture index, built once and shared by the schema and
server tests (``fixture_index_dir`` and ``search_index``)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.search.engine import SearchIndex

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_SOURCES = f"""\
sources:
  - site: {FIXTURES / "cache-site"}
  - index: {FIXTURES / "buildcache-index" / "clingo-bootstrap-v5.index.json"}
    tag: bootstrap
    stack: clingo
  - index: {FIXTURES / "buildcache-index" / "spack-test-v7.index.json"}
    tag: spack-test
packages: {FIXTURES / "packages.json"}
"""


@pytest.fixture(scope="session")
def fixture_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index dir holding one published version built from the real fixture data:
    the cache-site pages (tag develop-2025-03-16), clingo's bootstrap cache (tag bootstrap,
    stack clingo) and Spack's test mirror (tag spack-test), with packages.json."""
    folder = tmp_path_factory.mktemp("fixture-index")
    sources = folder / "sources.yaml"
    sources.write_text(FIXTURE_SOURCES, encoding="utf-8")
    index_dir = folder / "index"
    build_index(BuildOptions(sources=[str(sources)], index_dir=index_dir))
    return index_dir


@pytest.fixture(scope="session")
def search_index(fixture_index_dir: Path) -> Iterator[SearchIndex]:
    """The fixture index, opened read-only once per session."""
    index = SearchIndex.open(fixture_index_dir)
    yield index
    index.close()


@pytest.fixture
def cli_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``spackdex index`` configures logging (and rich reads the terminal width): keep both
    from leaking into other tests, and keep long paths in messages on one line."""
    monkeypatch.setenv("COLUMNS", "1000")  # rich would wrap long paths in the messages
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
