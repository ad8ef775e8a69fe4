"""Catalog sources as units of the incremental build.

Each catalog (a packages.spack.io ``data/`` tree or one ``version_json`` file) is one unit,
remembered by the hash of its content: an unchanged catalog is not read again, its parsed
recipes come from ``<index-dir>/cache/units/`` beside the other units.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, ProblemLog, SourceError
from .readers.catalog import (
    Recipe,
    is_catalog_tree,
    merge_recipes,
    parse_version_json,
    read_catalog_tree,
    site_recipe_files,
)
from .readers.fetch import is_url, read_location
from .source_cache import SourceCache, load_unit, store_unit, unit_digest

__all__ = ["CatalogUnit", "load_catalogs", "survey_catalogs"]


@dataclass(frozen=True, slots=True)
class CatalogUnit:
    """One catalog source and the digest of its content."""

    location: str
    digest: str
    data: bytes | None = None  # a URL's bytes, fetched once while surveying


@dataclass
class _Parsed:
    """What is cached of one catalog: its recipes and the files it skipped."""

    recipes: list[Recipe] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def survey_catalogs(
    locations: list[str], cache: SourceCache, problems: ProblemLog
) -> list[CatalogUnit]:
    """The digest of each catalog, from file sizes and mtimes where it can."""
    units = []
    for location in locations:
        try:
            units.append(_survey(location, cache))
        except SourceError as error:
            problems.skip(error)
        except OSError as error:
            problems.skip(SourceError(location, f"cannot read: {error.strerror or error}"))
    return units


def _survey(location: str, cache: SourceCache) -> CatalogUnit:
    if is_url(location):
        data = read_location(location)
        return CatalogUnit(location, unit_digest("catalog", hashlib.sha256(data).hexdigest()), data)
    path = Path(location)
    if path.is_dir():
        tree = is_catalog_tree(path)
        if tree is None:
            raise SourceError(
                location,
                "not a packages.spack.io data folder (packages.json and packages/<name>.json)",
            )
        files = [tree / "packages.json", *site_recipe_files(tree)]
        parts = [f"{p.relative_to(tree)}={cache.file_digest(str(p))}" for p in files]
        return CatalogUnit(str(tree), unit_digest("catalog-tree", *parts))
    if not path.is_file():
        raise SourceError(location, "no such file or directory")
    return CatalogUnit(location, unit_digest("catalog", cache.file_digest(location)))


def load_catalogs(
    units: list[CatalogUnit], cache: SourceCache, problems: ProblemLog
) -> dict[str, Recipe]:
    """Every catalog's recipes (cached parse when unchanged), merged by package name."""
    catalogs = []
    for unit in units:
        cached = load_unit(cache.units, unit.digest)
        parsed = cached if isinstance(cached, _Parsed) else _parse(unit)
        if cached is not parsed:
            store_unit(cache.units, unit.digest, parsed)
        cache.mark_used(unit.digest)
        for problem in parsed.skipped:
            problems.skip(SourceError(problem.source, problem.reason))
        catalogs.append(parsed.recipes)
    return merge_recipes(catalogs)


def _parse(unit: CatalogUnit) -> _Parsed:
    local = ProblemLog(log=False)  # replayed into the run's log by load_catalogs
    recipes: list[Recipe] = []
    if unit.data is None and Path(unit.location).is_dir():
        recipes = read_catalog_tree(Path(unit.location), local)
    else:
        try:
            data = unit.data if unit.data is not None else read_location(unit.location)
            recipes = parse_version_json(data, unit.location, local)
        except SourceError as error:
            local.skip(error)
    return _Parsed(recipes, local.skipped)
