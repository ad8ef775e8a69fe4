"""Writing a merged dataset as columns and bitmaps (the facet side of an index version)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson
from pyroaring import BitMap

from ..gather import Dataset
from ..records import DEPTYPE_BITS, SpecRecord
from ..spack.versions import Version
from .layout import FORMAT_VERSION, SINGLE_VALUED, VOCABULARIES

__all__ = ["write_columns"]

IntArray = npt.NDArray[np.int64]


class _Vocabulary:
    """Distinct strings, coded in the order ``order`` gives once all are known."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def add(self, value: str) -> int:
        return self._seen.setdefault(value, len(self._seen))

    def finish(self, key: Callable[[str], Any] = str) -> tuple[list[str], npt.NDArray[np.int32]]:
        """The sorted values and the array mapping first-seen codes to sorted codes."""
        values = sorted(self._seen, key=key)
        position = {value: code for code, value in enumerate(values)}
        remap = np.empty(len(values), dtype=np.int32)
        for value, first_code in self._seen.items():
            remap[first_code] = position[value]
        return values, remap


def _version_key(text: str) -> Version:
    return Version(text)


def write_columns(dataset: Dataset, folder: Path, fingerprint: str) -> dict[str, Any]:
    """Write ``meta.json``, ``packages.json``, ``columns/`` and ``bitmaps/``; return meta."""
    hashes = sorted(dataset.specs)
    ordinal = {spec_hash: index for index, spec_hash in enumerate(hashes)}
    specs = [dataset.specs[h] for h in hashes]
    count = len(specs)
    # compiler names are not collected: they are derived from the compilers below
    vocab = {name: _Vocabulary() for name in VOCABULARIES if name != "compiler_name"}
    codes = {name: np.empty(count, dtype=np.int32) for name in SINGLE_VALUED}
    size = np.full(count, -1, dtype=np.int64)
    variant_offsets = np.zeros(count + 1, dtype=np.int64)
    variant_codes: list[int] = []
    tarball_offsets = np.zeros(count + 1, dtype=np.int64)
    tarballs = bytearray()
    compiler_name_of: dict[int, str] = {}
    for index, spec in enumerate(specs):
        codes["package"][index] = vocab["package"].add(spec.name)
        codes["version"][index] = vocab["version"].add(spec.version)
        if spec.compiler is None:
            codes["compiler"][index] = -1
        else:
            code = vocab["compiler"].add(str(spec.compiler))
            compiler_name_of[code] = spec.compiler.name
            codes["compiler"][index] = code
        codes["os"][index] = vocab["os"].add(spec.os)
        codes["platform"][index] = vocab["platform"].add(spec.platform)
        codes["target"][index] = vocab["target"].add(spec.target)
        if spec.size is not None:
            size[index] = spec.size
        variant_codes.extend(vocab["variant"].add(v) for v in spec.variants)
        variant_offsets[index + 1] = len(variant_codes)
        if spec.tarball:
            tarballs += spec.tarball.encode()
        tarball_offsets[index + 1] = len(tarballs)

    finished: dict[str, list[str]] = {}
    remaps: dict[str, npt.NDArray[np.int32]] = {}
    for name in ("package", "version", "compiler", "os", "platform", "target", "variant"):
        key = _version_key if name == "version" else str
        finished[name], remaps[name] = vocab[name].finish(key)
    for name in ("package", "version", "os", "platform", "target"):
        codes[name] = remaps[name][codes[name]]
    compiler = codes["compiler"]
    has_compiler = compiler >= 0
    compiler[has_compiler] = remaps["compiler"][compiler[has_compiler]]
    finished["compiler_name"] = sorted(set(compiler_name_of.values()))
    name_code = {name: code for code, name in enumerate(finished["compiler_name"])}
    compiler_to_name = np.array(
        [name_code[str(c).partition("@")[0]] for c in finished["compiler"]], dtype=np.int32
    )
    codes["compiler_name"] = np.where(
        has_compiler, compiler_to_name[np.maximum(compiler, 0)] if len(compiler_to_name) else -1, -1
    ).astype(np.int32)
    variant_array = (
        remaps["variant"][np.array(variant_codes, dtype=np.int32)]
        if variant_codes
        else np.zeros(0, dtype=np.int32)
    )

    mirrors: dict[str, int] = {}
    occ_offsets, occ_tag, occ_stack, occ_mirror = _occurrences(dataset, hashes, vocab, mirrors)
    finished["tag"], tag_remap = vocab["tag"].finish(_tag_order)
    finished["stack"], stack_remap = vocab["stack"].finish()
    occ_tag = tag_remap[occ_tag] if len(occ_tag) else occ_tag
    occ_stack = stack_remap[occ_stack] if len(occ_stack) else occ_stack

    deps = _dependencies(specs, ordinal, vocab)
    for name, column_name in (
        ("dep_name", "dep_name"),
        ("dep_version", "dep_version"),
        ("virtuals", "dep_virtuals"),
    ):
        key = _version_key if name == "dep_version" else str
        finished[name], remap = vocab[name].finish(key)
        column = deps[column_name]
        known = column >= 0
        column[known] = remap[column[known]]

    name_order = np.lexsort((np.arange(count), -codes["version"], codes["package"]))
    version_order = np.lexsort((np.arange(count), codes["package"], -codes["version"]))

    columns = folder / "columns"
    columns.mkdir(parents=True)
    arrays: dict[str, npt.NDArray[Any]] = {
        "hash": np.array(hashes, dtype="S32"),
        **codes,
        "size": size,
        "variant_offsets": variant_offsets,
        "variant_codes": variant_array.astype(np.int32),
        "tarball_offsets": tarball_offsets,
        "tarball_blob": np.frombuffer(bytes(tarballs), dtype=np.uint8),
        "occ_offsets": occ_offsets,
        "occ_tag": occ_tag.astype(np.int32),
        "occ_stack": occ_stack.astype(np.int32),
        "occ_mirror": occ_mirror,
        "signed": np.array(
            [-1 if s.signed is None else int(s.signed) for s in specs], dtype=np.int8
        ),
        "order_name": name_order.astype(np.int32),
        "rank_name": _ranks(name_order),
        "order_version": version_order.astype(np.int32),
        "rank_version": _ranks(version_order),
        **deps,
    }
    for name, array in arrays.items():
        np.save(columns / f"{name}.npy", array, allow_pickle=False)

    tag_stacks = _tag_stack_pairs(dataset, finished)
    _write_bitmaps(
        folder / "bitmaps",
        codes,
        finished,
        variant_offsets,
        variant_array,
        occ_offsets,
        occ_tag,
        occ_stack,
        tag_stacks,
        count,
    )
    _write_packages(folder / "packages.json", dataset, finished, codes)
    meta = {
        "format": FORMAT_VERSION,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fingerprint": fingerprint,
        "counts": {
            "tags": len(finished["tag"]),
            "stacks": len(tag_stacks),
            "packages": len(finished["package"]),
            "specs": count,
            "occurrences": sum(len(tags) for tags in dataset.occurrences.values()),
        },
        "tag_stacks": tag_stacks,
        "vocabularies": finished,
        "mirrors": list(mirrors),  # occ_mirror codes: mirror roots, in first-seen order
    }
    _write_json(folder / "meta.json", meta)
    return meta


