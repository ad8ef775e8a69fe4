"""What a run remembers of small remote files, so the next run can ask "changed?" cheaply.

Kept in ``<index-dir>/cache/http.json``: per URL the server's ETag, the sha256 of the body
and, for small files (manifests, ``index.json.hash``), the body itself. With it a later run
sends ``If-None-Match`` and, on ``304 Not Modified``, carries on from the remembered body
without downloading anything else.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import orjson

from .readers.fetch import fetch_conditional

__all__ = ["SMALL_BODY_BYTES", "HttpMemory", "Remote"]

# Bodies up to this size are remembered whole (index manifests are a few hundred bytes).
SMALL_BODY_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Remote:
    """A remote file as this run knows it: its body when fetched or remembered."""

    found: bool
    body: bytes | None  # None: unchanged and not remembered whole (only ``digest`` known)
    digest: str  # sha256 of the body ("" when not found)
    unchanged: bool  # the server answered 304


class HttpMemory:
    """ETags and small bodies of URLs, keyed by URL."""

    def __init__(self, cache_dir: Path) -> None:
        self._path = cache_dir / "http.json"
        self._entries: dict[str, dict[str, str]] = {}
        self._changed = False
        if self._path.is_file():
            try:
                loaded = orjson.loads(self._path.read_bytes())
                self._entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, orjson.JSONDecodeError):
                self._entries = {}  # a damaged memory only costs one download

    def get(self, url: str) -> Remote:
        """GET ``url``, conditionally when an ETag is remembered.

        Raises:
            SourceError: the server failed in any way other than 200, 304 or 404.
        """
        known = self._entries.get(url)
        answer = fetch_conditional(url, known.get("etag") if known else None)
        if answer.status == 404:
            if known is not None:
                del self._entries[url]
                self._changed = True
            return Remote(False, None, "", False)
        if answer.status == 304 and known is not None:
            body = base64.b64decode(known["body"]) if "body" in known else None
            return Remote(True, body, known["sha256"], True)
        digest = hashlib.sha256(answer.data).hexdigest()
        entry = {"sha256": digest}
        if answer.etag:
            entry["etag"] = answer.etag
            if len(answer.data) <= SMALL_BODY_BYTES:
                entry["body"] = base64.b64encode(answer.data).decode()
        if known != entry:
            self._entries[url] = entry
            self._changed = True
        return Remote(True, answer.data, digest, False)

    def save(self) -> None:
        """Write the memory when it changed (a run that learnt nothing writes nothing)."""
        if not self._changed:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._path.with_suffix(f".{os.getpid()}.tmp")
        try:
            temporary.write_bytes(orjson.dumps(self._entries))
            os.replace(temporary, self._path)
        finally:
            temporary.unlink(missing_ok=True)
        self._changed = False
