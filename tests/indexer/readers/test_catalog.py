"""The package catalog readers on real packages.spack.io files and a version_json list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spackdex.indexer.problems import ProblemLog, SourceError
from spackdex.indexer.readers.catalog import (
    Recipe,
    merge_recipes,
    parse_site_recipe,
    parse_version_json,
    read_catalog_tree,
)
from tests.indexer.helpers import FIXTURES, copy_tree

CATALOG = FIXTURES / "catalog"
TREE = CATALOG / "data"


def _raw(name: str) -> dict[str, object]:
    document: dict[str, object] = json.loads((TREE / "packages" / f"{name}.json").read_text())
    return document


def test_a_site_file_gives_every_recipe_fact() -> None:
    path = TREE / "packages" / "hdf5.json"
    recipe = parse_site_recipe(path.read_bytes(), str(path))
    raw = _raw("hdf5")
    assert recipe.name == "hdf5"
    assert recipe.description is not None and "\n" not in recipe.description
    assert recipe.description.startswith("HDF5 is a data model, library, and file format")
    assert recipe.homepage == raw["homepage"]
    assert list(recipe.maintainers) == raw["maintainers"]
    # declared versions keep the catalog's (Spack's) order
    assert list(recipe.versions) == [v["name"] for v in raw["versions"]]  # type: ignore[attr-defined]
    mpi = next(v for v in recipe.variants if v.name == "mpi")
    assert (mpi.default, mpi.description) == ("true", "Enable MPI support")
    api = next(v for v in recipe.variants if v.name == "api")
    assert api.default == "default"
    assert "zlib-api" in recipe.depends_on and "cmake" in recipe.depends_on
    assert "cabana" in recipe.dependents
    assert recipe.build_system == "CMakePackage"


def test_a_tree_reads_every_file_and_names_a_bad_one(tmp_path: Path) -> None:
    tree = copy_tree(TREE, tmp_path / "data")
    (tree / "packages" / "broken.json").write_text('{"name": "broken", "versions": [', "utf-8")
    (tree / "packages" / "odd.json").write_text('{"name": "odd", "variants": 3}', "utf-8")
    problems = ProblemLog()
    recipes = read_catalog_tree(tree, problems)
    assert [r.name for r in recipes] == ["cmake", "hdf5", "kokkos", "mpich", "zlib-ng"]
    reasons = {Path(p.source).name: p.reason for p in problems.skipped}
    assert set(reasons) == {"broken.json", "odd.json"}
    assert "malformed JSON" in reasons["broken.json"] and "line 1" in reasons["broken.json"]
    assert reasons["odd.json"].startswith("variants:")


def test_a_package_whose_file_is_bad_keeps_its_listed_description(tmp_path: Path) -> None:
    tree = copy_tree(TREE, tmp_path / "data")
    (tree / "packages" / "kokkos.json").write_text("[]", "utf-8")
    problems = ProblemLog()
    recipes = {r.name: r for r in read_catalog_tree(tree, problems)}
    assert [Path(p.source).name for p in problems.skipped] == ["kokkos.json"]
    assert recipes["kokkos"].description is not None
    assert recipes["kokkos"].description.startswith("Kokkos implements a programming model")
    assert recipes["kokkos"].versions == ()


def test_version_json_as_spack_list_prints_it() -> None:
    path = CATALOG / "version.json"
    problems = ProblemLog()
    recipes = {r.name: r for r in parse_version_json(path.read_bytes(), str(path), problems)}
    raw = {e["name"]: e for e in json.loads(path.read_text())}
    assert not problems.skipped
    kokkos = recipes["kokkos"]
    assert list(kokkos.versions) == raw["kokkos"]["versions"]
    assert list(kokkos.maintainers) == raw["kokkos"]["maintainers"]
    every = {n for names in raw["kokkos"]["dependencies"].values() for n in names}
    assert set(kokkos.depends_on) == every
    assert kokkos.description is None and kokkos.variants == ()  # not in this format


def test_version_json_skips_a_bad_entry_and_names_it() -> None:
    data = json.dumps(
        [
            {"name": "zlib", "versions": ["1.3"], "homepage": "None", "maintainers": []},
            {"versions": ["1.0"]},
            {"name": "bad", "dependencies": {"build": "cmake"}},
        ]
    ).encode()
    problems = ProblemLog()
    recipes = parse_version_json(data, "list.json", problems)
    assert [r.name for r in recipes] == ["zlib"]
    assert recipes[0].homepage is None  # the formatter prints a missing homepage as None
    assert [p.reason for p in problems.skipped] == [
        "[1]: entry needs a string 'name'",
        "[2].dependencies.build: must be a list of strings",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"{}", "must be a JSON list"), (b"[1,", "malformed JSON")],
)
def test_version_json_that_is_no_list_fails_clearly(data: bytes, reason: str) -> None:
    with pytest.raises(SourceError, match=reason):
        parse_version_json(data, "list.json", ProblemLog())


def test_merging_fills_what_the_first_catalog_lacks() -> None:
    listed = Recipe("kokkos", versions=("4.1.00",), maintainers=("crtrott",))
    site = Recipe("kokkos", description="Kokkos", versions=("develop", "4.1.00"))
    merged = merge_recipes([[listed], [site, Recipe("mpich")]])
    assert merged["kokkos"].versions == ("4.1.00",)  # the first catalog wins
    assert merged["kokkos"].description == "Kokkos"  # a later one fills the gap
    assert set(merged) == {"kokkos", "mpich"}
