"""Hosts as `spack arch` prints them, git version constraints, and the pre-1.0 reading of
'%' that the search compares against to warn about changed meanings."""

from __future__ import annotations

import pytest

from spackdex.indexer.spack import GitVersionConstraint, Host, parse_host, parse_spec
from spackdex.indexer.spack.legacy import legacy_reading, pre_1_0_spelling


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("zen3", Host("zen3")),
        (" m1 ", Host("m1")),
        ("linux-ubuntu24.04-zen3", Host("zen3", "linux", "ubuntu24.04")),
        ("darwin-sequoia-m1", Host("m1", "darwin", "sequoia")),
        ("linux-rhel8-x86_64_v3", Host("x86_64_v3", "linux", "rhel8")),
    ],
)
def test_parse_host(text: str, host: Host) -> None:
    assert parse_host(text) == host


@pytest.mark.parametrize("text", ["", "linux-zen3", "a-b-c-d", "linux-ubuntu 24.04-zen3", "x/y"])
def test_parse_host_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="spack arch"):
        parse_host(text)


@pytest.mark.parametrize(
    ("constraint", "recorded", "expected"),
    [
        (GitVersionConstraint("main"), "git.main=2.1", True),
        (GitVersionConstraint("main"), "git.main", True),
        (GitVersionConstraint("main", "2.1"), "git.main=2.1", True),
        (GitVersionConstraint("main", "2.1"), "git.main=2.2", False),
        (GitVersionConstraint("feature/x"), "git.feature/x=1.0", True),
        (GitVersionConstraint("feature"), "git.feature/x=1.0", False),
        (GitVersionConstraint("a" * 40), "git." + "A" * 40 + "=1.0", True),
        (GitVersionConstraint("a" * 40), "a" * 40 + "=1.0", True),
        (GitVersionConstraint("main"), "2.1", False),
        (GitVersionConstraint("main"), "main", False),
    ],
)
def test_git_version_matches(
    constraint: GitVersionConstraint, recorded: str, expected: bool
) -> None:
    assert constraint.matches(recorded) is expected


def test_legacy_reading_moves_clauses_back_to_the_package() -> None:
    legacy = legacy_reading(parse_spec("hdf5 %gcc@13 +mpi target=zen3"))
    assert legacy is not None
    assert legacy.edges == ()
    assert legacy.compiler is not None and legacy.compiler.name == "gcc"
    assert [str(v) for v in legacy.variants] == ["+mpi"]
    assert legacy.target is not None
    hint = pre_1_0_spelling(parse_spec("hdf5 %gcc@13 +mpi target=zen3"))
    assert hint == "write +mpi target=zen3 before %gcc"


@pytest.mark.parametrize(
    "text",
    [
        "hdf5",  # no '%': nothing to compare
        "hdf5 ^zlib",
        "hdf5 %c=gcc",  # Spack 1.x syntax: no older reading
        "hdf5 %[virtuals=c] gcc",
        "hdf5 %gcc %clang",  # two compilers were an error
        "hdf5 +mpi %gcc ~mpi",  # the variant twice was an error
    ],
)
def test_no_legacy_reading(text: str) -> None:
    assert legacy_reading(parse_spec(text)) is None


def test_legacy_reading_of_a_dependency_compiler() -> None:
    legacy = legacy_reading(parse_spec("hdf5 ^openmpi %gcc +cuda"))
    assert legacy is not None
    (dependency,) = legacy.edges
    assert dependency.node.compiler is not None and dependency.node.compiler.name == "gcc"
    assert [str(v) for v in dependency.node.variants] == ["+cuda"]
    assert pre_1_0_spelling(parse_spec("hdf5 ^openmpi %gcc +cuda")) == "write +cuda before %gcc"
