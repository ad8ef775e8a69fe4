"""Tokenizer and recursive-descent parser for the Spack spec syntax users type.

Grammar (whitespace between clauses is optional wherever the clauses stay unambiguous)::

    spec       := node ( "^" dep_node )*
    node       := [NAME] clause*            # an anonymous root is allowed: "+mpi %gcc"
    dep_node   := ( NAME | HASH ) clause*
    clause     := "@" versions | "%" NAME ["@" versions] | ("+"|"~"|"-"|"++"|"~~"|"--") NAME
                | NAME ("="|"=="|":=") value | HASH

``platform=``, ``os=``, ``target=`` and ``arch=`` are architecture clauses; every other
``key=value`` is a variant. Clauses after ``%compiler`` still belong to the package, as in
Spack before 1.0 (``hdf5 %gcc +mpi`` asks for hdf5+mpi); a ``@`` right after the compiler
name is the compiler's version, as in Spack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spackdex.indexer.spack.errors import SpecSyntaxError
from spackdex.indexer.spack.targets import target_in_range
from spackdex.indexer.spack.variants import VariantConstraint
from spackdex.indexer.spack.versions import VersionConstraint

__all__ = [
    "CompilerConstraint",
    "SpecQuery",
    "TargetConstraint",
    "parse_spec",
]


@dataclass(frozen=True, slots=True)
class CompilerConstraint:
    """``%gcc`` or ``%gcc@12:13``.

    Attributes:
        name: Compiler name.
        versions: Required compiler versions, or None for any.
    """

    name: str
    versions: VersionConstraint | None = None

    def matches(self, name: str, version: str | None) -> bool:
        """Whether a spec built with compiler ``name@version`` satisfies this constraint.

        Args:
            name: The compiler's name.
            version: Its version, or None if unknown (which fails a version constraint).

        Returns:
            True on a match.
        """
        if name != self.name:
            return False
        if self.versions is None:
            return True
        return version is not None and self.versions.matches(version)


@dataclass(frozen=True, slots=True)
class TargetConstraint:
    """``target=zen3`` (exact) or a range ``target=x86_64_v3:``, ``:zen3``, ``a:b``.

    Attributes:
        exact: The single accepted target, or None for a range.
        low: Range lower bound (the generic end), or None.
        high: Range upper bound (the specific end), or None.
    """

    exact: str | None = None
    low: str | None = None
    high: str | None = None

    def matches(self, target: str) -> bool:
        """Whether a spec's target satisfies this constraint.

        Args:
            target: The target recorded for a spec.

        Returns:
            True on a match.

        Raises:
            UnknownTargetError: If a range bound is not a known microarchitecture.
        """
        if self.exact is not None:
            return target == self.exact
        return target_in_range(target, self.low, self.high)


@dataclass(frozen=True, slots=True)
class SpecQuery:
    """A parsed spec: constraints on one node plus, for the root, its ``^`` dependencies.

    Attributes:
        name: Package name, or None for an anonymous spec (``+mpi %gcc``).
        versions: Version constraint from ``@``.
        variants: Variant constraints, in input order.
        compiler: Compiler constraint from ``%``.
        platform: From ``platform=`` or ``arch=``.
        os: From ``os=`` or ``arch=``.
        target: From ``target=`` or ``arch=``.
        hash_prefix: From ``/``: a prefix of the DAG hash.
        dependencies: One query per ``^`` clause (always empty for the dependencies).
    """

    name: str | None = None
    versions: VersionConstraint | None = None
    variants: tuple[VariantConstraint, ...] = ()
    compiler: CompilerConstraint | None = None
    platform: str | None = None
    os: str | None = None
    target: TargetConstraint | None = None
    hash_prefix: str | None = None
    dependencies: tuple[SpecQuery, ...] = ()


# ---------------------------------------------------------------------------------------
# Tokenizer

_NAME = r"[A-Za-z0-9_][A-Za-z0-9_-]*"
_VERSION_CHAR = r"[A-Za-z0-9_.:=-]"
# Unquoted values stop at '+', '~', '%', '^', '@', '/' so `build_type=Release+mpi` splits.
_VALUE_CHAR = r"[A-Za-z0-9_.:,*-]"

_TOKEN = re.compile(
    rf"""
      (?P<ws>\s+)
    | (?P<dep>\^)
    | (?P<hash>/(?P<hash_text>[A-Za-z0-9]*))
    | (?P<version>@\s*(?P<version_text>{_VERSION_CHAR}*(?:\s*,\s*{_VERSION_CHAR}*)*))
    | (?P<pct2>%%)
    | (?P<pct>%)
    | (?P<bool>(?P<sigil>\+\+|~~|--|[+~-])\s*(?P<bool_name>{_NAME})?)
    | (?P<kv>(?P<key>{_NAME})(?P<op>==|:=|=)(?P<value>"[^"]*"?|'[^']*'?|{_VALUE_CHAR}*))
    | (?P<name>{_NAME})
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_HASH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz234567")
_ARCH_WORD = re.compile(r"[A-Za-z0-9_.]+")
_ARCH_KEYS = frozenset({"platform", "os", "target", "arch"})
_NO_SPACE = "'=' must follow a name directly, with no space"
_EXPECTED = "expected a package name, @version, +variant, %compiler, key=value, /hash or ^dep"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    match: re.Match[str]

    @property
    def text(self) -> str:
        return self.match.group(self.kind)

    @property
    def column(self) -> int:
        return self.match.start() + 1

    def column_of(self, group: str) -> int:
        return self.match.start(group) + 1


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        # lastgroup is the outermost alternative, since it is the last group to close.
        assert kind is not None
        if kind != "ws":
            tokens.append(_Token(kind, match))
    return tokens


# ---------------------------------------------------------------------------------------
# Parser


@dataclass
class _Node:
    """A spec node under construction; setters reject a clause given twice."""

    name: str | None = None
    versions: VersionConstraint | None = None
    variants: list[VariantConstraint] = field(default_factory=list)
    compiler: CompilerConstraint | None = None
    platform: str | None = None
    os: str | None = None
    target: TargetConstraint | None = None
    hash_prefix: str | None = None
    has_clauses: bool = False

    def set_once(self, attribute: str, value: object, token: _Token, what: str) -> None:
        if getattr(self, attribute) is not None:
            raise SpecSyntaxError(f"{what} given twice for one package", token.text, token.column)
        setattr(self, attribute, value)
        self.has_clauses = True

    def add_variant(self, variant: VariantConstraint, token: _Token) -> None:
        if any(v.name == variant.name for v in self.variants):
            message = f"variant {variant.name!r} given twice for one package"
            raise SpecSyntaxError(message, token.text, token.column)
        self.variants.append(variant)
        self.has_clauses = True

    def freeze(self, dependencies: tuple[SpecQuery, ...] = ()) -> SpecQuery:
        return SpecQuery(
            name=self.name,
            versions=self.versions,
            variants=tuple(self.variants),
            compiler=self.compiler,
            platform=self.platform,
            os=self.os,
            target=self.target,
            hash_prefix=self.hash_prefix,
            dependencies=dependencies,
        )


def _package_name(token: _Token) -> str:
    name = token.text
    if name != name.lower():
        message = f"package names are lowercase (did you mean {name.lower()!r}?)"
        raise SpecSyntaxError(message, name, token.column)
    return name


def _versions(token: _Token) -> VersionConstraint:
    text = token.match.group("version_text")
    if not text:
        raise SpecSyntaxError("version expected after '@'", "@", token.column)
    return VersionConstraint.parse(text, column=token.column_of("version_text"))


def _hash(token: _Token) -> str:
    text = token.match.group("hash_text")
    if not text:
        raise SpecSyntaxError("hash expected after '/'", "/", token.column)
    for index, char in enumerate(text):
        if char not in _HASH_CHARS:
            message = "hashes are base32: lowercase letters a-z and digits 2-7"
            raise SpecSyntaxError(message, char, token.column_of("hash_text") + index)
    return text


def _arch_word(word: str, column: int, what: str) -> str:
    """Check one platform, os or target name; ``column`` is where ``word`` starts."""
    if not word:
        raise SpecSyntaxError(f"{what} name expected", "", column)
    if not _ARCH_WORD.fullmatch(word):
        index = next(i for i, c in enumerate(word) if not _ARCH_WORD.fullmatch(c))
        raise SpecSyntaxError(f"invalid character in {what} name", word[index], column + index)
    return word


def _target(value: str, column: int) -> TargetConstraint:
    if ":" not in value:
        return TargetConstraint(exact=_arch_word(value, column, "target"))
    first = value.index(":")
    if ":" in value[first + 1 :]:
        second = value.index(":", first + 1)
        raise SpecSyntaxError("a target range has a single ':'", ":", column + second)
    low, high = value[:first], value[first + 1 :]
    if not low and not high:
        raise SpecSyntaxError("a target range needs at least one end", ":", column)
    return TargetConstraint(
        low=_arch_word(low, column, "target") if low else None,
        high=_arch_word(high, column + first + 1, "target") if high else None,
    )


def _arch_clause(node: _Node, token: _Token) -> None:
    """Apply ``platform=``, ``os=``, ``target=`` or ``arch=`` to ``node``."""
    key, op, value = (token.match.group(g) for g in ("key", "op", "value"))
    column = token.column_of("value")
    if op != "=":
        raise SpecSyntaxError(f"{key} takes '=', not {op!r}", op, token.column_of("op"))
    if not value:
        raise SpecSyntaxError(f"value expected after '{key}='", token.text, token.column)
    if key == "platform":
        node.set_once("platform", _arch_word(value, column, "platform"), token, "platform")
    elif key == "os":
        node.set_once("os", _arch_word(value, column, "os"), token, "os")
    elif key == "target":
        node.set_once("target", _target(value, column), token, "target")
    else:
        parts = value.split("-")
        if len(parts) != 3 or not all(parts):
            message = "arch= takes platform-os-target, e.g. linux-ubuntu24.04-x86_64_v3"
            raise SpecSyntaxError(message, value, column)
        platform, os_name, target = parts
        os_column = column + len(platform) + 1
        target_column = os_column + len(os_name) + 1
        node.set_once("platform", _arch_word(platform, column, "platform"), token, "platform")
        node.set_once("os", _arch_word(os_name, os_column, "os"), token, "os")
        exact = TargetConstraint(exact=_arch_word(target, target_column, "target"))
        node.set_once("target", exact, token, "target")


def _variant_clause(node: _Node, token: _Token) -> None:
    """Apply a ``+name``-style or ``name=value`` variant clause to ``node``."""
    if token.kind == "bool":
        sigil, name = token.match.group("sigil"), token.match.group("bool_name")
        if name is None:
            raise SpecSyntaxError(f"variant name expected after {sigil!r}", sigil, token.column)
        variant = VariantConstraint.boolean(name, sigil[0] == "+", propagate=len(sigil) == 2)
    else:
        value = token.match.group("value")
        quote = value[:1]
        if quote in ("'", '"') and (len(value) < 2 or not value.endswith(quote)):
            raise SpecSyntaxError("unterminated quote", quote, token.column_of("value"))
        variant = VariantConstraint.parse(token.text, column=token.column)
    node.add_variant(variant, token)


class _Parser:
    """Recursive descent over the token list; one method per grammar rule."""

    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._pos = 0

    def _peek(self) -> _Token | None:
        return self._tokens[self._pos] if self._pos < len(self._tokens) else None

    def _take(self) -> _Token:
        token = self._tokens[self._pos]
        self._pos += 1
        return token

    def spec(self) -> SpecQuery:
        root = _Node()
        self._node(root)
        dependencies = []
        while self._peek() is not None:
            # _node only stops at '^' or the end, so this token is a '^'.
            caret = self._take()
            following = self._peek()
            if following is None or following.kind not in ("name", "hash"):
                message = "package name or /hash expected after '^'"
                raise SpecSyntaxError(message, caret.text, caret.column)
            dependency = _Node()
            self._node(dependency)
            dependencies.append(dependency.freeze())
        return root.freeze(tuple(dependencies))

    def _node(self, node: _Node) -> None:
        while (token := self._peek()) is not None and token.kind != "dep":
            self._take()
            self._clause(node, token)

    def _clause(self, node: _Node, token: _Token) -> None:
        kind = token.kind
        if kind == "name":
            self._name(node, token)
        elif kind == "version":
            node.set_once("versions", _versions(token), token, "version")
        elif kind == "pct":
            self._compiler(node, token)
        elif kind in ("bool", "kv"):
            if kind == "kv" and token.match.group("key") in _ARCH_KEYS:
                _arch_clause(node, token)
            else:
                _variant_clause(node, token)
        elif kind == "hash":
            node.set_once("hash_prefix", _hash(token), token, "hash")
        elif kind == "pct2":
            message = "'%%' (propagated direct dependencies) is not supported"
            raise SpecSyntaxError(message, token.text, token.column)
        elif token.text == "=":
            raise SpecSyntaxError(_NO_SPACE, token.text, token.column)
        else:
            raise SpecSyntaxError(_EXPECTED, token.text, token.column)

    def _name(self, node: _Node, token: _Token) -> None:
        following = self._peek()
        if following is not None and following.text == "=":
            # `key = value`: report the spacing, not a confusing second package name.
            raise SpecSyntaxError(_NO_SPACE, following.text, following.column)
        if node.name is not None:
            message = "a spec names one package; use '^' for a dependency"
            raise SpecSyntaxError(message, token.text, token.column)
        if node.has_clauses:
            raise SpecSyntaxError("the package name must come first", token.text, token.column)
        node.name = _package_name(token)

    def _compiler(self, node: _Node, percent: _Token) -> None:
        name_token = self._peek()
        if name_token is None or name_token.kind != "name":
            raise SpecSyntaxError("compiler name expected after '%'", "%", percent.column)
        self._take()
        versions = None
        following = self._peek()
        if following is not None and following.kind == "version":
            self._take()
            versions = _versions(following)
        compiler = CompilerConstraint(_package_name(name_token), versions)
        node.set_once("compiler", compiler, percent, "compiler")


def parse_spec(text: str) -> SpecQuery:
    """Parse a spec the way a user types it, e.g. ``hdf5@1.14+mpi %gcc@13 ^zlib-ng@2.2:``.

    Args:
        text: The spec string.

    Returns:
        The parsed query.

    Raises:
        SpecSyntaxError: With the offending token and its 1-based column, for any text that
            is not a valid spec (including an empty or blank string).
    """
    tokens = _tokenize(text)
    if not tokens:
        raise SpecSyntaxError("empty spec", "", 1)
    return _Parser(tokens).spec()
