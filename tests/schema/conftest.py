"""A tiny second index: two specs whose hashes share a 7-character prefix, each present in
two tags (for ambiguous prefixes, distinct-hash counting and cursors of another index)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.search.engine import SearchIndex

from .expected import SPACK_TEST

TWIN_HASHES = ("abcdefgaaaaaaaaaaaaaaaaaaaaaaaaa", "abcdefgbbbbbbbbbbbbbbbbbbbbbbbbb")


@pytest.fixture(scope="session")
def twins_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    folder = tmp_path_factory.mktemp("twins-index")
    installs = json.loads(SPACK_TEST.read_text(encoding="utf-8"))["database"]["installs"]
    libelf = installs["rqh2vuf6fqwkmipzgi2wjx352mq7y7ez"]  # a real node, copied twice
    twins = {}
    for number, hash_ in enumerate(TWIN_HASHES):
        install = json.loads(json.dumps(libelf))
        install["spec"]["hash"] = hash_
        install["spec"]["version"] = f"0.8.{13 + number}"
        twins[hash_] = install
    database = folder / "twins.index.json"
    database.write_text(json.dumps({"database": {"version": "7", "installs": twins}}))
    sources = folder / "sources.yaml"
    sources.write_text(
        f"sources:\n  - index: {database}\n    tag: one\n  - index: {database}\n    tag: two\n",
        encoding="utf-8",
    )
    build_index(BuildOptions(sources=[str(sources)], index_dir=folder / "index"))
    index = SearchIndex.open(folder / "index")
    yield index
    index.close()
