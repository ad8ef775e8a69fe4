"""The package catalog: what Spack's recipes declare, binaries or not.

Two real formats are read:

- a packages.spack.io ``data/`` tree: ``packages.json`` (every ``{name, description}``)
  and ``packages/<name>.json`` (one object per recipe: versions, variants, maintainers,
  dependencies, dependents, build system...);
- the JSON list ``spack list --format version_json`` prints: ``{name, latest_version,
  versions, homepage, file, maintainers, dependencies: {deptype: [names]}}``.

A file that cannot be read is skipped and named; the rest of the catalog is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import ProblemLog, SourceError
from .metadata import load_json

__all__ = [
    "Recipe",
    "VariantDecl",
    "is_catalog_tree",
    "merge_recipes",
    "parse_site_recipe",
    "parse_version_json",
    "read_catalog_tree",
    "site_recipe_files",
]


@dataclass(frozen=True, slots=True)
class VariantDecl:
    """A variant as the recipe declares it: ``default`` as text (``true``, ``Release``)."""

    name: str
    default: str | None
    description: str | None

    def __reduce__(self) -> tuple[type[VariantDecl], tuple[object, ...]]:
        return (VariantDecl, (self.name, self.default, self.description))


@dataclass(frozen=True, slots=True)
class Recipe:
    """One package as the catalog knows it. Absent facts are empty, never guessed."""

    name: str
    description: str | None = None
    homepage: str | None = None
    maintainers: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()  # as the source lists them: Spack order, newest first
    variants: tuple[VariantDecl, ...] = ()
    depends_on: tuple[str, ...] = ()
    dependents: tuple[str, ...] = ()
    build_system: str | None = None

    def search_text(self) -> str:
        """Words free text finds the recipe by, besides its name and description: each once
        (variant descriptions repeat "Enable ... support"; the tier, not the count, ranks)."""
        words = [*self.maintainers]
        for variant in self.variants:
            words.append(variant.name)
            if variant.description:
                words.extend(variant.description.split())
        return " ".join(dict.fromkeys(words))

    def __reduce__(self) -> tuple[type[Recipe], tuple[object, ...]]:
        # a plain constructor call pickles several times faster than slotted dataclasses do
        return (
            Recipe,
            (
                self.name,
                self.description,
                self.homepage,
                self.maintainers,
                self.versions,
                self.variants,
                self.depends_on,
                self.dependents,
                self.build_system,
            ),
        )


def is_catalog_tree(folder: Path) -> Path | None:
    """The ``data/`` folder of a packages.spack.io checkout (or the folder itself)."""
    for candidate in (folder, folder / "data"):
        if (candidate / "packages").is_dir() and (candidate / "packages.json").is_file():
            return candidate
    return None


def site_recipe_files(data_dir: Path) -> list[Path]:
    """The per-package files of a ``data/`` tree, in name order."""
    return sorted((data_dir / "packages").glob("*.json"))


def read_catalog_tree(data_dir: Path, problems: ProblemLog) -> list[Recipe]:
    """Every recipe of a packages.spack.io ``data/`` tree.

    ``packages.json`` names every package with its description; a package whose own file
    is missing or bad keeps that much (the file is named in ``problems``).
    """
    listed: dict[str, str | None] = {}
    index = data_dir / "packages.json"
    try:
        listed = _parse_package_list(index.read_bytes(), str(index), problems)
    except OSError as error:
        problems.skip(SourceError(str(index), f"cannot read: {error.strerror}"))
    except SourceError as error:
        problems.skip(error)
    recipes: dict[str, Recipe] = {}
    for path in site_recipe_files(data_dir):
        try:
            recipe = parse_site_recipe(path.read_bytes(), str(path))
        except OSError as error:
            problems.skip(SourceError(str(path), f"cannot read: {error.strerror}"))
            continue
        except SourceError as error:
            problems.skip(error)
            continue
        recipes[recipe.name] = recipe
    for name, description in listed.items():
        if name not in recipes:
            recipes[name] = Recipe(name, description)
    return [recipes[name] for name in sorted(recipes)]


def _parse_package_list(data: bytes, source: str, problems: ProblemLog) -> dict[str, str | None]:
    document = load_json(data, source)
    if not isinstance(document, list):
        raise SourceError(source, "must be a JSON list of {name, description}")
    listed: dict[str, str | None] = {}
    for index, entry in enumerate(document):
        if not isinstance(entry, dict) or not _is_name(entry.get("name")):
            problems.skip(SourceError(source, "entry needs a string 'name'", f"[{index}]"))
            continue
        listed[entry["name"]] = _text(entry.get("description"))
    return listed


def parse_site_recipe(data: bytes, source: str) -> Recipe:
    """One packages.spack.io ``packages/<name>.json`` file."""
    document = load_json(data, source)
    if not isinstance(document, dict) or not _is_name(document.get("name")):
        raise SourceError(source, "a package file must be an object with a string 'name'")
    return Recipe(
        name=document["name"],
        description=_text(document.get("description")),
        homepage=_string(document.get("homepage")),
        maintainers=_strings(document.get("maintainers"), source, "maintainers"),
        versions=_names(document.get("versions"), source, "versions"),
        variants=_variants(document.get("variants"), source),
        depends_on=_unique(_names(document.get("dependencies"), source, "dependencies")),
        dependents=_unique(_names(document.get("dependent_to"), source, "dependent_to")),
        build_system=_string(document.get("build_system")),
    )


def parse_version_json(data: bytes, source: str, problems: ProblemLog) -> list[Recipe]:
    """The list ``spack list --format version_json`` prints; a bad entry is skipped."""
    document = load_json(data, source)
    if not isinstance(document, list):
        raise SourceError(source, "spack list --format version_json output must be a JSON list")
    recipes = []
    for index, entry in enumerate(document):
        place = f"[{index}]"
        try:
            recipes.append(_version_json_entry(entry, source, place))
        except SourceError as error:
            problems.skip(error)
    return recipes


def _version_json_entry(entry: Any, source: str, place: str) -> Recipe:
    if not isinstance(entry, dict) or not _is_name(entry.get("name")):
        raise SourceError(source, "entry needs a string 'name'", place)
    dependencies = entry.get("dependencies") or {}
    if not isinstance(dependencies, dict):
        raise SourceError(source, "'dependencies' must map deptypes to names", place)
    names: list[str] = []
    for deptype, listed in dependencies.items():
        names.extend(_strings(listed, source, f"{place}.dependencies.{deptype}"))
    homepage = _string(entry.get("homepage"))
    return Recipe(
        name=entry["name"],
        # not in version_json, but a packages.json list of {name, description} reads too
        description=_text(entry.get("description")),
        # the formatter writes a missing homepage as the text None
        homepage=homepage if homepage != "None" else None,
        maintainers=_strings(entry.get("maintainers"), source, f"{place}.maintainers"),
        versions=_strings(entry.get("versions"), source, f"{place}.versions"),
        depends_on=_unique(tuple(names)),
    )


def merge_recipes(catalogs: list[list[Recipe]]) -> dict[str, Recipe]:
    """Several catalogs into one: the first to know a package wins, later ones fill the
    facts it lacks (a version_json list has no descriptions or variants, say)."""
    merged: dict[str, Recipe] = {}
    for recipes in catalogs:
        for recipe in recipes:
            known = merged.get(recipe.name)
            merged[recipe.name] = recipe if known is None else _fill(known, recipe)
    return merged


def _fill(known: Recipe, other: Recipe) -> Recipe:
    return Recipe(
        name=known.name,
        description=known.description or other.description,
        homepage=known.homepage or other.homepage,
        maintainers=known.maintainers or other.maintainers,
        versions=known.versions or other.versions,
        variants=known.variants or other.variants,
        depends_on=known.depends_on or other.depends_on,
        dependents=known.dependents or other.dependents,
        build_system=known.build_system or other.build_system,
    )


def _variants(value: Any, source: str) -> tuple[VariantDecl, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SourceError(source, "must be a list of {name, default, description}", "variants")
    variants = []
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or not _is_name(entry.get("name")):
            raise SourceError(source, "needs a string 'name'", f"variants[{index}]")
        variants.append(
            VariantDecl(
                entry["name"], _default(entry.get("default")), _text(entry.get("description"))
            )
        )
    return tuple(variants)


def _default(value: Any) -> str | None:
    """A boolean default is written ``true``/``false``; a valued one as the recipe has it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return None
    return str(value)


def _names(value: Any, source: str, place: str) -> tuple[str, ...]:
    """The ``name`` of each object of a list (versions, dependencies, dependents)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SourceError(source, "must be a list of objects with a 'name'", place)
    try:  # the usual case, checked at once: a list of objects with string names
        names = [entry["name"] for entry in value]
        if all(type(name) is str and name for name in names):
            return tuple(names)
    except (TypeError, KeyError):
        pass
    names = []
    for index, entry in enumerate(value):
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, (int, float)) and not isinstance(name, bool):
            name = str(name)  # a version such as 2.0 written as a JSON number
        if not _is_name(name):
            raise SourceError(source, "needs a string 'name'", f"{place}[{index}]")
        names.append(str(name))
    return tuple(names)


def _strings(value: Any, source: str, place: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourceError(source, "must be a list of strings", place)
    return tuple(value)


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(names)))


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _text(value: Any) -> str | None:
    """Descriptions are re-wrapped docstrings: one line of single spaces."""
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
