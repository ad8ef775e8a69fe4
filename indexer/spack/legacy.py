"""The pre-1.0 reading of a spec, to warn when Spack 1.x gives a query another meaning.

Before Spack 1.0, ``%gcc@13`` was the node's compiler and the clauses written after it still
belonged to the package: ``hdf5 %gcc +mpi`` asked for hdf5+mpi built with gcc. spackdex now
answers with the 1.x meaning (``+mpi`` constrains gcc); the search compares the answer with
this reading and, when they differ, tells the user how to write the other one.
"""

from __future__ import annotations

from dataclasses import replace

from spackdex.indexer.spack.specsyntax import CompilerConstraint, SpecQuery

__all__ = ["legacy_reading", "pre_1_0_spelling"]

_MOVABLE = ("versions", "platform", "os", "target")


def _fold(node: SpecQuery) -> SpecQuery | None:
    """``node`` with its single compiler-like ``%`` edge read as a compiler column."""
    direct = [e for e in node.edges if e.direct]
    if not direct:
        return node
    if len(direct) > 1:
        return None  # before 1.0 a second '%' was an error
    (edge,) = direct
    child = edge.node
    if child.name is None or child.edges or child.hash_prefix:
        return None
    if edge.virtuals or edge.deptypes or edge.when:
        return None  # edge attributes are Spack 1.x syntax: no older reading to compare
    folded = replace(
        node,
        edges=tuple(e for e in node.edges if not e.direct),
        compiler=CompilerConstraint(child.name, child.versions),
    )
    names = {v.name for v in node.variants}
    if any(v.name in names for v in child.variants):
        return None
    folded = replace(folded, variants=node.variants + child.variants)
    for attribute in _MOVABLE[1:]:
        value = getattr(child, attribute)
        if value is None:
            continue
        if getattr(node, attribute) is not None:
            return None
        folded = replace(folded, **{attribute: value})
    return folded


def legacy_reading(query: SpecQuery) -> SpecQuery | None:
    """The query as spackdex read it before Spack 1.x semantics, if it read it at all.

    Args:
        query: A parsed spec (the root).

    Returns:
        The same query with every ``%name`` turned back into a compiler-column constraint
        and the clauses after it moved to the package; None if the text has no ``%`` or
        was not a valid pre-1.0 query.
    """
    nodes = [query] + [e.node for e in query.edges if not e.direct]
    if not any(e.direct for n in nodes for e in n.edges):
        return None
    root = _fold(query)
    if root is None:
        return None
    dependencies = []
    for edge in root.edges:
        folded = _fold(edge.node)
        if folded is None:
            return None
        dependencies.append(replace(edge, node=folded))
    return replace(root, edges=tuple(dependencies))


def pre_1_0_spelling(query: SpecQuery) -> str | None:
    """How to write the pre-1.0 meaning in 1.x syntax, when clauses moved.

    Args:
        query: A parsed spec (the root).

    Returns:
        A hint such as ``put '+mpi' before '%gcc'``, or None when no clause follows a
        ``%`` dependency.
    """
    hints = []
    for node in [query] + [e.node for e in query.edges if not e.direct]:
        for edge in node.edges:
            child = edge.node
            if not edge.direct or child.name is None:
                continue
            moved = [str(v) for v in child.variants]
            moved += [f"{k}={getattr(child, k)}" for k in ("platform", "os") if getattr(child, k)]
            if child.target is not None:
                moved.append("target=" + ",".join(str(r) for r in child.target.ranges))
            if moved:
                hints.append(f"write {' '.join(moved)} before %{child.name}")
    return "; ".join(hints) or None
