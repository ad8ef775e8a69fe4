"""Reading a source's bytes from a local path or an http(s) URL."""

from __future__ import annotations

import os
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPResponse
from pathlib import Path

from ..problems import SourceError

__all__ = [
    "DEADLINE_VARIABLE",
    "Fetched",
    "ensure_regular_file",
    "fetch_conditional",
    "fetch_deadline",
    "is_url",
    "read_location",
    "resolve_location",
]

_TIMEOUT_SECONDS = 60  # for the connection and for each read
# A whole download must end within this; a server trickling a byte every few seconds
# never trips the per-read timeout and used to hold a run for minutes.
DEADLINE_VARIABLE = "SPACKDEX_FETCH_DEADLINE"
_DEFAULT_DEADLINE_SECONDS = 300.0
_CHUNK_BYTES = 1 << 20


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def resolve_location(location: str, relative_to: str) -> str:
    """A location named inside another source, relative to that source's folder or URL."""
    if is_url(location) or Path(location).is_absolute():
        return location
    if is_url(relative_to):
        return urllib.parse.urljoin(relative_to, location)
    return str(Path(relative_to).parent / location)


def read_location(location: str) -> bytes:
    """The bytes at a path or URL, or a SourceError that says why not."""
    if is_url(location):
        return _fetch(location)
    path = Path(location)
    try:
        ensure_regular_file(location)
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(location, "no such file") from None
    except IsADirectoryError:
        raise SourceError(location, "is a directory, expected a file") from None
    except OSError as error:
        raise SourceError(location, f"cannot read: {error.strerror}") from None


def ensure_regular_file(location: str) -> None:
    """A FIFO or a device would block a run, or never end: refuse them by name."""
    mode = os.stat(location).st_mode
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # a folder has its own message
        raise SourceError(location, "not a regular file (a FIFO, device or socket)")


def fetch_deadline() -> float:
    """Seconds a whole download may take: ``$SPACKDEX_FETCH_DEADLINE``, else 300.

    Read at each fetch, so that ``spackdex index --fetch-deadline`` (which sets it) and
    worker processes (which inherit it) agree.
    """
    configured = os.environ.get(DEADLINE_VARIABLE, "").strip()
    try:
        seconds = float(configured) if configured else _DEFAULT_DEADLINE_SECONDS
    except ValueError:
        seconds = -1.0
    if not seconds > 0:  # also NaN
        raise ValueError(
            f"{DEADLINE_VARIABLE} must be a number of seconds above 0, not {configured!r}"
        )
    return seconds


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "spackdex"})
    deadline = fetch_deadline()
    try:
        with urllib.request.urlopen(request, timeout=min(_TIMEOUT_SECONDS, deadline)) as response:
            return _read_by(response, time.monotonic() + deadline, deadline, url)
    except urllib.error.HTTPError as error:
        error.close()  # it holds the response's socket open
        raise SourceError(url, f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise SourceError(url, f"cannot fetch: {error.reason}") from None
    except TimeoutError:
        if deadline < _TIMEOUT_SECONDS:
            raise SourceError(url, f"no answer within the {_deadline_text(deadline)}") from None
        raise SourceError(url, f"no answer within {_TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise SourceError(url, f"cannot fetch: {error}") from None


def _read_by(response: HTTPResponse, ends: float, deadline: float, url: str) -> bytes:
    """The whole body, or a SourceError once ``ends`` (a monotonic time) has passed."""
    chunks = []
    received = 0
    while chunk := response.read1(_CHUNK_BYTES):  # whatever has arrived, not a full chunk
        chunks.append(chunk)
        received += len(chunk)
        if time.monotonic() > ends:
            raise SourceError(
                url,
                f"not complete within the {_deadline_text(deadline)} ({received} bytes received)",
            )
    return b"".join(chunks)


def _deadline_text(deadline: float) -> str:
    return f"{deadline:g} s deadline ({DEADLINE_VARIABLE} or --fetch-deadline)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """The answer to a conditional GET: 200 with a body, 304 (unchanged) or 404."""

    status: int
    data: bytes
    etag: str | None


def fetch_conditional(url: str, etag: str | None = None) -> Fetched:
    """GET ``url`` sending ``If-None-Match`` when an ETag is remembered.

    A 404 is an answer here (layout probing needs it), not an error; any other failure
    raises SourceError naming the URL.
    """
    headers = {"User-Agent": "spackdex"}
    if etag:
        headers["If-None-Match"] = etag
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as response:
            deadline = fetch_deadline()
            data = _read_by(response, time.monotonic() + deadline, deadline, url)
            return Fetched(response.status, data, response.headers.get("ETag"))
    except urllib.error.HTTPError as error:
        error.close()  # it holds the response's socket open
        if error.code in (304, 404):
            return Fetched(error.code, b"", error.headers.get("ETag") or etag)
        raise SourceError(url, f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise SourceError(url, f"cannot fetch: {error.reason}") from None
    except TimeoutError:
        raise SourceError(url, f"no answer within {_TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise SourceError(url, f"cannot fetch: {error}") from None
