"""Build-cache index.json databases, versions 5 to 9, and bad index files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from spackdex.indexer.problems import ProblemLog, SourceError
from spackdex.indexer.readers.database import parse_database, variants_of
from spackdex.indexer.records import Compiler, Dependency, SpecRecord
from tests.indexer.helpers import DATABASES

CLINGO_V5 = DATABASES / "clingo-bootstrap-v5.index.json"
CLINGO_V6 = DATABASES / "clingo-bootstrap-v6.index.json"
CLINGO_V6_PARAMETERS = DATABASES / "clingo-bootstrap-v6-parameters.index.json"
TEST_V7 = DATABASES / "spack-test-v7.index.json"
TEST_V7_NUMBER = DATABASES / "spack-test-v7-number.index.json"
ASSEMBLED_V8 = DATABASES / "assembled-v8.index.json"
ASSEMBLED_V9 = DATABASES / "assembled-v9.index.json"

LIBELF_V7 = "rqh2vuf6fqwkmipzgi2wjx352mq7y7ez"
LIBDWARF_V7 = "sk2gqqz4n5njmvktycnd25wq25jxiqkr"
LIBDWARF_V8 = "u5uz3dcch5if4eve4sef67o2rf2lbfgh"
GCC_RUNTIME_V8 = "izgzpzeljwairalfjm3k6fntbb64nt6n"
LIBELF_V8 = "jr3yipyxyjulcdvckwwwjrrumis7glpa"


def read(path: Path, problems: ProblemLog | None = None) -> dict[str, SpecRecord]:
    specs = parse_database(path.read_bytes(), str(path), problems or ProblemLog(strict=True))
    return {spec.hash: spec for spec in specs}


def document(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def in_buildcache(path: Path) -> set[str]:
    installs = document(path)["database"]["installs"]
    return {h for h, record in installs.items() if record.get("in_buildcache") is True}


@pytest.mark.parametrize(
    ("path", "version"),
    [
        (CLINGO_V5, "5"),
        (CLINGO_V6, "6"),
        (CLINGO_V6_PARAMETERS, "6"),
        (TEST_V7, "7"),
        (TEST_V7_NUMBER, 7),
        (ASSEMBLED_V8, "8"),
        (ASSEMBLED_V9, "9"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else repr(value),
)
def test_only_records_in_the_build_cache_are_binaries(path: Path, version: object) -> None:
    assert document(path)["database"]["version"] == version
    specs = read(path)
    assert set(specs) == in_buildcache(path)
    assert len(specs) < len(document(path)["database"]["installs"]) or path in (
        TEST_V7,
        TEST_V7_NUMBER,
    )


def test_v5_nodes_named_by_their_single_key() -> None:
    specs = read(CLINGO_V5)
    assert len(specs) == 59
    bootstrap = specs["rfu4la457mdbpoffk2g5hikj2hhoek4s"]
    assert (bootstrap.name, bootstrap.version) == ("clingo-bootstrap", "spack")
    assert bootstrap.compiler == Compiler("gcc", "9.3.1")
    assert (bootstrap.platform, bootstrap.os, bootstrap.target) == ("linux", "centos7", "ppc64le")
    assert bootstrap.variants == ("build_type=Release", "~docs", "~ipo", "+python")
    # python is an external, not a binary, but its version is known to the edge
    assert bootstrap.dependencies == (
        Dependency(
            "python", "wvnrbl3rtcxeexr3ynyelfhoegf57ngv", ("build", "link", "run"), (), "3.6"
        ),
    )
    assert "wvnrbl3rtcxeexr3ynyelfhoegf57ngv" not in specs


def test_darwin_flags_and_list_variants_of_v5() -> None:
    pinentry = read(CLINGO_V5)["ihqcvdm5okxuvnln463l7h4flbkhrp44"]
    assert pinentry.compiler == Compiler("apple-clang", "12.0.0")
    assert pinentry.variants == ("gui=tty",)  # cflags are compiler flags, not variants
    assert [d.name for d in pinentry.dependencies or ()] == ["libassuan", "libgpg-error"]


@pytest.mark.parametrize("path", [CLINGO_V6, CLINGO_V6_PARAMETERS], ids=lambda p: p.name)
def test_v6_node_dicts_read_like_the_v5_records_they_hold(path: Path) -> None:
    assert read(path) == read(CLINGO_V5)


def test_v7_edges_carry_deptypes_and_virtuals_and_target_objects() -> None:
    specs = read(TEST_V7)
    libdwarf = specs[LIBDWARF_V7]
    assert libdwarf == SpecRecord(
        hash=LIBDWARF_V7,
        name="libdwarf",
        version="20130729",
        compiler=Compiler("gcc", "10.2.1"),
        platform="test",
        os="debian6",
        target="core2",  # the name of the arch.target object
        variants=("build_system=generic",),
        dependencies=(Dependency("libelf", LIBELF_V7, ("build", "link"), (), "0.8.13"),),
    )
    assert specs[LIBELF_V7].dependencies == ()


def test_database_version_as_a_number_reads_like_a_string() -> None:
    assert read(TEST_V7_NUMBER) == read(TEST_V7)


def test_node_version_as_a_number(tmp_path: Path) -> None:
    data = document(TEST_V7)
    data["database"]["installs"][LIBDWARF_V7]["spec"]["version"] = 20130729
    path = tmp_path / "index.json"
    path.write_text(json.dumps(data))
    assert read(path)[LIBDWARF_V7].version == "20130729"


@pytest.mark.parametrize("path", [ASSEMBLED_V8, ASSEMBLED_V9], ids=lambda p: p.name)
def test_v8_compiler_is_the_build_dependency_providing_c(path: Path) -> None:
    specs = read(path)
    libdwarf, libelf, runtime = specs[LIBDWARF_V8], specs[LIBELF_V8], specs[GCC_RUNTIME_V8]
    assert libdwarf.compiler == libelf.compiler == Compiler("gcc", "10.2.1")
    assert runtime.compiler is None  # gcc-runtime's gcc edge provides no language
    assert libdwarf.target == "m1"
    assert [(d.name, d.deptypes, d.virtuals, d.version) for d in libdwarf.dependencies or ()] == [
        ("compiler-wrapper", ("build",), (), "1.0"),
        ("gcc", ("build",), ("c", "cxx"), "10.2.1"),
        ("gcc-runtime", ("link",), (), "10.2.1"),
        ("libelf", ("build", "link"), (), "0.8.13"),
    ]


def test_v9_reads_like_the_v8_it_was_assembled_from() -> None:
    assert read(ASSEMBLED_V9) == read(ASSEMBLED_V8)


def _node(name: str, spec_hash: str, dependencies: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": name,
        "version": "1.0",
        "arch": {"platform": "linux", "platform_os": "ubuntu24.04", "target": "x86_64_v3"},
        "parameters": {},
        "dependencies": dependencies,
        "hash": spec_hash,
    }


def _edge(name: str, spec_hash: str, virtuals: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "hash": spec_hash,
        "parameters": {"deptypes": ["build"], "virtuals": virtuals},
    }


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ([], None),
        ([("gcc", ["fortran"])], "gcc"),
        ([("gcc", ["fortran"]), ("llvm", ["c", "cxx"])], "llvm"),  # C first
        ([("llvm", ["cxx"]), ("gcc", ["fortran"])], "llvm"),
        ([("cmake", [])], None),
    ],
)
def test_v8_compiler_choice(edges: list[tuple[str, list[str]]], expected: str | None) -> None:
    compilers = {name: f"{name[:4]}{'a' * (32 - len(name[:4]))}" for name, _ in edges}
    installs: dict[str, Any] = {
        spec_hash: {"spec": _node(name, spec_hash, []), "in_buildcache": False}
        for name, spec_hash in compilers.items()
    }
    root = "r" * 32
    installs[root] = {
        "spec": _node("zlib", root, [_edge(n, compilers[n], v) for n, v in edges]),
        "in_buildcache": True,
    }
    data = json.dumps({"database": {"version": "8", "installs": installs}}).encode()
    [spec] = parse_database(data, "index.json", ProblemLog(strict=True))
    assert spec.compiler == (None if expected is None else Compiler(expected, "1.0"))


@pytest.mark.parametrize(
    ("parameters", "shown"),
    [
        ({"shared": True, "docs": False}, ("~docs", "+shared")),
        ({"build_type": "Release", "cxxstd": 17}, ("build_type=Release", "cxxstd=17")),
        ({"languages": ["c", "c++"], "empty": []}, ("languages=c,c++",)),
        ({"cflags": ["-O3"], "patches": ["abc"], "ldlibs": []}, ()),
        (None, ()),
    ],
)
def test_variants_shown_the_page_way(parameters: object, shown: tuple[str, ...]) -> None:
    assert variants_of(parameters) == shown


BAD_FILES = [
    ("empty file", b"", "empty file"),
    ("malformed JSON", b'{"database": {"version": "7",\n "installs": {,}}}', "line 2 column 15"),
    ("non-UTF-8 bytes", b'{"database":\n {"version": "\xff"}}', "line 2, column 15: not UTF-8"),
    ("not a database", b'{"installs": {}}', "no 'database' object"),
    ("a list", b"[]", "no 'database' object"),
    ("unknown version", b'{"database": {"version": "10", "installs": {}}}', "database.version"),
    ("version 4", b'{"database": {"version": "4", "installs": {}}}', "unknown database version"),
    ("version text", b'{"database": {"version": "new", "installs": {}}}', "'new'"),
    ("version boolean", b'{"database": {"version": true, "installs": {}}}', "version True"),
    ("no version", b'{"database": {"installs": {}}}', "database.version"),
    ("installs of wrong type", b'{"database": {"version": "7", "installs": []}}', "installs"),
]


@pytest.mark.parametrize(("data", "message"), [pytest.param(d, m, id=i) for i, d, m in BAD_FILES])
def test_bad_index_names_the_file_and_the_place(data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_database(data, "/mirror/index.json", ProblemLog())
    assert str(caught.value).startswith("/mirror/index.json: ")
    assert message in str(caught.value)


def _break(record: dict[str, Any], change: str) -> None:
    spec = record["spec"]
    if change == "no spec":
        del record["spec"]
    elif change == "spec of wrong type":
        record["spec"] = "libdwarf"
    elif change == "no arch":
        del spec["arch"]
    elif change == "target of wrong type":
        spec["arch"]["target"] = 64
    elif change == "no version":
        del spec["version"]
    elif change == "dependencies of wrong type":
        spec["dependencies"] = "libelf"
    elif change == "edge without hash":
        del spec["dependencies"][0]["hash"]
    else:  # pragma: no cover
        raise AssertionError(change)


@pytest.mark.parametrize(
    ("change", "place", "message"),
    [
        ("no spec", "", "missing or non-object key 'spec'"),
        ("spec of wrong type", "", "missing or non-object key 'spec'"),
        ("no arch", ".spec", "missing or non-object key 'arch'"),
        ("target of wrong type", ".spec", "'arch.target'"),
        ("no version", ".spec", "missing or non-string key 'version'"),
        ("dependencies of wrong type", ".spec", "'dependencies' must be"),
        ("edge without hash", ".spec.dependencies[0]", "missing or non-string key 'hash'"),
    ],
)
def test_bad_record_is_skipped_naming_its_key(
    tmp_path: Path, change: str, place: str, message: str
) -> None:
    data = document(TEST_V7)
    _break(data["database"]["installs"][LIBDWARF_V7], change)
    path = tmp_path / "index.json"
    path.write_text(json.dumps(data))
    problems = ProblemLog()
    assert list(read(path, problems)) == [LIBELF_V7]
    [problem] = problems.skipped
    assert problem.source == str(path)
    assert problem.reason.startswith(f"database.installs.{LIBDWARF_V7}{place}: ")
    assert message in problem.reason
    with pytest.raises(SourceError, match=LIBDWARF_V7):
        read(path, ProblemLog(strict=True))


def _set(path: str, value: object) -> Any:
    """A change to the libdwarf record: set the value at a dotted path (``[0]`` indexes)."""

    def change(record: dict[str, Any]) -> None:
        *parents, last = path.replace("[0]", ".0").split(".")
        target: Any = record
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return change


WRONG_TYPES = [
    ("spec.version", [1], ".spec", "missing or non-string key 'version' (found [1])"),
    ("spec.version", "1.0\x00", ".spec", "key 'version' is not a Spack version: '1.0\\x00'"),
    ("spec.version", "=1.0", ".spec", "key 'version' is not a Spack version"),
    ("spec.name", 5, ".spec", "missing or non-string key 'name' (found 5)"),
    ("spec.compiler", 5, ".spec", "key 'compiler' must be an object with a name, not 5"),
    ("spec.compiler.name", ["gcc"], ".spec.compiler", "key 'name' (found ['gcc'])"),
    ("spec.compiler.version", {"v": 1}, ".spec.compiler", "key 'version' (found {'v': 1})"),
    ("spec.parameters", [], ".spec", "key 'parameters' must be an object, not []"),
    ("spec.parameters.x", {"a": 1}, ".spec.parameters", "parameter 'x' must be a value or a"),
    ("spec.arch.platform", 5, ".spec.arch", "missing or non-string key 'platform'"),
    ("spec.arch.platform_os", None, ".spec.arch", "missing or non-string key 'platform_os'"),
    ("in_buildcache", "yes", "", "key 'in_buildcache' must be true or false, not 'yes'"),
    ("in_buildcache", 1, "", "key 'in_buildcache' must be true or false, not 1"),
    ("spec.dependencies", 5, ".spec", "'dependencies' must be a list or an object, not 5"),
    ("spec.dependencies[0]", "libelf", ".spec.dependencies[0]", "must be an object"),
    ("spec.dependencies[0].name", None, ".spec.dependencies[0]", "key 'name'"),
    ("spec.dependencies[0].parameters", [], ".spec.dependencies[0]", "'parameters' must be"),
    (
        "spec.dependencies[0].parameters.deptypes",
        5,
        ".spec.dependencies[0].parameters",
        "key 'deptypes' must be a list of strings, not 5",
    ),
    (
        "spec.dependencies[0].parameters.deptypes",
        ["build", "later"],
        ".spec.dependencies[0].parameters",
        "key 'deptypes' holds 'later', expected one of build, link, run, test",
    ),
    (
        "spec.dependencies[0].parameters.virtuals",
        [None],
        ".spec.dependencies[0].parameters",
        "key 'virtuals' must be a list of strings, not [None]",
    ),
]


@pytest.mark.parametrize(
    ("path", "value", "place", "message"),
    [pytest.param(*case, id=f"{case[0]}={case[1]!r}") for case in WRONG_TYPES],
)
def test_wrong_type_anywhere_in_a_record_skips_it_naming_the_field(
    tmp_path: Path, path: str, value: object, place: str, message: str
) -> None:
    data = document(TEST_V7)
    _set(path, value)(data["database"]["installs"][LIBDWARF_V7])
    index = tmp_path / "index.json"
    index.write_text(json.dumps(data))
    problems = ProblemLog()
    assert list(read(index, problems)) == [LIBELF_V7]  # the rest is indexed
    [problem] = problems.skipped
    assert problem.source == str(index)
    assert problem.reason.startswith(f"database.installs.{LIBDWARF_V7}{place}: ")
    assert message in problem.reason


def test_bad_version_of_a_dependency_node_skips_that_node_only(tmp_path: Path) -> None:
    data = document(TEST_V7)
    data["database"]["installs"][LIBELF_V7]["spec"]["version"] = [0, 8]
    index = tmp_path / "index.json"
    index.write_text(json.dumps(data))
    problems = ProblemLog()
    specs = read(index, problems)
    assert list(specs) == [LIBDWARF_V7]
    [dependency] = specs[LIBDWARF_V7].dependencies or ()
    assert (dependency.name, dependency.version) == ("libelf", None)
    [problem] = problems.skipped
    assert problem.reason.startswith(f"database.installs.{LIBELF_V7}.spec: ")


@pytest.mark.parametrize(
    ("edge", "message"),
    [
        ({"hash": LIBELF_V7, "type": 5}, "key 'type' must be a list of strings, not 5"),
        ("libelf", "dependency must be an object, not 'libelf'"),
    ],
)
def test_v5_edges_of_wrong_type(tmp_path: Path, edge: object, message: str) -> None:
    data = document(TEST_V7)
    data["database"]["installs"][LIBDWARF_V7]["spec"]["dependencies"] = {"libelf": edge}
    index = tmp_path / "index.json"
    index.write_text(json.dumps(data))
    problems = ProblemLog()
    assert list(read(index, problems)) == [LIBELF_V7]
    [problem] = problems.skipped
    assert problem.reason == f"database.installs.{LIBDWARF_V7}.spec.dependencies.libelf: {message}"


def test_compiler_with_an_exact_version_and_a_number(tmp_path: Path) -> None:
    data = document(TEST_V7)
    data["database"]["installs"][LIBDWARF_V7]["spec"]["compiler"] = {"name": "gcc", "version": 12}
    data["database"]["installs"][LIBELF_V7]["spec"]["compiler"]["version"] = "=10.2.1"
    index = tmp_path / "index.json"
    index.write_text(json.dumps(data))
    specs = read(index)
    assert specs[LIBDWARF_V7].compiler == Compiler("gcc", "12")
    assert specs[LIBELF_V7].compiler == Compiler("gcc", "10.2.1")


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("x" * 33, "the record's key is not a 32-character DAG hash: 'xxxx"),
        ("\u00fc" * 32, "the record's key is not a 32-character DAG hash"),
        ("", "the record's key is not a 32-character DAG hash: ''"),
    ],
)
def test_record_key_that_is_no_dag_hash(tmp_path: Path, key: str, reason: str) -> None:
    data = document(TEST_V7)
    installs = data["database"]["installs"]
    installs[key] = installs.pop(LIBELF_V7)
    index = tmp_path / "index.json"
    index.write_text(json.dumps(data))
    problems = ProblemLog()
    specs = read(index, problems)
    assert list(specs) == [LIBDWARF_V7]  # its edge to libelf stays, the version unknown
    [problem] = problems.skipped
    assert problem.reason.startswith(f"database.installs.{key}: {reason}")


def test_edge_hash_that_is_no_dag_hash(tmp_path: Path) -> None:
    data = document(TEST_V7)
    data["database"]["installs"][LIBDWARF_V7]["spec"]["dependencies"][0]["hash"] = "libelf"
    index = tmp_path / "index.json"
    index.write_text(json.dumps(data))
    problems = ProblemLog()
    assert list(read(index, problems)) == [LIBELF_V7]
    [problem] = problems.skipped
    assert problem.reason == (
        f"database.installs.{LIBDWARF_V7}.spec.dependencies[0]: "
        "hash is not a 32-character DAG hash: 'libelf'"
    )
