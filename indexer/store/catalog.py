"""The package catalog inside one index version: ``catalog/`` beside the columns.

- ``catalog/names.json``: every catalog package name (sorted) and its maintainers, which
  is all a search needs (the maintainers filter) and is read when the version is opened;
- ``catalog/recipes.bin`` + ``catalog/recipes.offsets.npy``: one zlib-compressed JSON
  object per package, in name order, decoded only when a package is shown.

A version built without a catalog has no ``catalog/`` folder and an empty catalog.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from ..readers.catalog import Recipe, VariantDecl

__all__ = ["CatalogData", "write_catalog"]

_FOLDER = "catalog"
# Each recipe is compressed on its own (a page decodes only the packages it shows): recipe
# JSON repeats its keys and variant wording, and shrinks about threefold.
_LEVEL = 6


def write_catalog(folder: Path, recipes: Mapping[str, Recipe]) -> int:
    """Write the catalog of a version being built; returns the bytes written."""
    if not recipes:
        return 0
    target = folder / _FOLDER
    target.mkdir()
    names = sorted(recipes)
    blob = bytearray()
    offsets = np.zeros(len(names) + 1, dtype=np.int64)
    for position, name in enumerate(names):
        blob += zlib.compress(orjson.dumps(_as_json(recipes[name])), _LEVEL)
        offsets[position + 1] = len(blob)
    (target / "recipes.bin").write_bytes(bytes(blob))
    np.save(target / "recipes.offsets.npy", offsets, allow_pickle=False)
    listing = orjson.dumps(
        {"names": names, "maintainers": [list(recipes[n].maintainers) for n in names]}
    )
    (target / "names.json").write_bytes(listing)
    return len(blob) + len(listing) + offsets.nbytes


def _as_json(recipe: Recipe) -> dict[str, Any]:
    # by hand: dataclasses.asdict deep-copies every string, which dominated writing
    return {
        "name": recipe.name,
        "description": recipe.description,
        "homepage": recipe.homepage,
        "maintainers": recipe.maintainers,
        "versions": recipe.versions,
        "variants": [[v.name, v.default, v.description] for v in recipe.variants],
        "depends_on": recipe.depends_on,
        "dependents": recipe.dependents,
        "build_system": recipe.build_system,
    }


class CatalogData:
    """The catalog of one published version, read-only."""

    def __init__(self, folder: Path) -> None:
        target = folder / _FOLDER
        self.names: list[str] = []
        self.maintainers: list[list[str]] = []
        self._blob = b""
        self._offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        if (target / "names.json").is_file():
            listing: dict[str, Any] = orjson.loads((target / "names.json").read_bytes())
            self.names, self.maintainers = listing["names"], listing["maintainers"]
            self._blob = (target / "recipes.bin").read_bytes()
            self._offsets = np.load(target / "recipes.offsets.npy")
        self.position = {name: position for position, name in enumerate(self.names)}

    def __len__(self) -> int:
        return len(self.names)

    def recipe(self, name: str) -> Recipe | None:
        position = self.position.get(name)
        if position is None:
            return None
        start, end = int(self._offsets[position]), int(self._offsets[position + 1])
        entry: dict[str, Any] = orjson.loads(zlib.decompress(self._blob[start:end]))
        return Recipe(
            name=entry["name"],
            description=entry["description"],
            homepage=entry["homepage"],
            maintainers=tuple(entry["maintainers"]),
            versions=tuple(entry["versions"]),
            variants=tuple(VariantDecl(*v) for v in entry["variants"]),
            depends_on=tuple(entry["depends_on"]),
            dependents=tuple(entry["dependents"]),
            build_system=entry["build_system"],
        )

    def maintained_by(self, people: tuple[str, ...]) -> list[str]:
        """Names of the packages any of these people maintain (GitHub names, any case)."""
        found: set[str] = set()
        for person in people:
            found.update(self._by_maintainer.get(person.lower(), ()))
        return sorted(found)

    @cached_property
    def _by_maintainer(self) -> dict[str, list[str]]:
        packages: dict[str, list[str]] = {}
        for name, maintainers in zip(self.names, self.maintainers, strict=True):
            for person in maintainers:
                packages.setdefault(person.lower(), []).append(name)
        return packages
