"""The spec-syntax parser: structure of valid specs, token and column of bad ones."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from spackdex.indexer.spack import (
    CompilerConstraint,
    EdgeQuery,
    GitVersionConstraint,
    SpecQuery,
    SpecSyntaxError,
    TargetConstraint,
    TargetRange,
    VariantConstraint,
    VersionConstraint,
    parse_spec,
)


def v(text: str) -> VersionConstraint:
    return VersionConstraint.parse(text)


def var(*texts: str) -> tuple[VariantConstraint, ...]:
    return tuple(VariantConstraint.parse(t) for t in texts)


def pct(name: str, **clauses: Any) -> EdgeQuery:
    return EdgeQuery(SpecQuery(name=name, **clauses), direct=True)


def dep(name: str, **clauses: Any) -> EdgeQuery:
    return EdgeQuery(SpecQuery(name=name, **clauses))


def ex(name: str, *values: str) -> VariantConstraint:
    return VariantConstraint.assign(name, values, exact=True)


def tgt(*ranges: TargetRange) -> TargetConstraint:
    return TargetConstraint(ranges)


VALID = [
    ("hdf5", SpecQuery(name="hdf5")),
    ("  hdf5  ", SpecQuery(name="hdf5")),
    ("*", SpecQuery()),
    ("py-numpy", SpecQuery(name="py-numpy")),
    ("intel-oneapi-compilers", SpecQuery(name="intel-oneapi-compilers")),
    ("r-ggplot2", SpecQuery(name="r-ggplot2")),
    ("hdf5@1.2", SpecQuery(name="hdf5", versions=v("1.2"))),
    ("hdf5@=1.2", SpecQuery(name="hdf5", versions=v("=1.2"))),
    ("hdf5@1.2:1.4", SpecQuery(name="hdf5", versions=v("1.2:1.4"))),
    ("hdf5@1.2:", SpecQuery(name="hdf5", versions=v("1.2:"))),
    ("hdf5@:1.4", SpecQuery(name="hdf5", versions=v(":1.4"))),
    ("hdf5@1.0:1.5,=1.7.1", SpecQuery(name="hdf5", versions=v("1.0:1.5,=1.7.1"))),
    ("hdf5 @1.0:1.5 , =1.7.1", SpecQuery(name="hdf5", versions=v("1.0:1.5,=1.7.1"))),
    ("hdf5@2.3.0-rc1", SpecQuery(name="hdf5", versions=v("2.3.0-rc1"))),
    ("hdf5@develop", SpecQuery(name="hdf5", versions=v("develop"))),
    # git versions: '/' belongs to the ref, never a hash
    ("foo@git.foo/bar", SpecQuery(name="foo", versions=GitVersionConstraint("foo/bar"))),
    ("foo@git.main", SpecQuery(name="foo", versions=GitVersionConstraint("main"))),
    (
        "foo@git." + "A" * 40 + "=1.2",
        SpecQuery(name="foo", versions=GitVersionConstraint("a" * 40, "1.2")),
    ),
    ("foo@" + "b" * 40, SpecQuery(name="foo", versions=GitVersionConstraint("b" * 40))),
    ("hdf5 +mpi", SpecQuery(name="hdf5", variants=var("+mpi"))),
    ("hdf5~mpi", SpecQuery(name="hdf5", variants=var("~mpi"))),
    ("hdf5 -mpi", SpecQuery(name="hdf5", variants=var("~mpi"))),
    ("hdf5 ++mpi ~~shared", SpecQuery(name="hdf5", variants=var("++mpi", "~~shared"))),
    ("hdf5 mpi=true", SpecQuery(name="hdf5", variants=var("+mpi"))),
    ("cmake build_type=Release", SpecQuery(name="cmake", variants=var("build_type=Release"))),
    ("hdf5 build_type:=Release", SpecQuery(name="hdf5", variants=var("build_type:=Release"))),
    ("hdf5 build_type==Release", SpecQuery(name="hdf5", variants=var("build_type==Release"))),
    ("magma cuda_arch=80,90", SpecQuery(name="magma", variants=var("cuda_arch=80,90"))),
    # every value form Spack accepts
    ("gcc languages:=c,c++", SpecQuery(name="gcc", variants=(ex("languages", "c", "c++"),))),
    (
        "x cflags=a=b=c",
        SpecQuery(name="x", variants=(VariantConstraint.assign("cflags", ["a=b=c"]),)),
    ),
    (
        "x dev_path=/abs/path",
        SpecQuery(name="x", variants=(VariantConstraint.assign("dev_path", ["/abs/path"]),)),
    ),
    ('x foo="bar,baz"', SpecQuery(name="x", variants=var("foo=baz,bar"))),
    ("x foo='bar,baz'", SpecQuery(name="x", variants=var("foo=bar,baz"))),
    (
        'hdf5 cflags="-O3 -g"',
        SpecQuery(name="hdf5", variants=(VariantConstraint.assign("cflags", ["-O3 -g"]),)),
    ),
    ("x foo==bar", SpecQuery(name="x", variants=var("foo==bar"))),
    # '%' is a direct dependency; the clauses after it constrain it (Spack 1.x)
    ("+mpi %gcc", SpecQuery(variants=var("+mpi"), edges=(pct("gcc"),))),
    ("hdf5 %gcc@13", SpecQuery(name="hdf5", edges=(pct("gcc", versions=v("13")),))),
    ("hdf5 %gcc@12:13", SpecQuery(name="hdf5", edges=(pct("gcc", versions=v("12:13")),))),
    ("hdf5 % gcc @13", SpecQuery(name="hdf5", edges=(pct("gcc", versions=v("13")),))),
    (
        "hdf5@1.14+mpi%gcc@13",
        SpecQuery(
            name="hdf5",
            versions=v("1.14"),
            variants=var("+mpi"),
            edges=(pct("gcc", versions=v("13")),),
        ),
    ),
    ("hdf5 %gcc +mpi", SpecQuery(name="hdf5", edges=(pct("gcc", variants=var("+mpi")),))),
    (
        "hdf5 %c=gcc",
        SpecQuery(name="hdf5", edges=(EdgeQuery(SpecQuery(name="gcc"), True, ("c",)),)),
    ),
    (
        "hdf5 %c,cxx=gcc@13",
        SpecQuery(
            name="hdf5",
            edges=(EdgeQuery(SpecQuery(name="gcc", versions=v("13")), True, ("c", "cxx")),),
        ),
    ),
    (
        "hdf5 %[virtuals=c] gcc",
        SpecQuery(name="hdf5", edges=(EdgeQuery(SpecQuery(name="gcc"), True, ("c",)),)),
    ),
    (
        "hdf5 ^[virtuals=mpi deptypes=build,link] mpich",
        SpecQuery(
            name="hdf5",
            edges=(EdgeQuery(SpecQuery(name="mpich"), False, ("mpi",), ("build", "link")),),
        ),
    ),
    ("hdf5 ^mpi", SpecQuery(name="hdf5", edges=(dep("mpi"),))),
    (
        "hdf5 ^mpi=openmpi",
        SpecQuery(name="hdf5", edges=(EdgeQuery(SpecQuery(name="openmpi"), False, ("mpi",)),)),
    ),
    (
        "hdf5 ^[when=+mpi] mpich@3.1",
        SpecQuery(
            name="hdf5",
            edges=(
                EdgeQuery(
                    SpecQuery(name="mpich", versions=v("3.1")),
                    when=SpecQuery(variants=var("+mpi")),
                ),
            ),
        ),
    ),
    (
        "cmake build_type=Release+ownlibs",
        SpecQuery(name="cmake", variants=var("build_type=Release+ownlibs")),
    ),
    ("hdf5 platform=linux", SpecQuery(name="hdf5", platform="linux")),
    ("hdf5 os=ubuntu24.04", SpecQuery(name="hdf5", os="ubuntu24.04")),
    ("hdf5 target=x86_64_v3", SpecQuery(name="hdf5", target=tgt(TargetRange("x86_64_v3")))),
    ("hdf5 target=x86_64_v3:", SpecQuery(name="hdf5", target=tgt(TargetRange(low="x86_64_v3")))),
    ("hdf5 target=:zen3", SpecQuery(name="hdf5", target=tgt(TargetRange(high="zen3")))),
    (
        "hdf5 target=x86_64_v2:zen3",
        SpecQuery(name="hdf5", target=tgt(TargetRange(low="x86_64_v2", high="zen3"))),
    ),
    (
        "target=haswell,:nocona",
        SpecQuery(target=tgt(TargetRange("haswell"), TargetRange(high="nocona"))),
    ),
    (
        "target=:broadwell,icelake",
        SpecQuery(target=tgt(TargetRange(high="broadwell"), TargetRange("icelake"))),
    ),
    ("target=*", SpecQuery()),
    ("os=* platform=*", SpecQuery()),
    ("arch=linux-None-None", SpecQuery(platform="linux")),
    ("target=armv8.2a", SpecQuery(target=tgt(TargetRange("armv8.2a")))),
    (
        "hdf5 arch=linux-ubuntu24.04-x86_64_v3",
        SpecQuery(
            name="hdf5",
            platform="linux",
            os="ubuntu24.04",
            target=tgt(TargetRange("x86_64_v3")),
        ),
    ),
    ("/abc234", SpecQuery(hash_prefix="abc234")),
    ("hdf5/abc", SpecQuery(name="hdf5", hash_prefix="abc")),
    ("hdf5 /a", SpecQuery(name="hdf5", hash_prefix="a")),
    ("hdf5 ^zlib-ng@2.2:", SpecQuery(name="hdf5", edges=(dep("zlib-ng", versions=v("2.2:")),))),
    ("hdf5 ^openmpi +cuda", SpecQuery(name="hdf5", edges=(dep("openmpi", variants=var("+cuda")),))),
    ("^zlib", SpecQuery(edges=(dep("zlib"),))),
    ("hdf5 ^/abcd", SpecQuery(name="hdf5", edges=(EdgeQuery(SpecQuery(hash_prefix="abcd")),))),
    (
        # the docs' example: '%clang@20' is a direct dependency of libelf
        "mpileaks@2.3 +debug %gcc@15 ^libelf@1.1 %clang@20",
        SpecQuery(
            name="mpileaks",
            versions=v("2.3"),
            variants=var("+debug"),
            edges=(
                pct("gcc", versions=v("15")),
                EdgeQuery(
                    SpecQuery(
                        name="libelf", versions=v("1.1"), edges=(pct("clang", versions=v("20")),)
                    )
                ),
            ),
        ),
    ),
    (
        "py-torch@2.5 +cuda cuda_arch=90 os=rhel9 target=zen4 %gcc@13 ^python@3.11",
        SpecQuery(
            name="py-torch",
            versions=v("2.5"),
            variants=var("+cuda", "cuda_arch=90"),
            os="rhel9",
            target=tgt(TargetRange("zen4")),
            edges=(pct("gcc", versions=v("13")), dep("python", versions=v("3.11"))),
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), VALID, ids=[t for t, _ in VALID])
def test_parse_valid(text: str, expected: SpecQuery) -> None:
    assert replace(parse_spec(text), notes=()) == expected


def test_value_with_a_sigil_is_one_value_and_says_so() -> None:
    (note,) = parse_spec("cmake build_type=Release+ownlibs").notes
    assert "'build_type=Release+ownlibs' is one value" in note
    assert "build_type=Release ..." in note
    assert parse_spec("gcc languages:=c,c++").notes == ()  # never a valid older reading


INVALID = [
    ("", "", 1, "empty spec"),
    ("   ", "", 1, "empty spec"),
    ("hdf5 @", "@", 6, "version expected"),
    ("hdf5 %", "%", 6, "expected after '%'"),
    ("+", "+", 1, "variant name expected"),
    ("hdf5 ~", "~", 6, "variant name expected"),
    ("@1.2::1.4", ":", 6, "single ':'"),
    ("hdf5@1.2,", ",", 9, "empty element"),
    ("hdf5@1.4:1.2", "1.4:1.2", 6, "empty version range"),
    ("hdf5 &foo", "&", 6, "expected a package name"),
    ("hdf5 [virtuals=mpi]", "[", 6, "expected a package name"),
    # what Spack's parser refuses
    ("x ~os", "~os", 3, "not a variant"),
    ("x +target", "+target", 3, "not a variant"),
    ("namespace==a", "namespace==a", 1, "not a variant"),
    ("x foo=*,bar", "*", 7, "'*' cannot be combined"),
    ("x target=*,zen3", "*", 10, "'*' cannot be combined"),
    ("builtin.hdf5", "builtin.hdf5", 1, "namespaces"),
    ("hdf5 ^[when=hdf5] zlib", "hdf5", 13, "give no name"),
    ("hdf5 ^[when='+mpi @'] zlib", "@", 19, "version expected"),
    ("hdf5 ^[foo=bar] zlib", "foo=bar", 8, "'virtuals', 'deptypes' and 'when'"),
    ("hdf5 ^[deptypes=lnk] zlib", "lnk", 17, "deptypes are"),
    ("hdf5 ^[virtuals=mpi", "^[", 6, "']' expected"),
    ("hdf5 ]", "]", 6, "']' without"),
    ("hdf5 target=", "target=", 6, "value expected after 'target='"),
    ("hdf5 target=:", ":", 13, "at least one end"),
    ("hdf5 target=a::b", ":", 15, "single ':'"),
    ("hdf5 target==zen3", "==", 12, "takes '='"),
    ("arch=linux-ubuntu", "linux-ubuntu", 6, "platform-os-target"),
    ("arch=linux--x86_64", "linux--x86_64", 6, "platform-os-target"),
    ("os=rhel8 arch=linux-rhel8-zen3", "arch=linux-rhel8-zen3", 10, "os given twice"),
    ("/XYZ!", "X", 2, "base32"),
    ("/abc!", "!", 5, "expected a package name"),
    ("hdf5 /abc1", "1", 10, "base32"),
    ("hdf5 /", "/", 6, "hash expected"),
    ("hdf5 /abc /def", "/def", 11, "hash given twice"),
    ("hdf5 hdf5", "hdf5", 6, "one package"),
    ("+mpi hdf5", "hdf5", 6, "name must come first"),
    ("HDF5", "HDF5", 1, "lowercase"),
    ("hdf5@1.2@1.3", "@1.3", 9, "version given twice"),
    ("hdf5 +mpi ~mpi", "~mpi", 11, "variant 'mpi' given twice"),
    ("hdf5 ^", "^", 6, "expected after '^'"),
    ("hdf5 ^^zlib", "^", 6, "expected after '^'"),
    ("hdf5 %%gcc", "%%", 6, "not supported"),
    ('hdf5 cflags="-O3', '"', 13, "unterminated quote"),
    ("hdf5 cuda_arch=", "cuda_arch=", 6, "value expected"),
    ("hdf5 cuda_arch=80,,90", ",", 19, "empty value"),
    ("hdf5 build_type = Release", "=", 17, "no space"),
]


@pytest.mark.parametrize(("text", "token", "column", "message"), INVALID)
def test_parse_invalid(text: str, token: str, column: int, message: str) -> None:
    with pytest.raises(SpecSyntaxError) as info:
        parse_spec(text)
    error = info.value
    assert (error.token, error.column) == (token, column)
    assert message in error.message


def test_error_string_names_token_and_column() -> None:
    with pytest.raises(SpecSyntaxError) as info:
        parse_spec("hdf5 @")
    assert str(info.value) == "unexpected token '@' at column 6: version expected after '@'"
    with pytest.raises(SpecSyntaxError) as info:
        parse_spec("")
    assert str(info.value) == "empty spec (at column 1)"


@pytest.mark.parametrize(
    ("compiler", "name", "version", "expected"),
    [
        ("%gcc", "gcc", "13.2.0", True),
        ("%gcc", "clang", "18", False),
        ("%gcc@13", "gcc", "13.2.0", True),
        ("%gcc@13", "gcc", "12.3.0", False),
        ("%gcc@12:13", "gcc", "12.3.0", True),
        ("%gcc@=13.2.0", "gcc", "13.2.0", True),
        ("%gcc@13", "gcc", None, False),
    ],
)
def test_compiler_constraint_matches(
    compiler: str, name: str, version: str | None, expected: bool
) -> None:
    (edge,) = parse_spec(compiler).edges
    constraint = CompilerConstraint(edge.node.name or "", edge.node.versions)
    assert constraint.matches(name, version) is expected


@pytest.mark.parametrize(
    ("spec", "target", "expected"),
    [
        ("target=zen3", "zen3", True),
        ("target=zen3", "zen2", False),
        ("target=x86_64_v3:", "zen4", True),
        ("target=x86_64_v3:", "x86_64_v2", False),
        ("target=:zen3", "x86_64_v3", True),
        ("target=:zen3", "zen4", False),
        ("target=haswell,:nocona", "haswell", True),
        ("target=haswell,:nocona", "x86_64", True),
        ("target=haswell,:nocona", "broadwell", False),
    ],
)
def test_target_constraint_matches(spec: str, target: str, expected: bool) -> None:
    constraint = parse_spec(spec).target
    assert constraint is not None
    assert constraint.matches(target) is expected


# Examples of Spack's "Spec Syntax" documentation (1.x), read the way it describes them.


def test_docs_direct_dependencies_attach_to_the_last_transitive_node() -> None:
    # "dep1 is a direct dependency of root, while both dep2 and dep3 are direct
    # dependencies of transitive"
    spec = parse_spec("root %dep1 ^transitive %dep2 %dep3")
    assert spec.edges == (
        pct("dep1"),
        EdgeQuery(SpecQuery(name="transitive", edges=(pct("dep2"), pct("dep3")))),
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # "an equivalent formulation of the command above"
        (
            "mpich %[virtuals=c,cxx] clang %[virtuals=fortran] gcc",
            "mpich %c,cxx=clang %fortran=gcc",
        ),
        (
            "foo@abcdef1234abcdef1234abcdef1234abcdef1234",
            "foo@git.abcdef1234abcdef1234abcdef1234abcdef1234",
        ),
    ],
)
def test_docs_equivalent_spellings(one: str, other: str) -> None:
    assert parse_spec(one) == parse_spec(other)


def test_docs_order_of_transitive_dependencies_does_not_matter() -> None:
    one = parse_spec("mpileaks ^callpath@1.0 ^libelf@0.8.3")
    other = parse_spec("mpileaks ^libelf@0.8.3 ^callpath@1.0")
    assert one.edges != other.edges
    assert set(one.edges) == set(other.edges)


def test_docs_virtual_assignment_with_caret() -> None:
    spec = parse_spec("strumpack ^mpi=intel-parallel-studio+mkl ^lapack=openblas")
    assert spec.edges == (
        EdgeQuery(SpecQuery(name="intel-parallel-studio", variants=var("+mkl")), False, ("mpi",)),
        EdgeQuery(SpecQuery(name="openblas"), False, ("lapack",)),
    )


def test_docs_flags_and_propagation() -> None:
    (flags,) = parse_spec('libelf cppflags="-O3 -fPIC"').variants
    assert flags.values == {"-O3 -fPIC"}
    (propagated,) = parse_spec('libdwarf cppflags=="-g"').variants
    assert propagated.propagate and propagated.values == {"-g"}
    (stack,) = parse_spec("mpileaks stackstart==4").variants
    assert stack.propagate and stack.values == {"4"}
    # fabrics:=verbs,ofi is exactly these; fabrics=verbs,ofi at least these
    (exact,) = parse_spec("fabrics:=verbs,ofi").variants
    assert exact.exact and exact.values == {"verbs", "ofi"}
    # a git ref that Spack prints with its version; '.git.8' distance suffix included
    spec = parse_spec("foo@git.abcdefg=0.19.git.8")
    assert spec.versions == GitVersionConstraint("abcdefg", "0.19.git.8")
