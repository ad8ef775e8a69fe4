"""Spack spec syntax through the search engine, checked against the raw fixture data.

Every expected hash set is computed here from the fixture files themselves (the pages'
``spec_details`` JSON and the index.json ``installs``) with a plain-Python predicate per
row, never by the code under test. Target ranges and compatibility use archspec directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import archspec.cpu
import pytest

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.request import (
    Filter,
    SearchError,
    SearchRequest,
    SpecOrder,
)
from spackdex.indexer.spack.versions import Version

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
INDEXES = FIXTURES / "buildcache-index"
PAGE_SIZE = 100
# Parameters of index.json nodes that are flags or patch lists, not variants.
NOT_VARIANTS = {"cflags", "cppflags", "cxxflags", "fflags", "ldflags", "ldlibs", "patches"}


# ---------------------------------------------------------------------------------------
# The fixture data, read independently of spackdex


@dataclass
class Dep:
    name: str
    version: str | None
    node: Row | None  # the dependency's own record when it is a binary in the cache
    virtuals: tuple[str, ...] = ()
    deptypes: tuple[str, ...] = ()


@dataclass
class Row:
    hash: str
    name: str
    version: str
    compiler: tuple[str, str | None] | None
    platform: str
    os: str
    target: str
    variants: dict[str, frozenset[str]]
    deps: list[Dep] | None  # None: a site page, which records no dependencies


def _page_variant(text: str) -> tuple[str, frozenset[str]]:
    if text[0] in "+~-":
        return text[1:], frozenset({"true" if text[0] == "+" else "false"})
    name, _, value = text.partition("=")
    return name.removesuffix(":"), frozenset(value.split(","))


def _page_compiler(text: str) -> tuple[str, str | None] | None:
    if text == "none":
        return None
    name, _, version = text.partition("@")
    return name, version.lstrip("=") or None


def site_rows(root: Path) -> list[Row]:
    rows = []
    for page in sorted(root.glob("_cache/*/*/specs.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if not line.startswith("spec_details:"):
                continue
            for entry in json.loads(line.removeprefix("spec_details:")):
                rows.append(
                    Row(
                        hash=entry["hash"],
                        name=page.parent.name,
                        version=entry["versions"][0],
                        compiler=_page_compiler(entry["compiler"]),
                        platform=entry["platform"],
                        os=entry["os"],
                        target=entry["target"],
                        variants=dict(_page_variant(v) for v in entry["variants"]),
                        deps=None,
                    )
                )
    return rows


def _node_variants(parameters: dict[str, Any]) -> dict[str, frozenset[str]]:
    result = {}
    for name, value in parameters.items():
        if name in NOT_VARIANTS:
            continue
        if isinstance(value, bool):
            result[name] = frozenset({"true" if value else "false"})
        elif isinstance(value, list):
            result[name] = frozenset(str(v) for v in value)
        else:
            result[name] = frozenset({str(value)})
    return result


def index_rows(path: Path) -> list[Row]:
    database = json.loads(path.read_text(encoding="utf-8"))["database"]
    nodes: dict[str, dict[str, Any]] = {}
    for spec_hash, record in database["installs"].items():
        spec = record["spec"]
        if "name" not in spec:  # db v5: {"<name>": {...}}
            ((name, node),) = spec.items()
            spec = {**node, "name": name}
        nodes[spec_hash] = spec
    binaries = [h for h, r in database["installs"].items() if r.get("in_buildcache") is True]
    rows: dict[str, Row] = {}

    def edges(node: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
        raw = node.get("dependencies") or {}
        if isinstance(raw, dict):
            return [(name, e["hash"], []) for name, e in raw.items()]
        return [(e["name"], e["hash"], e.get("parameters", {}).get("virtuals", [])) for e in raw]

    def deptypes(node: dict[str, Any]) -> list[tuple[str, ...]]:
        raw = node.get("dependencies") or {}
        if isinstance(raw, dict):
            return [tuple(e.get("type", [])) for e in raw.values()]
        return [tuple(e.get("parameters", {}).get("deptypes", e.get("type", []))) for e in raw]

    for spec_hash in binaries:
        node = nodes[spec_hash]
        compiler = None
        if isinstance(node.get("compiler"), dict):
            compiler = (node["compiler"]["name"], str(node["compiler"]["version"]))
        else:  # Spack 1.0: the build dependency providing C (or C++, Fortran) is the compiler
            for language in ("c", "cxx", "fortran"):
                found = [(n, h) for n, h, virtuals in edges(node) if language in virtuals]
                if found:
                    compiler = (found[0][0], str(nodes[found[0][1]]["version"]))
                    break
        target = node["arch"]["target"]
        rows[spec_hash] = Row(
            hash=spec_hash,
            name=node["name"],
            version=str(node["version"]),
            compiler=compiler,
            platform=node["arch"]["platform"],
            os=node["arch"]["platform_os"],
            target=target["name"] if isinstance(target, dict) else target,
            variants=_node_variants(node.get("parameters", {})),
            deps=[],
        )
    for spec_hash, row in rows.items():
        assert row.deps is not None
        node = nodes[spec_hash]
        for (name, dep_hash, virtuals), types in zip(edges(node), deptypes(node), strict=True):
            version = nodes[dep_hash]["version"] if dep_hash in nodes else None
            row.deps.append(Dep(name, str(version), rows.get(dep_hash), tuple(virtuals), types))
    return list(rows.values())


MAIN_ROWS = (
    site_rows(FIXTURES / "cache-site")
    + index_rows(INDEXES / "clingo-bootstrap-v5.index.json")
    + index_rows(INDEXES / "spack-test-v7.index.json")
)
GEN_ROWS = (
    site_rows(FIXTURES / "site-generations")
    + index_rows(INDEXES / "assembled-v8.index.json")
    + index_rows(INDEXES / "assembled-v9.index.json")
)


# ---------------------------------------------------------------------------------------
# Small predicate helpers (plain Python: string and tuple comparisons)


def num(version: str) -> tuple[int, ...]:
    """A numeric version as a tuple (``4.5.01`` -> (4, 5, 1)); only for numeric versions."""
    return tuple(int(part) for part in version.split("."))


def series(version: str, prefix: str) -> bool:
    """Spack's ``@1.2``: 1.2 itself or any 1.2.x."""
    return version == prefix or version.startswith(prefix + ".")


