"""Facet counts over a matched set, from columns and bitmaps (never Whoosh ``groupedby``).

Counts are disjunctive: the caller passes, for each facet, the matched set computed with
every selection but that facet's own, so a client can offer the other values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap, FrozenBitMap

from ..store.load import IndexData
from .filters import normalize_value

__all__ = ["FacetCount", "FacetResult", "PackageSplit", "count_facet", "whole_packages"]

# Columns with exactly one value per spec; the others (variant, tag, stack) are multi-valued.
_COLUMN_OF = {
    "package": "package",
    "version": "version",
    "compiler": "compiler",
    "os": "os",
    "platform": "platform",
    "target": "target",
}
# Above this share of all specs, counting variants by intersecting the set with each
# value's bitmap beats gathering the set's entries (measured at 80k specs, 2k values:
# 45k specs 0.6 ms by bitmaps, 3 ms by gathering; 2.5k specs 0.6 ms vs 0.2 ms).
_DENSE_SHARE = 1 / 16
# Answers for the match of everything are kept per version up to this many values per
# facet (bounded: the limit is the only part of the key a client chooses).
_SHARED_LIMIT = 100
# Sets that are a few whole packages are counted from per-package counts (kept per
# version); above this many packages, summing them costs more than counting.
_WHOLE_PACKAGES = 64
_REST_SHARE = 8  # and the specs outside whole packages are at most an eighth of the set

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetResult:
    field: str
    values: list[FacetCount]
    truncated: bool


def count_facet(
    data: IndexData,
    field: str,
    specs: BitMap,
    selected: tuple[str, ...],
    limit: int,
    *,
    by_package: bool,
    tags: tuple[str, ...] = (),
    ordinals: npt.NDArray[np.uint32] | None = None,
    packages: PackageSplit | None = None,
) -> FacetResult:
    """Counts of ``field``'s values over ``specs``: distinct specs, or packages.

    ``ordinals``: ``specs`` as an array, when the caller has it (several facets share one
    matched set). ``packages``: ``specs`` split into whole packages and the rest (see
    :func:`whole_packages`)."""
    if len(specs) == data.count and not (field == "stack" and tags):
        # everything matches (the landing page): the same counts for the whole version
        codes, counts = data.cached(
            ("facet", field, by_package), lambda: _counts(data, field, specs, by_package, tags)
        )
        if not selected and limit <= _SHARED_LIMIT:
            # and, without a selection, the same answer: built once, not per request
            return data.cached(
                ("facet_result", field, by_package, limit),
                lambda: _result(data, field, codes, counts, selected, limit),
            )
    elif (
        packages is not None
        and not by_package
        and not (field == "stack" and tags)
        # tags and stacks count by one bitmap per value: the rest would cost as much
        and (field not in ("tag", "stack") or not len(packages.rest))
    ):
        codes, counts = _sum_of_packages(data, field, packages)
    else:
        codes, counts = _counts(data, field, specs, by_package, tags, ordinals)
    return _result(data, field, codes, counts, selected, limit)


@dataclass(frozen=True)
class PackageSplit:
    """A matched set as whole packages plus the rest (specs of packages it holds a part of)."""

    whole: IntArray
    rest: npt.NDArray[np.uint32]
    rest_specs: BitMap


def whole_packages(data: IndexData, ordinals: npt.NDArray[np.uint32]) -> PackageSplit | None:
    """``ordinals`` split into the packages it holds every spec of and the rest, when those
    packages are at most :data:`_WHOLE_PACKAGES` and the rest is small; else None.

    A text query matches packages (by name or description), so its set is mostly whole
    packages, and the counts of any field over them are the sums of those packages' counts,
    kept per version: specs belong to exactly one package.
    """
    package_column = np.asarray(data.column("package"))
    packages_of = package_column[ordinals]
    size = len(data.vocab["package"])
    in_set = np.bincount(packages_of, minlength=size)
    sizes = data.cached(("package_sizes",), lambda: np.bincount(package_column, minlength=size))
    is_whole = (in_set == sizes) & (in_set > 0)
    whole = np.flatnonzero(is_whole)
    if not 0 < len(whole) <= _WHOLE_PACKAGES:
        return None
    rest = ordinals[~is_whole[packages_of]]
    if len(rest) * _REST_SHARE > len(ordinals):
        return None  # counting the rest costs about as much as counting everything
    return PackageSplit(whole.astype(np.int64), rest, BitMap(rest))


def _sum_of_packages(data: IndexData, field: str, split: PackageSplit) -> tuple[IntArray, IntArray]:
    def one(code: int) -> tuple[IntArray, IntArray]:
        return data.cached(
            ("package_facet", field, code),
            lambda: _counts(data, field, data.bitmap("package", code), False, ()),
        )

    parts = [one(code) for code in split.whole.tolist()]
    if len(split.rest):
        parts.append(_counts(data, field, split.rest_specs, False, (), split.rest))
    if len(parts) == 1:
        return parts[0]
    summed = np.bincount(
        np.concatenate([codes for codes, _ in parts]),
        weights=np.concatenate([counts for _, counts in parts]),
        minlength=len(data.vocab[field]),
    ).astype(np.int64)
    codes = np.flatnonzero(summed)
    return codes, summed[codes]


def _result(
    data: IndexData,
    field: str,
    codes: IntArray,
    counts: IntArray,
    selected: tuple[str, ...],
    limit: int,
) -> FacetResult:
    """The ``limit`` most frequent values, and the selected ones."""
    vocabulary = data.vocab[field]
    # only the values shown are sorted and built: variant facets can have thousands
    if len(codes) > limit:
        top = np.argpartition(-counts, limit - 1)[:limit]
    else:
        top = np.arange(len(codes))
    top = top[np.lexsort((codes[top], -counts[top]))]
    wanted = {normalize_value(field, v) for v in selected}
    shown = [
        FacetCount(value, count, _is_selected(field, value, wanted) if wanted else False)
        for value, count in zip(
            [vocabulary[c] for c in codes[top].tolist()], counts[top].tolist(), strict=True
        )
    ]
    shown_names = {v.value for v in shown}
    # a selected value stays visible even when the limit or a zero count would hide it
    code_of = data.codes_of[field]
    count_of = (
        dict(zip(codes.tolist(), counts.tolist(), strict=True)) if wanted - shown_names else {}
    )
    for value in sorted(v for v in wanted - shown_names if v in code_of):
        shown.append(FacetCount(value, int(count_of.get(code_of[value], 0)), True))
    return FacetResult(field, shown, truncated=len(codes) > limit)


def _is_selected(field: str, value: str, wanted: set[str]) -> bool:
    """A compiler selected by name alone (``gcc``) selects each of its versions."""
    return value in wanted or (field == "compiler" and value.partition("@")[0] in wanted)


def _counts(
    data: IndexData,
    field: str,
    specs: BitMap | FrozenBitMap,
    by_package: bool,
    tags: tuple[str, ...],
    ordinals: npt.NDArray[np.uint32] | None = None,
) -> tuple[IntArray, IntArray]:
    """Codes with a non-zero count and their counts."""
    if field in ("tag", "stack"):
        return _bitmap_counts(data, field, specs, by_package, tags)
    if field == "variant" and not by_package and len(specs) > data.count * _DENSE_SHARE:
        # many specs: one roaring intersection per variant value beats gathering entries
        return _bitmap_counts(data, field, specs, by_package, tags)
    if ordinals is None:
        ordinals = np.frombuffer(specs.to_array(), dtype=np.uint32)
    if field in _COLUMN_OF:
        owners: npt.NDArray[np.integer] = ordinals
        values: npt.NDArray[np.integer] = np.asarray(data.column(_COLUMN_OF[field]))[ordinals]
    else:  # variants: several per spec
        owners, values = _variant_entries(data, ordinals.astype(np.int64))
    if field == "compiler":  # specs built without a compiler have none to count
        keep = values >= 0
        owners, values = owners[keep], values[keep]
    if by_package:
        packages = np.asarray(data.column("package"))[owners].astype(np.int64)
        size = len(data.vocab[field])
        values = np.unique(packages * size + values.astype(np.int64)) % size
    counts = np.bincount(values, minlength=len(data.vocab[field]))
    codes = np.flatnonzero(counts)
    return codes, counts[codes]


def _variant_entries(data: IndexData, ordinals: IntArray) -> tuple[IntArray, IntArray]:
    variant_codes = data.column("variant_codes")
    if len(ordinals) > data.count * _DENSE_SHARE:
        member = np.zeros(data.count, dtype=bool)
        member[ordinals] = True
        keep = member[data.variant_owner]
        return (
            data.variant_owner[keep].astype(np.int64),
            np.asarray(variant_codes)[keep].astype(np.int64),
        )
    offsets = data.column("variant_offsets")
    starts = np.asarray(offsets[ordinals])
    lengths = np.asarray(offsets[ordinals + 1]) - starts
    owners = np.repeat(ordinals, lengths)
    first = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    positions = first + np.arange(int(lengths.sum()), dtype=np.int64)
    return owners, np.asarray(variant_codes)[positions].astype(np.int64)


def _bitmap_counts(
    data: IndexData,
    field: str,
    specs: BitMap | FrozenBitMap,
    by_package: bool,
    tags: tuple[str, ...],
) -> tuple[IntArray, IntArray]:
    """One bitmap per value (tags, stacks, and variants of large sets); a stack is scoped
    to the selected tags."""
    packages = np.asarray(data.column("package"))
    tag_codes = [data.codes_of["tag"][t] for t in tags if t in data.codes_of["tag"]]
    codes: list[int] = []
    counts: list[int] = []
    if not by_package and not (field == "stack" and tag_codes):
        found = np.array([b.intersection_cardinality(specs) for b in data.bitmaps(field)])
        nonzero = np.flatnonzero(found)
        return nonzero.astype(np.int64), found[nonzero].astype(np.int64)
    for code in range(len(data.vocab[field])):
        if field == "stack" and tag_codes:
            pairs = [
                data.tag_stack_code[(t, code)]
                for t in tag_codes
                if (t, code) in data.tag_stack_code
            ]
            members: BitMap | FrozenBitMap = data.union("tag_stack", pairs)
        else:
            members = data.bitmap(field, code)
        if by_package:
            inside = np.frombuffer((members & specs).to_array(), dtype=np.uint32)
            count = int(np.unique(packages[inside]).size)
        else:
            count = members.intersection_cardinality(specs)
        if count:
            codes.append(code)
            counts.append(count)
    return np.array(codes, dtype=np.int64), np.array(counts, dtype=np.int64)
