"""Build-cache layout v3 (Spack 1.0+): manifests, blob records, and checking a blob.

A manifest (``{"version": 3, "data": [record, ...]}``) points at content-addressed blobs
under ``<mirror>/blobs/<algorithm>/<first 2>/<checksum>``. Checksum and length cover the
stored bytes, so a blob is checked before it is decompressed or parsed.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import orjson

from ..problems import SourceError
from .clearsign import extract_signed
from .database import SUPPORTED_VERSIONS

__all__ = [
    "BlobRecord",
    "Manifest",
    "blob_path",
    "check_blob",
    "choose_index_record",
    "decompress",
    "open_blob",
    "parse_v3_manifest",
    "spec_record",
    "tarball_record",
]

_DATABASE_TYPE = re.compile(r"^application/vnd\.spack\.db\.v(\d+)\+json$")
_SPEC_TYPE = re.compile(r"^application/vnd\.spack\.spec\.v(\d+)\+json$")
_TARBALL_TYPE = re.compile(r"^application/vnd\.spack\.install\.v\d+\.tar\+gzip$")
_ALGORITHMS = frozenset({"sha256"})  # what Spack writes; hashlib knows more, Spack does not
_REQUIRED = {
    "contentLength": int,
    "mediaType": str,
    "compression": str,
    "checksumAlgorithm": str,
    "checksum": str,
}


@dataclass(frozen=True, slots=True)
class BlobRecord:
    """One ``data`` entry of a manifest: what a blob holds and how to check it."""

    media_type: str
    compression: str
    algorithm: str
    checksum: str
    length: int


@dataclass(frozen=True, slots=True)
class Manifest:
    records: tuple[BlobRecord, ...]
    signed: bool  # the manifest text was PGP clearsigned


def parse_v3_manifest(data: bytes, source: str) -> Manifest:
    """A manifest, plain or clearsigned (the signature is not verified, as Spack's reader)."""
    body, signed = extract_signed(data, source)
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise SourceError(source, f"malformed manifest JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise SourceError(source, "not a layout-v3 manifest: needs 'version' and a 'data' list")
    if document.get("version") != 3:
        raise SourceError(
            source, f"manifest version {document.get('version')!r}, expected 3", "version"
        )
    records = []
    for index, raw in enumerate(document["data"]):
        place = f"data[{index}]"
        if not isinstance(raw, dict):
            raise SourceError(source, "record must be an object", place)
        for key, kind in _REQUIRED.items():
            value = raw.get(key)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise SourceError(source, f"missing or non-{kind.__name__} key '{key}'", place)
        records.append(
            BlobRecord(
                media_type=raw["mediaType"],
                compression=raw["compression"],
                algorithm=raw["checksumAlgorithm"],
                checksum=raw["checksum"],
                length=raw["contentLength"],
            )
        )
    return Manifest(tuple(records), signed)


def choose_index_record(manifest: Manifest, source: str) -> tuple[BlobRecord, int]:
    """The index record of the newest database version spackdex reads, and that version.

    From Spack 1.3 an index manifest may list one blob per database version: choose by media
    type, never ``data[0]``.
    """
    readable = []
    offered = []
    for record in manifest.records:
        match = _DATABASE_TYPE.match(record.media_type)
        if match is None:
            continue
        offered.append(record.media_type)
        if int(match.group(1)) in SUPPORTED_VERSIONS:
            readable.append((int(match.group(1)), record))
    if not readable:
        listed = ", ".join(offered) or "none"
        raise SourceError(
            source,
            f"no index spackdex can read (database versions 5 to 9); listed: {listed}",
        )
    version, record = max(readable, key=lambda pair: pair[0])
    return record, version


def spec_record(manifest: Manifest, source: str) -> BlobRecord:
    """The spec-file record of a spec manifest."""
    for record in manifest.records:
        if _SPEC_TYPE.match(record.media_type):
            return record
    raise SourceError(source, "no application/vnd.spack.spec.vN+json record", "data")


def tarball_record(manifest: Manifest) -> BlobRecord | None:
    for record in manifest.records:
        if _TARBALL_TYPE.match(record.media_type):
            return record
    return None


def blob_path(record: BlobRecord, source: str) -> str:
    """``blobs/<algorithm>/<first 2>/<checksum>``, relative to the mirror root."""
    if record.algorithm not in _ALGORITHMS:
        raise SourceError(source, f"unsupported checksum algorithm {record.algorithm!r}")
    if not re.fullmatch(r"[0-9a-f]{64}", record.checksum):
        raise SourceError(source, f"checksum {record.checksum!r} is not 64 hex digits")
    return f"blobs/{record.algorithm}/{record.checksum[:2]}/{record.checksum}"


def open_blob(data: bytes, record: BlobRecord, location: str) -> bytes:
    """Check a blob's length and checksum, then decompress it as its record says.

    Raises:
        SourceError: naming the blob and both lengths or both checksums on a mismatch.
    """
    check_blob(len(data), lambda: hashlib.new(record.algorithm, data).hexdigest(), record, location)
    return decompress(data, record, location)


def check_blob(length: int, checksum: Callable[[], str], record: BlobRecord, location: str) -> None:
    """A blob's length, then (only when that matches) its checksum, against its record.

    Raises:
        SourceError: naming the blob and both lengths or both checksums on a mismatch.
    """
    if length != record.length:
        raise SourceError(
            location, f"blob length mismatch: the manifest says {record.length} bytes, got {length}"
        )
    actual = checksum()
    if actual != record.checksum:
        raise SourceError(
            location,
            f"blob checksum mismatch: the manifest says {record.algorithm} "
            f"{record.checksum}, the blob has {actual}",
        )


def decompress(data: bytes, record: BlobRecord, location: str) -> bytes:
    """A blob's content, as its record's ``compression`` says (already checked bytes)."""
    if record.compression == "none":
        return data
    if record.compression == "gzip":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise SourceError(location, f"cannot gunzip the blob: {error}") from None
    raise SourceError(location, f"unsupported compression {record.compression!r}")
