"""Parsed package catalog: real Spack package names with their variant definitions."""

from __future__ import annotations

from dataclasses import dataclass

from bench.catalog_data import PACKAGE_TABLE

__all__ = ["PACKAGES", "PackageDef", "VariantDef", "variant_sort_key"]

# Variants every package of a build system has, the way Spack adds them from the base class.
_BUILD_SYSTEM_VARIANTS: dict[str, tuple[str, ...]] = {
    "cmake": ("build_type=Release|RelWithDebInfo|Debug", "generator=make|ninja", "~ipo"),
    "meson": ("buildtype=release|debugoptimized", "default_library=shared|static"),
}

# Python packages with compiled extensions. The rest of ``py-*`` are pure Python, which
# 2025 pages show with compiler ``none``.
_COMPILED_PY: frozenset[str] = frozenset(
    """
    py-numpy py-scipy py-pandas py-matplotlib py-torch py-tensorflow py-jaxlib
    py-scikit-learn py-h5py py-mpi4py py-cython py-pyyaml py-pillow py-protobuf py-grpcio
    py-psutil py-pybind11 py-kiwisolver py-contourpy py-netcdf4 py-numba py-llvmlite
    py-numexpr py-bottleneck py-pyzmq py-cffi py-cryptography py-lxml py-tokenizers
    py-safetensors py-optree py-ml-dtypes py-markupsafe py-greenlet py-pyarrow py-xgboost
    py-onnx py-torchvision py-torchaudio py-cupy py-pycuda py-petsc4py py-slepc4py
    py-charset-normalizer py-wrapt py-pydantic py-fonttools py-tornado
    """.split()  # noqa: SIM905 - a word list reads better than 48 quoted strings
)


@dataclass(frozen=True, slots=True)
class VariantDef:
    """One variant of a package: a boolean (``choices`` empty) or a valued variant."""

    name: str
    default: bool = False
    choices: tuple[str, ...] = ()

    @property
    def is_bool(self) -> bool:
        """True for ``+name``/``~name`` variants."""
        return not self.choices

    def render(self, value: bool | str) -> str:
        """Write a value as the site pages do: ``+name``, ``~name`` or ``name=value``."""
        if self.is_bool:
            return ("+" if value else "~") + self.name
        return f"{self.name}={value}"


@dataclass(frozen=True, slots=True)
class PackageDef:
    """A package of the catalog, with its popularity rank (0 = most common)."""

    name: str
    build_system: str
    category: str
    variants: tuple[VariantDef, ...]
    rank: int

    @property
    def pure_python(self) -> bool:
        """True when the package has no compiled code (compiler ``none`` on pages)."""
        return self.name.startswith("py-") and self.name not in _COMPILED_PY

    def has_variant(self, name: str) -> bool:
        """Whether the package defines a variant called ``name``."""
        return any(v.name == name for v in self.variants)


def variant_sort_key(text: str) -> str:
    """Order variants as the pages do: by name, ignoring the ``+``/``~`` sign."""
    return text.lstrip("+~")


def _parse_variant(token: str) -> VariantDef:
    if token[0] in "+~":
        return VariantDef(token[1:], default=token[0] == "+")
    name, _, values = token.partition("=")
    return VariantDef(name, choices=tuple(values.split("|")))


def _parse_table(table: str) -> tuple[PackageDef, ...]:
    packages: list[PackageDef] = []
    # Indented lines continue the previous package (the table keeps to 100 columns).
    entries = table.strip().replace("\n    ", " ").splitlines()
    for entry in entries:
        name, build_system, category, *tokens = entry.split()
        extra = _BUILD_SYSTEM_VARIANTS.get(build_system, ())
        # An explicit entry in the table wins over the build system's default one.
        by_name = {v.name: v for v in map(_parse_variant, (*extra, *tokens))}
        by_name["build_system"] = VariantDef("build_system", choices=(build_system,))
        variants = tuple(sorted(by_name.values(), key=lambda v: v.name))
        packages.append(PackageDef(name, build_system, category, variants, len(packages)))
    return tuple(packages)


PACKAGES: tuple[PackageDef, ...] = _parse_table(PACKAGE_TABLE)
