"""Reading a source's bytes from a local path or an http(s) URL."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..problems import SourceError

__all__ = ["Fetched", "fetch_conditional", "is_url", "read_location", "resolve_location"]

_TIMEOUT_SECONDS = 60


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
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(location, "no such file") from None
    except IsADirectoryError:
        raise SourceError(location, "is a directory, expected a file") from None
    except OSError as error:
        raise SourceError(location, f"cannot read: {error.strerror}") from None


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "spackdex"})
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as response:
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as error:
        error.close()  # it holds the response's socket open
        raise SourceError(url, f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise SourceError(url, f"cannot fetch: {error.reason}") from None
    except TimeoutError:
        raise SourceError(url, f"no answer within {_TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise SourceError(url, f"cannot fetch: {error}") from None


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
            data: bytes = response.read()
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
