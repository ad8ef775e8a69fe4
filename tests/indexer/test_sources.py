"""Turning paths, URLs, manifests and sources.yaml files into units of work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spackdex.indexer.problems import ProblemLog, SourceError
from spackdex.indexer.sources import DatabaseUnit, SiteTagUnit, SourcePlan, plan_sources
from tests.indexer.helpers import (
    DATABASES,
    FIXTURES,
    GENERATIONS,
    REAL_PAGES,
    REAL_SITE,
    REAL_TAG,
)

MANIFEST = FIXTURES / "manifest" / "manifest.json"
SOURCES_YAML = FIXTURES / "sources.yaml"


def plan(
    *names: str | Path,
    problems: ProblemLog | None = None,
    tag: str = "local",
    stack: str = "root",
) -> SourcePlan:
    return plan_sources(
        [str(n) for n in names], problems or ProblemLog(strict=True), tag=tag, stack=stack
    )


def test_site_tree_is_one_unit_per_tag() -> None:
    result = plan(REAL_SITE)
    assert result.site_tags == [
        SiteTagUnit(str(REAL_SITE / "_cache" / REAL_TAG), tuple(str(p) for p in REAL_PAGES))
    ]
    assert result.tag_lists == [str(REAL_SITE / "_data" / "tags.yaml")]
    assert result.unit_count == 1


def test_generations_tree_has_three_tags() -> None:
    result = plan(GENERATIONS)
    assert sorted(Path(u.folder).name for u in result.site_tags) == [
        "develop-2023-05-14",
        "develop-2025-06-01",
        "v0.21.0",
    ]
    assert sum(len(u.pages) for u in result.site_tags) == 5
    assert result.tag_lists == []


def test_the_cache_folder_itself_and_a_single_page() -> None:
    assert plan(REAL_SITE / "_cache").site_tags == plan(REAL_SITE).site_tags
    page = REAL_PAGES[0]
    assert plan(page).site_tags == [SiteTagUnit(str(page.parent), (str(page),))]


def test_bare_index_json_takes_the_tag_and_stack_given() -> None:
    path = DATABASES / "spack-test-v7.index.json"
    assert plan(path).databases == [DatabaseUnit(str(path), "local", "root")]
    assert plan(path, tag="v0.23.0", stack="e4s").databases == [
        DatabaseUnit(str(path), "v0.23.0", "e4s")
    ]


def test_manifest_lists_the_stacks_of_each_tag_relative_to_itself() -> None:
    result = plan(MANIFEST)
    assert [(u.tag, u.stack, Path(u.location).resolve()) for u in result.databases] == [
        ("bootstrap", "root", DATABASES / "clingo-bootstrap-v5.index.json"),
        ("bootstrap", "e4s", DATABASES / "clingo-bootstrap-v6-parameters.index.json"),
        ("spack-test", "root", DATABASES / "spack-test-v7.index.json"),
    ]


def test_package_list_and_tags_yaml_are_told_apart() -> None:
    result = plan(FIXTURES / "packages.json", REAL_SITE / "_data" / "tags.yaml")
    assert result.package_files == [str(FIXTURES / "packages.json")]
    assert result.tag_lists == [str(REAL_SITE / "_data" / "tags.yaml")]


def test_sources_yaml_example() -> None:
    result = plan(SOURCES_YAML)
    assert [Path(u.folder).resolve() for u in result.site_tags] == [REAL_SITE / "_cache" / REAL_TAG]
    assert [(u.tag, u.stack) for u in result.databases] == [
        ("spack-1.0", "root"),
        ("bootstrap", "root"),
        ("bootstrap", "e4s"),
        ("spack-test", "root"),
    ]
    assert all(Path(u.location).is_file() for u in result.databases)
    assert [Path(p).resolve() for p in result.package_files] == [FIXTURES / "packages.json"]
    assert result.unit_count == 6


@pytest.mark.parametrize(
    ("content", "place", "message"),
    [
        ("sources: [{site: nowhere}]", "sources[0]", "a site source must be a local folder"),
        ("sources: [{index: a, site: b}]", "sources[0]", "needs exactly one of"),
        ("sources: [{}]", "sources[0]", "needs exactly one of"),
        ("sources: [site]", "sources[0]", "must be a mapping"),
        ("sources: [{index: x.json, tag: 3}]", "sources[0]", "'tag' and 'stack' must be"),
        ("sources: [{manifest: missing.json}]", "", "no such file"),
    ],
)
def test_bad_sources_yaml_entries_are_skipped(
    tmp_path: Path, content: str, place: str, message: str
) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(content + "\n")
    problems = ProblemLog()
    result = plan(path, problems=problems)
    assert result.unit_count == 0
    [problem] = problems.skipped
    assert str(tmp_path) in problem.source
    assert problem.reason.startswith(f"{place}: " if place else "")
    assert message in problem.reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sources: [\n", "line 2: malformed YAML"),
        ("- site: x\n", "sources: must be a mapping with a 'sources' list"),
        ("", "empty file"),
        ("sources: []\npackages: [3]\n", "packages: must be a path or a list of paths"),
    ],
)
def test_bad_sources_yaml_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(content)
    problems = ProblemLog()
    plan(path, problems=problems)
    [problem] = problems.skipped
    assert problem.source == str(path)
    assert message in f"{problem.reason}"
    with pytest.raises(SourceError, match=re.escape(str(path))):
        plan(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing", None, "no such file or directory"),
        ("empty.json", b"", "empty file"),
        ("blank.json", b"  \n", "empty file"),
        ("other.json", b'{"name": "zlib"}', "not a build-cache index.json, a manifest"),
        ("broken.json", b'{"develop": [', "malformed JSON"),
        ("empty-folder", "dir", "no _cache/<tag>/<package>/specs.md pages"),
    ],
)
def test_unusable_sources_are_skipped_and_named(
    tmp_path: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    problems = ProblemLog()
    result = plan(path, REAL_SITE, problems=problems)
    assert len(result.site_tags) == 1  # the good source is still planned
    [problem] = problems.skipped
    assert problem.source == str(path)
    assert message in problem.reason
    with pytest.raises(SourceError, match=f"^{re.escape(str(path))}"):
        plan(path, REAL_SITE)
