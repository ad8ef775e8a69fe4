"""Spack version ordering and ``@`` constraints."""

from __future__ import annotations

import pytest

from spackdex.indexer.spack import (
    SpecSyntaxError,
    Version,
    VersionConstraint,
    is_numeric_release,
    version_key,
)

# Each row: (older, newer).
ORDERED_PAIRS = [
    ("1.9", "1.10"),
    ("1.2", "1.2.1"),
    ("1.2", "1.2.0"),
    ("1.2", "1.2a"),
    ("1.2a", "1.2.0"),
    ("1.2a", "1.2b"),
    ("1.2a", "1.3"),
    ("2.3.0-rc1", "2.3.0"),
    ("2.3.0-rc1", "2.3.0rc2"),
    ("2.3.0alpha", "2.3.0beta"),
    ("2.3.0beta2", "2.3.0rc1"),
    ("2.3.0rc1", "2.3.0.1"),
    ("2.2.9", "2.3.0-rc1"),
    ("2024.1.0", "2024.2"),
    ("1.14.5", "20130729"),
    ("99999", "stable"),
    ("stable", "nightly"),
    ("nightly", "trunk"),
    ("trunk", "head"),
    ("head", "master"),
    ("master", "main"),
    ("main", "develop"),
    ("1.2", "develop"),
    ("1.2", "1.develop"),
    ("1.develop", "2"),
    ("abc", "1"),
    ("1.2", "git.v1.2=1.2"),
    ("git.v1.2=1.2", "1.2.1"),
]


@pytest.mark.parametrize(("older", "newer"), ORDERED_PAIRS)
def test_version_order(older: str, newer: str) -> None:
    assert Version(older) < Version(newer)
    assert Version(newer) > Version(older)
    assert Version(older) != Version(newer)


@pytest.mark.parametrize(
    ("left", "right"),
    [("1.2-rc1", "1.2rc1"), ("1_2", "1.2"), ("1.2.0final", "1.2.0"), ("1.010", "1.10")],
)
def test_version_equality_ignores_separators(left: str, right: str) -> None:
    assert Version(left) == Version(right)
    assert hash(Version(left)) == hash(Version(right))


def test_sorted_with_version_key() -> None:
    texts = ["develop", "1.10", "1.2a", "main", "1.9", "1.2.0-rc1", "1.2.0", "1.2"]
    expected = ["1.2", "1.2a", "1.2.0-rc1", "1.2.0", "1.9", "1.10", "main", "develop"]
    assert sorted(texts, key=version_key) == expected


def test_version_is_immutable() -> None:
    version = Version("1.2")
    with pytest.raises(AttributeError):
        version._text = "3"


@pytest.mark.parametrize("text", ["", "   ", "1.2+3", "=1.2", "1 2", "..."])
def test_invalid_versions(text: str) -> None:
    with pytest.raises(ValueError):
        Version(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.14.5", True),
        ("2024.1.0", True),
        ("20130729", True),
        ("1.2a", True),
        ("2.0rc1", True),
        ("develop", False),
        ("main", False),
        ("1.2.develop", False),
        ("stable", False),
        ("abc", False),
        ("git.v1.2=1.2", False),
        ("0123456789abcdef0123456789abcdef01234567", False),
        ("not a version", False),
    ],
)
def test_is_numeric_release(text: str, expected: bool) -> None:
    assert is_numeric_release(text) is expected


CONSTRAINT_TABLE = [
    # Bare version: itself and its series.
    ("1.2", "1.2", True),
    ("1.2", "1.2.0", True),
    ("1.2", "1.2.9", True),
    ("1.2", "1.2a", True),
    ("1.2", "1.2.1rc1", True),
    ("1.2", "1.2rc1", False),
    ("1.2", "1.20", False),
    ("1.2", "1.3", False),
    ("1.2", "1.1.9", False),
    # Exact.
    ("=1.2", "1.2", True),
    ("=1.2", "1.2.0", False),
    ("=1.2", "1.2.1", False),
    ("=2.3.0-rc1", "2.3.0rc1", True),
    # Closed ranges include the upper series.
    ("1.2:1.4", "1.2", True),
    ("1.2:1.4", "1.3.7", True),
    ("1.2:1.4", "1.4", True),
    ("1.2:1.4", "1.4.2", True),
    ("1.2:1.4", "1.5", False),
    ("1.2:1.4", "1.5rc1", False),
    ("1.2:1.4", "1.1.9", False),
    ("1.2.5:1.2", "1.2.7", True),
    # Open ranges.
    ("1.2:", "1.2", True),
    ("1.2:", "99", True),
    ("1.2:", "develop", True),
    ("1.2:", "1.1", False),
    (":1.4", "0.1", True),
    (":1.4", "1.4.99", True),
    (":1.4", "1.4rc1", True),
    (":1.4", "1.5", False),
    (":1.4", "develop", False),
    (":", "anything", True),
    # Infinity names.
    ("develop", "develop", True),
    ("develop", "main", False),
    ("main:", "develop", True),
    # Lists are an OR.
    ("1.0:1.5,=1.7.1", "1.3", True),
    ("1.0:1.5,=1.7.1", "1.7.1", True),
    ("1.0:1.5,=1.7.1", "1.7.2", False),
    ("1.0:1.5,=1.7.1", "1.6", False),
    ("1.0:1.5, =1.7.1", "1.7.1", True),
    # Unparseable data never matches.
    ("1.2:", "1.2 beta", False),
]


@pytest.mark.parametrize(("constraint", "version", "expected"), CONSTRAINT_TABLE)
def test_constraint_matching(constraint: str, version: str, expected: bool) -> None:
    assert VersionConstraint.parse(constraint).matches(version) is expected


@pytest.mark.parametrize("text", ["1.2", "=1.2", "1.2:1.4", "1.2:", ":1.4", "1.0:1.5,=1.7.1", ":"])
def test_constraint_round_trip(text: str) -> None:
    assert str(VersionConstraint.parse(text)) == text


@pytest.mark.parametrize(
    ("text", "token", "column"),
    [
        ("", "", 1),
        ("1.2::3", ":", 5),
        ("1.2:3:4", ":", 6),
        ("1.2,,1.4", ",", 5),
        ("1.2,", ",", 4),
        (",1.2", ",", 1),
        ("=1.2:1.4", ":", 5),
        ("=", "=", 1),
        ("1.=2", "=", 3),
        ("1.4:1.2", "1.4:1.2", 1),
        ("1.2+", "+", 4),
        ("1.2:.", ".", 5),
    ],
)
def test_constraint_errors(text: str, token: str, column: int) -> None:
    with pytest.raises(SpecSyntaxError) as info:
        VersionConstraint.parse(text)
    assert (info.value.token, info.value.column) == (token, column)


def test_constraint_error_columns_are_offset() -> None:
    with pytest.raises(SpecSyntaxError) as info:
        VersionConstraint.parse("1.2::3", column=10)
    assert info.value.column == 14