def on(row: Row, name: str) -> bool:
    return row.variants.get(name) == frozenset({"true"})


def off(row: Row, name: str) -> bool:
    return row.variants.get(name) == frozenset({"false"})


def has(row: Row, name: str, *values: str) -> bool:
    return set(values) <= row.variants.get(name, frozenset())


def cc(row: Row, name: str, version: Callable[[str], bool] | None = None) -> bool:
    if row.compiler is None or row.compiler[0] != name:
        return False
    return version is None or (row.compiler[1] is not None and version(row.compiler[1]))


def ancestors(target: str) -> set[str]:
    return {a.name for a in archspec.cpu.TARGETS[target].ancestors}


def known(target: str) -> bool:
    return target in archspec.cpu.TARGETS


def descends_from(target: str, low: str) -> bool:
    """``target=low:``: the bound itself or anything that runs its code."""
    return known(target) and (target == low or low in ancestors(target))


def runs_on(target: str, host: str) -> bool:
    """``target=:host``: the host itself or one of its ancestors."""
    return known(target) and (target == host or target in ancestors(host))


def direct(row: Row, name: str, match: Callable[[Dep], bool] = lambda d: True) -> bool:
    """``%name``: a direct dependency edge."""
    return row.deps is not None and any(d.name == name and match(d) for d in row.deps)


def dep(row: Row, name: str, match: Callable[[Dep], bool] = lambda d: True) -> bool:
    """``^name``: an edge anywhere below, through dependencies that are binaries here."""
    if row.deps is None:
        return False
    return any(
        (d.name == name and match(d)) or (d.node is not None and dep(d.node, name, match))
        for d in row.deps
    )


# ---------------------------------------------------------------------------------------
# Index fixtures and engine helpers


GENERATION_SOURCES = f"""\
sources:
  - site: {FIXTURES / "site-generations"}
  - index: {INDEXES / "assembled-v8.index.json"}
    tag: spack-1.0
  - index: {INDEXES / "assembled-v9.index.json"}
    tag: spack-1.1
"""


@pytest.fixture(scope="module")
def generations_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """Pages of other generations (``gcc@X``, ``key:=value``, llvm/oneapi compilers, none)
    and the db v8/v9 indexes (compilers as build dependencies)."""
    folder = tmp_path_factory.mktemp("generations-index")
    sources = folder / "sources.yaml"
    sources.write_text(GENERATION_SOURCES, encoding="utf-8")
    build_index(BuildOptions(sources=[str(sources)], index_dir=folder / "index"))
    index = SearchIndex.open(folder / "index")
    yield index
    index.close()


