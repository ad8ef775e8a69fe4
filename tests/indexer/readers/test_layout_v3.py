"""Layout-v3 manifests, blob checks, clearsigned text and spec files, on the real fixture."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from spackdex.indexer.problems import ProblemLog, SourceError
from spackdex.indexer.readers.clearsign import extract_signed
from spackdex.indexer.readers.layout_v3 import (
    BlobRecord,
    blob_path,
    choose_index_record,
    open_blob,
    parse_v3_manifest,
    spec_record,
    tarball_record,
)
from spackdex.indexer.readers.specfile import parse_specfile

from ..helpers import FIXTURES

MIRROR = FIXTURES / "mirror-v3" / "mirror"
SIGNED = FIXTURES / "mirror-v3" / "mirror-signed"
V2 = FIXTURES / "mirror-v3" / "mirror-v2" / "build_cache"
LIBELF = "spec/libelf/libelf-0.8.13-jr3yipyxyjulcdvckwwwjrrumis7glpa.spec.manifest.json"


def _manifest(root: Path, relative: str) -> bytes:
    return (root / "v3" / "manifests" / relative).read_bytes()


def test_signed_and_plain_manifests_carry_the_same_records() -> None:
    plain = parse_v3_manifest(_manifest(MIRROR, LIBELF), "plain")
    signed = parse_v3_manifest(_manifest(SIGNED, LIBELF), "signed")
    assert plain.records == signed.records
    assert (plain.signed, signed.signed) == (False, True)
    expected = json.loads(_manifest(MIRROR, LIBELF))["data"]
    assert [r.checksum for r in plain.records] == [e["checksum"] for e in expected]
    tarball = tarball_record(plain)
    assert tarball is not None and tarball.length == expected[0]["contentLength"]
    assert spec_record(plain, "plain").media_type == "application/vnd.spack.spec.v5+json"


def test_clearsigned_text_gives_the_json_between_header_and_signature() -> None:
    text = _manifest(SIGNED, LIBELF)
    body, signed = extract_signed(text, "x")
    assert signed and json.loads(body) == json.loads(_manifest(MIRROR, LIBELF))
    assert extract_signed(b'{"a": 1}', "x") == (b'{"a": 1}', False)
    with pytest.raises(SourceError, match="PGP SIGNATURE"):
        extract_signed(text.split(b"-----BEGIN PGP SIGNATURE")[0], "cut.json")


def _record(media_type: str, checksum: str = "a" * 64) -> dict[str, object]:
    return {
        "contentLength": 10,
        "mediaType": media_type,
        "compression": "none",
        "checksumAlgorithm": "sha256",
        "checksum": checksum,
    }


def test_index_record_is_chosen_by_media_type_newest_readable_version() -> None:
    data = [
        _record("application/vnd.spack.db.v8+json", "8" * 64),
        _record("application/vnd.spack.db.v10+json", "0" * 64),
        _record("application/vnd.spack.db.v9+json", "9" * 64),
    ]
    manifest = parse_v3_manifest(json.dumps({"version": 3, "data": data}).encode(), "m")
    record, version = choose_index_record(manifest, "m")
    assert (record.checksum, version) == ("9" * 64, 9)
    only_new = parse_v3_manifest(json.dumps({"version": 3, "data": data[1:2]}).encode(), "m")
    with pytest.raises(SourceError, match=r"listed: application/vnd\.spack\.db\.v10\+json"):
        choose_index_record(only_new, "m")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"version": 2, "data": []}, "manifest version 2, expected 3"),
        ({"version": 3}, "needs 'version' and a 'data' list"),
        ({"version": 3, "data": [{"mediaType": "x"}]}, "data[0]: missing or non-int"),
    ],
)
def test_bad_manifests_are_named(document: dict[str, object], message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_v3_manifest(json.dumps(document).encode(), "bad.manifest.json")
    assert message in str(caught.value) and "bad.manifest.json" in str(caught.value)


def test_blob_is_checked_before_it_is_decompressed() -> None:
    payload = gzip.compress(b'{"spec": {}}')
    good = BlobRecord(
        "application/vnd.spack.spec.v5+json",
        "gzip",
        "sha256",
        hashlib.sha256(payload).hexdigest(),
        len(payload),
    )
    assert open_blob(payload, good, "blob") == b'{"spec": {}}'
    assert blob_path(good, "m") == f"blobs/sha256/{good.checksum[:2]}/{good.checksum}"
    with pytest.raises(SourceError, match="length mismatch"):
        open_blob(payload + b"x", good, "blob")
    wrong = payload[:-1] + bytes([payload[-1] ^ 1])
    with pytest.raises(SourceError) as caught:
        open_blob(wrong, good, "blobs/sha256/xx/yy")
    assert good.checksum in str(caught.value)
    assert hashlib.sha256(wrong).hexdigest() in str(caught.value)
    with pytest.raises(SourceError, match="unsupported checksum algorithm 'md5'"):
        blob_path(BlobRecord("x", "none", "md5", "a" * 64, 1), "m")


def test_spec_files_of_format_4_and_5_give_the_root_binary() -> None:
    v4 = next(V2.glob("*core2*libelf*.spec.json"))
    v5 = next(V2.glob("*m1-gcc*libelf*.spec.json"))
    root4 = json.loads(v4.read_text())["spec"]["nodes"][0]
    record4 = parse_specfile(v4.read_bytes(), str(v4), ProblemLog())
    assert (record4.hash, record4.name, record4.target) == (root4["hash"], "libelf", "core2")
    assert str(record4.compiler) == f"gcc@{root4['compiler']['version']}"  # in the node
    record5 = parse_specfile(v5.read_bytes(), str(v5), ProblemLog())
    assert record5.compiler is not None and record5.compiler.name == "gcc"  # a build dep
    assert record5.dependencies is not None
    root5 = json.loads(v5.read_text())["spec"]["nodes"][0]
    assert {d.hash for d in record5.dependencies} == {d["hash"] for d in root5["dependencies"]}


def test_bad_spec_files_are_named() -> None:
    with pytest.raises(SourceError, match=r"spec\._meta\.version: unknown spec file format 1"):
        parse_specfile(b'{"spec": {"_meta": {"version": 1}, "nodes": []}}', "x", ProblemLog())
    with pytest.raises(SourceError, match="not a Spack spec file"):
        parse_specfile(b'{"database": {}}', "x", ProblemLog())
    with pytest.raises(SourceError, match="arch"):
        parse_specfile(
            b'{"spec": {"_meta": {"version": 5}, "nodes": [{"name": "a", "version": "1",'
            b' "hash": "abcdefghijklmnopqrstuvwxyz234567"}]}}',
            "x.spec.json",
            ProblemLog(),
        )
