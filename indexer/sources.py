"""Turning what the user named (paths, URLs, a ``sources.yaml``) into units of work.

A unit is what the incremental build remembers by content hash: one tag folder of a site
tree, one ``index.json`` (with its tag and stack), one package-metadata file. Re-running with
one new tag re-reads only that tag's unit.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .mirror_sources import (
    MirrorUnit,
    is_mirror_folder,
    local_path,
    make_unit,
    mirror_from_manifest,
    names_mirror_root,
)
from .problems import ProblemLog, SourceError
from .readers.decode import decode_utf8, yaml_error
from .readers.fetch import ensure_regular_file, is_url, read_location, resolve_location
from .readers.metadata import load_json, looks_like_manifest, parse_manifest

__all__ = [
    "DEFAULT_STACK",
    "DEFAULT_TAG",
    "DatabaseUnit",
    "SiteTagUnit",
    "SourcePlan",
    "plan_sources",
]

DEFAULT_TAG = "local"
DEFAULT_STACK = "root"


@dataclass(frozen=True, slots=True)
class SiteTagUnit:
    """The pages of one tag of a cache-site tree: ``_cache/<tag>/*/specs.md``."""

    folder: str
    pages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DatabaseUnit:
    """One build-cache ``index.json`` and the tag and stack it is the index of."""

    location: str
    tag: str
    stack: str


@dataclass
class SourcePlan:
    """Everything one ``spackdex index`` run reads."""

    site_tags: list[SiteTagUnit] = field(default_factory=list)
    databases: list[DatabaseUnit] = field(default_factory=list)
    tag_lists: list[str] = field(default_factory=list)  # site _data/tags.yaml files
    package_files: list[str] = field(default_factory=list)
    catalogs: list[str] = field(default_factory=list)  # package catalogs (readers/catalog.py)
    mirrors: list[MirrorUnit] = field(default_factory=list)  # Spack mirror roots

    @property
    def unit_count(self) -> int:
        """How many units the build reads or reuses (what a progress bar counts)."""
        return (
            len(self.site_tags) + len(self.databases) + len(self.package_files) + len(self.mirrors)
        )


def plan_sources(
    names: list[str],
    problems: ProblemLog,
    tag: str = DEFAULT_TAG,
    stack: str = DEFAULT_STACK,
    package_files: list[str] | None = None,
    catalogs: list[str] | None = None,
    view: str | None = None,
) -> SourcePlan:
    """Expand sources into units; a source that cannot be used is skipped via ``problems``.

    ``view`` applies to mirror roots (a named layout-v3 index) and to nothing else.
    """
    plan = SourcePlan(package_files=list(package_files or []), catalogs=list(catalogs or []))
    for name in names:
        try:
            if _add_mirror(plan, name, tag, stack, view):
                continue
            _add(plan, name, tag, stack, problems)
        except SourceError as error:
            problems.skip(error)
    return plan


def _add_mirror(plan: SourcePlan, name: str, tag: str, stack: str, view: str | None) -> bool:
    """Take ``name`` as a mirror when it is one: a root, or a path at its index manifest."""
    location = local_path(name)
    from_manifest = mirror_from_manifest(location, tag, stack)
    if from_manifest is not None:
        plan.mirrors.append(from_manifest)
    elif names_mirror_root(location) or (not is_url(location) and is_mirror_folder(Path(location))):
        plan.mirrors.append(make_unit(location, tag, stack, view))
    else:
        return False
    return True


def _add(plan: SourcePlan, name: str, tag: str, stack: str, problems: ProblemLog) -> None:
    if is_url(name):
        _add_json(plan, name, tag, stack)
        return
    path = Path(name)
    if path.is_dir():
        _add_site(plan, path)
    elif not path.exists():
        raise SourceError(name, "no such file or directory")
    elif path.suffix in (".yaml", ".yml") and path.name != "tags.yaml":
        _add_sources_yaml(plan, name, problems)
    elif path.name == "tags.yaml":
        plan.tag_lists.append(name)
    elif path.name == "specs.md":
        plan.site_tags.append(SiteTagUnit(str(path.parent), (str(path),)))
    else:
        _add_json(plan, name, tag, stack)


def _add_site(plan: SourcePlan, root: Path) -> None:
    cache = root / "_cache" if (root / "_cache").is_dir() else root
    # _cache/<tag>/<package>/specs.md (or a single tag folder); glob beats rglob here
    pages = sorted(
        Path(p) for p in glob.glob(os.path.join(glob.escape(str(cache)), "*", "*", "specs.md"))
    )
    if not pages:
        pages = sorted(
            Path(p) for p in glob.glob(os.path.join(glob.escape(str(cache)), "*", "specs.md"))
        )
    if not pages:
        raise SourceError(str(root), "no _cache/<tag>/<package>/specs.md pages in this folder")
    by_tag: dict[Path, list[str]] = {}
    for page in pages:
        # _cache/<tag>/<package>/specs.md: group by the tag folder, the incremental unit
        by_tag.setdefault(page.parent.parent, []).append(str(page))
    plan.site_tags.extend(SiteTagUnit(str(folder), tuple(p)) for folder, p in by_tag.items())
    tags_yaml = root / "_data" / "tags.yaml"
    if tags_yaml.is_file():
        plan.tag_lists.append(str(tags_yaml))


def _add_json(plan: SourcePlan, location: str, tag: str, stack: str) -> None:
    """An index.json, a manifest or a package list, told apart by their first bytes."""
    head = _head(location)
    if head.startswith(b"{") and b'"database"' in head:
        plan.databases.append(DatabaseUnit(location, tag, stack))
    elif head.startswith(b"["):
        plan.package_files.append(location)
    else:
        _add_manifest(plan, location)


def _head(location: str) -> bytes:
    if is_url(location):
        data = read_location(location)  # a URL is read whole; manifests are small
    else:
        try:
            ensure_regular_file(location)
            with open(location, "rb") as stream:
                data = stream.read(4096)
        except OSError as error:
            raise SourceError(location, f"cannot read: {error.strerror}") from None
    if not data.strip():
        raise SourceError(location, "empty file")
    return data.lstrip()


def _add_manifest(plan: SourcePlan, location: str) -> None:
    data = read_location(location)
    document = load_json(data, location)
    if not looks_like_manifest(document):
        raise SourceError(
            location,
            "not a build-cache index.json, a manifest {tag: [{label, url}]} or a package list",
        )
    for tag, stack, url in parse_manifest(data, location):
        plan.databases.append(DatabaseUnit(resolve_location(url, location), tag, stack))


def _add_sources_yaml(plan: SourcePlan, location: str, problems: ProblemLog) -> None:
    """A ``sources.yaml``: see README "Sources file" for its format."""
    document = _load_yaml(location)
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        raise SourceError(location, "must be a mapping with a 'sources' list", "sources")
    for index, entry in enumerate(document["sources"]):
        place = f"sources[{index}]"
        try:
            _add_entry(plan, entry, location, place, problems)
        except SourceError as error:
            problems.skip(error)
    packages = document.get("packages") or []
    if not isinstance(packages, str | list):
        raise SourceError(location, "must be a path or a list of paths", "packages")
    for item in [packages] if isinstance(packages, str) else packages:
        if not isinstance(item, str):
            raise SourceError(location, "must be a path or a list of paths", "packages")
        plan.package_files.append(resolve_location(item, location))


def _add_entry(
    plan: SourcePlan, entry: Any, location: str, place: str, problems: ProblemLog
) -> None:
    if not isinstance(entry, dict):
        raise SourceError(location, "must be a mapping such as {site: PATH}", place)
    if "catalog" in entry and len(entry) == 1 and isinstance(entry["catalog"], str):
        plan.catalogs.append(resolve_location(entry["catalog"], location))
        return
    kinds = [k for k in ("site", "index", "manifest", "mirror") if k in entry]
    if len(kinds) != 1 or not isinstance(entry[kinds[0]], str):
        raise SourceError(
            location, "needs exactly one of site, index, manifest, mirror or catalog: a path", place
        )
    target = resolve_location(local_path(entry[kinds[0]]), location)
    if kinds[0] == "mirror":
        tag, stack, view = (entry.get(k, d) for k, d in _MIRROR_KEYS)
        if not isinstance(tag, str) or not isinstance(stack, str):
            raise SourceError(location, "'tag' and 'stack' must be strings", place)
        if view is not None and not isinstance(view, str):
            raise SourceError(location, "'view' must be a string", place)
        unit = mirror_from_manifest(target, tag, stack) or make_unit(target, tag, stack, view)
        plan.mirrors.append(unit)
    elif kinds[0] == "index":
        tag, stack = entry.get("tag", DEFAULT_TAG), entry.get("stack", DEFAULT_STACK)
        if not isinstance(tag, str) or not isinstance(stack, str):
            raise SourceError(location, "'tag' and 'stack' must be strings", place)
        plan.databases.append(DatabaseUnit(target, tag, stack))
    elif kinds[0] == "manifest":
        _add_manifest(plan, target)
    elif is_url(target) or not Path(target).is_dir():
        raise SourceError(target, "a site source must be a local folder", place)
    else:
        _add_site(plan, Path(target))


_MIRROR_KEYS = (("tag", DEFAULT_TAG), ("stack", DEFAULT_STACK), ("view", None))


def _load_yaml(location: str) -> Any:
    text = decode_utf8(read_location(location), location)
    if not text.strip():
        raise SourceError(location, "empty file")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise yaml_error(error, location, "YAML") from None