def search_all(
    index: SearchIndex, request: SearchRequest, order: SpecOrder = SpecOrder.NAME
) -> tuple[list[str], list[str]]:
    """Every result's hash, paging through; and the notes of the first page."""
    hashes: list[str] = []
    page = index.search_specs(request, order, 0, PAGE_SIZE)
    notes = page.notes
    while True:
        hashes += [row.hash for row in index.spec_rows(page.ordinals)]
        if len(hashes) >= page.total or not page.ordinals:
            break
        page = index.search_specs(request, order, len(hashes), PAGE_SIZE)
    assert len(hashes) == page.total
    assert len(set(hashes)) == len(hashes)
    return hashes, notes


def expected(rows: list[Row], predicate: Callable[[Row], bool]) -> set[str]:
    return {r.hash for r in rows if predicate(r)}


# ---------------------------------------------------------------------------------------
# Table: spec strings on the main fixture index

Predicate = Callable[[Row], bool]
EMPTY = True  # marks rows whose clause rightly matches nothing in the fixtures

MAIN_CASES: list[tuple[str, Predicate] | tuple[str, Predicate, bool]] = [
    # package name
    ("hdf5", lambda r: r.name == "hdf5"),
    ("py-torch", lambda r: r.name == "py-torch"),
    ("clingo-bootstrap", lambda r: r.name == "clingo-bootstrap"),
    # versions
    ("hdf5@1.14", lambda r: r.name == "hdf5" and series(r.version, "1.14")),
    ("py-numpy@2", lambda r: r.name == "py-numpy" and series(r.version, "2")),
    # @3.1 is the 3.1 series: not 3.10, 3.11, 3.12, 3.13
    ("python@3.1", lambda r: r.name == "python" and series(r.version, "3.1"), EMPTY),
    ("hdf5@=1.14.5", lambda r: r.name == "hdf5" and r.version == "1.14.5"),
    ("py-numpy@=2", lambda r: r.name == "py-numpy" and r.version == "2", EMPTY),
    (
        "python@3.10:3.12",
        lambda r: r.name == "python" and (3, 10) <= num(r.version)[:2] <= (3, 12),
    ),
    ("python@3.12:", lambda r: r.name == "python" and num(r.version) >= (3, 12)),
    ("python@:3.9", lambda r: r.name == "python" and num(r.version)[:2] <= (3, 9)),
    (
        "py-numpy@1.0:1.25,=2.2.3",
        lambda r: (
            r.name == "py-numpy"
            and ((1, 0) <= num(r.version)[:2] <= (1, 25) or r.version == "2.2.3")
        ),
    ),
    (
        "llvm@14:16,=20.1.0",
        lambda r: r.name == "llvm" and (14 <= num(r.version)[0] <= 16 or r.version == "20.1.0"),
    ),
    ("gnupg@2.3", lambda r: r.name == "gnupg" and series(r.version, "2.3")),
    # variants
    ("hdf5+mpi", lambda r: r.name == "hdf5" and on(r, "mpi")),
    ("hdf5~mpi", lambda r: r.name == "hdf5" and off(r, "mpi")),
    ("hdf5 -mpi", lambda r: r.name == "hdf5" and off(r, "mpi")),
    ("+mpi", lambda r: on(r, "mpi")),
    ("-mpi %gcc@11", lambda r: off(r, "mpi") and cc(r, "gcc", lambda v: series(v, "11"))),
    ("hdf5 mpi=false", lambda r: r.name == "hdf5" and off(r, "mpi")),
    ("cuda_arch=*", lambda r: "cuda_arch" in r.variants),
    ("~cxx", lambda r: off(r, "cxx")),
    ("hdf5 api=default", lambda r: r.name == "hdf5" and has(r, "api", "default")),
    ("build_type=Release", lambda r: has(r, "build_type", "Release")),
    ("build_type:=Release", lambda r: has(r, "build_type", "Release")),
    ("cuda_arch=80", lambda r: has(r, "cuda_arch", "80")),
    ("kokkos cuda_arch=90", lambda r: r.name == "kokkos" and has(r, "cuda_arch", "90")),
    # multi-valued: every listed value must be present, in any order
    (
        "llvm targets=nvptx,amdgpu",
        lambda r: r.name == "llvm" and has(r, "targets", "nvptx", "amdgpu"),
    ),
    ("llvm targets=x86,bpf", lambda r: r.name == "llvm" and has(r, "targets", "x86", "bpf")),
    ("libs=static,shared", lambda r: has(r, "libs", "static", "shared")),
    ("patches=ebdca64,f2fd060", lambda r: has(r, "patches", "ebdca64", "f2fd060")),
    ("cuda_arch=80,90", lambda r: has(r, "cuda_arch", "80", "90"), EMPTY),
    ("+python", lambda r: on(r, "python")),
    # compilers
    ("%gcc", lambda r: cc(r, "gcc")),
    ("%gcc@13", lambda r: cc(r, "gcc", lambda v: series(v, "13"))),
    ("%gcc@12:13", lambda r: cc(r, "gcc", lambda v: 12 <= num(v)[0] <= 13)),
    ("%gcc@=13.2.0", lambda r: cc(r, "gcc", lambda v: v == "13.2.0")),
    ("%gcc@13.2.0", lambda r: cc(r, "gcc", lambda v: series(v, "13.2.0"))),
    ("%gcc@9.3", lambda r: cc(r, "gcc", lambda v: series(v, "9.3"))),
    ("%oneapi@2024.2.1", lambda r: cc(r, "oneapi", lambda v: v == "2024.2.1")),
    ("%apple-clang", lambda r: cc(r, "apple-clang")),
    ("hdf5 %cce", lambda r: r.name == "hdf5" and cc(r, "cce")),
    # Spack 1.x: '+mpi' after '%gcc' constrains gcc, which is no binary here (see the
    # warning test in test_spec_match_v1.py); the old meaning is written '+mpi %gcc'
    (
        "hdf5 %gcc +mpi",
        lambda r: r.name == "hdf5" and direct(r, "gcc", lambda d: d.node is not None),
        EMPTY,
    ),
    ("hdf5 +mpi %gcc", lambda r: r.name == "hdf5" and cc(r, "gcc") and on(r, "mpi")),
    # architecture
    ("platform=darwin", lambda r: r.platform == "darwin"),
    ("os=ubuntu22.04", lambda r: r.os == "ubuntu22.04"),
    ("target=neoverse_v2", lambda r: r.target == "neoverse_v2"),
    ("target=x86_64", lambda r: r.target == "x86_64"),
    (
        "arch=linux-amzn2-aarch64",
        lambda r: (r.platform, r.os, r.target) == ("linux", "amzn2", "aarch64"),
    ),
    ("target=x86_64_v3:", lambda r: descends_from(r.target, "x86_64_v3")),
    ("target=:zen3", lambda r: runs_on(r.target, "zen3")),
    ("target=:icelake", lambda r: runs_on(r.target, "icelake")),
    (
        "target=x86_64_v3:zen4",
        lambda r: descends_from(r.target, "x86_64_v3") and runs_on(r.target, "zen4"),
    ),
    ("target=aarch64:", lambda r: descends_from(r.target, "aarch64")),
    ("target=:neoverse_v2", lambda r: runs_on(r.target, "neoverse_v2")),
    ("target=neoverse_v1:", lambda r: descends_from(r.target, "neoverse_v1")),
    ("target=ppc64le:", lambda r: descends_from(r.target, "ppc64le")),
    ("target=nocona:", lambda r: descends_from(r.target, "nocona")),
    # hash prefix
    ("/4ifhbx", lambda r: r.hash.startswith("4ifhbx")),
    ("hdf5/4o", lambda r: r.name == "hdf5" and r.hash.startswith("4o")),
    ("cmake/4o", lambda r: r.name == "cmake" and r.hash.startswith("4o"), EMPTY),
    # combined clauses
    (
        "hdf5@1.14.5+mpi target=x86_64_v3 %gcc@13",
        lambda r: (
            r.name == "hdf5"
            and series(r.version, "1.14.5")
            and on(r, "mpi")
            and cc(r, "gcc", lambda v: series(v, "13"))
            and r.target == "x86_64_v3"
        ),
    ),
    # dependencies (index.json data only)
    (
        "clingo-bootstrap ^python@3.8:",
        lambda r: (
            r.name == "clingo-bootstrap"
            and dep(r, "python", lambda d: d.version is not None and num(d.version) >= (3, 8))
        ),
    ),
    ("^zlib", lambda r: dep(r, "zlib")),
    ("+python %gcc@9.3.0", lambda r: on(r, "python") and cc(r, "gcc", lambda v: v == "9.3.0")),
    (
        "os=centos7 ^libgpg-error@1.42",
        lambda r: (
            r.os == "centos7"
            and dep(
                r, "libgpg-error", lambda d: d.version is not None and series(d.version, "1.42")
            )
        ),
    ),
    (
        "platform=darwin ^python@:3.6",
        lambda r: (
            r.platform == "darwin"
            and dep(r, "python", lambda d: d.version is not None and num(d.version) <= (3, 6))
        ),
    ),
    # clauses after '^python' belong to python, whose node is no binary here
    (
        "^python@:3.6 platform=darwin",
        lambda r: dep(r, "python", lambda d: d.node is not None and d.node.platform == "darwin"),
        EMPTY,
    ),
    (
        "pinentry ^libgpg-error %apple-clang",
        lambda r: (
            r.name == "pinentry"
            and dep(r, "libgpg-error", lambda d: d.node is not None and cc(d.node, "apple-clang"))
        ),
    ),
    (
        "gnupg ^zlib target=aarch64",
        lambda r: (
            r.name == "gnupg"
            and dep(r, "zlib", lambda d: d.node is not None and d.node.target == "aarch64")
        ),
    ),
    ("^libassuan ^npth", lambda r: dep(r, "libassuan") and dep(r, "npth")),
    ("^libelf", lambda r: dep(r, "libelf")),
    (
        "^/rqh2vuf6",
        lambda r: any(d.node and d.node.hash.startswith("rqh2vuf6") for d in r.deps or []),
    ),
    # python nodes are not binaries in the cache: node clauses on them cannot be checked
    (
        "clingo-bootstrap ^python+shared",
        lambda r: dep(r, "python", lambda d: d.node is not None and on(d.node, "shared")),
        EMPTY,
    ),
    ("hdf5 ^zlib-ng", lambda r: dep(r, "zlib-ng"), EMPTY),
]


