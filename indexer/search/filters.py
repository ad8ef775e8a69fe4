"""Facet selections as bitmaps: one constraint per selected field, AND-ed later.

Keeping one bitmap per field (instead of AND-ing at once) is what makes disjunctive facet
counts cheap: a facet's counts use every constraint but its own.
"""

from __future__ import annotations

from pyroaring import BitMap

from ..records import parse_compiler
from ..spack.errors import UnknownTargetError
from ..spack.hosts import parse_host
from ..spack.targets import runnable_targets
from ..store.load import IndexData
from .request import FACET_FIELDS, Filter, SearchError

__all__ = ["compatible_specs", "field_constraints", "normalize_value"]


def normalize_value(facet: str, value: str) -> str:
    """The vocabulary spelling of a selected value: ``gcc@=13.2.0`` is ``gcc@13.2.0``."""
    if facet == "compiler":
        compiler = parse_compiler(value)
        return str(compiler) if compiler else value
    if facet == "variant":
        return value.replace(":=", "=")
    return value


def field_constraints(data: IndexData, selection: Filter) -> dict[str, BitMap]:
    """One bitmap per facet field that has a selection (values OR-ed)."""
    constraints: dict[str, BitMap] = {}
    for facet in FACET_FIELDS:
        values = selection.values(facet)
        if values:
            constraints[facet] = _selected(data, facet, values, selection.tags)
    return constraints


def _selected(
    data: IndexData, facet: str, values: tuple[str, ...], tags: tuple[str, ...]
) -> BitMap:
    if facet == "stack" and tags:
        # a stack inside the selected tags, not the same name in any tag
        tag_codes = [data.codes_of["tag"][t] for t in tags if t in data.codes_of["tag"]]
        stack_codes = [data.codes_of["stack"][s] for s in values if s in data.codes_of["stack"]]
        pairs = [
            data.tag_stack_code[(t, s)]
            for t in tag_codes
            for s in stack_codes
            if (t, s) in data.tag_stack_code
        ]
        return data.union("tag_stack", pairs)
    if facet == "compiler":
        result = BitMap()
        for value in values:
            compiler = parse_compiler(value)
            if compiler is None:
                continue
            if compiler.version is None:  # "gcc": every gcc
                code = data.codes_of["compiler_name"].get(compiler.name)
                field = "compiler_name"
            else:
                code = data.codes_of["compiler"].get(str(compiler))
                field = "compiler"
            if code is not None:
                result |= data.bitmap(field, code)
        return result
    if facet == "variant":
        wanted = {normalize_value("variant", v) for v in values}
        codes = [c for c, v in enumerate(data.vocab["variant"]) if v.replace(":=", "=") in wanted]
        return data.union("variant", codes)
    lookup = data.codes_of[facet]
    return data.union(facet, [lookup[v] for v in values if v in lookup])


def compatible_specs(data: IndexData, host_text: str) -> BitMap:
    """Specs that run on a host: its own target or an ancestor; given as ``spack arch``
    prints it (``linux-ubuntu24.04-zen3``), also exactly its platform and OS."""
    try:
        host = parse_host(host_text)
        runnable = runnable_targets(host.target)
    except UnknownTargetError as error:
        raise SearchError(str(error)) from None
    except ValueError as error:
        raise SearchError(str(error)) from None
    lookup = data.codes_of["target"]
    result = data.union("target", [lookup[t] for t in runnable if t in lookup])
    for field, value in (("platform", host.platform), ("os", host.os)):
        if value is not None:
            code = data.codes_of[field].get(value)
            result &= BitMap() if code is None else data.bitmap(field, code)
    return result
