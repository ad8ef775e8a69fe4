"""A real HTTP server on 127.0.0.1 serving a folder as a Spack mirror, counting requests.

It answers as a CDN does: ``ETag`` on every file and ``304 Not Modified`` for a matching
``If-None-Match`` (unless ``etags`` is off), 404 for anything absent. No directory listing.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MirrorServer", "mirror_server"]

_PROXIES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@dataclass
class MirrorServer:
    url: str
    root: Path
    etags: bool = True
    requests: list[tuple[str, int]] = field(default_factory=list)  # (path, status)

    def paths(self, status: int | None = None) -> list[str]:
        return [p for p, s in self.requests if status is None or s == status]

    def blob_downloads(self) -> list[str]:
        """Blob (or whole index.json) bodies actually sent."""
        return [
            p
            for p, s in self.requests
            if s == 200 and ("/blobs/" in p or p.endswith("/index.json"))
        ]


def _handler(server: MirrorServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            relative = self.path.split("?", 1)[0].lstrip("/")
            target = (server.root / relative).resolve()
            if not target.is_file() or server.root.resolve() not in target.parents:
                self._answer(404, b"")
                return
            body = target.read_bytes()
            etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            if server.etags and self.headers.get("If-None-Match") == etag:
                self._answer(304, b"", etag)
            else:
                self._answer(200, body, etag if server.etags else None)

        def _answer(self, status: int, body: bytes, etag: str | None = None) -> None:
            server.requests.append((self.path, status))
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextlib.contextmanager
def mirror_server(root: Path, etags: bool = True) -> Iterator[MirrorServer]:
    """Serve ``root`` at ``http://127.0.0.1:<free port>`` for the duration."""
    saved = {name: os.environ.pop(name) for name in _PROXIES if name in os.environ}
    server = MirrorServer(url="", root=root, etags=etags)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
        os.environ.update(saved)