def _case_id(case: tuple[Any, ...]) -> str:
    return str(case[0])


@pytest.mark.parametrize("case", MAIN_CASES, ids=_case_id)
def test_spec_matches_fixture_data(
    search_index: SearchIndex, case: tuple[str, Predicate] | tuple[str, Predicate, bool]
) -> None:
    check_case(search_index, MAIN_ROWS, case)


def check_case(
    index: SearchIndex, rows: list[Row], case: tuple[str, Predicate] | tuple[str, Predicate, bool]
) -> None:
    """A table row: the spec string finds exactly the hashes the predicate picks from the raw
    fixture rows; a third element says the answer is rightly empty."""
    spec, predicate = case[0], case[1]
    want = expected(rows, predicate)
    if len(case) == 2:
        assert want, f"{spec!r} should match something in the fixtures"
    else:
        assert not want
    got, _ = search_all(index, SearchRequest(spec=spec))
    assert set(got) == want


def test_dependency_clause_on_site_pages_never_matches_and_says_so(
    search_index: SearchIndex,
) -> None:
    site_hdf5 = expected(MAIN_ROWS, lambda r: r.name == "hdf5" and r.deps is None)
    assert site_hdf5
    got, notes = search_all(search_index, SearchRequest(spec="hdf5 ^zlib-ng"))
    assert got == []
    assert len(notes) == 1
    assert "'^'" in notes[0]
    assert f"{len(site_hdf5)} otherwise matching specs" in notes[0]
    assert "site pages" in notes[0]
    # an anonymous root: every site spec is left out, and the index.json matches stay
    site = [r for r in MAIN_ROWS if r.deps is None]
    got, notes = search_all(search_index, SearchRequest(spec="^zlib"))
    assert set(got) == expected(MAIN_ROWS, lambda r: dep(r, "zlib"))
    assert f"{len(site)} otherwise matching specs" in notes[0]
    # no '^': no note
    _, notes = search_all(search_index, SearchRequest(spec="hdf5"))
    assert notes == []


