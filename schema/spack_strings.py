"""Spack's own notation for results: the spec string and the commands to install it."""

from __future__ import annotations

import shlex

from ..indexer.search.views import SpecRow

__all__ = ["MIRROR_URL", "install_commands", "spack_spec"]

MIRROR_URL = "https://binaries.spack.io/{tag}"


def spack_spec(row: SpecRow) -> str:
    """``name@version+a~b k=v %compiler arch=platform-os-target``, as ``spack find`` shows.

    >>> # e.g. "hdf5@1.14.5+hl~mpi build_type=Release %gcc@13.2.0 arch=linux-ubuntu24.04-x86_64_v3"
    """
    booleans = "".join(v for v in row.variants if v[:1] in "+~")
    valued = [v for v in row.variants if v[:1] not in "+~"]
    parts = [f"{row.name}@{row.version}{booleans}", *valued]
    if row.compiler is not None:
        parts.append(f"%{row.compiler}")
    parts.append(f"arch={row.platform}-{row.os}-{row.target}")
    return " ".join(parts)


def install_commands(row: SpecRow, tag: str, mirror: str | None = None) -> list[str]:
    """Add the mirror the spec came from (by default the tag's official one), trust its
    keys, install this exact binary."""
    return [
        f"spack mirror add {tag} {shlex.quote(mirror or MIRROR_URL.format(tag=tag))}",
        "spack buildcache keys --install --trust",
        f"spack install --cache-only /{row.hash}",
    ]
