"""Spack 1.x spec syntax through the search engine: virtual dependencies, '%' as a direct
dependency, edge attributes, every value form, target lists, git versions, hosts as
``spack arch`` prints them, and the warnings for queries whose meaning changed.

As in test_spec_match.py, every expected hash set is computed from the raw fixture JSON
(the v8/v9 records carry ``virtuals`` on their edges: ``c``, ``cxx``, ``fortran``, ``mpi``)
with a plain-Python predicate, never by the code under test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.indexer.search.engine import SearchIndex
from spackdex.indexer.search.request import Filter, SearchError, SearchRequest, SpecOrder

from .test_spec_match import (
    EMPTY,
    FIXTURES,
    INDEXES,
    MAIN_ROWS,
    Dep,
    Row,
    ancestors,
    check_case,
    descends_from,
    expected,
    has,
    index_rows,
    known,
    on,
    runs_on,
    search_all,
    series,
    site_rows,
)

V1_ROWS = (
    site_rows(FIXTURES / "site-generations")
    + index_rows(INDEXES / "assembled-v8.index.json")
    + index_rows(INDEXES / "assembled-v9.index.json")
    + index_rows(INDEXES / "assembled-mpi-v9.index.json")
    + index_rows(INDEXES / "assembled-git-v9.index.json")
    + index_rows(INDEXES / "clingo-bootstrap-v5.index.json")
)

V1_SOURCES = f"""\
sources:
  - site: {FIXTURES / "site-generations"}
  - index: {INDEXES / "assembled-v8.index.json"}
    tag: spack-1.0
  - index: {INDEXES / "assembled-v9.index.json"}
    tag: spack-1.1
  - index: {INDEXES / "assembled-mpi-v9.index.json"}
    tag: mpi
  - index: {INDEXES / "assembled-git-v9.index.json"}
    tag: git
  - index: {INDEXES / "clingo-bootstrap-v5.index.json"}
    tag: bootstrap