# ---------------------------------------------------------------------------------------
# Table: other data generations (gcc@X vs gcc@=X, key:=value, llvm/oneapi, none, db v8/v9)

GEN_CASES: list[tuple[str, Predicate]] = [
    ("%gcc@7.3.1", lambda r: cc(r, "gcc", lambda v: series(v, "7.3.1"))),
    ("%gcc@=7.3.1", lambda r: cc(r, "gcc", lambda v: v == "7.3.1")),
    # data written gcc@=11.1.0 (hdf5 page) and gcc@11.4.0 (zlib-ng page) alike
    ("%gcc@11:", lambda r: cc(r, "gcc", lambda v: num(v) >= (11,))),
    ("%gcc@=11.4.0", lambda r: cc(r, "gcc", lambda v: v == "11.4.0")),
    ("%gcc@11.4.0", lambda r: cc(r, "gcc", lambda v: series(v, "11.4.0"))),
    # data written build_type:=Release (hdf5) and build_type=Release (cmake) alike
    ("build_type=Release", lambda r: has(r, "build_type", "Release")),
    ("build_type:=Release", lambda r: has(r, "build_type", "Release")),
    (
        "hdf5 api:=default +mpi",
        lambda r: r.name == "hdf5" and has(r, "api", "default") and on(r, "mpi"),
    ),
    ("%llvm@14", lambda r: cc(r, "llvm", lambda v: series(v, "14"))),
    (
        "%intel-oneapi-compilers@2024",
        lambda r: cc(r, "intel-oneapi-compilers", lambda v: series(v, "2024")),
    ),
    ("py-packaging", lambda r: r.name == "py-packaging"),
    # compilers as build dependencies (db v8/v9); in Spack 1.x '%gcc' is any direct
    # dependency on gcc, so gcc-runtime (whose gcc edge provides no language) counts too
    (
        "%gcc@10.2.1",
        lambda r: (
            cc(r, "gcc", lambda v: series(v, "10.2.1"))
            or direct(r, "gcc", lambda d: series(d.version or "", "10.2.1"))
        ),
    ),
    ("platform=test target=m1", lambda r: r.platform == "test" and r.target == "m1"),
    ("target=aarch64:", lambda r: descends_from(r.target, "aarch64")),
    ("target=armv8.4a:", lambda r: descends_from(r.target, "armv8.4a")),
    (
        "libdwarf ^libelf@0.8 %gcc",
        lambda r: (
            r.name == "libdwarf"
            and dep(
                r,
                "libelf",
                lambda d: (
                    d.node is not None and cc(d.node, "gcc") and series(d.version or "", "0.8")
                ),
            )
        ),
    ),
    ("^gcc@10", lambda r: dep(r, "gcc", lambda d: series(d.version or "", "10"))),
    # Spack 1.x: '%gcc' is any direct dependency on gcc: gcc-runtime's build edge counts
    ("gcc-runtime %gcc", lambda r: r.name == "gcc-runtime" and direct(r, "gcc")),
]

