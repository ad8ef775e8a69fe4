"""Free text: each word finds packages and values in Whoosh, bitmaps turn them into specs.

Words are AND-ed. A spec's relevance is the sum over words of how well the word matched
its package (name, name part, prefix, typo, description) or, failing that, one of its
values (``mpi`` matching ``+mpi``). A word equal to a package name puts that package first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap, FrozenBitMap

from ..store.load import IndexData
from ..textindex import TextIndex

__all__ = ["TextMatch", "TextMatcher", "split_words"]

_WORD = re.compile(r"[^\s,;]+")
_WORD_CACHE_SIZE = 4096

FloatArray = npt.NDArray[np.float32]


def split_words(query: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(query)]


@dataclass(frozen=True)
class _Word:
    specs: FrozenBitMap
    package_scores: FloatArray  # by package code; 0 where the package did not match
    value_score: float  # the best score of a value the word matched (0 if none)


@dataclass(frozen=True)
class TextMatch:
    """The specs every word matched, and what is needed to score them."""

    specs: BitMap
    words: tuple[_Word, ...]

    def package_scores(self, packages: npt.NDArray[np.integer]) -> FloatArray:
        """Relevance for each package code given; a spec scores as its package does
        (a word that matched none of its package's names or description matched one of
        its values, which scores the word's best value match)."""
        total = np.zeros(len(packages), dtype=np.float32)
        for word in self.words:
            by_package = word.package_scores[packages]
            total += np.where(by_package > 0, by_package, np.float32(word.value_score))
        return total

    def matches_every_word(self, packages: npt.NDArray[np.integer]) -> npt.NDArray[np.bool_]:
        """Which packages every word found by name, description or catalog words (what a
        package without binaries, which has no values, must satisfy)."""
        found = np.ones(len(packages), dtype=np.bool_)
        for word in self.words:
            found &= word.package_scores[packages] > 0
        return found


class TextMatcher:
    """Matches query words against one index version; caches words, as users retype them.

    ``package_codes`` names every package a word may score, with binaries or known only
    from the catalog (codes past the binaries' own); only the former have specs.
    """

    def __init__(
        self,
        data: IndexData,
        text: TextIndex,
        package_codes: Mapping[str, int],
    ) -> None:
        self._data = data
        self._text = text
        self._package_codes = package_codes
        self._package_count = max(self._package_codes.values(), default=-1) + 1
        self._word = lru_cache(maxsize=_WORD_CACHE_SIZE)(self._match_word)

    def match(self, query: str) -> TextMatch | None:
        """None when the query has no words (it then constrains nothing)."""
        words = split_words(query)
        if not words:
            return None
        matched = tuple(self._word(word) for word in dict.fromkeys(words))
        specs = BitMap(matched[0].specs)
        for word in matched[1:]:
            specs &= word.specs
        return TextMatch(specs, matched)

    def _match_word(self, word: str) -> _Word:
        data = self._data
        found = self._text.match_word(word)
        binary = data.codes_of["package"]
        scores = np.zeros(self._package_count, dtype=np.float32)
        bitmaps = []
        for name, score in found.packages.items():
            code = self._package_codes.get(name)
            if code is None:
                continue
            scores[code] = score
            # a word naming values (mpi: +mpi) selects binaries by value, not every binary
            # of a recipe that merely declares the variant
            if name in binary and not (name in found.recipe_only and found.values):
                bitmaps.append(data.bitmap("package", code))
        value_score = 0.0
        for value, score in found.values.items():
            code = data.codes_of[value.field].get(value.value)
            if code is not None:
                bitmaps.append(data.bitmap(value.field, code))
                value_score = max(value_score, score)
        return _Word(FrozenBitMap.union(FrozenBitMap(), *bitmaps), scores, value_score)
