"""Opening one index version read-only: columns memory-mapped, bitmaps decoded on demand."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import orjson
from pyroaring import BitMap, FrozenBitMap

from .layout import BITMAP_FIELDS, FORMAT_VERSION

__all__ = ["IndexData", "IndexFormatError"]

T = TypeVar("T")


class IndexFormatError(RuntimeError):
    """The folder is not an index version this spackdex can read."""


class IndexData:
    """The columns, bitmaps and vocabularies of one published version.

    Columns are memory-mapped, so opening costs little and several worker processes share
    the page cache. Bitmaps are decoded the first time a value is asked for, then kept.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            self.meta: dict[str, Any] = orjson.loads((folder / "meta.json").read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise IndexFormatError(f"{folder}: not a spackdex index version ({error})") from None
        if self.meta.get("format") != FORMAT_VERSION:
            raise IndexFormatError(
                f"{folder}: index format {self.meta.get('format')!r}, this spackdex reads "
                f"{FORMAT_VERSION}; rebuild it with 'spackdex index'"
            )
        self.vocab: dict[str, list[str]] = self.meta["vocabularies"]
        self.codes_of: dict[str, dict[str, int]] = {
            name: {value: code for code, value in enumerate(values)}
            for name, values in self.vocab.items()
        }
        self.tag_stacks: list[tuple[int, int]] = [(t, s) for t, s in self.meta["tag_stacks"]]
        self.tag_stack_code = {pair: code for code, pair in enumerate(self.tag_stacks)}
        self.packages: list[dict[str, Any]] = orjson.loads((folder / "packages.json").read_bytes())
        self._columns: dict[str, npt.NDArray[Any]] = {}
        self._blobs: dict[str, tuple[bytes, npt.NDArray[np.int64]]] = {}
        self._bitmaps: dict[tuple[str, int], FrozenBitMap] = {}
        self._lock = threading.Lock()
        self._derived: dict[tuple[object, ...], object] = {}
        self.count = int(self.meta["counts"]["specs"])

    @property
    def version(self) -> str:
        return self.folder.name

    def column(self, name: str) -> npt.NDArray[Any]:
        array = self._columns.get(name)
        if array is None:
            # a plain ndarray view of the map: numpy.memmap adds overhead to every access
            array = np.asarray(np.load(self.folder / "columns" / f"{name}.npy", mmap_mode="r"))
            self._columns[name] = array
        return array

    def optional_column(self, name: str) -> npt.NDArray[Any] | None:
        """A column added after format 2 (``signed``, ``occ_mirror``): None in versions
        written before it. Its absence is remembered too: rows ask on every request."""

        def load() -> npt.NDArray[Any] | None:
            try:
                return self.column(name)
            except FileNotFoundError:
                return None

        return self.cached(("optional column", name), load)

    def bitmap(self, field: str, code: int) -> FrozenBitMap:
        """Spec ordinals having value ``code`` of ``field``."""
        key = (field, code)
        found = self._bitmaps.get(key)
        if found is not None:
            return found
        blob, offsets = self._blob(field)
        bitmap = FrozenBitMap.deserialize(blob[offsets[code] : offsets[code + 1]])
        with self._lock:
            self._bitmaps[key] = bitmap
        return bitmap

    def hash_range(self, prefix: str) -> range:
        """Ordinals of the specs whose hash starts with ``prefix`` (hashes are sorted)."""
        hashes = self.column("hash")
        low = int(np.searchsorted(hashes, prefix.encode(), side="left"))
        # no hash character sorts after 0xff: this is the end of the prefix's run
        high = int(np.searchsorted(hashes, prefix.encode() + b"\xff", side="left"))
        return range(low, high)

    def bitmaps(self, field: str) -> list[FrozenBitMap]:
        """Every value's bitmap of a field, in code order (decoded once)."""
        return self.cached(
            ("bitmaps", field),
            lambda: [self.bitmap(field, code) for code in range(len(self.vocab[field]))],
        )

    def union(self, field: str, codes: list[int]) -> BitMap:
        return BitMap.union(BitMap(), *(self.bitmap(field, code) for code in codes))

    def _blob(self, field: str) -> tuple[bytes, npt.NDArray[np.int64]]:
        if field not in BITMAP_FIELDS:
            raise KeyError(field)
        found = self._blobs.get(field)
        if found is None:
            folder = self.folder / "bitmaps"
            found = (
                (folder / f"{field}.bin").read_bytes(),
                np.load(folder / f"{field}.offsets.npy"),
            )
            self._blobs[field] = found
        return found

    def cached(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """A value derived from this immutable version, computed once (e.g. match-all facets)."""
        if key not in self._derived:
            value = compute()
            with self._lock:
                self._derived[key] = value
            return value
        return cast(T, self._derived[key])

    @cached_property
    def all_specs(self) -> FrozenBitMap:
        return FrozenBitMap(range(self.count))

    @cached_property
    def variant_owner(self) -> npt.NDArray[np.int32]:
        """For each variant entry, the spec it belongs to (to count facets of large sets)."""
        return _owners(self.column("variant_offsets"))

    @cached_property
    def occ_owner(self) -> npt.NDArray[np.int32]:
        return _owners(self.column("occ_offsets"))

    def warm(self) -> None:
        """Open every file now: the first request is then not the slow one, and a version
        pruned by a later build stays readable (open maps outlive the unlinked files)."""
        for path in sorted((self.folder / "columns").glob("*.npy")):
            self.column(path.stem)
        for field in BITMAP_FIELDS:
            self._blob(field)
        _ = self.all_specs, self.variant_owner, self.occ_owner


def _owners(offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
    return np.repeat(np.arange(len(offsets) - 1, dtype=np.int32), np.diff(offsets))
