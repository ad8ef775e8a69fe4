"""Small JSON and YAML sources: package descriptions, manifests, the site's tag list."""

from __future__ import annotations

from typing import Any

import orjson
import yaml

from ..problems import ProblemLog, SourceError
from ..records import PackageInfo, TagInfo
from .decode import decode_utf8, yaml_error

__all__ = [
    "ManifestEntry",
    "load_json",
    "looks_like_manifest",
    "parse_manifest",
    "parse_packages",
    "parse_tags_yaml",
]

ManifestEntry = tuple[str, str, str]  # (tag, stack, index location)


def load_json(data: bytes, source: str) -> Any:
    """Parse JSON, or raise a SourceError that names the line and column."""
    if not data.strip():
        raise SourceError(source, "empty file")
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        decode_utf8(data, source)
        raise SourceError(
            source, f"malformed JSON: {error.msg}", f"line {error.lineno}, column {error.colno}"
        ) from None


def parse_packages(data: bytes, source: str, problems: ProblemLog) -> list[PackageInfo]:
    """The package list: ``[{name, description, homepage?}, ...]``."""
    document = load_json(data, source)
    if not isinstance(document, list):
        raise SourceError(source, "package metadata must be a JSON list of {name, description}")
    packages = []
    for index, entry in enumerate(document):
        place = f"[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.skip(SourceError(source, "entry needs a string 'name'", place))
            continue
        description, homepage = entry.get("description"), entry.get("homepage")
        if description is not None and not isinstance(description, str):
            problems.skip(SourceError(source, "'description' must be a string", place))
            continue
        packages.append(
            PackageInfo(
                entry["name"],
                " ".join(description.split()) if description else None,
                homepage if isinstance(homepage, str) else None,
            )
        )
    return packages


def parse_manifest(data: bytes, source: str) -> list[ManifestEntry]:
    """A manifest ``{"<tag>": [{"label": "<stack>", "url": "..."}]}``."""
    document = load_json(data, source)
    if not isinstance(document, dict):
        raise SourceError(source, "a manifest must map each tag to a list of stacks")
    entries = []
    for tag, stacks in document.items():
        if not isinstance(stacks, list):
            raise SourceError(source, "must be a list of {label, url}", tag)
        for index, stack in enumerate(stacks):
            place = f"{tag}[{index}]"
            if not isinstance(stack, dict):
                raise SourceError(source, "must be an object {label, url}", place)
            for key in ("label", "url"):
                if not isinstance(stack.get(key), str) or not stack[key]:
                    raise SourceError(source, f"missing or non-string key '{key}'", place)
            entries.append((tag, stack["label"], stack["url"]))
    return entries


def looks_like_manifest(document: Any) -> bool:
    return isinstance(document, dict) and all(
        isinstance(v, list) and all(isinstance(s, dict) and "url" in s for s in v)
        for v in document.values()
    )


def parse_tags_yaml(data: bytes, source: str) -> list[TagInfo]:
    """The site's ``_data/tags.yaml``: a list of ``{name, stacks: [...]}``."""
    text = decode_utf8(data, source)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise yaml_error(error, source, "YAML") from None
    if not isinstance(document, list):
        raise SourceError(source, "must be a YAML list of {name, stacks}")
    tags = []
    for index, entry in enumerate(document):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise SourceError(source, "entry needs a string 'name'", f"[{index}]")
        stacks = entry.get("stacks") or []
        if not isinstance(stacks, list):
            raise SourceError(source, "'stacks' must be a list", f"[{index}].stacks")
        # YAML reads a stack named 2024 as a number: that one is a name too
        for position, stack in enumerate(stacks):
            if not isinstance(stack, str | int) or isinstance(stack, bool) or stack == "":
                raise SourceError(
                    source,
                    f"a stack must be a name, not {stack!r}",
                    f"[{index}].stacks[{position}]",
                )
        tags.append(TagInfo(entry["name"], tuple(str(s) for s in stacks)))
    return tags
