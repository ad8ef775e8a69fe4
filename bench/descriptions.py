"""Plausible package descriptions for a synthetic ``packages.json``.

Descriptions are templated from the catalog category so that full-text queries such as
"linear algebra", "compression" or "mpi" find the packages a user would expect.
"""

from __future__ import annotations

import json
import random
import textwrap
from collections.abc import Iterable
from pathlib import Path

from bench.catalog import PACKAGES

__all__ = ["describe", "generate_packages_json"]

_PHRASES: dict[str, tuple[str, ...]] = {
    "compression": (
        "a fast lossless data compression library",
        "a compression format and library with command-line tools",
        "a compressor for scientific data",
    ),
    "build": (
        "a build system generator",
        "a tool that automates building software",
        "a build backend for packaging",
    ),
    "python": (
        "a Python library for scientific computing",
        "a Python package providing core utilities",
        "a Python interpreter component",
    ),
    "crypto": ("a cryptography and TLS toolkit", "a library of cryptographic primitives"),
    "network": (
        "a library for network transfers and protocols",
        "a high-performance communication framework",
        "an HTTP client library",
    ),
    "text": (
        "a parsing and text processing library",
        "a library for reading and writing structured text formats",
        "a string and Unicode handling library",
    ),
    "database": ("an embedded SQL database engine", "a key-value database library"),
    "runtime": (
        "a portable runtime and threading library",
        "a performance portability programming model for C++",
        "a low-level system runtime library",
    ),
    "devtools": (
        "a developer tool for debugging and inspecting programs",
        "a scripting language and interpreter",
        "a version control and editing tool",
    ),
    "mpi": (
        "an implementation of the Message Passing Interface (MPI) standard",
        "an MPI communication library for parallel computing",
    ),
    "io": (
        "a parallel I/O library for scientific data",
        "a self-describing data format and I/O library (HDF5, NetCDF)",
        "a high-performance I/O and data management framework",
    ),
    "library": ("a collection of portable C++ source libraries",),
    "linear-algebra": (
        "a dense and sparse linear algebra library (BLAS, LAPACK)",
        "an optimized linear algebra and matrix computation library",
    ),
    "math": (
        "a numerical mathematics library",
        "a library of mathematical routines for scientific computing",
        "a finite element and discretization library",
    ),
    "mesh": ("a graph and mesh partitioning library", "a mesh generation and adaptation toolkit"),
    "solver": (
        "a suite of scalable solvers for linear and nonlinear systems",
        "a library of preconditioners and iterative solvers",
        "an ODE and DAE time integration solver suite",
    ),
    "perf": (
        "a performance analysis and profiling tool",
        "a tracing and instrumentation library for HPC applications",
    ),
    "graphics": ("an image format and graphics library", "a font and rendering library"),
    "viz": (
        "a scientific visualization toolkit",
        "an in situ visualization and analysis framework",
    ),
    "compiler": ("a compiler toolchain", "a compiler infrastructure and code generator"),
    "gpu": ("a GPU programming toolkit", "a GPU-accelerated math library for ROCm and CUDA"),
    "ml": (
        "a machine learning framework",
        "a deep learning library with GPU support",
        "a tensor library for neural networks",
    ),
    "physics": (
        "a high energy physics simulation toolkit",
        "a particle physics data analysis framework",
        "a plasma physics simulation code",
    ),
    "chem": (
        "a molecular dynamics simulation package",
        "a quantum chemistry and materials science code",
    ),
    "cfd": ("a computational fluid dynamics solver",),
    "bio": ("a bioinformatics tool for sequence alignment", "a library for genomic data formats"),
    "climate": (
        "a climate and weather modeling tool",
        "a tool for manipulating NetCDF climate data",
    ),
    "geo": ("a geospatial data abstraction library", "a cartographic projection library"),
    "gui": ("a cross-platform graphical user interface toolkit",),
    "stats": ("a language and environment for statistical computing",),
}
_OPENERS = ("{name} is {phrase}.", "{Phrase}.", "{Phrase}, developed as {name}.")
_EXTRAS = (
    "It is widely used in HPC software stacks.",
    "It supports shared and static builds.",
    "It is part of the Extreme-scale Scientific Software Stack (E4S).",
    "It targets CPUs and GPUs.",
    "",
)
_CATEGORY = {p.name: p.category for p in PACKAGES}


def describe(name: str, seed: int = 0) -> str:
    """A deterministic description of ``name`` in the style of Spack's docstrings."""
    rng = random.Random(f"{seed}:{name}")
    phrase = rng.choice(_PHRASES.get(_CATEGORY.get(name, "library"), _PHRASES["library"]))
    opener = rng.choice(_OPENERS).format(
        name=name, phrase=phrase, Phrase=phrase[0].upper() + phrase[1:]
    )
    text = f"{opener} {rng.choice(_EXTRAS)}".strip()
    # Spack descriptions are docstrings: wrapped at ~72 columns with a trailing newline.
    return textwrap.fill(text, 72) + "\n"


def generate_packages_json(path: Path, names: Iterable[str], seed: int = 0) -> int:
    """Write ``packages.json`` (a list of ``{name, description}``); returns the count."""
    entries = [{"name": n, "description": describe(n, seed)} for n in sorted(set(names))]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    return len(entries)