GEN_EMPTY: list[tuple[str, Predicate]] = [
    # a pure Python package built without a compiler has no compiler to match
    ("py-packaging %gcc", lambda r: r.name == "py-packaging" and cc(r, "gcc")),
    ("%clang", lambda r: cc(r, "clang")),
    (
        "gcc-runtime %gcc@11",
        lambda r: (
            r.name == "gcc-runtime" and dep(r, "gcc", lambda d: series(d.version or "", "11"))
        ),
    ),
]


@pytest.mark.parametrize("case", GEN_CASES, ids=_case_id)
def test_spec_matches_other_generations(
    generations_index: SearchIndex, case: tuple[str, Predicate]
) -> None:
    spec, predicate = case
    want = expected(GEN_ROWS, predicate)
    assert want, f"{spec!r} should match something in the fixtures"
    got, _ = search_all(generations_index, SearchRequest(spec=spec))
    assert set(got) == want


@pytest.mark.parametrize("case", GEN_EMPTY, ids=_case_id)
def test_spec_matches_nothing_in_other_generations(
    generations_index: SearchIndex, case: tuple[str, Predicate]
) -> None:
    spec, predicate = case
    assert not expected(GEN_ROWS, predicate)
    got, _ = search_all(generations_index, SearchRequest(spec=spec))
    assert got == []


def test_both_compiler_notations_present_in_generation_data() -> None:
    """The generations table above really mixes gcc@X and gcc@=X data."""
    texts = set()
    for page in (FIXTURES / "site-generations").glob("_cache/*/*/specs.md"):
        texts |= set(re.findall(r'"compiler": "(gcc@=?[0-9.]+)"', page.read_text("utf-8")))
    assert any("@=" in t for t in texts)
    assert any("@=" not in t for t in texts)


# ---------------------------------------------------------------------------------------
# Malformed specs through the engine

