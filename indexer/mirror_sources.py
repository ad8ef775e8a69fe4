"""Naming a Spack mirror: roots, views, and URLs that point inside a mirror.

People give Spack a mirror root (``spack mirror add NAME URL``): a local folder, a
``file://`` URL or an http(s) URL. spackdex takes the same, and also a URL or path straight
at a layout-v3 ``index.manifest.json`` (root and view are read off its path).
"""

from __future__ import annotations

import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .readers.fetch import is_url

__all__ = [
    "MirrorUnit",
    "is_mirror_folder",
    "join",
    "local_path",
    "make_unit",
    "mirror_from_manifest",
    "names_mirror_root",
    "v2_index",
    "v3_index_manifest",
]

_INDEX_MANIFEST = re.compile(
    r"^(?P<root>.*?)/?v3/manifests/index/(?:(?P<view>[^/]+)/)?index\.manifest\.json$"
)


@dataclass(frozen=True, slots=True)
class MirrorUnit:
    """One mirror root read as the build cache of ``tag``/``stack`` (through ``view``)."""

    root: str  # an http(s) URL or an absolute local path, without a trailing slash
    tag: str
    stack: str
    view: str | None = None


def local_path(location: str) -> str:
    """A ``file://`` URL as a local path; anything else unchanged."""
    if location.startswith("file://"):
        return urllib.request.url2pathname(urllib.parse.urlparse(location).path)
    return location


def names_mirror_root(location: str) -> bool:
    """A URL that is not a file spackdex reads directly: taken as a mirror root."""
    path = urllib.parse.urlparse(location).path
    return is_url(location) and not path.endswith((".json", ".yaml", ".yml"))


def is_mirror_folder(path: Path) -> bool:
    return (path / "v3").is_dir() or (path / "build_cache").is_dir()


def mirror_from_manifest(location: str, tag: str, stack: str) -> MirrorUnit | None:
    """The mirror of a ``…/v3/manifests/index/[VIEW/]index.manifest.json`` location."""
    match = _INDEX_MANIFEST.match(location)
    if match is None:
        return None
    return make_unit(match.group("root") or ".", tag, stack, match.group("view"))


def make_unit(root: str, tag: str, stack: str, view: str | None = None) -> MirrorUnit:
    root = local_path(root)
    if not is_url(root):
        root = os.path.abspath(root)
    return MirrorUnit(root.rstrip("/") or "/", tag, stack, view or None)


def join(root: str, relative: str) -> str:
    """A location inside a mirror (URL or local path)."""
    return f"{root.rstrip('/')}/{relative}"


def v3_index_manifest(unit: MirrorUnit) -> str:
    view = f"{unit.view}/" if unit.view else ""
    return join(unit.root, f"v3/manifests/index/{view}index.manifest.json")


def v2_index(unit: MirrorUnit) -> str:
    return join(unit.root, "build_cache/index.json")
