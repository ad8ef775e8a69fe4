"""The tokenizer of the spec syntax, after Spack 1.x's ``spec_parser`` token table.

One regular expression of alternatives, tried in order (the first that matches wins), as
Spack's tokenizer does: dependency sigils (``^``, ``%``, ``%%``, with an optional virtual
assignment ``c,cxx=gcc`` or an edge-attribute bracket ``[virtuals=mpi]``), versions (git
versions first, so ``@git.foo/bar`` is one token), propagated and plain boolean variants,
``key=value`` pairs (unquoted values may hold ``+ = / . : , * % ^ ~``; quoted values hold
anything), package names, ``/hash`` and whitespace. Anything else is an ``other`` token the
parser reports with its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "tokenize"]

NAME = r"[A-Za-z0-9_][A-Za-z0-9_-]*"
# Keys of key=value pairs may be dotted in Spack; the parser rejects what it cannot use.
_KEY = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_VIRTUAL_ASSIGNMENT = rf"(?P<assigned>{NAME}(?:,{NAME})*)=(?P<provider>{NAME})"
_VERSION_CHAR = r"[A-Za-z0-9_.:=-]"
_GIT_REF = r"git\.[A-Za-z0-9_][A-Za-z0-9_./-]*|[0-9A-Fa-f]{40}(?![A-Za-z0-9_])"
# Spack's unquoted VALUE: everything a shell word usually holds in a spec.
_VALUE = r"[A-Za-z0-9_+*.,:=%^~/\\-]*"
# Quoted values may hold anything but an unescaped closing quote; a missing closing quote
# still tokenizes, so the parser can name it.
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"?|'(?:[^'\\]|\\.)*'?"

_TOKEN = re.compile(
    rf"""
      (?P<ws>\s+)
    | (?P<edge_open>(?P<edge_sigil>\^|%%|%)\[)
    | (?P<edge_close>\](?:\s*{_VIRTUAL_ASSIGNMENT.replace("?P<", "?P<close_")})?)
    | (?P<dep>(?P<sigil>\^|%%|%)(?:\s*{_VIRTUAL_ASSIGNMENT})?)
    | (?P<git>@(?P<git_ref>{_GIT_REF})(?:=(?P<git_version>[A-Za-z0-9_][A-Za-z0-9_.-]*))?)
    | (?P<version>@\s*(?P<version_text>{_VERSION_CHAR}*(?:\s*,\s*{_VERSION_CHAR}*)*))
    | (?P<bool>(?P<bool_sigil>\+\+|~~|--|[+~-])\s*(?P<bool_name>{_KEY})?)
    | (?P<kv>(?P<key>{_KEY})(?P<op>:?==?)(?P<value>{_QUOTED}|{_VALUE}))
    | (?P<name>{NAME}(?:\.{NAME})*|\*)
    | (?P<hash>/(?P<hash_text>[A-Za-z0-9]*))
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_KINDS: tuple[str, ...] = ("ws", "edge_open", "edge_close", "dep", "git", "version", "bool")
_KINDS += ("kv", "name", "hash", "other")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind (the regex group that matched) and the match itself."""

    kind: str
    match: re.Match[str]

    @property
    def text(self) -> str:
        return self.match.group(self.kind)

    @property
    def column(self) -> int:
        """1-based column of the token's first character."""
        return self.match.start() + 1

    def group(self, name: str) -> str | None:
        return self.match.group(name)

    def column_of(self, group: str) -> int:
        return self.match.start(group) + 1


def tokenize(text: str) -> list[Token]:
    """Split a spec into tokens, whitespace dropped.

    Args:
        text: The spec as typed.

    Returns:
        The tokens in order; unknown characters come back as ``other`` tokens.
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        # The outer alternatives are the only groups that can be the last to close.
        kind = next(k for k in _KINDS if match.group(k) is not None)
        if kind != "ws":
            tokens.append(Token(kind, match))
    return tokens