MALFORMED: list[tuple[str, str, int, str]] = [
    # (spec, offending token, column, part of the message)
    ("hdf5@", "@", 5, "version expected after '@'"),
    ("hdf5 +", "+", 6, "variant name expected"),
    ("hdf5 %", "%", 6, "package name or /hash expected after '%'"),
    ("hdf5 ^", "^", 6, "package name or /hash expected after '^'"),
    ("HDF5", "HDF5", 1, "lowercase"),
    ("hdf5 zlib", "zlib", 6, "use '^' or '%' for a dependency"),
    ("hdf5@1.4:1.2", "1.4:1.2", 6, "empty version range"),
    ("hdf5@1:2:3", ":", 9, "single ':'"),
    ("hdf5 target=x86_64:zen3:", ":", 24, "single ':'"),
    ("hdf5 arch=linux-ubuntu", "linux-ubuntu", 11, "platform-os-target"),
    ("hdf5/ABC", "A", 6, "base32"),
    ("hdf5 build_type = Release", "=", 17, "no space"),
    ("hdf5 +mpi +mpi", "+mpi", 11, "given twice"),
    ("hdf5 platform:=linux", ":=", 14, "takes '='"),
    ("x ~os", "~os", 3, "not a variant"),
    ("namespace==a", "namespace==a", 1, "not a variant"),
    ("x foo=*,bar", "*", 7, "'*' cannot be combined"),
    ("hdf5 & zlib", "&", 6, "expected a package name"),
    ("hdf5 cuda_arch=80,,90", ",", 19, "empty value in list"),
    ("hdf5 %%gcc", "%%", 6, "not supported"),
    ("hdf5 @1.2 @1.3", "@1.3", 11, "version given twice"),
    ("zlib target=zen3 +", "+", 18, "variant name expected"),
    ("hdf5@1.2,", ",", 9, "empty element"),
    ("hdf5 +mpi hdf5", "hdf5", 11, "one package"),
]


@pytest.mark.parametrize(("spec", "token", "column", "message"), MALFORMED)
def test_malformed_spec_is_a_search_error(
    search_index: SearchIndex, spec: str, token: str, column: int, message: str
) -> None:
    with pytest.raises(SearchError) as caught:
        search_index.search_specs(SearchRequest(spec=spec), SpecOrder.NAME, 0, 10)
    text = str(caught.value)
    assert repr(spec) in text
    assert f"unexpected token {token!r} at column {column}" in text
    assert message in text


@pytest.mark.parametrize(
    ("spec", "name", "suggestion"),
    [
        ("hdf5 target=x86_64_v3:zen9", "zen9", "zen"),
        ("target=skylake_avx:", "skylake_avx", "skylake_avx512"),
        ("target=:neoverse_v9", "neoverse_v9", "neoverse_v2"),
    ],
)
def test_unknown_target_in_range_bound(
    search_index: SearchIndex, spec: str, name: str, suggestion: str
) -> None:
    with pytest.raises(SearchError) as caught:
        search_index.search_specs(SearchRequest(spec=spec), SpecOrder.NAME, 0, 10)
    text = str(caught.value)
    assert f"unknown microarchitecture {name!r}" in text
    assert suggestion in text


def test_blank_spec_is_no_constraint(search_index: SearchIndex) -> None:
    page = search_index.search_specs(SearchRequest(spec="   "), SpecOrder.NAME, 0, 1)
    assert page.total == len(MAIN_ROWS)


# ---------------------------------------------------------------------------------------
# Spec AND free text AND facet filters


def test_spec_query_and_filter_are_anded(search_index: SearchIndex) -> None:
    text_only, _ = search_all(search_index, SearchRequest(query="hdf5"))
    assert expected(MAIN_ROWS, lambda r: r.name == "hdf5") <= set(text_only)
    request = SearchRequest(
        query="hdf5",
        spec="+mpi %gcc",
        filter=Filter(oss=("ubuntu22.04", "ubuntu24.04"), targets=("x86_64_v3",)),
    )
    want = set(text_only) & expected(
        MAIN_ROWS,
        lambda r: (
            on(r, "mpi")
            and cc(r, "gcc")
            and r.os in ("ubuntu22.04", "ubuntu24.04")
            and r.target == "x86_64_v3"
        ),
    )
    assert want
    got, _ = search_all(search_index, request)
    assert set(got) == want
    # each part really narrows the result
    without_filter, _ = search_all(search_index, SearchRequest(query="hdf5", spec="+mpi %gcc"))
    without_spec, _ = search_all(search_index, SearchRequest(query="hdf5", filter=request.filter))
    assert want < set(without_filter)
    assert want < set(without_spec)


def test_spec_and_compiler_facet_with_both_notations(search_index: SearchIndex) -> None:
    request = SearchRequest(spec="hdf5@1.14", filter=Filter(compilers=("gcc@=13.2.0",)))
    want = expected(
        MAIN_ROWS,
        lambda r: (
            r.name == "hdf5" and series(r.version, "1.14") and r.compiler == ("gcc", "13.2.0")
        ),
    )
    assert want
    got, _ = search_all(search_index, request)
    assert set(got) == want


