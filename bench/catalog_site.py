"""A synthetic package catalog in the packages.spack.io ``data/`` shape, beside the specs.

Spack has about 8,000 recipes; a real one declares tens of versions, about fifteen
variants and twenty dependencies (cmake, hdf5 and mpich in the test fixtures have 40-300
versions, 15-60 variants). The catalog holds every package that has binaries (declaring
most of their built versions: old binaries of versions a recipe dropped exist for real) and
enough others to reach ``total``, with descriptions, maintainers, variants, dependencies and
dependents written exactly as the real files are (``tests/fixtures/catalog``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.catalog import PACKAGES
from bench.descriptions import describe
from spackdex.indexer.spack.versions import version_key

__all__ = ["CatalogSummary", "generate_catalog_tree"]

_SYLLABLES = """
    ab al an ar as at ba be bi bo ca ce ci co da de di do el en er es fa fe fi fo ga ge go
    ha he hi ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri
    ro ru sa se si so ta te ti to tu va ve vi vo xa xi za ze zi zo
    """.split()  # noqa: SIM905 - a word list reads better than 80 quoted strings
_PREFIXES = ("py-", "py-", "py-", "r-", "r-", "perl-", "", "", "", "", "lib", "rust-")
_FEATURES = """
    mpi cuda rocm openmp shared static fortran python tests docs examples hdf5 zlib netcdf
    blas lapack threads pic ipo debug cxx x11 opengl vtk silo fftw metis parmetis hypre
    superlu mumps petsc trilinos kokkos sycl level_zero papi libunwind ssl curl
    """.split()  # noqa: SIM905 - as above
_DESCRIBE = (
    "Enable {} support",
    "Build with {}",
    "Use {} for the backend",
    "Build the {} interface",
    "Install {} components",
)
_BUILD_SYSTEMS = ("CMakePackage", "AutotoolsPackage", "PythonPackage", "Package", "MesonPackage")
_BUILD_DEPENDENCIES = {
    "CMakePackage": ("cmake", "gmake", "ninja"),
    "AutotoolsPackage": ("gmake", "autoconf", "automake", "libtool", "m4"),
    "PythonPackage": ("python", "py-pip", "py-setuptools", "py-wheel"),
    "MesonPackage": ("meson", "ninja", "pkgconfig"),
    "Package": ("gmake",),
}


@dataclass(frozen=True, slots=True)
class CatalogSummary:
    """What was written: package counts and the bytes of the JSON text."""

    packages: int
    with_binaries: int
    text_bytes: int


def generate_catalog_tree(
    out_dir: Path,
    binary_versions: Mapping[str, Sequence[str]],
    total: int = 8_000,
    seed: int = 0,
) -> CatalogSummary:
    """Write ``out_dir/packages.json`` and ``out_dir/packages/<name>.json``."""
    rng = random.Random(f"catalog:{seed}")
    names = _names(binary_versions, total, rng)
    people = [_handle(rng) for _ in range(max(50, total // 4))]
    build_systems = {n: rng.choice(_BUILD_SYSTEMS) for n in names}
    dependencies = {n: _dependencies(n, names, build_systems[n], rng) for n in names}
    dependents: dict[str, list[str]] = {n: [] for n in names}
    for name, depends in dependencies.items():
        for dependency in depends:
            if dependency in dependents:
                dependents[dependency].append(name)
    # as the real files, each dependency (and dependent) carries its one-line description
    summaries = {n: " ".join(describe(n, seed).split()) for n in names}
    said = summaries.__getitem__
    folder = out_dir / "packages"
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    listing = []
    for name in sorted(names):
        description = describe(name, seed)  # the docstring: wrapped, with a trailing newline
        versions = _versions(binary_versions.get(name, ()), rng)
        document = {
            "name": name,
            "aliases": [],
            "versions": [{"name": v, "sha256": f"{rng.getrandbits(256):064x}"} for v in versions],
            "latest_version": versions[0],
            "build_system": build_systems[name],
            "conflicts": [],
            "variants": _variants(name, rng),
            "homepage": f"https://example.org/{name}",
            "maintainers": rng.sample(people, rng.choice((0, 1, 1, 2, 2, 3, 4))),
            "patches": [],
            "resources": [],
            "description": description,
            "dependencies": [{"name": d, "description": said(d)} for d in dependencies[name]],
            "dependent_to": [{"name": d, "description": said(d)} for d in sorted(dependents[name])],
        }  # fmt: skip
        text = json.dumps(document, indent=4)
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
        written += len(text)
        listing.append({"name": name, "description": description})
    index_text = json.dumps(listing, indent=4)
    (out_dir / "packages.json").write_text(index_text, encoding="utf-8")
    with_binaries = sum(1 for n in names if n in binary_versions)
    return CatalogSummary(len(names), with_binaries, written + len(index_text))


def _names(
    binary_versions: Mapping[str, Sequence[str]], total: int, rng: random.Random
) -> list[str]:
    tools = [n for names in _BUILD_DEPENDENCIES.values() for n in names]
    names = dict.fromkeys([*binary_versions, *tools, *(p.name for p in PACKAGES)])
    while len(names) < total:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        names.setdefault(rng.choice(_PREFIXES) + stem, None)
    return list(names)[: max(total, len(binary_versions))]


def _handle(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) + (
        str(rng.randint(1, 99)) if rng.random() < 0.3 else ""
    )


def _versions(built: Sequence[str], rng: random.Random) -> list[str]:
    """About 30 versions, newest first; nine in ten built versions are still declared."""
    declared = {v for v in built if rng.random() < 0.9}
    major, minor, patch = rng.randint(1, 5), rng.randint(0, 20), rng.randint(0, 9)
    wanted = rng.randint(15, 45)
    while len(declared) < wanted:
        declared.add(f"{major}.{minor}.{patch}")
        patch -= 1
        if patch < 0:
            minor, patch = minor - 1, rng.randint(0, 9)
        if minor < 0:
            major, minor = major - 1, rng.randint(5, 20)
        if major < 0:
            break
    if rng.random() < 0.3:
        declared.add("develop")
    return sorted(declared, key=version_key, reverse=True)


def _variants(name: str, rng: random.Random) -> list[dict[str, object]]:
    known = next((p for p in PACKAGES if p.name == name), None)
    variants: dict[str, dict[str, object]] = {}
    for variant in known.variants if known else ():
        default: object = variant.default if variant.is_bool else variant.choices[0]
        variants[variant.name] = {"name": variant.name, "default": default}
    for feature in rng.sample(_FEATURES, rng.randint(8, 20)):
        variants.setdefault(feature, {"name": feature, "default": rng.random() < 0.4})
    for entry in variants.values():
        template = rng.choice(_DESCRIBE)
        entry["description"] = template.format(str(entry["name"]).upper())
    return [variants[n] for n in sorted(variants)]


def _dependencies(
    name: str, names: Sequence[str], build_system: str, rng: random.Random
) -> list[str]:
    # popular packages are depended on more: draw from the front of the list more often
    count = rng.randint(8, 26)
    drawn = {names[int(len(names) * rng.random() ** 2)] for _ in range(count)}
    drawn.update(rng.sample(names, count // 3))
    drawn.update(_BUILD_DEPENDENCIES[build_system])
    drawn.discard(name)
    return sorted(drawn)