"""


@pytest.fixture(scope="module")
def v1_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    folder = tmp_path_factory.mktemp("v1-index")
    sources = folder / "sources.yaml"
    sources.write_text(V1_SOURCES, encoding="utf-8")
    build_index(BuildOptions(sources=[str(sources)], index_dir=folder / "index"))
    index = SearchIndex.open(folder / "index")
    yield index
    index.close()


# ---------------------------------------------------------------------------------------
# Plain-Python predicates over the raw rows

Predicate = Callable[[Row], bool]
LANGUAGES = {"c", "cxx", "fortran"}


def edge(
    row: Row,
    name: str | None = None,
    match: Callable[[Dep], bool] = lambda d: True,
    virtuals: tuple[str, ...] = (),
) -> bool:
    """A dependency edge named ``name`` or providing the virtual ``name``."""
    if row.deps is None:
        return False
    return any(
        (name is None or d.name == name or name in d.virtuals)
        and set(virtuals) <= set(d.virtuals)
        and match(d)
        for d in row.deps
    )


def below(
    row: Row,
    name: str | None = None,
    match: Callable[[Dep], bool] = lambda d: True,
    virtuals: tuple[str, ...] = (),
) -> bool:
    """``^``: such an edge on the row or, transitively, on a dependency that is a binary."""
    if edge(row, name, match, virtuals):
        return True
    return row.deps is not None and any(
        d.node is not None and below(d.node, name, match, virtuals) for d in row.deps
    )


def compiler_is_edge(row: Row) -> bool:
    return row.deps is not None and any(set(d.virtuals) & LANGUAGES for d in row.deps)


def column(row: Row, name: str, version: Callable[[str], bool] = lambda v: True) -> bool:
    """The compiler column, for specs whose compiler is no edge (pages, pre-1.0 records)."""
    return (
        not compiler_is_edge(row)
        and row.compiler is not None
        and row.compiler[0] == name
        and row.compiler[1] is not None
        and version(row.compiler[1])
    )


def ver(prefix: str) -> Callable[[Dep], bool]:
    """``@prefix`` on a dependency; a git version ``git.<ref>=<v>`` stands for ``<v>``."""
    return lambda d: series((d.version or "").rpartition("=")[2], prefix)


COMMIT = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"

V1_CASES: list[tuple[str, Predicate] | tuple[str, Predicate, bool]] = [
    # virtual dependencies
    ("^mpi", lambda r: below(r, "mpi")),
    ("hdf5 ^mpi", lambda r: r.name == "hdf5" and below(r, "mpi")),
    ("^c", lambda r: below(r, "c")),
    ("^cxx", lambda r: below(r, "cxx")),
    ("^fortran", lambda r: below(r, "fortran")),
    ("^blas", lambda r: below(r, "blas"), EMPTY),
    ("libdwarf ^c", lambda r: r.name == "libdwarf" and below(r, "c")),
    ("libdwarf ^gcc", lambda r: r.name == "libdwarf" and below(r, "gcc")),
    # '^' is transitive: hdf5 -> openmpi -> hwloc; '%' is direct
    ("hdf5 ^hwloc", lambda r: r.name == "hdf5" and below(r, "hwloc")),
    ("^hwloc@1.11", lambda r: below(r, "hwloc", ver("1.11"))),
    ("hdf5 %hwloc", lambda r: r.name == "hdf5" and edge(r, "hwloc"), EMPTY),
    # edge attributes and virtual assignment
    ("^[virtuals=mpi] openmpi", lambda r: below(r, "openmpi", virtuals=("mpi",))),
    (
        "^[virtuals=mpi] openmpi@3",
        lambda r: below(r, "openmpi", ver("3"), virtuals=("mpi",)),
    ),
    ("^[virtuals=mpi] openmpi@4:", lambda r: False, EMPTY),
    ("^[virtuals=mpi] mpich", lambda r: below(r, "mpich", virtuals=("mpi",)), EMPTY),
    ("hdf5 %mpi=openmpi", lambda r: r.name == "hdf5" and edge(r, "openmpi", virtuals=("mpi",))),
    ("hdf5 ^mpi=openmpi", lambda r: r.name == "hdf5" and below(r, "openmpi", virtuals=("mpi",))),
    # conditional edges: required only of specs satisfying the condition
    (
        "hdf5 ^[when=+mpi] openmpi@3",
        lambda r: r.name == "hdf5" and (not on(r, "mpi") or below(r, "openmpi", ver("3"))),
    ),
    (
        "hdf5 ^[when=+mpi] mpich",
        lambda r: r.name == "hdf5" and (not on(r, "mpi") or below(r, "mpich")),
    ),
    (
        "hdf5 %[when='+mpi +shared'] mpich",
        lambda r: r.name == "hdf5" and (not (on(r, "mpi") and on(r, "shared")) or edge(r, "mpich")),
    ),
    (
        "^[virtuals=cxx] gcc",
        lambda r: below(r, "gcc", virtuals=("cxx",)),
    ),
    (
        "^[deptypes=link] gcc-runtime",
        lambda r: below(r, "gcc-runtime", lambda d: "link" in d.deptypes),
    ),
    ("^[deptypes=run] gcc-runtime", lambda r: False, EMPTY),
    # '%' as a direct dependency: compilers through the edge that provides a language,
    # the compiler column where the compiler is no edge
    (
        "%c=gcc",
        lambda r: edge(r, "gcc", virtuals=("c",)) or column(r, "gcc"),
    ),
    (
        "%c,cxx=gcc@10",
        lambda r: (
            edge(r, "gcc", ver("10"), virtuals=("c", "cxx"))
            or column(r, "gcc", lambda v: series(v, "10"))
        ),
    ),
    (
        "%[virtuals=c] gcc@9",
        lambda r: edge(r, "gcc", ver("9"), ("c",)) or column(r, "gcc", lambda v: series(v, "9")),
    ),
    ("hdf5 %c=gcc@9", lambda r: r.name == "hdf5" and edge(r, "gcc", ver("9"), ("c",))),
    ("%fortran=gcc", lambda r: edge(r, "gcc", virtuals=("fortran",)) or column(r, "gcc")),
    (
        "zlib %cxx=gcc",
        lambda r: r.name == "zlib" and (edge(r, "gcc", virtuals=("cxx",)) or column(r, "gcc")),
    ),
    (
        "%gcc-runtime",
        lambda r: edge(r, "gcc-runtime") or column(r, "gcc-runtime"),
    ),
    # the docs' shape: clauses after '%x' constrain x; '%' after '^dep' is dep's
    (
        "hdf5 ^openmpi %gcc@9",
        lambda r: (
            r.name == "hdf5"
            and below(r, "openmpi", lambda d: d.node is not None and edge(d.node, "gcc", ver("9")))
        ),
    ),
    (
        "hdf5 %mpi=openmpi ~cuda",
        lambda r: (
            r.name == "hdf5"
            and edge(r, "mpi", lambda d: d.node is not None and has(d.node, "cuda", "false"))
        ),
    ),
    ("hdf5 %mpi=openmpi +cuda", lambda r: False, EMPTY),
    (
        "libdwarf %libelf %gcc",
        lambda r: r.name == "libdwarf" and edge(r, "libelf") and edge(r, "gcc"),
    ),
    (
        "libdwarf %libelf@0.8 ^gcc-runtime@10",
        lambda r: (
            r.name == "libdwarf"
            and edge(r, "libelf", ver("0.8"))
            and below(r, "gcc-runtime", ver("10"))
        ),
    ),
    # git versions
    (
        f"libelf@git.{COMMIT}",
        lambda r: r.name == "libelf" and r.version.startswith(f"git.{COMMIT}="),
    ),
    (f"libelf@{COMMIT.upper()}=0.8.13", lambda r: r.version == f"git.{COMMIT}=0.8.13"),
    ("libdwarf@git.feature/dwarf5", lambda r: r.version.startswith("git.feature/dwarf5=")),
    ("@git.feature/dwarf5=20130729", lambda r: r.version == "git.feature/dwarf5=20130729"),
    ("@git.feature/dwarf5=1", lambda r: False, EMPTY),
    ("@git.feature", lambda r: r.version.startswith("git.feature="), EMPTY),
    # a git version stands for its version too, as in Spack
    ("libelf@0.8.13", lambda r: r.name == "libelf" and r.version.endswith("0.8.13")),
    (
        f"libdwarf ^libelf@git.{COMMIT}",
        lambda r: (
            r.name == "libdwarf"
            and below(r, "libelf", lambda d: (d.version or "").startswith(f"git.{COMMIT}"))
        ),
    ),
]


def _id(case: tuple[object, ...]) -> str:
    return str(case[0])


@pytest.mark.parametrize("case", V1_CASES, ids=_id)
def test_spack_1x_syntax_matches_fixture_data(
    v1_index: SearchIndex, case: tuple[str, Predicate] | tuple[str, Predicate, bool]
) -> None:
    check_case(v1_index, V1_ROWS, case)


def test_virtual_finds_what_its_provider_finds(v1_index: SearchIndex) -> None:
    by_virtual, _ = search_all(v1_index, SearchRequest(spec="libdwarf ^c"))
    by_provider, _ = search_all(v1_index, SearchRequest(spec="libdwarf ^gcc"))
    assert by_virtual and set(by_virtual) == set(by_provider)


@pytest.mark.parametrize("spec", ["^mpi@3:", "hdf5 ^mpi +cuda", "%c@10"])
def test_constraint_on_a_virtual_is_refused(v1_index: SearchIndex, spec: str) -> None:
    with pytest.raises(SearchError) as caught:
        v1_index.search_specs(SearchRequest(spec=spec), SpecOrder.NAME, 0, 10)
    text = str(caught.value)
    assert "is a virtual package" in text
    assert "^[virtuals=" in text


# ---------------------------------------------------------------------------------------
# Queries whose meaning changed say so


def test_clauses_after_percent_warn_with_the_old_spelling(search_index: SearchIndex) -> None:
    got, notes = search_all(search_index, SearchRequest(spec="hdf5 %gcc +mpi"))
    old, old_notes = search_all(search_index, SearchRequest(spec="hdf5 +mpi %gcc"))
    assert got == []  # gcc+mpi: no gcc binary has such a variant
    assert old and old_notes == []
    (warning,) = notes
    assert "write +mpi before %gcc" in warning
    assert f"({len(old)} specs)" in warning


def test_percent_as_any_direct_dependency_warns(v1_index: SearchIndex) -> None:
    got, notes = search_all(v1_index, SearchRequest(spec="%gcc@10.2.1"))
    by_hash = {r.hash: r for r in V1_ROWS}
    assert any(by_hash[h].name == "gcc-runtime" for h in got)
    (warning,) = notes
    assert "'%name' is any direct dependency" in warning
    assert "%[virtuals=c] name" in warning


@pytest.mark.parametrize("spec", ["%gcc", "hdf5 %gcc@13", "+mpi %gcc", "%c=gcc", "^mpi"])
def test_unchanged_meaning_has_no_warning(search_index: SearchIndex, spec: str) -> None:
    _, notes = search_all(search_index, SearchRequest(spec=spec))
    assert not any("Spack 1.x" in n for n in notes)


def test_transitive_caret_warns_where_it_finds_more(v1_index: SearchIndex) -> None:
    got, notes = search_all(v1_index, SearchRequest(spec="hdf5 ^hwloc"))
    assert got
    assert any("'^dep' is any dependency, direct or not" in n and "'%dep'" in n for n in notes)
    _, notes = search_all(v1_index, SearchRequest(spec="hdf5 ^openmpi"))
    assert not any("direct or not" in n for n in notes)


def test_value_with_plus_warns(search_index: SearchIndex) -> None:
    _, notes = search_all(search_index, SearchRequest(spec="cmake build_type=Release+ownlibs"))
    assert any("is one value" in n for n in notes)


def test_site_pages_keep_matching_percent_against_their_compiler(
    search_index: SearchIndex,
) -> None:
    got, notes = search_all(search_index, SearchRequest(spec="hdf5 %gcc@13"))
    want = expected(
        MAIN_ROWS,
        lambda r: (
            r.name == "hdf5"
            and r.compiler is not None
            and r.compiler[0] == "gcc"
            and series(r.compiler[1] or "", "13")
        ),
    )
    assert want and set(got) == want
    assert notes == []


# ---------------------------------------------------------------------------------------
# Every value form, target lists and '*' on the main fixture index

VALUE_CASES: list[tuple[str, Predicate]] = [
    ("llvm targets:=all", lambda r: r.name == "llvm" and r.variants.get("targets") == {"all"}),
    (
        "targets:=nvptx,amdgpu,bpf,webassembly",
        lambda r: r.variants.get("targets") == {"amdgpu", "bpf", "nvptx", "webassembly"},
    ),
    (
        "targets=nvptx,amdgpu,bpf,webassembly",
        lambda r: has(r, "targets", "nvptx", "amdgpu", "bpf", "webassembly"),
    ),
    ("libs:=static,shared", lambda r: r.variants.get("libs") == frozenset({"static", "shared"})),
    ("libs=shared", lambda r: has(r, "libs", "shared")),
    ('libs="shared,static"', lambda r: has(r, "libs", "static", "shared")),
    ("libs='static'", lambda r: has(r, "libs", "static")),
    ("hdf5 ++mpi", lambda r: r.name == "hdf5" and on(r, "mpi")),
    ("hdf5 ~~mpi", lambda r: r.name == "hdf5" and has(r, "mpi", "false")),
    ("build_type==Release", lambda r: has(r, "build_type", "Release")),
    ("target=haswell,:nocona", lambda r: r.target == "haswell" or runs_on(r.target, "nocona")),
    (
        "target=:broadwell,icelake",
        lambda r: runs_on(r.target, "broadwell") or r.target == "icelake",
    ),
    (
        "target=x86_64_v4:,aarch64",
        lambda r: descends_from(r.target, "x86_64_v4") or r.target == "aarch64",
    ),
    ("hdf5 target=*", lambda r: r.name == "hdf5"),
    ("hdf5 os=* platform=*", lambda r: r.name == "hdf5"),
    ("arch=darwin-None-None", lambda r: r.platform == "darwin"),
    ("arch=None-None-aarch64", lambda r: r.target == "aarch64"),
    ("arch=linux-amzn2-*", lambda r: (r.platform, r.os) == ("linux", "amzn2")),
]


@pytest.mark.parametrize("case", VALUE_CASES, ids=_id)
def test_value_forms_match_fixture_data(
    search_index: SearchIndex, case: tuple[str, Predicate]
) -> None:
    spec, predicate = case
    want = expected(MAIN_ROWS, predicate)
    assert want, f"{spec!r} should match something in the fixtures"
    got, _ = search_all(search_index, SearchRequest(spec=spec))
    assert set(got) == want


def test_exact_values_select_fewer_than_at_least(search_index: SearchIndex) -> None:
    exact, _ = search_all(search_index, SearchRequest(spec="targets:=nvptx,amdgpu,bpf,webassembly"))
    at_least, _ = search_all(
        search_index, SearchRequest(spec="targets=nvptx,amdgpu,bpf,webassembly")
    )
    assert set(exact) < set(at_least)
    # the old reading of ':=' (at least these values) is said, with its spelling
    _, notes = search_all(search_index, SearchRequest(spec="targets:=nvptx,amdgpu,bpf,webassembly"))
    assert any("exactly these values" in n and "'targets=" in n for n in notes)
    _, notes = search_all(search_index, SearchRequest(spec="build_type:=Release"))
    assert notes == []


# ---------------------------------------------------------------------------------------
# compatibleWith: a bare target, or what 'spack arch' prints


def specificity(target: str) -> int:
    return len(ancestors(target)) + 1 if known(target) else 0


@pytest.mark.parametrize(
    "host",
    [
        "linux-ubuntu24.04-zen3",
        "linux-amzn2-neoverse_v2",
        "darwin-sequoia-m1",
        "darwin-catalina-icelake",
    ],
)
def test_compatible_with_spack_arch_host(search_index: SearchIndex, host: str) -> None:
    platform, os_name, target = host.split("-")
    want = expected(
        MAIN_ROWS,
        lambda r: r.platform == platform and r.os == os_name and runs_on(r.target, target),
    )
    assert want
    got, _ = search_all(
        search_index, SearchRequest(filter=Filter(compatible_with=host)), SpecOrder.RELEVANCE
    )
    assert set(got) == want
    by_hash = {r.hash: r for r in MAIN_ROWS}
    ranks = [specificity(by_hash[h].target) for h in got]
    assert ranks == sorted(ranks, reverse=True)


def test_m1_host_is_offered_no_linux_binaries(search_index: SearchIndex) -> None:
    bare, _ = search_all(search_index, SearchRequest(filter=Filter(compatible_with="m1")))
    host, _ = search_all(
        search_index, SearchRequest(filter=Filter(compatible_with="darwin-sequoia-m1"))
    )
    by_hash = {r.hash: r for r in MAIN_ROWS}
    assert any(by_hash[h].platform == "linux" for h in bare)  # a bare target: any platform
    assert host and all(by_hash[h].platform == "darwin" for h in host)


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("linux-zen3", "platform-os-target"),
        ("linux-ubuntu24.04-zen33", "unknown microarchitecture 'zen33'"),
        ("linux ubuntu zen3", "platform-os-target"),
    ],
)
def test_bad_host_is_a_clear_error(search_index: SearchIndex, host: str, message: str) -> None:
    with pytest.raises(SearchError) as caught:
        search_index.search_specs(
            SearchRequest(filter=Filter(compatible_with=host)), SpecOrder.NAME, 0, 10
        )
    assert message in str(caught.value)