def test_spec_and_facets_across_notations(generations_index: SearchIndex) -> None:
    """Facet values in either notation select data written in either notation."""
    request = SearchRequest(
        spec="%gcc",
        filter=Filter(compilers=("gcc@=7.3.1", "gcc@11.1.0"), variants=("build_type:=Release",)),
    )
    want = expected(
        GEN_ROWS,
        lambda r: (
            r.compiler in (("gcc", "7.3.1"), ("gcc", "11.1.0")) and has(r, "build_type", "Release")
        ),
    )
    assert {r.name for r in GEN_ROWS if r.hash in want} == {"cmake", "hdf5"}
    got, _ = search_all(generations_index, request)
    assert set(got) == want


# ---------------------------------------------------------------------------------------
# filter.compatibleWith


def specificity(target: str) -> int:
    return len(ancestors(target)) + 1 if known(target) else 0


@pytest.mark.parametrize("host", ["zen3", "icelake", "neoverse_v2", "m1", "aarch64"])
def test_compatible_with_host(
    search_index: SearchIndex, generations_index: SearchIndex, host: str
) -> None:
    for index, rows in ((search_index, MAIN_ROWS), (generations_index, GEN_ROWS)):
        want = expected(rows, lambda r: runs_on(r.target, host))
        request = SearchRequest(filter=Filter(compatible_with=host))
        got, _ = search_all(index, request, SpecOrder.RELEVANCE)
        assert set(got) == want
        # the most specific target first, and never a less specific one before a more one
        by_hash = {r.hash: r for r in rows}
        ranks = [specificity(by_hash[h].target) for h in got]
        assert ranks == sorted(ranks, reverse=True)
    # the main fixture index has binaries for every one of these hosts
    assert expected(MAIN_ROWS, lambda r: runs_on(r.target, host))


def test_compatible_with_most_specific_first(search_index: SearchIndex) -> None:
    page = search_index.search_specs(
        SearchRequest(filter=Filter(compatible_with="zen4")), SpecOrder.RELEVANCE, 0, 1
    )
    (first,) = search_index.spec_rows(page.ordinals)
    # x86_64_v4 is the most specific zen4 ancestor among the fixture targets
    assert first.target == "x86_64_v4"
    assert "x86_64_v4" in ancestors("zen4")


def test_compatible_with_combined_with_spec(search_index: SearchIndex) -> None:
    request = SearchRequest(spec="hdf5 +mpi", filter=Filter(compatible_with="neoverse_v2"))
    want = expected(
        MAIN_ROWS, lambda r: r.name == "hdf5" and on(r, "mpi") and runs_on(r.target, "neoverse_v2")
    )
    assert want
    got, _ = search_all(search_index, request)
    assert set(got) == want


def test_compatible_with_unknown_host(search_index: SearchIndex) -> None:
    request = SearchRequest(filter=Filter(compatible_with="zen33"))
    with pytest.raises(SearchError) as caught:
        search_index.search_specs(request, SpecOrder.RELEVANCE, 0, 10)
    text = str(caught.value)
    assert "unknown microarchitecture 'zen33'" in text
    assert "did you mean" in text
    assert "zen3" in text


# ---------------------------------------------------------------------------------------
# Version order


@pytest.mark.parametrize("package", ["python", "py-numpy", "llvm", "kokkos"])
def test_version_desc_is_spack_order(search_index: SearchIndex, package: str) -> None:
    hashes, _ = search_all(search_index, SearchRequest(spec=package), SpecOrder.VERSION_DESC)
    by_hash = {r.hash: r for r in MAIN_ROWS}
    versions = [by_hash[h].version for h in hashes]
    assert len(set(versions)) > 2
    assert versions == sorted(versions, key=Version, reverse=True)
    # independent of Version: numerically descending
    assert versions == sorted(versions, key=num, reverse=True)


def test_version_desc_hand_checked_facts(search_index: SearchIndex) -> None:
    hashes, _ = search_all(search_index, SearchRequest(spec="python"), SpecOrder.VERSION_DESC)
    by_hash = {r.hash: r for r in MAIN_ROWS}
    order = list(dict.fromkeys(by_hash[h].version for h in hashes))
    assert order[0] == "3.13.2"
    assert order.index("3.10.16") < order.index("3.9.21")  # 3.10 > 3.9
    assert order.index("3.13.2") < order.index("3.9.21")
    assert order[-1] == "3.6.15"
    hashes, _ = search_all(search_index, SearchRequest(spec="kokkos"), SpecOrder.VERSION_DESC)
    kokkos = list(dict.fromkeys(by_hash[h].version for h in hashes))
    assert kokkos[0] == "4.5.01"
    assert kokkos[-1] == "3.7.01"
