"""The synthetic generator: deterministic, in the real page format, shaped as asked."""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bench.generate import generate_packages_json, generate_records, generate_site
from spackdex.indexer.records import SpecRecord

N = 2_000
HASH = re.compile(r"[a-z2-7]{32}")


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    generate_site(out, N, seed=7)
    return out


def _front_matter(page: Path) -> dict[str, object]:
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n") and text.endswith("\n---")
    doc = yaml.safe_load(text[4:-4])
    assert isinstance(doc, dict)
    return doc


def test_same_seed_same_bytes(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_site(again, N, seed=7)
    assert _tree_bytes(site) == _tree_bytes(again)


def test_other_seed_other_data() -> None:
    first = [s.spec.hash for s in generate_records(300, seed=1)]
    second = [s.spec.hash for s in generate_records(300, seed=2)]
    assert first != second


def test_pages_parse_and_are_consistent(site: Path) -> None:
    pages = sorted(site.glob("_cache/*/*/specs.md"))
    assert pages
    for page in pages:
        doc = _front_matter(page)
        tag, package = page.parts[-3], page.parts[-2]
        assert doc["title"] == package
        assert doc["layout"] == "cache"
        assert doc["categories"] == ["package", tag]
        meta = doc["meta"]
        details = doc["spec_details"]
        assert isinstance(meta, dict) and isinstance(details, list)
        assert meta["num_specs"] == len(details) == meta["num_specs_by_stack"]["root"]
        for key in ("compilers", "oss", "platforms", "targets", "stacks", "versions"):
            assert meta[key] == sorted(meta[key])
        for spec in details:
            assert HASH.fullmatch(spec["hash"])
            assert "root" in spec["stacks"] and 2 <= len(spec["stacks"]) <= 4
            assert len(spec["versions"]) == 1
            assert spec["size"] == "-" or isinstance(spec["size"], int)
            assert spec["compiler"] == "none" or "@=" in spec["compiler"]
        assert [s["hash"] for s in details] == sorted(s["hash"] for s in details)


def test_json_lines_match_real_layout(site: Path) -> None:
    # meta and spec_details are one-line JSON, readable without YAML (the fast path).
    page = next(site.glob("_cache/develop/*/specs.md"))
    lines = page.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith('title: "') and lines[2] == "layout: cache"
    meta = json.loads(lines[4].removeprefix("meta: "))
    details = json.loads(lines[5].removeprefix("spec_details: "))
    assert lines[5] == "spec_details: " + json.dumps(details, sort_keys=True)
    assert list(meta) == sorted(meta)


def test_tags_yaml_lists_tags_and_stacks(site: Path) -> None:
    tags = yaml.safe_load((site / "_data" / "tags.yaml").read_text(encoding="utf-8"))
    names = [t["name"] for t in tags]
    assert names[0] == "develop"
    assert names[1:] == sorted(names[1:], reverse=True)
    assert all(re.fullmatch(r"develop-\d{4}-\d{2}-\d{2}", n) for n in names[1:])
    assert sorted(p.name for p in (site / "_cache").iterdir()) == sorted(names)
    for t in tags:
        assert "root" in t["stacks"] and "e4s" in t["stacks"]


def test_occurrence_count_is_close() -> None:
    for n in (N, 5_321):
        got = sum(1 for _ in generate_records(n, seed=3))
        assert abs(got - n) <= 0.03 * n


def test_hashes_carry_over_between_tags() -> None:
    by_tag: dict[str, set[str]] = defaultdict(set)
    for s in generate_records(N, seed=3):
        by_tag[s.tag].add(s.spec.hash)
    tags = list(by_tag)  # chronological, develop last
    assert tags[-1] == "develop" and len(tags) >= 4
    for old, new in itertools.pairwise(tags):
        kept = len(by_tag[old] & by_tag[new]) / len(by_tag[old])
        assert 0.75 <= kept <= 0.95, (old, new, kept)


def test_same_hash_same_spec_and_consistent_variants() -> None:
    specs: dict[str, SpecRecord] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for s in generate_records(N, seed=5):
        assert specs.setdefault(s.spec.hash, s.spec) == s.spec
        names[s.spec.name].add(
            ",".join(
                v.lstrip("+~").split("=")[0]
                for v in s.spec.variants
                if not v.startswith(("cuda_arch=", "amdgpu_target="))
            )
        )
    # Every spec of a package has the same variant names.
    assert all(len(v) == 1 for v in names.values())


def test_shape_is_skewed_and_mixed() -> None:
    counts: dict[str, int] = defaultdict(int)
    platforms: dict[str, int] = defaultdict(int)
    compilers: set[str] = set()
    records = list(generate_records(20_000, seed=0))
    for s in records:
        counts[s.spec.name] += 1
        platforms[s.spec.platform] += 1
        compilers.add("none" if s.spec.compiler is None else s.spec.compiler.name)
    sizes = sorted(counts.values(), reverse=True)
    assert sizes[0] > 20 * sizes[len(sizes) // 2]  # Zipf: a few packages dominate
    assert 0.04 <= platforms["darwin"] / len(records) <= 0.11
    assert {"gcc", "oneapi", "apple-clang", "cce", "none"} <= compilers


def test_packages_json(tmp_path: Path) -> None:
    path = tmp_path / "packages.json"
    assert generate_packages_json(path, ["zlib-ng", "hdf5", "hdf5", "not-in-catalog"]) == 3
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert [e["name"] for e in entries] == ["hdf5", "not-in-catalog", "zlib-ng"]
    assert all(e["description"].strip() for e in entries)
    generate_packages_json(tmp_path / "again.json", ["zlib-ng", "hdf5", "not-in-catalog"])
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()
