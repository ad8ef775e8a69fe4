"""Variant strings from the data and variant constraints from queries."""

from __future__ import annotations

import pytest

from spackdex.indexer.spack import SpecSyntaxError, Variant, VariantConstraint


@pytest.mark.parametrize(
    ("text", "name", "values", "propagate", "exact"),
    [
        ("+mpi", "mpi", {"true"}, False, False),
        ("~mpi", "mpi", {"false"}, False, False),
        ("-mpi", "mpi", {"false"}, False, False),
        ("++mpi", "mpi", {"true"}, True, False),
        ("~~mpi", "mpi", {"false"}, True, False),
        ("mpi=True", "mpi", {"true"}, False, False),
        ("build_type=Release", "build_type", {"Release"}, False, False),
        ("cuda_arch=80,90", "cuda_arch", {"80", "90"}, False, False),
        ("cuda_arch:=90,80", "cuda_arch", {"80", "90"}, False, True),
        ("build_type==Release", "build_type", {"Release"}, True, False),
        ("patches=abc,def", "patches", {"abc", "def"}, False, False),
        ('cflags="-O3 -g"', "cflags", {"-O3 -g"}, False, False),
    ],
)
def test_variant_parse(
    text: str, name: str, values: set[str], propagate: bool, exact: bool
) -> None:
    assert Variant.parse(text) == Variant(name, frozenset(values), propagate, exact)


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("+mpi", "+mpi"),
        ("-mpi", "~mpi"),
        ("mpi=false", "~mpi"),
        ("++mpi", "++mpi"),
        ("cuda_arch=90,80", "cuda_arch=80,90"),
        ("cuda_arch:=90,80", "cuda_arch:=80,90"),
        ("build_type==Release", "build_type==Release"),
        ('cflags="-O3 -g"', 'cflags="-O3 -g"'),
    ],
)
def test_variant_display(text: str, display: str) -> None:
    assert Variant.parse(text).display() == display


@pytest.mark.parametrize("text", ["", "+", "mpi", "=x", "a=", "a=1,,2", "a=1,", "+m pi"])
def test_variant_parse_errors(text: str) -> None:
    with pytest.raises(SpecSyntaxError):
        Variant.parse(text)


MATCH_TABLE = [
    ("+mpi", "+mpi", True),
    ("+mpi", "~mpi", False),
    ("~mpi", "~mpi", True),
    ("-mpi", "~mpi", True),
    ("~mpi", "+mpi", False),
    ("++mpi", "+mpi", True),
    ("~~mpi", "~mpi", True),
    ("mpi=true", "+mpi", True),
    ("mpi=false", "~mpi", True),
    ("+mpi", "mpi=true", True),
    ("+mpi", "+shared", False),
    ("+mpi", "mpich=true", False),
    ("build_type=Release", "build_type=Release", True),
    ("build_type=Release", "build_type=Debug", False),
    ("build_type=release", "build_type=Release", False),
    ("cuda_arch=80", "cuda_arch=80,90", True),
    ("cuda_arch=80,90", "cuda_arch=80,90", True),
    ("cuda_arch=90,80", "cuda_arch=80,90", True),
    ("cuda_arch=80,90", "cuda_arch=80", False),
    ("cuda_arch:=80", "cuda_arch=80,90", False),
    ("cuda_arch=80", "cuda_arch:=80", True),
    ("build_type==Release", "build_type=Release", True),
    ("cuda_arch=*", "cuda_arch=70", True),
    ("cuda_arch=*", "amdgpu_target=gfx90a", False),
    ("patches=abc", "patches=abc,def", True),
    ("+mpi", "not a variant!", False),
]


@pytest.mark.parametrize(("constraint", "data", "expected"), MATCH_TABLE)
def test_variant_constraint_matching(constraint: str, data: str, expected: bool) -> None:
    assert VariantConstraint.parse(constraint).matches(data) is expected


def test_constraint_builders() -> None:
    assert VariantConstraint.boolean("mpi", True) == VariantConstraint.parse("+mpi")
    assert VariantConstraint.boolean("mpi", False, propagate=True) == VariantConstraint.parse(
        "~~mpi"
    )
    assert VariantConstraint.assign("mpi", ["TRUE"]) == VariantConstraint.parse("+mpi")
    assert VariantConstraint.assign("x", ["b", "a"]).display() == "x=a,b"


def test_constraint_error_column() -> None:
    with pytest.raises(SpecSyntaxError) as info:
        VariantConstraint.parse("cuda_arch=80,,90", column=6)
    # The comma after the empty element is reported, as for version lists.
    assert (info.value.token, info.value.column) == (",", 19)
