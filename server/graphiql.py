"""GraphiQL from files shipped in the package instead of a CDN.

Strawberry's GraphiQL page loads its scripts from unpkg.com, which a machine without
internet access (an HPC login node, an air-gapped site) cannot reach. The same files, with
the same integrity hashes, are in ``static/graphiql/``; the page is rewritten to use them.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

__all__ = ["ASSETS_PATH", "assets_directory", "local_graphiql_page"]

ASSETS_PATH = "/graphiql-assets"

# unpkg path -> file in static/graphiql
_LOCAL_NAMES = {
    "graphiql.min.js": "graphiql.min.js",
    "graphiql.min.css": "graphiql.min.css",
    "umd/react.production.min.js": "react.production.min.js",
    "umd/react-dom.production.min.js": "react-dom.production.min.js",
    "dist/js.cookie.min.js": "js.cookie.min.js",
    "dist/index.umd.js": "plugin-explorer.umd.js",
    "dist/style.css": "plugin-explorer.css",
}
_UNPKG = re.compile(r"https://unpkg\.com/(?:@[^/\"]+/)?[^/@\"]+@[^/\"]+/(?P<path>[^\"]+)")


def assets_directory() -> Path:
    return Path(str(resources.files("spackdex.server") / "static" / "graphiql"))


def local_graphiql_page(page: str) -> str:
    """The page with every unpkg URL replaced by the local copy of the same file.

    Raises:
        LookupError: the page names a file that is not shipped (a Strawberry upgrade
            changed its GraphiQL); a test catches this before a release does.
    """

    def local(match: re.Match[str]) -> str:
        name = _LOCAL_NAMES.get(match["path"])
        if name is None:
            raise LookupError(f"GraphiQL asset not shipped with spackdex: {match[0]}")
        return f"{ASSETS_PATH}/{name}"

    return _UNPKG.sub(local, page)
