"""Surveying units, reading or reusing them, and merging what they hold."""

from __future__ import annotations

import json
from pathlib import Path

from spackdex.indexer.gather import Dataset, gather, survey
from spackdex.indexer.problems import ProblemLog
from spackdex.indexer.records import Compiler, Dependency, PackageInfo, Sighting, SpecRecord
from spackdex.indexer.source_cache import SourceCache
from spackdex.indexer.sources import plan_sources
from tests.indexer.helpers import (
    DATABASES,
    FIXTURES,
    REAL_SITE,
    REAL_TAG,
    copy_tree,
    expected_counts,
)

PACKAGES = FIXTURES / "packages.json"
HASH = "65mff2fwjunr3gnuownyidim2ixzsaky"


def run(names: list[str], index: Path, problems: ProblemLog | None = None) -> Dataset:
    problems = problems or ProblemLog()
    cache = SourceCache(index)
    plan = plan_sources(names, problems)
    dataset = gather(survey(plan, cache, problems), cache, problems, lambda _n: None)
    cache.save()
    return dataset


def spec(**changes: object) -> SpecRecord:
    fields: dict[str, object] = {
        "hash": HASH,
        "name": "rocblas",
        "version": "6.3.2",
        "compiler": Compiler("gcc", "11.4.0"),
        "platform": "linux",
        "os": "ubuntu22.04",
        "target": "x86_64_v3",
        "variants": ("+tensile",),
    }
    return SpecRecord(**{**fields, **changes})  # type: ignore[arg-type]


def test_real_site_merges_into_what_the_pages_hold(tmp_path: Path) -> None:
    dataset = run([str(REAL_SITE)], tmp_path)
    expected = expected_counts(REAL_SITE)
    assert len(dataset.specs) == expected.specs
    assert sum(len(tags) for tags in dataset.occurrences.values()) == expected.occurrences
    assert sum(len(stacks) for stacks in dataset.tag_stacks.values()) == expected.stacks
    assert set(dataset.tag_stacks) == {REAL_TAG}  # tags.yaml is older: adds no empty tag
    assert len(dataset.packages) == expected.packages
    assert (dataset.units_read, dataset.units_reused) == (1, 0)


def test_second_gather_reuses_the_parsed_unit(tmp_path: Path) -> None:
    first = run([str(REAL_SITE)], tmp_path)
    second = run([str(REAL_SITE)], tmp_path)
    assert (second.units_read, second.units_reused) == (0, 1)
    assert second.specs == first.specs
    assert second.occurrences == first.occurrences


def test_problems_of_a_reused_unit_are_replayed(tmp_path: Path) -> None:
    site = copy_tree(REAL_SITE, tmp_path / "site")
    page = site / "_cache" / REAL_TAG / "cuda" / "specs.md"
    page.write_bytes(b"")
    for _ in range(2):
        problems = ProblemLog()
        run([str(site)], tmp_path / "index", problems)
        assert [(p.source, p.reason) for p in problems.skipped] == [(str(page), "empty file")]


def test_tags_yaml_adds_declared_stacks_to_tags_with_specs(tmp_path: Path) -> None:
    site = copy_tree(REAL_SITE, tmp_path / "site")
    (site / "_data" / "tags.yaml").write_text(
        f"- name: {REAL_TAG}\n  stacks: [declared-only]\n- name: no-specs\n  stacks: [e4s]\n"
    )
    dataset = run([str(site)], tmp_path / "index")
    assert "declared-only" in dataset.tag_stacks[REAL_TAG]
    assert "no-specs" not in dataset.tag_stacks


def test_descriptions_from_package_lists(tmp_path: Path) -> None:
    listed = {e["name"]: e["description"] for e in json.loads(PACKAGES.read_text())}
    dataset = run([str(REAL_SITE), str(PACKAGES)], tmp_path)
    assert dataset.packages["hdf5"].description == " ".join(listed["hdf5"].split())
    assert "gcc-runtime" not in listed
    assert dataset.packages["gcc-runtime"] == PackageInfo("gcc-runtime")
    # only packages with specs get a row beyond those the list names
    assert set(dataset.packages) == set(listed) | {s.name for s in dataset.specs.values()}


def test_same_hash_from_a_page_and_an_index_keeps_both_halves() -> None:
    dependency = Dependency("hip", "a" * 32, ("build", "link"), (), "6.3.2")
    from_index = spec(dependencies=(dependency,))
    from_page = spec(size=123, tarball="https://binaries.spack.io/x.spack")
    for order in ([from_page, from_index], [from_index, from_page]):
        dataset = Dataset()
        for record in order:
            dataset.add(Sighting(record, "develop", ("e4s",)))
        merged = dataset.specs[HASH]
        assert merged.dependencies == (dependency,)
        assert (merged.size, merged.tarball) == (123, "https://binaries.spack.io/x.spack")
        assert dataset.occurrences[HASH] == {"develop": {"e4s", "root"}}


def test_root_holds_every_spec_of_its_tag() -> None:
    dataset = Dataset()
    dataset.add(Sighting(spec(), "v0.23.0", ("e4s",)))
    dataset.add(Sighting(spec(), "develop", ("root",)))
    assert dataset.occurrences[HASH] == {"v0.23.0": {"e4s", "root"}, "develop": {"root"}}
    assert dataset.tag_stacks == {"v0.23.0": {"e4s", "root"}, "develop": {"root"}}


def test_databases_of_several_tags_and_stacks(tmp_path: Path) -> None:
    dataset = run([str(FIXTURES / "manifest" / "manifest.json")], tmp_path)
    assert dataset.tag_stacks == {"bootstrap": {"root", "e4s"}, "spack-test": {"root"}}
    clingo = dataset.specs["rfu4la457mdbpoffk2g5hikj2hhoek4s"]
    assert clingo.dependencies is not None
    assert dataset.occurrences[clingo.hash] == {"bootstrap": {"root", "e4s"}}
    assert dataset.packages["clingo-bootstrap"] == PackageInfo("clingo-bootstrap")
    assert (dataset.units_read, dataset.units_reused) == (3, 0)


def test_missing_database_of_a_manifest_is_skipped(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    good = DATABASES / "spack-test-v7.index.json"
    manifest.write_text(
        f'{{"t": [{{"label": "root", "url": "{good}"}}, {{"label": "e4s", "url": "gone.json"}}]}}'
    )
    problems = ProblemLog()
    dataset = run([str(manifest)], tmp_path / "index", problems)
    assert len(dataset.specs) == 2
    assert [(p.source, p.reason) for p in problems.skipped] == [
        (str(tmp_path / "gone.json"), "no such file")
    ]
