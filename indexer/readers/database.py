"""Build-cache ``index.json`` files: Spack databases, versions 5 to 9.

Only records with ``in_buildcache: true`` are binaries; the others are read too, because a
binary's compiler (db 8+) and its dependencies' versions live in them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from ..problems import ProblemLog, SourceError
from ..records import Compiler, Dependency, SpecRecord
from .decode import decode_utf8
from .spec_fields import (
    DEPTYPES,
    check_flag,
    check_hash,
    check_parameters,
    check_text,
    check_text_list,
    check_version,
    shown,
)

__all__ = ["SUPPORTED_VERSIONS", "parse_database", "parse_database_document", "variants_of"]

SUPPORTED_VERSIONS = frozenset({5, 6, 7, 8, 9})
# Parameters that are compiler flags or patch lists, not variants a user selects.
_NOT_VARIANTS = frozenset(
    {"cflags", "cppflags", "cxxflags", "fflags", "ldflags", "ldlibs", "patches"}
)
# Which build dependency is "the compiler" when several provide languages: C first.
_LANGUAGES = ("c", "cxx", "fortran")


def parse_database(data: bytes, source: str, problems: ProblemLog) -> list[SpecRecord]:
    """The binaries an ``index.json`` lists.

    Raises:
        SourceError: the file as a whole cannot be used (empty, not JSON, no
            ``database.installs``, an unknown database version). A bad record inside a
            good file is skipped through ``problems``, naming ``installs.<hash>`` and the key.
    """
    if not data.strip():
        raise SourceError(source, "empty file")
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        decode_utf8(data, source)  # a clearer message when the bytes are not even text
        raise SourceError(source, f"malformed JSON: {error}") from None
    return parse_database_document(document, source, problems)


def parse_database_document(document: Any, source: str, problems: ProblemLog) -> list[SpecRecord]:
    """:func:`parse_database` of a document already decoded (a mirror reader that looked
    inside it first, a spec file's nodes): the same checks, without decoding it again."""
    database = document.get("database") if isinstance(document, dict) else None
    if not isinstance(database, dict):
        raise SourceError(source, "no 'database' object: not a Spack build-cache index")
    version = _version(database.get("version"), source)
    installs = database.get("installs")
    if not isinstance(installs, dict):
        raise SourceError(source, "'installs' must be an object", "database.installs")
    nodes: dict[str, dict[str, Any]] = {}
    binaries: list[str] = []
    for spec_hash, record in installs.items():
        place = f"database.installs.{spec_hash}"
        try:
            check_hash(spec_hash, source, place, "the record's key")
            nodes[spec_hash] = _node(record, version, source, place)
            in_buildcache = check_flag(record, "in_buildcache", source, place)
        except SourceError as error:
            problems.skip(error)
            continue
        if in_buildcache:
            binaries.append(spec_hash)
    specs = []
    for spec_hash in binaries:
        place = f"database.installs.{spec_hash}.spec"
        try:
            specs.append(_spec(spec_hash, nodes, version, source, place))
        except SourceError as error:
            problems.skip(error)
    return specs


def _version(raw: Any, source: str) -> int:
    try:
        version = int(raw)
    except (TypeError, ValueError):
        version = -1
    if version not in SUPPORTED_VERSIONS or isinstance(raw, bool):
        raise SourceError(
            source,
            f"unknown database version {raw!r} (spackdex reads versions 5 to 9)",
            "database.version",
        )
    return version


def _node(record: Any, version: int, source: str, place: str) -> dict[str, Any]:
    """The node dict of one record, with ``name`` set whatever the generation.

    Name and version are checked here, for every record: a binary's dependencies are read
    from the other records, binaries or not. The rest is checked when a binary is read.
    """
    if not isinstance(record, dict):
        raise SourceError(source, f"record must be an object, not {shown(record)}", place)
    spec = record.get("spec")
    if not isinstance(spec, dict):
        raise SourceError(source, "missing or non-object key 'spec'", place)
    node_place = f"{place}.spec"
    if version == 5 and "name" not in spec:
        # db v5: {"<name>": {...node...}}, the name being the single key
        if len(spec) != 1:
            raise SourceError(source, "a v5 spec must have its package name as single key", place)
        ((name, node),) = spec.items()
        node_place = f"{place}.spec.{name}"
        if not isinstance(node, dict):
            raise SourceError(source, "node must be an object", node_place)
        spec = {**node, "name": name}
    check_text(spec, "name", source, node_place)
    check_version(spec, "version", source, node_place)
    return spec


def _spec(
    spec_hash: str, nodes: Mapping[str, dict[str, Any]], version: int, source: str, place: str
) -> SpecRecord:
    node = nodes[spec_hash]
    name = check_text(node, "name", source, place)
    arch = node.get("arch")
    if not isinstance(arch, dict):
        raise SourceError(source, "missing or non-object key 'arch'", place)
    target = arch.get("target")
    if isinstance(target, dict):  # newer databases store the whole microarchitecture
        target = target.get("name")
    if not isinstance(target, str) or not target:
        raise SourceError(source, "'arch.target' must be a name or an object with one", place)
    dependencies = _dependencies(node.get("dependencies"), nodes, source, place)
    return SpecRecord(
        hash=spec_hash,
        name=name,
        version=check_version(node, "version", source, place),
        compiler=_compiler(node, dependencies, nodes, version, source, place),
        platform=check_text(arch, "platform", source, f"{place}.arch"),
        os=check_text(arch, "platform_os", source, f"{place}.arch"),
        target=target,
        variants=variants_of(check_parameters(node, source, place)),
        dependencies=dependencies,
    )


def _dependencies(
    raw: Any, nodes: Mapping[str, dict[str, Any]], source: str, place: str
) -> tuple[Dependency, ...]:
    if raw is None:
        return ()
    edges: list[tuple[str, Any]]
    if isinstance(raw, dict):  # db v5: name -> {hash, type}
        edges = [
            (
                f"{place}.dependencies.{name}",
                {"name": name, **edge} if isinstance(edge, dict) else edge,
            )
            for name, edge in raw.items()
        ]
    elif isinstance(raw, list):
        edges = [(f"{place}.dependencies[{index}]", edge) for index, edge in enumerate(raw)]
    else:
        raise SourceError(
            source, f"'dependencies' must be a list or an object, not {shown(raw)}", place
        )
    result = []
    for edge_place, edge in edges:
        if not isinstance(edge, dict):
            raise SourceError(
                source, f"dependency must be an object, not {shown(edge)}", edge_place
            )
        name = check_text(edge, "name", source, edge_place)
        dep_hash = check_hash(check_text(edge, "hash", source, edge_place), source, edge_place)
        parameters = edge.get("parameters")
        if isinstance(parameters, dict):
            types_place = f"{edge_place}.parameters"
            deptypes = check_text_list(
                parameters.get("deptypes"), "deptypes", source, types_place, DEPTYPES
            )
            virtuals = check_text_list(parameters.get("virtuals"), "virtuals", source, types_place)
        elif parameters is None:  # db v5 and v6 edges: {hash, type}
            deptypes = check_text_list(edge.get("type"), "type", source, edge_place, DEPTYPES)
            virtuals = ()
        else:
            raise SourceError(
                source, f"key 'parameters' must be an object, not {shown(parameters)}", edge_place
            )
        dep_node = nodes.get(dep_hash)
        result.append(
            Dependency(
                name=name,
                hash=dep_hash,
                deptypes=deptypes,
                virtuals=virtuals,
                version=_known_version(dep_node, source, edge_place),
            )
        )
    return tuple(result)


def _known_version(node: Mapping[str, Any] | None, source: str, place: str) -> str | None:
    """The version of a dependency's node, when the source has that node."""
    if node is None or "version" not in node:
        return None
    return check_version(node, "version", source, f"{place} (the dependency's node)")


def _compiler(
    node: Mapping[str, Any],
    dependencies: tuple[Dependency, ...],
    nodes: Mapping[str, dict[str, Any]],
    version: int,
    source: str,
    place: str,
) -> Compiler | None:
    compiler = node.get("compiler")
    if isinstance(compiler, dict):
        name = check_text(compiler, "name", source, f"{place}.compiler")
        raw_version = compiler.get("version")
        if raw_version is None or raw_version == "":
            return Compiler(name, None)
        if isinstance(raw_version, str):  # "=10.2.1": an exact version, since Spack 0.20
            raw_version = raw_version.removeprefix("=")
        text = check_version({"version": raw_version}, "version", source, f"{place}.compiler")
        return Compiler(name, text)
    if compiler is not None:
        raise SourceError(
            source, f"key 'compiler' must be an object with a name, not {shown(compiler)}", place
        )
    if version < 8:
        return None
    # Spack 1.0+: compilers are build dependencies providing c, cxx or fortran.
    for language in _LANGUAGES:
        for dependency in dependencies:
            if language in dependency.virtuals:
                return Compiler(dependency.name, dependency.version)
    return None


def variants_of(parameters: Any) -> tuple[str, ...]:
    """Variants the way the cache pages show them: ``+x``, ``~x``, ``k=v``, ``k=v1,v2``."""
    if not isinstance(parameters, dict):
        return ()
    shown = []
    for name in sorted(parameters):
        if name in _NOT_VARIANTS:
            continue
        value = parameters[name]
        if isinstance(value, bool):
            shown.append(f"{'+' if value else '~'}{name}")
        elif isinstance(value, list):
            if value:
                shown.append(f"{name}={','.join(str(v) for v in value)}")
        elif value is not None:
            shown.append(f"{name}={value}")
    return tuple(shown)
