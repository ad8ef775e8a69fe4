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
from whoosh.query import Or, Prefix, Query, Term

from .search.limits import MAX_WORD_EXPANSION_CHARS

__all__ = [
    "PackageDoc",
    "TextIndex",
    "ValueDoc",
    "WordMatch",
    "name_parts",
    "value_tokens",
    "write_text_index",
]

_WORDS = RegexTokenizer(r"\S+") | LowercaseFilter()
_SCHEMA = Schema(
    kind=STORED,
    key=ID(stored=True),
    field=STORED,
    names=TEXT(analyzer=_WORDS, phrase=False),
    description=TEXT(analyzer=StemmingAnalyzer(), phrase=False),
    tokens=TEXT(analyzer=_WORDS, phrase=False),
    # what the package catalog adds: maintainers, variant names and descriptions
    recipe=TEXT(analyzer=StemmingAnalyzer(), phrase=False),
)
_DESCRIPTION_ANALYZER = StemmingAnalyzer()
# Relevance tiers of a word's match (see TextIndex.match_word).
_TIER_EXACT = 1000.0
_TIER_PART = 50.0
_TIER_PREFIX = 20.0
_TIER_TYPO = 10.0
_TIER_DESCRIPTION = 5.0
_TIER_RECIPE = 4.0
_TIER_VALUE = 3.0
_SPLIT_NAME = re.compile(r"[-_]")
_SPLIT_VALUE = re.compile(r"[@=,:]+")


@dataclass(frozen=True, slots=True)
class ValueDoc:
    """A distinct facet value to make findable by words: ``("variant", "+mpi")``."""

    field: str
    value: str


@dataclass(frozen=True, slots=True)
class PackageDoc:
    """A package to make findable: its name, description and catalog words."""

    name: str
    description: str | None
    recipe: str = ""  # maintainers, variant names and descriptions (catalog only)


@dataclass
class WordMatch:
    """What one query word matched, with Whoosh's scores."""

    packages: dict[str, float] = field(default_factory=dict)
    values: dict[ValueDoc, float] = field(default_factory=dict)
    exact_package: str | None = None
    # packages matched only through their catalog words (a maintainer, a variant)
    recipe_only: set[str] = field(default_factory=set)


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
    folder: Path, packages: Iterable[PackageDoc], values: Iterable[ValueDoc]
) -> None:
    """Create the Whoosh index of packages and facet values."""
    folder.mkdir(parents=True)
    index = whoosh_index.create_in(str(folder), _SCHEMA)
    writer = index.writer()
    for package in packages:
        writer.add_document(
            kind="package",
            key=package.name,
            names=name_parts(package.name),
            description=package.description or "",
            recipe=package.recipe,
        )
    for doc in values:
        writer.add_document(
            kind="value",
            key=f"{doc.field}\t{doc.value}",
            field=doc.field,
            tokens=value_tokens(doc.value.lower()),
        )
    writer.commit()


class TextIndex:
    """A read-only Whoosh index, opened once and searched a word at a time."""

    def __init__(self, folder: Path) -> None:
        self._index = whoosh_index.open_dir(str(folder))
        self._searcher = self._index.searcher()
        self._reader = self._searcher.reader()
        self._names: frozenset[str] | None = None

    def close(self) -> None:
        self._searcher.close()

    def match_word(self, word: str) -> WordMatch:
        """Packages and values one word finds, scored by how they matched.

        Tiers, best first: the exact package name, a name part (``numpy`` in
        ``py-numpy``), a name prefix (typing ``hdf``), a name within the typo budget, a word
        of the description, a catalog word (maintainer, variant name or description), a
        facet value. Whoosh's BM25 score orders within a tier.
        """
        word = word.lower()
        match = WordMatch()
        if word in self._package_names:
            match.exact_package = word
            match.packages[word] = _TIER_EXACT
        clauses: list[tuple[float, Query]] = [(_TIER_PART, Term("names", word))]
        # a word longer than any package name is looked up only as it is (see limits.py)
        expand = len(word) <= MAX_WORD_EXPANSION_CHARS
        if len(word) >= 2 and expand:
            clauses.append((_TIER_PREFIX, Prefix("names", word)))
        stems = [token.text for token in _DESCRIPTION_ANALYZER(word)]
        clauses.extend((_TIER_DESCRIPTION, Term("description", stem)) for stem in stems)
        clauses.extend((_TIER_RECIPE, Term("recipe", stem)) for stem in stems)
        for tier, query in clauses:
            for hit in self._searcher.search(query, limit=None):
                name = hit["key"]
                if hit["kind"] == "package" and name not in match.packages:
                    match.packages[name] = tier + min(hit.score, 1.0) / 10
                    if tier == _TIER_RECIPE:
                        match.recipe_only.add(name)
        for name in self._typo_matches(word) if expand else ():
            match.packages.setdefault(name, _TIER_TYPO)
        queries: list[Query] = [Term("tokens", word)]
        if len(word) >= 3 and expand:
            queries.append(Prefix("tokens", word))
        for hit in self._searcher.search(Or(queries), limit=None):
            field_name, _, value = hit["key"].partition("\t")
            match.values[ValueDoc(field_name, value)] = _TIER_VALUE
        return match

    def _typo_matches(self, word: str) -> list[str]:
        """Names within the typo budget: one typo from 5 characters, two from 9.

        As Meilisearch counts them, a swap of two neighbouring letters is one typo, so
        Whoosh's Levenshtein candidates (one more edit allowed) are re-checked here.
        """
        budget = 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0
        if not budget:
            return []
        names = []
        for candidate in self._reader.terms_within("names", word, budget + 1, prefix=1):
            if _typos(word, candidate) <= budget:
                names.extend(self._packages_with_part(candidate))
        return names

    def _packages_with_part(self, part: str) -> list[str]:
        return [hit["key"] for hit in self._searcher.search(Term("names", part), limit=None)]

    @property
    def _package_names(self) -> frozenset[str]:
        if self._names is None:
            self._names = frozenset(
                stored["key"]
                for stored in self._reader.all_stored_fields()
                if stored["kind"] == "package"
            )
        return self._names


def _typos(a: str, b: str) -> int:
    """Optimal string alignment distance: edits, with an adjacent swap counting as one."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
