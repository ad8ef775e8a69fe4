"""Cache-site package pages: ``_cache/<tag>/<package>/specs.md``.

A page is only a YAML front matter block. Its ``meta:`` and ``spec_details:`` values are JSON
written on one line each, so they are read as JSON first (PyYAML's pure-Python loader is
about 300x slower on these pages); YAML is the fallback for anything that is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from sys import intern
from typing import Any

import orjson
import yaml

from ..problems import ProblemLog, SourceError
from ..records import PackageInfo, Sighting, SpecRecord, parse_compiler
from .decode import decode_utf8, yaml_error
from .spec_fields import is_version

__all__ = ["PageContent", "parse_site_page"]

_HASH = re.compile(r"^[a-z2-7]{32}$")
_SIMPLE_LINE = re.compile(r"^([A-Za-z_][\w-]*):(?:\s(.*))?$")
_REQUIRED = ("hash", "versions", "os", "platform", "target")
_STR = frozenset({str})

# libyaml's loader when present: the pure-Python one is the slow path of last resort
_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class PageContent:
    """What one page holds: the package, its tag, and the specs listed for it."""

    package: PackageInfo
    tag: str
    sightings: list[Sighting]


def parse_site_page(data: bytes, source: str, problems: ProblemLog) -> PageContent:
    """Parse one ``specs.md`` page.

    Raises:
        SourceError: the page as a whole cannot be used (not UTF-8, no front matter, bad
            YAML or JSON, no title or tag). Bad records inside a good page are skipped
            through ``problems`` instead, naming ``spec_details[i]`` and the key.
    """
    text = decode_utf8(data, source)
    if not text.strip():
        raise SourceError(source, "empty file")
    front, first_line = _front_matter(text, source)
    fields = _read_fields(front, first_line, source)
    package = fields.get("title")
    if not isinstance(package, str) or not package:
        raise SourceError(source, "missing or non-string key 'title' (the package name)")
    package = intern(package)
    tag = intern(_tag_of(fields.get("categories"), source))
    details = fields.get("spec_details")
    if details is None:
        raise SourceError(
            source,
            "no 'spec_details' key; pages that list specs in spec-N.json files beside them "
            "(the 2022 site format) are not supported",
        )
    if not isinstance(details, list):
        raise SourceError(source, f"'spec_details' must be a list, not {_kind(details)}")
    sightings = []
    for index, entry in enumerate(details):
        try:
            sightings.append(_sighting(entry, package, tag, source, index))
        except SourceError as error:
            problems.skip(error)
    _check_meta(fields.get("meta"), len(details), source, problems)
    return PageContent(PackageInfo(package), tag, sightings)


def _front_matter(text: str, source: str) -> tuple[list[str], int]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SourceError(source, "no YAML front matter (the page must start with '---')", "line 1")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return lines[1 : number - 1], 2
    raise SourceError(source, "front matter is not closed by a '---' line", f"line {len(lines)}")


def _read_fields(lines: list[str], first_line: int, source: str) -> dict[str, Any]:
    """Read ``key: value`` lines, JSON values as JSON; fall back to YAML for the block."""
    fields: dict[str, Any] = {}
    for offset, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _SIMPLE_LINE.match(line)
        if match is None:  # continuation lines, block lists...: genuine YAML
            return _read_yaml(lines, first_line, source)
        key, raw = match.group(1), match.group(2) or ""
        value = raw.strip()
        number = first_line + offset
        if value.startswith(("{", '["', "[{", "[]")):
            try:
                fields[key] = orjson.loads(value)
                continue
            except orjson.JSONDecodeError as error:
                if key in ("meta", "spec_details"):
                    # the column in the file: the key, ': ', leading blanks, then the value
                    column = len(line) - len(raw) + (len(raw) - len(raw.lstrip())) + error.colno
                    json_problem = (f"malformed JSON in '{key}': {error.msg}", column)
                    fields[key] = _yaml_value(value, source, number, json_problem)
                    continue
        fields[key] = _yaml_value(value, source, number, None)
    return fields


def _yaml_value(value: str, source: str, line: int, json_problem: tuple[str, int] | None) -> Any:
    """A value as YAML; when that fails too, the JSON error is the one to report."""
    try:
        return yaml.load(value, Loader=_YamlLoader)
    except yaml.YAMLError as error:
        if json_problem is not None:
            message, column = json_problem
            raise SourceError(source, message, f"line {line}, column {column}") from None
        raise SourceError(
            source, f"malformed value: {_yaml_problem(error)}", f"line {line}"
        ) from None


def _read_yaml(lines: list[str], first_line: int, source: str) -> dict[str, Any]:
    try:
        loaded = yaml.load("\n".join(lines), Loader=_YamlLoader)
    except yaml.YAMLError as error:
        raise yaml_error(error, source, "YAML front matter", first_line) from None
    if not isinstance(loaded, dict):
        raise SourceError(source, f"front matter must be a mapping, not {_kind(loaded)}")
    return loaded


def _yaml_problem(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None)
    return str(problem) if problem else str(error).splitlines()[0]


def _tag_of(categories: Any, source: str) -> str:
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise SourceError(source, "'categories' must be a list like [package, <tag>]")
    tags: list[str] = [c for c in categories if c != "package"]
    if len(tags) != 1:
        raise SourceError(source, f"'categories' names no single tag: {categories!r}")
    return tags[0]


def _sighting(entry: Any, package: str, tag: str, source: str, index: int) -> Sighting:
    """One spec of a page; a fast path for well-formed entries, checked in full otherwise."""
    try:
        spec_hash, versions, variants = entry["hash"], entry["versions"], entry["variants"]
        platform, os_name, target = entry["platform"], entry["os"], entry["target"]
        compiler, stacks = entry["compiler"], entry["stacks"]
    except (KeyError, TypeError):
        return _checked_sighting(entry, package, tag, source, index)
    if (
        type(spec_hash) is str
        and len(spec_hash) == 32
        and _HASH.match(spec_hash)
        and type(versions) is list
        and len(versions) == 1
        and type(versions[0]) is str
        and is_version(versions[0])
        and type(platform) is str
        and platform
        and type(os_name) is str
        and os_name
        and type(target) is str
        and target
        and type(compiler) is str
        and type(variants) is list
        and set(map(type, variants)) <= _STR
        and type(stacks) is list
        and set(map(type, stacks)) <= _STR
    ):
        size = entry.get("size")
        tarball = entry.get("tarball")
        # Interned strings are one object per distinct value: the parse cache then pickles
        # each value once (pickle memoizes by identity) and the dataset holds one copy.
        spec = SpecRecord(
            spec_hash,
            package,
            intern(versions[0]),
            parse_compiler(compiler),
            intern(platform),
            intern(os_name),
            intern(target),
            tuple(map(intern, variants)),
            None if size is None or size == "-" else _size(size, source, f"spec_details[{index}]"),
            tarball if isinstance(tarball, str) and tarball else None,
        )
        return Sighting(spec, tag, tuple(map(intern, stacks)))
    return _checked_sighting(entry, package, tag, source, index)


def _checked_sighting(entry: Any, package: str, tag: str, source: str, index: int) -> Sighting:
    """The same as ``_sighting``, field by field, to name exactly what is wrong."""
    place = f"spec_details[{index}]"
    if not isinstance(entry, dict):
        raise SourceError(source, f"must be an object, not {_kind(entry)}", place)
    for key in _REQUIRED:
        if key not in entry:
            raise SourceError(source, f"missing required key '{key}'", place)
    spec_hash = _string(entry, "hash", source, place)
    if not _HASH.match(spec_hash):
        raise SourceError(source, f"'hash' is not a 32-character DAG hash: {spec_hash!r}", place)
    versions = entry["versions"]
    if not isinstance(versions, list) or not versions or not isinstance(versions[0], str):
        raise SourceError(source, "'versions' must be a list of one version string", place)
    if not is_version(versions[0]):
        raise SourceError(source, f"'versions' holds no Spack version: {versions[0]!r}", place)
    variants = entry.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise SourceError(source, "'variants' must be a list of strings", place)
    stacks = entry.get("stacks", ["root"])
    if not isinstance(stacks, list) or not all(isinstance(s, str) for s in stacks):
        raise SourceError(source, "'stacks' must be a list of strings", place)
    compiler = entry.get("compiler", "none")
    if not isinstance(compiler, str):
        raise SourceError(source, f"'compiler' must be a string, not {_kind(compiler)}", place)
    tarball = entry.get("tarball")
    spec = SpecRecord(
        hash=spec_hash,
        name=package,
        version=versions[0],
        compiler=parse_compiler(compiler),
        platform=_string(entry, "platform", source, place),
        os=_string(entry, "os", source, place),
        target=_string(entry, "target", source, place),
        variants=tuple(variants),
        size=_size(entry.get("size"), source, place),
        tarball=tarball if isinstance(tarball, str) and tarball else None,
    )
    return Sighting(spec, tag, tuple(stacks))


def _string(entry: dict[str, Any], key: str, source: str, place: str) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value:
        raise SourceError(source, f"'{key}' must be a non-empty string, not {value!r}", place)
    return value


def _size(value: Any, source: str, place: str) -> int | None:
    if value is None or value == "-":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SourceError(source, f"'size' must be a number of bytes or '-', not {value!r}", place)
    return int(value)


def _check_meta(meta: Any, listed: int, source: str, problems: ProblemLog) -> None:
    """Warn when the page's summary disagrees with its own list: the list is the data."""
    if not isinstance(meta, dict):
        return
    claimed = meta.get("num_specs")
    if isinstance(claimed, int) and claimed != listed:
        problems.warn(
            source,
            f"meta.num_specs says {claimed} but spec_details lists {listed}; indexed the list",
        )


_KIND_NAMES: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}


def _kind(value: Any) -> str:
    return _KIND_NAMES.get(type(value), type(value).__name__)
