"""Recursive-descent parser for the Spack 1.x spec syntax users type.

Grammar (after Spack's ``spec_parser``; whitespace between clauses is optional wherever
the clauses stay unambiguous)::

    spec     := node { edge }
    edge     := ("^" | "%") [ "[" {key=value} "]" ] [virtuals "="] node
    node     := [NAME | "*"] clause*           # an anonymous root is allowed: "+mpi %gcc"
    clause   := "@" versions | "@git." ref ["=" version] | ("+"|"~"|"-"|"++"|"~~"|"--") NAME
              | NAME ("="|":="|"=="|":==") value | "/" HASH

As in Spack 1.x, ``%name`` is a *direct* dependency of the node it follows (the root, or
the last ``^`` dependency) and the clauses written after it constrain that dependency:
``hdf5 %gcc +mpi`` asks for a gcc with ``+mpi``. ``^name`` is a dependency of the root,
and its own ``%`` edges attach to it (``mpileaks ^libelf@1.1 %clang@20``). ``%c=gcc`` and
``%c,cxx=gcc`` are ``%[virtuals=c,cxx] gcc``. ``platform=``, ``os=``, ``target=`` and
``arch=`` are architecture clauses; every other ``key=value`` is a variant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spackdex.indexer.spack.archclauses import TargetConstraint, parse_arch_clause
from spackdex.indexer.spack.compilers import CompilerConstraint, VersionQuery
from spackdex.indexer.spack.errors import SpecSyntaxError
from spackdex.indexer.spack.gitversions import GitVersionConstraint
from spackdex.indexer.spack.spectokens import Token, tokenize
from spackdex.indexer.spack.variants import VariantConstraint
from spackdex.indexer.spack.versions import VersionConstraint

__all__ = ["CompilerConstraint", "EdgeQuery", "SpecQuery", "VersionQuery", "parse_spec"]

DEPTYPES = ("build", "link", "run", "test")
_HASH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz234567")
_ARCH_KEYS = frozenset({"platform", "os", "target", "arch"})
# Names Spack reserves for node attributes: never variants, never booleans or propagated.
_RESERVED = _ARCH_KEYS | {"namespace", "architecture"}
_NO_SPACE = "'=' must follow a name directly, with no space"
_EXPECTED = "expected a package name, @version, +variant, key=value, /hash, %dep or ^dep"


@dataclass(frozen=True, slots=True)
class EdgeQuery:
    """A dependency clause: ``^node`` (any dependency) or ``%node`` (a direct one).

    Attributes:
        node: Constraints on the dependency itself; its name may be a virtual (``mpi``).
        direct: Written with ``%``.
        virtuals: Virtuals the edge must provide (``[virtuals=c]``, ``%c=gcc``).
        deptypes: Dependency types the edge must have (``[deptypes=build]``).
        when: ``[when=+mpi]``: the edge is required only of nodes satisfying this.
    """

    node: SpecQuery
    direct: bool = False
    virtuals: tuple[str, ...] = ()
    deptypes: tuple[str, ...] = ()
    when: SpecQuery | None = None


@dataclass(frozen=True, slots=True)
class SpecQuery:
    """A parsed spec: constraints on one node plus its dependency edges.

    Attributes:
        name: Package name, or None for an anonymous spec (``+mpi %gcc``).
        versions: Version constraint from ``@`` (a git ref from ``@git.``).
        variants: Variant constraints, in input order.
        platform: From ``platform=`` or ``arch=``.
        os: From ``os=`` or ``arch=``.
        target: From ``target=`` or ``arch=``.
        hash_prefix: From ``/``: a prefix of the DAG hash.
        edges: ``%`` edges of this node; for the root, also every ``^`` edge.
        compiler: Only set by the pre-1.0 reading (``legacy_reading``): the compiler
            column; the parser never sets it.
        notes: For the root: what the response should tell about how the text was read.
    """

    name: str | None = None
    versions: VersionQuery | None = None
    variants: tuple[VariantConstraint, ...] = ()
    platform: str | None = None
    os: str | None = None
    target: TargetConstraint | None = None
    hash_prefix: str | None = None
    edges: tuple[EdgeQuery, ...] = ()
    compiler: CompilerConstraint | None = None
    notes: tuple[str, ...] = ()

    @property
    def has_node_clauses(self) -> bool:
        """Whether anything but the name constrains this node itself."""
        return bool(
            self.versions
            or self.variants
            or self.platform
            or self.os
            or self.target
            or self.hash_prefix
            or self.compiler
        )


# ---------------------------------------------------------------------------------------
# Parser


@dataclass
class _Node:
    """A spec node under construction; setters reject a clause given twice."""

    name: str | None = None
    versions: VersionQuery | None = None
    variants: list[VariantConstraint] = field(default_factory=list)
    platform: str | None = None
    os: str | None = None
    target: TargetConstraint | None = None
    hash_prefix: str | None = None
    edges: list[tuple[EdgeQuery, _Node]] = field(default_factory=list)
    given: set[str] = field(default_factory=set)
    has_clauses: bool = False

    def set_once(self, attribute: str, value: object, token: Token, what: str) -> None:
        if attribute in self.given:
            raise SpecSyntaxError(f"{what} given twice for one package", token.text, token.column)
        self.given.add(attribute)
        setattr(self, attribute, value)
        self.has_clauses = True

    def add_variant(self, variant: VariantConstraint, token: Token) -> None:
        if any(v.name == variant.name for v in self.variants):
            message = f"variant {variant.name!r} given twice for one package"
            raise SpecSyntaxError(message, token.text, token.column)
        self.variants.append(variant)
        self.has_clauses = True

    def freeze(self, notes: tuple[str, ...] = ()) -> SpecQuery:
        edges = tuple(
            EdgeQuery(node.freeze(), e.direct, e.virtuals, e.deptypes, e.when)
            for e, node in self.edges
        )
        return SpecQuery(
            name=self.name,
            versions=self.versions,
            variants=tuple(self.variants),
            platform=self.platform,
            os=self.os,
            target=self.target,
            hash_prefix=self.hash_prefix,
            edges=edges,
            notes=notes,
        )


def _package_name(token: Token) -> str | None:
    name = token.text
    if name == "*":
        return None
    if "." in name:
        message = "namespaces are not recorded in the build cache; give the bare package name"
        raise SpecSyntaxError(message, name, token.column)
    if name != name.lower():
        message = f"package names are lowercase (did you mean {name.lower()!r}?)"
        raise SpecSyntaxError(message, name, token.column)
    return name


def _versions(token: Token) -> VersionQuery:
    if token.kind == "git":
        return GitVersionConstraint.parse(token.group("git_ref") or "", token.group("git_version"))
    text = token.group("version_text")
    if not text:
        raise SpecSyntaxError("version expected after '@'", "@", token.column)
    return VersionConstraint.parse(text, column=token.column_of("version_text"))


def _hash(token: Token) -> str:
    text = token.group("hash_text")
    if not text:
        raise SpecSyntaxError("hash expected after '/'", "/", token.column)
    for index, char in enumerate(text):
        if char not in _HASH_CHARS:
            message = "hashes are base32: lowercase letters a-z and digits 2-7"
            raise SpecSyntaxError(message, char, token.column_of("hash_text") + index)
    return text


def _arch_clause(node: _Node, token: Token) -> None:
    """Apply ``platform=``, ``os=``, ``target=`` or ``arch=`` to ``node``."""
    key, op, value = (token.group(g) or "" for g in ("key", "op", "value"))
    if op != "=":
        raise SpecSyntaxError(f"{key} takes '=', not {op!r}", op, token.column_of("op"))
    if not value:
        raise SpecSyntaxError(f"value expected after '{key}='", token.text, token.column)
    clause = parse_arch_clause(key, value, token.column_of("value"))
    if key in ("platform", "arch"):
        node.set_once("platform", clause.platform, token, "platform")
    if key in ("os", "arch"):
        node.set_once("os", clause.os, token, "os")
    if key in ("target", "arch"):
        node.set_once("target", clause.target, token, "target")


def _variant_clause(node: _Node, token: Token, notes: list[str]) -> None:
    """Apply a ``+name``-style or ``name=value`` variant clause to ``node``."""
    if token.kind == "bool":
        sigil, name = token.group("bool_sigil") or "", token.group("bool_name")
        if name is None:
            raise SpecSyntaxError(f"variant name expected after {sigil!r}", sigil, token.column)
        if name in _RESERVED or "." in name:
            message = f"{name!r} is not a variant: it cannot be turned on or off"
            raise SpecSyntaxError(message, token.text, token.column)
        variant = VariantConstraint.boolean(name, sigil[0] == "+", propagate=len(sigil) == 2)
    else:
        key, op, value = (token.group(g) or "" for g in ("key", "op", "value"))
        if key in _RESERVED or "." in key:
            message = f"{key!r} is a node attribute spackdex does not record, not a variant"
            raise SpecSyntaxError(message, token.text, token.column)
        quote = value[:1]
        if quote in ("'", '"') and (len(value) < 2 or not value.endswith(quote)):
            raise SpecSyntaxError("unterminated quote", quote, token.column_of("value"))
        if quote not in ("'", '"') and re.search(r"[+~%^][A-Za-z0-9_]", value):
            # before Spack 1.x spelling, these characters started the next clause
            notes.append(
                f"'{token.text}' is one value, as in Spack 1.x (a value may contain '+', '~', "
                f"'%' and '^'); put a space before a clause that should follow it, e.g. "
                f"'{key}{op}{value.split('+')[0].split('~')[0].split('%')[0].split('^')[0]} ...'"
            )
        variant = VariantConstraint.parse(token.text, column=token.column)
    node.add_variant(variant, token)


def _condition(token: Token) -> SpecQuery:
    """The spec of ``[when=...]``: what the node the edge hangs from must satisfy for the
    edge to be required (``hdf5 ^[when=+mpi] mpich``)."""
    raw = token.group("value") or ""
    quoted = raw[:1] in ("'", '"')
    text = raw[1:-1] if quoted and len(raw) >= 2 and raw.endswith(raw[0]) else raw
    offset = token.column_of("value") - 1 + (1 if quoted else 0)
    if not text.strip():
        raise SpecSyntaxError("a condition expected after 'when='", token.text, token.column)
    try:
        condition = parse_spec(text)
    except SpecSyntaxError as error:
        raise SpecSyntaxError(error.message, error.token, error.column + offset) from None
    if condition.name is not None:
        message = "a 'when=' condition constrains the package it hangs from; give no name"
        raise SpecSyntaxError(message, condition.name, offset + 1)
    return condition


class _Parser:
    """Recursive descent over the token list; one method per grammar rule."""

    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._pos = 0
        self.notes: list[str] = []

    def _peek(self) -> Token | None:
        return self._tokens[self._pos] if self._pos < len(self._tokens) else None

    def _take(self) -> Token:
        token = self._tokens[self._pos]
        self._pos += 1
        return token

    def spec(self) -> SpecQuery:
        root = _Node()
        self._node(root)
        current = root  # the node that a '%' attaches to: the root or the last '^' node
        while (token := self._peek()) is not None:
            # _node only stops at an edge token or the end
            self._take()
            direct = token.text.startswith("%")
            if token.text.startswith("%%"):
                message = "'%%' (propagated direct dependencies) is not supported"
                raise SpecSyntaxError(message, "%%", token.column)
            virtuals: tuple[str, ...] = ()
            deptypes: tuple[str, ...] = ()
            when: SpecQuery | None = None
            close = token
            if token.kind == "edge_open":
                virtuals, deptypes, when, close = self._edge_attributes(token)
            assigned = close.group("close_assigned" if close.kind == "edge_close" else "assigned")
            provider_group = "close_provider" if close.kind == "edge_close" else "provider"
            node = _Node()
            if assigned:
                virtuals += tuple(assigned.split(","))
                node.name = close.group(provider_group)
            self._node(node)
            if node.name is None and not node.has_clauses and not virtuals:
                sigil = token.text[0]
                message = f"package name or /hash expected after '{sigil}'"
                raise SpecSyntaxError(message, token.text, token.column)
            edge = EdgeQuery(SpecQuery(), direct, virtuals, deptypes, when)
            if direct:
                current.edges.append((edge, node))
            else:
                root.edges.append((edge, node))
                current = node
        return root.freeze(tuple(self.notes))

    def _edge_attributes(
        self, opening: Token
    ) -> tuple[tuple[str, ...], tuple[str, ...], SpecQuery | None, Token]:
        virtuals: tuple[str, ...] = ()
        deptypes: tuple[str, ...] = ()
        when: SpecQuery | None = None
        while (token := self._peek()) is not None and token.kind == "kv":
            self._take()
            key, value = token.group("key") or "", (token.group("value") or "").strip("'\" ")
            items = tuple(v for v in value.split(",") if v)
            if key == "virtuals":
                virtuals += items
            elif key == "deptypes":
                for item in items:
                    if item not in DEPTYPES:
                        message = f"deptypes are {', '.join(DEPTYPES)}"
                        raise SpecSyntaxError(message, item, token.column_of("value"))
                deptypes += items
            elif key == "when":
                when = _condition(token)
            else:
                message = "the edge attributes are 'virtuals', 'deptypes' and 'when'"
                raise SpecSyntaxError(message, token.text, token.column)
        token = self._peek()
        if token is None or token.kind != "edge_close":
            where = token or opening
            message = "']' expected to close the edge attributes"
            raise SpecSyntaxError(message, where.text if token else opening.text, where.column)
        self._take()
        return virtuals, deptypes, when, token

    def _node(self, node: _Node) -> None:
        while (token := self._peek()) is not None and token.kind not in ("dep", "edge_open"):
            self._take()
            self._clause(node, token)

    def _clause(self, node: _Node, token: Token) -> None:
        kind = token.kind
        if kind == "name":
            self._name(node, token)
        elif kind in ("version", "git"):
            node.set_once("versions", _versions(token), token, "version")
        elif kind in ("bool", "kv"):
            if kind == "kv" and token.group("key") in _ARCH_KEYS:
                _arch_clause(node, token)
            else:
                _variant_clause(node, token, self.notes)
        elif kind == "hash":
            node.set_once("hash_prefix", _hash(token), token, "hash")
        elif kind == "edge_close":
            raise SpecSyntaxError("']' without '^[' or '%['", token.text, token.column)
        elif token.text == "=":
            raise SpecSyntaxError(_NO_SPACE, token.text, token.column)
        else:
            raise SpecSyntaxError(_EXPECTED, token.text, token.column)

    def _name(self, node: _Node, token: Token) -> None:
        following = self._peek()
        if following is not None and following.text == "=":
            # `key = value`: report the spacing, not a confusing second package name.
            raise SpecSyntaxError(_NO_SPACE, following.text, following.column)
        if node.name is not None:
            message = "a spec names one package; use '^' or '%' for a dependency"
            raise SpecSyntaxError(message, token.text, token.column)
        if node.has_clauses:
            raise SpecSyntaxError("the package name must come first", token.text, token.column)
        node.name = _package_name(token)
        node.has_clauses = node.has_clauses or token.text == "*"


def parse_spec(text: str) -> SpecQuery:
    """Parse a spec the way a user types it, e.g. ``hdf5@1.14+mpi %gcc@13 ^zlib-ng@2.2:``.

    Args:
        text: The spec string.

    Returns:
        The parsed query (its ``notes`` say how ambiguous-looking text was read).

    Raises:
        SpecSyntaxError: With the offending token and its 1-based column, for any text that
            is not a valid spec (including an empty or blank string).
    """
    tokens = tokenize(text)
    if not tokens:
        raise SpecSyntaxError("empty spec", "", 1)
    return _Parser(tokens).spec()
