"""Package lists, manifests and the site's tags.yaml."""

from __future__ import annotations

import json

import pytest

from spackdex.indexer.problems import ProblemLog, SourceError
from spackdex.indexer.readers.metadata import (
    load_json,
    looks_like_manifest,
    parse_manifest,
    parse_packages,
    parse_tags_yaml,
)
from spackdex.indexer.records import PackageInfo
from tests.indexer.helpers import FIXTURES, REAL_SITE

PACKAGES = FIXTURES / "packages.json"
MANIFEST = FIXTURES / "manifest" / "manifest.json"
TAGS_YAML = REAL_SITE / "_data" / "tags.yaml"


def test_real_package_list() -> None:
    entries = json.loads(PACKAGES.read_text())
    packages = parse_packages(PACKAGES.read_bytes(), str(PACKAGES), ProblemLog(strict=True))
    assert [p.name for p in packages] == [e["name"] for e in entries]
    adios2 = packages[0]
    assert adios2 == PackageInfo(
        "adios2",
        "The Adaptable Input Output System version 2, developed in the Exascale Computing Program",
    )
    for package in packages:  # line breaks of the YAML-ish descriptions are folded
        assert package.description is None or "\n" not in package.description


def test_package_list_bad_entries_are_skipped_by_index() -> None:
    data = json.dumps(
        [
            {"name": "zlib", "description": "compression", "homepage": "https://zlib.net"},
            {"description": "no name"},
            {"name": "hdf5", "description": 5},
            "cmake",
            {"name": "curl"},
        ]
    ).encode()
    problems = ProblemLog()
    packages = parse_packages(data, "packages.json", problems)
    assert packages == [
        PackageInfo("zlib", "compression", "https://zlib.net"),
        PackageInfo("curl"),
    ]
    assert [(p.source, p.reason.split(":")[0]) for p in problems.skipped] == [
        ("packages.json", "[1]"),
        ("packages.json", "[2]"),
        ("packages.json", "[3]"),
    ]


def test_package_list_must_be_a_list() -> None:
    with pytest.raises(SourceError, match=r"packages\.json: package metadata must be a JSON list"):
        parse_packages(b'{"name": "zlib"}', "packages.json", ProblemLog())


def test_manifest_fixture() -> None:
    entries = parse_manifest(MANIFEST.read_bytes(), str(MANIFEST))
    assert entries == [
        ("bootstrap", "root", "../buildcache-index/clingo-bootstrap-v5.index.json"),
        ("bootstrap", "e4s", "../buildcache-index/clingo-bootstrap-v6-parameters.index.json"),
        ("spack-test", "root", "../buildcache-index/spack-test-v7.index.json"),
    ]
    assert looks_like_manifest(json.loads(MANIFEST.read_text()))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "a manifest must map each tag"),
        ({"develop": {"label": "root"}}, "manifest.json: develop: must be a list"),
        ({"develop": ["root"]}, r"manifest.json: develop\[0\]: must be an object"),
        ({"develop": [{"label": "root"}]}, r"develop\[0\]: missing or non-string key 'url'"),
        ({"develop": [{"url": "x", "label": 3}]}, r"develop\[0\]: missing .* key 'label'"),
    ],
)
def test_bad_manifest_names_the_place(document: object, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_manifest(json.dumps(document).encode(), "manifest.json")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "x.json: empty file"),
        (b'{"a":\n  1,,}', "x.json: line 2, column 5: malformed JSON"),
        (b'["\xfe"]', r"x.json: line 1, column 3: not UTF-8"),
    ],
)
def test_load_json_errors(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        load_json(data, "x.json")


def test_real_tags_yaml() -> None:
    tags = parse_tags_yaml(TAGS_YAML.read_bytes(), str(TAGS_YAML))
    names = [
        line[len("- name: ") :]
        for line in TAGS_YAML.read_text().splitlines()
        if line.startswith("- name: ")
    ]
    assert [t.name for t in tags] == names
    develop = tags[0]
    assert develop.name == "develop"
    assert {"e4s", "radiuss", "ml-linux-x86_64-cuda"} <= set(develop.stacks)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"- name: develop\n  stacks: [e4s\n", "tags.yaml: line 3: malformed YAML"),
        (b"name: develop\n", "tags.yaml: must be a YAML list"),
        (b"- stacks: [e4s]\n", r"tags.yaml: \[0\]: entry needs a string 'name'"),
        (b"- name: develop\n  stacks: e4s\n", r"tags.yaml: \[0\].stacks: 'stacks' must be"),
        (b"- name: d\xff\n", "tags.yaml: line 1, column 10: not UTF-8"),
        (
            b"- name: develop\n  stacks: [e4s, {a: 2}]\n",
            r"tags.yaml: \[0\].stacks\[1\]: a stack must be a name, not \{'a': 2\}",
        ),
        (b"- name: develop\n  stacks: [null]\n", r"\[0\].stacks\[0\]: a stack must be a name"),
    ],
)
def test_bad_tags_yaml_names_the_place(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_tags_yaml(data, "tags.yaml")


def test_a_stack_named_by_a_number_is_a_name() -> None:
    [tag] = parse_tags_yaml(b"- name: develop\n  stacks: [2024, e4s]\n", "tags.yaml")
    assert tag.stacks == ("2024", "e4s")
