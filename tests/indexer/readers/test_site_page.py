"""Cache-site pages: the 20 real pages, the other format generations, and bad pages."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from spackdex.indexer.problems import Problem, ProblemLog, SourceError
from spackdex.indexer.readers.site_page import PageContent, parse_site_page
from spackdex.indexer.records import Compiler, SpecRecord, parse_compiler
from tests.indexer.helpers import GENERATIONS, REAL_PAGES, REAL_TAG, spec_details


def parse(path: Path, problems: ProblemLog | None = None) -> PageContent:
    return parse_site_page(path.read_bytes(), str(path), problems or ProblemLog(strict=True))


def generation(tag: str, package: str) -> Path:
    return GENERATIONS / "_cache" / tag / package / "specs.md"


def real_records() -> dict[str, SpecRecord]:
    return {s.spec.hash: s.spec for page in REAL_PAGES for s in parse(page).sightings}


def test_the_fixture_holds_twenty_real_pages() -> None:
    assert len(REAL_PAGES) == 20


@pytest.mark.parametrize("page", REAL_PAGES, ids=lambda p: p.parent.name)
def test_real_page_yields_every_listed_spec(page: Path) -> None:
    content = parse(page)
    entries = spec_details(page)
    assert content.package.name == page.parent.name
    assert content.tag == REAL_TAG
    assert len(content.sightings) == len(entries) > 0
    for sighting, entry in zip(content.sightings, entries, strict=True):
        spec = sighting.spec
        assert sighting.tag == REAL_TAG
        assert sighting.stacks == tuple(entry["stacks"])
        assert spec.hash == entry["hash"]
        assert spec.name == page.parent.name
        assert spec.version == entry["versions"][0]
        assert str(spec.compiler) == entry["compiler"].replace("@=", "@")
        assert (spec.os, spec.platform, spec.target) == (
            entry["os"],
            entry["platform"],
            entry["target"],
        )
        assert spec.variants == tuple(entry["variants"])
        assert spec.size == (None if entry["size"] == "-" else entry["size"])
        assert spec.tarball is None
        assert spec.dependencies is None  # pages know no dependencies


def test_real_page_meta_agrees_so_no_warning() -> None:
    problems = ProblemLog()
    for page in REAL_PAGES:
        parse(page, problems)
    assert problems.skipped == [] and problems.warnings == []


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("gcc@=11.4.0", Compiler("gcc", "11.4.0")),
        ("gcc@11.4.0", Compiler("gcc", "11.4.0")),
        ("llvm@14.0.0", Compiler("llvm", "14.0.0")),
        ("intel-oneapi-compilers@2024.1.0", Compiler("intel-oneapi-compilers", "2024.1.0")),
        ("apple-clang@=16.0.0", Compiler("apple-clang", "16.0.0")),
        ("gcc", Compiler("gcc", None)),
        ("none", None),
        ("", None),
    ],
)
def test_compiler_notations(written: str, expected: Compiler | None) -> None:
    assert parse_compiler(written) == expected


def test_old_generation_normalises_like_the_real_page() -> None:
    """develop-2023-05-14: ``gcc@X`` without '=', a tarball URL, every key order shuffled."""
    page = generation("develop-2023-05-14", "zlib-ng")
    content = parse(page)
    assert (content.package.name, content.tag) == ("zlib-ng", "develop-2023-05-14")
    real = real_records()
    assert len(content.sightings) == 3
    for sighting in content.sightings:
        spec = sighting.spec
        assert spec.tarball is not None
        assert spec.tarball.startswith("https://binaries.spack.io/develop-2023-05-14/")
        assert spec.tarball.endswith(f"-{spec.hash}.spack")
        # the same hash on the real page (gcc@=X, sorted keys) is the same normalised record
        assert spec == replace(real[spec.hash], tarball=spec.tarball)


def test_meta_disagreeing_with_the_list_indexes_the_list_and_warns() -> None:
    page = generation("develop-2023-05-14", "cmake")
    problems = ProblemLog(strict=True)  # a warning does not stop strict mode
    content = parse(page, problems)
    assert len(content.sightings) == len(spec_details(page)) == 2
    assert problems.skipped == []
    assert problems.warnings == [
        Problem(str(page), "meta.num_specs says 4 but spec_details lists 2; indexed the list")
    ]


def test_propagated_variants_and_unknown_keys() -> None:
    """v0.21.0: ``key:=value`` variants, unknown keys in the entries, front matter and meta."""
    page = generation("v0.21.0", "hdf5")
    problems = ProblemLog(strict=True)
    content = parse(page, problems)
    assert problems.warnings == []
    real = real_records()
    for sighting, entry in zip(content.sightings, spec_details(page), strict=True):
        assert "deprecated" in entry  # the unknown key is there, and ignored
        spec = sighting.spec
        assert "build_type:=Release" in spec.variants
        assert spec.variants == tuple(entry["variants"])
        plain = tuple(v.replace(":=", "=") for v in spec.variants)
        assert plain == real[spec.hash].variants
        assert spec.compiler == real[spec.hash].compiler


@pytest.mark.parametrize(
    ("package", "compilers"),
    [
        (
            "zlib-ng",
            [Compiler("llvm", "14.0.0"), Compiler("intel-oneapi-compilers", "2024.1.0")],
        ),
        ("py-packaging", [None, None]),
    ],
)
def test_compilers_that_are_packages_and_none(
    package: str, compilers: list[Compiler | None]
) -> None:
    content = parse(generation("develop-2025-06-01", package))
    assert [s.spec.compiler for s in content.sightings] == compilers


def test_tag_and_package_come_from_the_page_not_the_path(tmp_path: Path) -> None:
    moved = tmp_path / "_cache" / "elsewhere" / "other" / "specs.md"
    moved.parent.mkdir(parents=True)
    moved.write_bytes(REAL_PAGES[0].read_bytes())
    content = parse(moved)
    assert (content.package.name, content.tag) == (REAL_PAGES[0].parent.name, REAL_TAG)


def test_yaml_fallback_for_values_that_are_not_json() -> None:
    data = (
        b"---\ntitle: zlib-ng\ncategories:\n  - package\n  - t\n"
        b"spec_details: [{hash: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, versions: ['1'], os: o,"
        b" platform: p, target: x, size: 12}]\n---\n"
    )
    content = parse_site_page(data, "page.md", ProblemLog(strict=True))
    assert content.tag == "t"
    [sighting] = content.sightings
    assert (sighting.spec.size, sighting.spec.compiler, sighting.stacks) == (12, None, ("root",))


HEAD = b'---\ntitle: "zlib-ng"\nlayout: cache\ncategories: [package, develop-2025-03-16]\n'
BAD_PAGES = [
    ("empty file", b"", "empty file"),
    ("only whitespace", b" \n\n", "empty file"),
    ("no front matter", b"title: zlib-ng\n", "line 1: no YAML front matter"),
    ("front matter not closed", HEAD, "line 4: front matter is not closed"),
    ("malformed YAML", HEAD + b"  nested: : [\n---\n", "line 5: malformed YAML front matter"),
    ("malformed YAML value", HEAD + b"stacks: [a, b\n---\n", "line 5: malformed value"),
    (
        "malformed JSON in spec_details",
        HEAD + b'spec_details: [{"hash": "abc",, }]\n---\n',
        "line 5, column 31: malformed JSON in 'spec_details': unexpected character",
    ),
    ("non-UTF-8 bytes", HEAD.replace(b"zlib", b"zl\xffib"), "line 2, column 11: not UTF-8"),
    ("missing title", b"---\ncategories: [package, t]\nspec_details: []\n---\n", "'title'"),
    ("title of wrong type", b"---\ntitle: [a]\nspec_details: []\n---\n", "'title'"),
    ("no tag in categories", b"---\ntitle: x\ncategories: [package]\n---\n", "'categories'"),
    ("categories not a list", b"---\ntitle: x\ncategories: 3\n---\n", "'categories'"),
    ("no spec_details (2022 format)", HEAD + b"---\n", "spec-N.json"),
    ("spec_details of wrong type", HEAD + b'spec_details: {"a": 1}\n---\n', "'spec_details'"),
]


@pytest.mark.parametrize(("data", "message"), [pytest.param(d, m, id=i) for i, d, m in BAD_PAGES])
def test_bad_page_names_the_file_and_the_place(data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_site_page(data, "/site/_cache/t/zlib-ng/specs.md", ProblemLog())
    assert str(caught.value).startswith("/site/_cache/t/zlib-ng/specs.md: ")
    assert message in str(caught.value)


GOOD = {
    "compiler": "gcc@=11.4.0",
    "hash": "65mff2fwjunr3gnuownyidim2ixzsaky",
    "os": "ubuntu22.04",
    "platform": "linux",
    "size": 1024,
    "stacks": ["root"],
    "target": "x86_64_v3",
    "variants": ["+shared"],
    "versions": ["2.2.3"],
}
BAD_RECORDS = [
    ("missing os", {k: v for k, v in GOOD.items() if k != "os"}, "missing required key 'os'"),
    ("missing hash", {k: v for k, v in GOOD.items() if k != "hash"}, "missing required key"),
    ("short hash", {**GOOD, "hash": "65mff2f"}, "'hash' is not a 32-character DAG hash"),
    ("size of wrong type", {**GOOD, "size": "big"}, "'size' must be a number of bytes"),
    ("negative size", {**GOOD, "size": -1}, "'size'"),
    ("versions of wrong type", {**GOOD, "versions": "2.2.3"}, "'versions' must be a list"),
    ("empty versions", {**GOOD, "versions": []}, "'versions' must be a list"),
    ("version with a space", {**GOOD, "versions": ["2.2 beta"]}, "no Spack version: '2.2 beta'"),
    ("version with a NUL", {**GOOD, "versions": ["2\x00"]}, "'versions' holds no Spack version"),
    ("variants of wrong type", {**GOOD, "variants": "+shared"}, "'variants' must be a list"),
    ("stacks of wrong type", {**GOOD, "stacks": [1]}, "'stacks' must be a list of strings"),
    ("compiler of wrong type", {**GOOD, "compiler": 13}, "'compiler' must be a string"),
    ("target of wrong type", {**GOOD, "target": {"name": "x"}}, "'target' must be"),
    ("empty os", {**GOOD, "os": ""}, "'os' must be a non-empty string"),
    ("not an object", ["hash"], "must be an object, not a list"),
]


@pytest.mark.parametrize(
    ("record", "message"), [pytest.param(r, m, id=i) for i, r, m in BAD_RECORDS]
)
def test_bad_record_is_skipped_naming_its_index_and_key(record: object, message: str) -> None:
    second = {**GOOD, "hash": "me4k66cz2mv4bebfyncdhnztdn6dh7wh"}
    data = HEAD + f"spec_details: {json.dumps([GOOD, record, second])}\n---\n".encode()
    problems = ProblemLog()
    content = parse_site_page(data, "page.md", problems)
    assert [s.spec.hash for s in content.sightings] == [GOOD["hash"], second["hash"]]
    assert content.sightings[0].spec.size == 1024
    [problem] = problems.skipped
    assert problem.source == "page.md"
    assert problem.reason.startswith("spec_details[1]: ")
    assert message in problem.reason
    with pytest.raises(SourceError, match=r"page\.md: spec_details\[1\]: "):
        parse_site_page(data, "page.md", ProblemLog(strict=True))