_SNAPSHOT = re.compile(r"^develop-(\d{4}-\d{2}-\d{2})$")
_RELEASE = re.compile(r"^v?\d+(\.\d+)*$")


def _tag_order(tag: str) -> tuple[int, tuple[int, ...], str]:
    """``develop``, then weekly snapshots newest first, then releases newest first, then
    any other tag by name. Numbers are negated because sorting is ascending."""
    if tag == "develop":
        return (0, (), tag)
    snapshot = _SNAPSHOT.match(tag)
    if snapshot:
        return (1, tuple(-int(part) for part in snapshot.group(1).split("-")), tag)
    if _RELEASE.match(tag):
        # the trailing 1 puts v1.0.1 (-1, 0, -1, 1) before v1.0 (-1, 0, 1)
        return (2, (*(-int(p) for p in tag.removeprefix("v").split(".")), 1), tag)
    return (3, (), tag)


def _ranks(order: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
    ranks = np.empty(len(order), dtype=np.int32)
    ranks[order] = np.arange(len(order), dtype=np.int32)
    return ranks


def _occurrences(
    dataset: Dataset, hashes: Sequence[str], vocab: dict[str, _Vocabulary], mirrors: dict[str, int]
) -> tuple[IntArray, npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Offsets per spec, then per occurrence entry (one (tag, stack) of a spec) its tag, its
    stack and the code in ``mirrors`` of its mirror root (the spec's in that tag, or -1)."""
    offsets = np.zeros(len(hashes) + 1, dtype=np.int64)
    tags: list[int] = []
    stacks: list[int] = []
    mirror_codes: list[int] = []
    for index, spec_hash in enumerate(hashes):
        for tag, stack_names in dataset.occurrences[spec_hash].items():
            tag_code = vocab["tag"].add(tag)
            for stack in sorted(stack_names):
                tags.append(tag_code)
                stacks.append(vocab["stack"].add(stack))
            if dataset.mirrors:  # else every entry is -1, filled below without a walk
                mirror = dataset.mirrors.get((spec_hash, tag))
                code = -1 if mirror is None else mirrors.setdefault(mirror, len(mirrors))
                mirror_codes.extend([code] * len(stack_names))
        offsets[index + 1] = len(tags)
    for tag, stack_names in dataset.tag_stacks.items():  # declared stacks may have no specs
        vocab["tag"].add(tag)
        for stack in stack_names:
            vocab["stack"].add(stack)
    occ_mirror = (
        np.array(mirror_codes, dtype=np.int32)
        if dataset.mirrors
        else np.full(len(tags), -1, dtype=np.int32)
    )
    return offsets, np.array(tags, dtype=np.int32), np.array(stacks, dtype=np.int32), occ_mirror


def _tag_stack_pairs(dataset: Dataset, finished: dict[str, list[str]]) -> list[list[int]]:
    """Every (tag code, stack code) pair, in tag then stack order: bitmap codes of tag_stack."""
    tag_code = {t: c for c, t in enumerate(finished["tag"])}
    stack_code = {s: c for c, s in enumerate(finished["stack"])}
    pairs = {
        (tag_code[t], stack_code[s]) for t, stacks in dataset.tag_stacks.items() for s in stacks
    }
    return [list(p) for p in sorted(pairs)]


def _dependencies(
    specs: Sequence[SpecRecord], ordinal: dict[str, int], vocab: dict[str, _Vocabulary]
) -> dict[str, npt.NDArray[Any]]:
    count = len(specs)
    has = np.zeros(count, dtype=bool)
    offsets = np.zeros(count + 1, dtype=np.int64)
    names: list[int] = []
    hashes: list[str] = []
    types: list[int] = []
    virtuals: list[int] = []
    versions: list[int] = []
    targets: list[int] = []
    for index, spec in enumerate(specs):
        if spec.dependencies is not None:
            has[index] = True
            for dep in spec.dependencies:
                names.append(vocab["dep_name"].add(dep.name))
                hashes.append(dep.hash)
                types.append(sum(DEPTYPE_BITS.get(t, 0) for t in dep.deptypes))
                virtuals.append(vocab["virtuals"].add(",".join(dep.virtuals)))
                versions.append(vocab["dep_version"].add(dep.version) if dep.version else -1)
                targets.append(ordinal.get(dep.hash, -1))
        offsets[index + 1] = len(names)
    target_array = np.array(targets, dtype=np.int32)
    reverse = np.argsort(target_array, kind="stable").astype(np.int32)
    source_of_edge = np.repeat(np.arange(count, dtype=np.int32), np.diff(offsets))
    return {
        "dep_has": has,
        "dep_offsets": offsets,
        "dep_name": np.array(names, dtype=np.int32),
        "dep_hash": np.array(hashes, dtype="S32"),
        "dep_types": np.array(types, dtype=np.uint8),
        "dep_virtuals": np.array(virtuals, dtype=np.int32),
        "dep_version": np.array(versions, dtype=np.int32),
        "dep_target": target_array,
        # reverse edges, sorted by the dependency's ordinal: who depends on spec i
        "rdep_target": target_array[reverse],
        "rdep_source": source_of_edge[reverse] if len(reverse) else source_of_edge,
        "rdep_types": np.array(types, dtype=np.uint8)[reverse],
    }


def _write_bitmaps(
    folder: Path,
    codes: dict[str, npt.NDArray[np.int32]],
    vocab: dict[str, list[str]],
    variant_offsets: IntArray,
    variant_codes: npt.NDArray[np.int32],
    occ_offsets: IntArray,
    occ_tag: npt.NDArray[np.int32],
    occ_stack: npt.NDArray[np.int32],
    tag_stacks: list[list[int]],
    count: int,
) -> None:
    folder.mkdir(parents=True)
    for name, column in codes.items():
        _save_groups(folder, name, column, np.arange(count, dtype=np.int64), len(vocab[name]))
    variant_owner = np.repeat(np.arange(count, dtype=np.int64), np.diff(variant_offsets))
    _save_groups(folder, "variant", variant_codes, variant_owner, len(vocab["variant"]))
    occ_owner = np.repeat(np.arange(count, dtype=np.int64), np.diff(occ_offsets))
    _save_groups(folder, "tag", occ_tag, occ_owner, len(vocab["tag"]))
    _save_groups(folder, "stack", occ_stack, occ_owner, len(vocab["stack"]))
    pair_code = {(t, s): c for c, (t, s) in enumerate(tag_stacks)}
    pair_of_entry = np.array(
        [pair_code[(int(t), int(s))] for t, s in zip(occ_tag, occ_stack, strict=True)],
        dtype=np.int32,
    )
    _save_groups(folder, "tag_stack", pair_of_entry, occ_owner, len(tag_stacks))


def _save_groups(
    folder: Path, name: str, values: npt.NDArray[np.int32], owners: IntArray, size: int
) -> None:
    """One roaring bitmap of owners per value code, concatenated, with offsets."""
    keep = values >= 0
    values, owners = values[keep], owners[keep]
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    bounds = np.searchsorted(values, np.arange(size + 1))
    blob = bytearray()
    offsets = np.zeros(size + 1, dtype=np.int64)
    for code in range(size):
        bitmap = BitMap(owners[bounds[code] : bounds[code + 1]].astype(np.uint32))
        blob += bitmap.serialize()
        offsets[code + 1] = len(blob)
    (folder / f"{name}.bin").write_bytes(bytes(blob))
    np.save(folder / f"{name}.offsets.npy", offsets, allow_pickle=False)


def _write_packages(
    path: Path,
    dataset: Dataset,
    vocab: dict[str, list[str]],
    codes: dict[str, npt.NDArray[np.int32]],
) -> None:
    """Per package: description, homepage, versions newest first, spec count."""
    counts = np.bincount(codes["package"], minlength=len(vocab["package"]))
    pairs = np.unique(codes["package"].astype(np.int64) * len(vocab["version"]) + codes["version"])
    versions: dict[int, list[str]] = {}
    for pair in pairs[::-1]:  # descending: newest version first within each package
        package, version = divmod(int(pair), len(vocab["version"]))
        versions.setdefault(package, []).append(vocab["version"][version])
    entries = []
    for code, name in enumerate(vocab["package"]):
        info = dataset.packages.get(name)
        entries.append(
            {
                "name": name,
                "description": info.description if info else None,
                "homepage": info.homepage if info else None,
                "num_specs": int(counts[code]),
                "versions": versions.get(code, []),
            }
        )
    _write_json(path, entries)


def _write_json(path: Path, value: Iterable[Any] | dict[str, Any]) -> None:
    with open(path, "wb") as stream:
        stream.write(orjson.dumps(value))
        stream.flush()
        os.fsync(stream.fileno())
