"""Spack variants: the strings cache pages write, and the constraints users type.

Written forms (data and queries share them):

* ``+mpi`` / ``~mpi`` (also ``-mpi``): boolean on/off, stored as ``{"true"}``/``{"false"}``;
  ``mpi=true``/``mpi=false`` are the same thing.
* ``++mpi`` / ``~~mpi`` / ``--mpi`` and ``name==value``: propagated to dependencies.
* ``name=value`` and ``name=v1,v2`` (multi-valued, order irrelevant).
* ``name:=v1,v2``: Spack's notation for an exact (concrete) set of values.

Matching: a node's own values decide (propagation is not recorded on a binary); ``k=v1,v2``
needs at least those values, ``k:=v1,v2`` exactly those.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spackdex.indexer.spack.errors import SpecSyntaxError

__all__ = ["WILDCARD", "Variant", "VariantConstraint"]

#: A constraint value meaning "any value" (Spack's ``name=*``).
WILDCARD = "*"
#: Compiler flags: their value is one string, spaces and commas included.
FLAG_NAMES = frozenset({"cflags", "cppflags", "cxxflags", "fflags", "ldflags", "ldlibs"})

_NAME = r"[A-Za-z0-9_][A-Za-z0-9_-]*"
_BOOL = re.compile(rf"(?P<sigil>\+\+|~~|--|\+|~|-)(?P<name>{_NAME})")
_ASSIGN = re.compile(rf"(?P<name>{_NAME})(?P<op>:==|==|:=|=)(?P<value>.*)", re.DOTALL)
_NEEDS_QUOTES = re.compile(r"[\s'\"]")

_TRUE = frozenset({"true"})
_FALSE = frozenset({"false"})


def _normalize(values: Iterable[str]) -> frozenset[str]:
    """Fold ``True``/``FALSE`` spellings of a single boolean value to lowercase."""
    result = frozenset(values)
    if len(result) == 1:
        (only,) = result
        if only.lower() in ("true", "false"):
            return frozenset({only.lower()})
    return result


def _parse(text: str, column: int) -> tuple[str, frozenset[str], bool, bool]:
    """Split variant text into (name, values, propagate, exact)."""
    stripped = text.strip()
    column += len(text) - len(text.lstrip())
    if not stripped:
        raise SpecSyntaxError("variant expected", text, column)
    boolean = _BOOL.fullmatch(stripped)
    if boolean:
        sigil = boolean["sigil"]
        values = _TRUE if sigil.startswith("+") else _FALSE
        return boolean["name"], values, len(sigil) == 2, False
    assign = _ASSIGN.fullmatch(stripped)
    if not assign:
        raise SpecSyntaxError("expected +name, ~name or name=value", stripped, column)
    raw = assign["value"]
    value_column = column + assign.start("value")
    if not raw:
        raise SpecSyntaxError(f"value expected after {assign['op']!r}", stripped, column)
    name = assign["name"]
    quoted = len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\""
    if quoted:
        raw = raw[1:-1].replace("\\" + raw[0], raw[0])
        value_column += 1
    if name in FLAG_NAMES:
        # compiler flags are one value, spaces and commas included (cflags="-O3 -g")
        values = frozenset({raw})
    else:
        # quoted or not, commas separate the values of a multi-valued variant (Spack)
        pieces = raw.split(",")
        for index, piece in enumerate(pieces):
            if not piece:
                offset = sum(len(p) + 1 for p in pieces[:index])
                where = value_column + min(offset, len(raw) - 1)
                raise SpecSyntaxError("empty value in list", ",", where)
        if WILDCARD in pieces and len(pieces) > 1:
            where = value_column + raw.index(WILDCARD)
            raise SpecSyntaxError("'*' cannot be combined with other values", WILDCARD, where)
        values = frozenset(pieces)
    op = assign["op"]
    return name, _normalize(values), op.endswith("=="), op.startswith(":")


def _display(name: str, values: frozenset[str], propagate: bool, exact: bool) -> str:
    """Write a variant back in Spack notation, values sorted."""
    if values == _TRUE:
        return ("++" if propagate else "+") + name
    if values == _FALSE:
        return ("~~" if propagate else "~") + name
    joined = ",".join(sorted(values))
    if _NEEDS_QUOTES.search(joined):
        joined = '"' + joined.replace('"', "'") + '"'
    op = "==" if propagate else ":=" if exact else "="
    return f"{name}{op}{joined}"


@dataclass(frozen=True, slots=True)
class Variant:
    """One variant setting of a concrete spec, as a cache page writes it.

    Attributes:
        name: Variant name, e.g. ``mpi`` or ``cuda_arch``.
        values: The values; booleans are ``{"true"}`` or ``{"false"}``.
        propagate: Written with ``++``/``~~``/``==`` (applies to dependencies too).
        exact: Written with ``:=`` (the value set is complete).
    """

    name: str
    values: frozenset[str]
    propagate: bool = False
    exact: bool = False

    @classmethod
    def parse(cls, text: str) -> Variant:
        """Parse ``+mpi``, ``~mpi``, ``build_type=Release``, ``cuda_arch=80,90``...

        Args:
            text: One variant string.

        Returns:
            The parsed variant.

        Raises:
            SpecSyntaxError: If ``text`` is not a variant.
        """
        name, values, propagate, exact = _parse(text, 1)
        return cls(name, values, propagate, exact)

    @property
    def is_bool(self) -> bool:
        """Whether this is a boolean (``+name``/``~name``) variant."""
        return self.values in (_TRUE, _FALSE)

    def display(self) -> str:
        """Return the canonical Spack notation, e.g. ``+mpi`` or ``cuda_arch=80,90``."""
        return _display(self.name, self.values, self.propagate, self.exact)

    def __str__(self) -> str:
        return self.display()


@dataclass(frozen=True, slots=True)
class VariantConstraint:
    """A variant requirement from a query, tested against one variant string at a time.

    ``+mpi``/``~mpi`` need that boolean value; ``k=v1,v2`` needs every listed value among
    the spec's values for ``k`` (Spack's "at least these" semantics for abstract specs);
    ``k=*`` needs only that the variant exists; ``k:=v1,v2`` needs exactly those values.
    Propagation is remembered for display; the node's own values decide.

    Attributes:
        name: Variant name.
        values: Required values (``{"true"}``/``{"false"}`` for booleans).
        propagate: Written ``++``/``~~``/``--``/``==``.
        exact: Written ``:=``.
    """

    name: str
    values: frozenset[str]
    propagate: bool = False
    exact: bool = False

    @classmethod
    def parse(cls, text: str, *, column: int = 1) -> VariantConstraint:
        """Parse one variant clause of a spec, e.g. ``+mpi``, ``-mpi``, ``cuda_arch=80,90``.

        Args:
            text: The clause, without surrounding clauses.
            column: 1-based column of ``text[0]`` in the user's input.

        Returns:
            The constraint.

        Raises:
            SpecSyntaxError: If ``text`` is not a variant clause.
        """
        name, values, propagate, exact = _parse(text, column)
        return cls(name, values, propagate, exact)

    @classmethod
    def assign(
        cls, name: str, values: Iterable[str], *, propagate: bool = False, exact: bool = False
    ) -> VariantConstraint:
        """Build ``name=values`` from already-split values (``true``/``false`` normalized).

        Args:
            name: Variant name.
            values: The values as typed.
            propagate: Whether written with ``==``.
            exact: Whether written with ``:=``.

        Returns:
            The constraint.
        """
        return cls(name, _normalize(values), propagate, exact)

    @classmethod
    def boolean(cls, name: str, enabled: bool, *, propagate: bool = False) -> VariantConstraint:
        """Build ``+name`` (``enabled``) or ``~name``.

        Args:
            name: Variant name.
            enabled: True for ``+name``.
            propagate: Whether written doubled (``++name``).

        Returns:
            The constraint.
        """
        return cls(name, _TRUE if enabled else _FALSE, propagate)

    @property
    def is_bool(self) -> bool:
        """Whether this requires a boolean value."""
        return self.values in (_TRUE, _FALSE)

    def matches_variant(self, variant: Variant) -> bool:
        """Whether a parsed data variant satisfies this constraint.

        Args:
            variant: One variant of a concrete spec.

        Returns:
            True if the names agree and every required value is present.
        """
        if variant.name != self.name:
            return False
        if self.values == {WILDCARD}:
            return True
        if self.exact:
            # ':=' is exactly this set of values: foo:=bar does not match foo=bar,baz
            return self.values == variant.values
        return self.values <= variant.values

    def matches(self, variant_text: str) -> bool:
        """Whether one variant string of a concrete spec satisfies this constraint.

        Args:
            variant_text: A variant as the data writes it, e.g. ``cuda_arch=80,90``.

        Returns:
            True on a match; False for other variants and unparseable text.
        """
        try:
            variant = Variant.parse(variant_text)
        except SpecSyntaxError:
            return False
        return self.matches_variant(variant)

    def display(self) -> str:
        """Return the constraint in Spack notation."""
        return _display(self.name, self.values, self.propagate, self.exact)

    def __str__(self) -> str:
        return self.display()
