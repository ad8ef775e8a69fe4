"""The normalised records every reader yields and the writer consumes.

Readers differ in what the source knew (a site page has no dependency data, an index.json
has no sizes), so optional facts are ``None`` rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "DEPTYPE_BITS",
    "Compiler",
    "Dependency",
    "PackageInfo",
    "Sighting",
    "SpecRecord",
    "TagInfo",
    "parse_compiler",
]

# Dependency types as bits, so that an edge's deptypes fit one small integer column.
DEPTYPE_BITS: dict[str, int] = {"build": 1, "link": 2, "run": 4, "test": 8}


@dataclass(frozen=True, slots=True)
class Compiler:
    """A compiler as Spack names it: ``gcc@13.2.0`` is ``Compiler("gcc", "13.2.0")``."""

    name: str
    version: str | None

    def __reduce__(self) -> tuple[type[Compiler], tuple[str, str | None]]:
        return (Compiler, (self.name, self.version))

    def __str__(self) -> str:
        return f"{self.name}@{self.version}" if self.version else self.name


@lru_cache(maxsize=4096)
def parse_compiler(text: str) -> Compiler | None:
    """Read a compiler as the site pages write it.

    ``gcc@=13.2.0`` and ``gcc@13.2.0`` are the same compiler; ``none`` (pure Python packages
    since Spack 1.0) means no compiler at all.

    >>> parse_compiler("gcc@=13.2.0")
    Compiler(name='gcc', version='13.2.0')
    """
    text = text.strip()
    if not text or text == "none":
        return None
    name, _, version = text.partition("@")
    version = version.removeprefix("=")
    return Compiler(name, version or None)


@dataclass(frozen=True, slots=True)
class Dependency:
    """One edge of a spec's dependency DAG, as an index.json records it."""

    name: str
    hash: str
    deptypes: tuple[str, ...]
    virtuals: tuple[str, ...] = ()
    # The dependency's version when the source recorded its node, so that ``^dep@range``
    # can match dependencies that are not binaries in the cache themselves.
    version: str | None = None

    def __reduce__(self) -> tuple[type[Dependency], tuple[object, ...]]:
        return (Dependency, (self.name, self.hash, self.deptypes, self.virtuals, self.version))


@dataclass(frozen=True, slots=True)
class SpecRecord:
    """One concrete build, identified by its DAG hash."""

    hash: str
    name: str
    version: str
    compiler: Compiler | None
    platform: str
    os: str
    target: str
    variants: tuple[str, ...]
    size: int | None = None
    tarball: str | None = None
    # None: the source had no dependency data (site pages); () : it had, and there are none.
    dependencies: tuple[Dependency, ...] | None = None
    # Whether the spec's layout-v3 manifest was PGP clearsigned; None: no manifest was read.
    signed: bool | None = None

    def __reduce__(self) -> tuple[type[SpecRecord], tuple[object, ...]]:
        # Slotted dataclasses pickle through dataclasses.fields(), which dominated the
        # cost of caching parsed units; a plain constructor call is several times faster.
        return (
            SpecRecord,
            (
                self.hash,
                self.name,
                self.version,
                self.compiler,
                self.platform,
                self.os,
                self.target,
                self.variants,
                self.size,
                self.tarball,
                self.dependencies,
                self.signed,
            ),
        )


@dataclass(frozen=True, slots=True)
class Sighting:
    """A spec seen in one tag, in these stacks of that tag (``root`` among them)."""

    spec: SpecRecord
    tag: str
    stacks: tuple[str, ...]
    mirror: str | None = None  # the mirror root it was read from (site pages name none)

    def __reduce__(self) -> tuple[type[Sighting], tuple[object, ...]]:
        return (Sighting, (self.spec, self.tag, self.stacks, self.mirror))


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """Package metadata from the Spack package list (optional enrichment)."""

    name: str
    description: str | None = None
    homepage: str | None = None

    def __reduce__(self) -> tuple[type[PackageInfo], tuple[object, ...]]:
        return (PackageInfo, (self.name, self.description, self.homepage))


@dataclass(frozen=True, slots=True)
class TagInfo:
    """A tag with the stacks a site's ``_data/tags.yaml`` lists for it."""

    name: str
    stacks: tuple[str, ...]
