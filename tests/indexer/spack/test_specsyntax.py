"""The spec-syntax parser: structure of valid specs, token and column of bad ones."""

from __future__ import annotations

import pytest

from spackdex.indexer.spack import (
    CompilerConstraint,
    SpecQuery,
    SpecSyntaxError,
    TargetConstraint,
    VariantConstraint,
    VersionConstraint,
    parse_spec,
)


def v(text: str) -> VersionConstraint:
    return VersionConstraint.parse(text)


def var(*texts: str) -> tuple[VariantConstraint, ...]:
    return tuple(VariantConstraint.parse(t) for t in texts)


def cc(name: str, versions: str | None = None) -> CompilerConstraint:
    return CompilerConstraint(name, v(versions) if versions else None)


VALID = [
    ("hdf5", SpecQuery(name="hdf5")),
    ("  hdf5  ", SpecQuery(name="hdf5")),
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
    ("hdf5 +mpi", SpecQuery(name="hdf5", variants=var("+mpi"))),
    ("hdf5~mpi", SpecQuery(name="hdf5", variants=var("~mpi"))),
    ("hdf5 -mpi", SpecQuery(name="hdf5", variants=var("~mpi"))),
    ("hdf5 ++mpi ~~shared", SpecQuery(name="hdf5", variants=var("++mpi", "~~shared"))),
    ("hdf5 mpi=true", SpecQuery(name="hdf5", variants=var("+mpi"))),
    ("cmake build_type=Release", SpecQuery(name="cmake", variants=var("build_type=Release"))),
    ("hdf5 build_type:=Release", SpecQuery(name="hdf5", variants=var("build_type:=Release"))),
    ("hdf5 build_type==Release", SpecQuery(name="hdf5", variants=var("build_type==Release"))),
    ("magma cuda_arch=80,90", SpecQuery(name="magma", variants=var("cuda_arch=80,90"))),
    ('hdf5 cflags="-O3 -g"', SpecQuery(name="hdf5", variants=var('cflags="-O3 -g"'))),
    ("+mpi %gcc", SpecQuery(variants=var("+mpi"), compiler=cc("gcc"))),
    ("hdf5 %gcc@13", SpecQuery(name="hdf5", compiler=cc("gcc", "13"))),
    ("hdf5 %gcc@12:13", SpecQuery(name="hdf5", compiler=cc("gcc", "12:13"))),
    ("hdf5 %gcc@=13.2.0", SpecQuery(name="hdf5", compiler=cc("gcc", "=13.2.0"))),
    ("hdf5 % gcc @13", SpecQuery(name="hdf5", compiler=cc("gcc", "13"))),
    (
        "hdf5@1.14+mpi%gcc@13",
        SpecQuery(name="hdf5", versions=v("1.14"), variants=var("+mpi"), compiler=cc("gcc", "13")),
    ),
    (
        "hdf5 %gcc +mpi",
        SpecQuery(name="hdf5", variants=var("+mpi"), compiler=cc("gcc")),
    ),
    (
        "cmake build_type=Release+ownlibs",
        SpecQuery(name="cmake", variants=var("build_type=Release", "+ownlibs")),
    ),
    ("hdf5 platform=linux", SpecQuery(name="hdf5", platform="linux")),
    ("hdf5 os=ubuntu24.04", SpecQuery(name="hdf5", os="ubuntu24.04")),
    ("hdf5 target=x86_64_v3", SpecQuery(name="hdf5", target=TargetConstraint("x86_64_v3"))),
    (
        "hdf5 target=x86_64_v3:",
        SpecQuery(name="hdf5", target=TargetConstraint(low="x86_64_v3")),
    ),
    ("hdf5 target=:zen3", SpecQuery(name="hdf5", target=TargetConstraint(high="zen3"))),
    (
        "hdf5 target=x86_64_v2:zen3",
        SpecQuery(name="hdf5", target=TargetConstraint(low="x86_64_v2", high="zen3")),
    ),
    ("target=armv8.2a", SpecQuery(target=TargetConstraint("armv8.2a"))),
    (
        "hdf5 arch=linux-ubuntu24.04-x86_64_v3",
        SpecQuery(
            name="hdf5",
            platform="linux",
            os="ubuntu24.04",
            target=TargetConstraint("x86_64_v3"),
        ),
    ),
    ("/abc234", SpecQuery(hash_prefix="abc234")),
    ("hdf5/abc", SpecQuery(name="hdf5", hash_prefix="abc")),
    ("hdf5 /a", SpecQuery(name="hdf5", hash_prefix="a")),
    (
        "hdf5 ^zlib-ng@2.2:",
        SpecQuery(name="hdf5", dependencies=(SpecQuery(name="zlib-ng", versions=v("2.2:")),)),
    ),
    (
        "hdf5 ^openmpi +cuda",
        SpecQuery(name="hdf5", dependencies=(SpecQuery(name="openmpi", variants=var("+cuda")),)),
    ),
    ("^zlib", SpecQuery(dependencies=(SpecQuery(name="zlib"),))),
    ("hdf5 ^/abcd", SpecQuery(name="hdf5", dependencies=(SpecQuery(hash_prefix="abcd"),))),
    (
        "hdf5+mpi ^openmpi@5: %gcc ^zlib-ng~shared",
        SpecQuery(
            name="hdf5",
            variants=var("+mpi"),
            dependencies=(
                SpecQuery(name="openmpi", versions=v("5:"), compiler=cc("gcc")),
                SpecQuery(name="zlib-ng", variants=var("~shared")),
            ),
        ),
    ),
    (
        "py-torch@2.5 +cuda cuda_arch=90 %gcc@13 os=rhel9 target=zen4 ^python@3.11",
        SpecQuery(
            name="py-torch",
            versions=v("2.5"),
            variants=var("+cuda", "cuda_arch=90"),
            compiler=cc("gcc", "13"),
            os="rhel9",
            target=TargetConstraint("zen4"),
            dependencies=(SpecQuery(name="python", versions=v("3.11")),),
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), VALID, ids=[t for t, _ in VALID])
def test_parse_valid(text: str, expected: SpecQuery) -> None:
    assert parse_spec(text) == expected


INVALID = [
    ("", "", 1, "empty spec"),
    ("   ", "", 1, "empty spec"),
    ("hdf5 @", "@", 6, "version expected"),
    ("hdf5 %", "%", 6, "compiler name expected"),
    ("hdf5 %@13", "%", 6, "compiler name expected"),
    ("+", "+", 1, "variant name expected"),
    ("hdf5 ~", "~", 6, "variant name expected"),
    ("@1.2::1.4", ":", 6, "single ':'"),
    ("hdf5@1.2,", ",", 9, "empty element"),
    ("hdf5@1.4:1.2", "1.4:1.2", 6, "empty version range"),
    ("hdf5 &foo", "&", 6, "expected a package name"),
    ("hdf5 [virtuals=mpi]", "[", 6, "expected a package name"),
    ("hdf5 target=", "target=", 6, "value expected after 'target='"),
    ("hdf5 target=:", ":", 13, "at least one end"),
    ("hdf5 target=a::b", ":", 15, "single ':'"),
    ("hdf5 target=x86_64,zen3", ",", 19, "invalid character in target"),
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
    ("hdf5 %gcc %clang", "%", 11, "compiler given twice"),
    ("hdf5@1.2@1.3", "@1.3", 9, "version given twice"),
    ("hdf5 +mpi ~mpi", "~mpi", 11, "variant 'mpi' given twice"),
    ("hdf5 ^", "^", 6, "expected after '^'"),
    ("hdf5 ^ +mpi", "^", 6, "expected after '^'"),
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
    constraint = parse_spec(compiler).compiler
    assert constraint is not None
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
    ],
)
def test_target_constraint_matches(spec: str, target: str, expected: bool) -> None:
    constraint = parse_spec(spec).target
    assert constraint is not None
    assert constraint.matches(target) is expected
