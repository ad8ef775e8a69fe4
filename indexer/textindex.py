"""Full-text search: the one module that talks to Whoosh.

Whoosh indexes only what needs text search: one document per package (name, name parts,
description) and one per distinct facet value (versions, compilers, oss, targets, variants,
tags, stacks). Spec ordinals never enter Whoosh: a matched package or value is turned into
specs by the bitmaps beside it, which is what makes the build fast (design-notes.md).
Swapping Whoosh for another engine means rewriting this module only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.query import FuzzyTerm, Or, Prefix, Query, Term

__all__ = ["TextIndex", "ValueDoc", "WordMatch", "name_parts", "value_tokens", "write_text_index"]

_WORDS = RegexTokenizer(r"\S+") | LowercaseFilter()
_SCHEMA = Schema(
    kind=STORED,
    key=ID(stored=True),
    field=STORED,
    names=TEXT(analyzer=_WORDS, phrase=False),
    description=TEXT(analyzer=StemmingAnalyzer(), phrase=False),
    tokens=TEXT(analyzer=_WORDS, phrase=False),
)
_DESCRIPTION_ANALYZER = StemmingAnalyzer()
_SPLIT_NAME = re.compile(r"[-_]")
_SPLIT_VALUE = re.compile(r"[@=,:]+")


@dataclass(frozen=True, slots=True)
class ValueDoc:
    """A distinct facet value to make findable by words: ``("variant", "+mpi")``."""

    field: str
    value: str


@dataclass
class WordMatch:
    """What one query word matched, with Whoosh's scores."""

    packages: dict[str, float] = field(default_factory=dict)
    values: dict[ValueDoc, float] = field(default_factory=dict)
    exact_package: str | None = None


def name_parts(name: str) -> str:
    """``py-numpy`` is found by ``py-numpy``, ``py`` and ``numpy``."""
    parts = [p for p in _SPLIT_NAME.split(name) if p]
    return " ".join([name, *parts] if len(parts) > 1 else [name])


def value_tokens(value: str) -> str:
    """Words a value is found by: ``gcc@13.2.0`` by itself, ``gcc`` and ``13.2.0``.

    A disabled variant (``~mpi``) is found only as ``~mpi``: the word ``mpi`` means MPI on.
    """
    if value.startswith("~"):
        return value
    bare = value.removeprefix("+")
    parts = [p for p in _SPLIT_VALUE.split(bare) if p]
    return " ".join(dict.fromkeys([value, bare, *parts]))


def write_text_index(
    folder: Path, packages: Iterable[tuple[str, str | None]], values: Iterable[ValueDoc]
) -> None:
    """Create the Whoosh index of packages ``(name, description)`` and facet values."""
    folder.mkdir(parents=True)
    index = whoosh_index.create_in(str(folder), _SCHEMA)
    writer = index.writer()
    for name, description in packages:
        writer.add_document(
            kind="package", key=name, names=name_parts(name), description=description or ""
        )
    for doc in values:
        writer.add_document(
            kind="value", key=f"{doc.field}\t{doc.value}", field=doc.field,
            tokens=value_tokens(doc.value.lower()),
        )
    writer.commit()


class TextIndex:
    """A read-only Whoosh index, opened once and searched a word at a time."""

    def __init__(self, folder: Path) -> None:
        self._index = whoosh_index.open_dir(str(folder))
        self._searcher = self._index.searcher()
        self._reader = self._searcher.reader()

    def close(self) -> None:
        self._searcher.close()

    def match_word(self, word: str) -> WordMatch:
        """Packages and values one word finds: exact, prefix (typing) and typo-tolerant."""
        word = word.lower()
        clauses: list[Query] = [Term("names", word, boost=4.0), Term("tokens", word, boost=2.0)]
        if len(word) >= 2:
            clauses.append(Prefix("names", word, boost=1.5))
        if len(word) >= 3:
            clauses.append(Prefix("tokens", word, boost=0.5))
        typos = 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0
        if typos:  # as Meilisearch does: one typo from 5 characters, two from 9
            clauses.append(FuzzyTerm("names", word, maxdist=typos, prefixlength=1, boost=1.0))
        clauses.extend(
            Term("description", token.text) for token in _DESCRIPTION_ANALYZER(word)
        )
        match = WordMatch()
        for hit in self._searcher.search(Or(clauses), limit=None):
            stored = hit.fields()
            if stored["kind"] == "package":
                match.packages[stored["key"]] = hit.score
                if stored["key"] == word:
                    match.exact_package = word
            else:
                field_name, _, value = stored["key"].partition("\t")
                match.values[ValueDoc(field_name, value)] = hit.score
        return match
