"""GraphiQL from files shipped in the package instead of a CDN.

Strawberry's GraphiQL page loads its scripts from unpkg.com, which a machine without
internet access (an HPC login node, an air-gapped site) cannot reach. The same files, with
the same integrity hashes, are in ``static/graphiql/``; the page is rewritten to use them.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

__all__ = ["ASSETS_PATH", "PAGE_TITLE", "WELCOME_QUERY", "assets_directory", "local_graphiql_page"]

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
# What GraphiQL shows on a first visit: a query that answers something real.
WELCOME_QUERY = """# Welcome to spackdex: search the Spack build cache.
# Run with the pink button (Ctrl-Enter); the Docs
# tab (top left) describes every field.
{
  specs(
    query: "hdf5"
    spec: "+mpi"
    filter: {compatibleWith: "zen3"}
    first: 5
  ) {
    totalCount
    edges { node { spackSpec tags { name } } }
    facets(fields: [OS, COMPILER], limit: 5) {
      field
      values { value count }
    }
  }
}
"""
# The page opens with `parameters.q || EXAMPLE_QUERY`: point that at ours.
_EXAMPLE_USE = "parameters.q || EXAMPLE_QUERY"
_TITLE = re.compile(r"<title>[^<]*</title>")
PAGE_TITLE = "spackdex GraphiQL"
_UNPKG = re.compile(r"https://unpkg\.com/(?:@[^/\"]+/)?[^/@\"]+@[^/\"]+/(?P<path>[^\"]+)")


def assets_directory() -> Path:
    return Path(str(resources.files("spackdex.server") / "static" / "graphiql"))


def local_graphiql_page(page: str) -> str:
    """The page with every unpkg URL replaced by the local copy of the same file, a
    spackdex query as what a first visit shows, and a title naming spackdex.

    Raises:
        LookupError: the page names a file that is not shipped (a Strawberry upgrade
            changed its GraphiQL); a test catches this before a release does.
    """

    def local(match: re.Match[str]) -> str:
        name = _LOCAL_NAMES.get(match["path"])
        if name is None:
            raise LookupError(f"GraphiQL asset not shipped with spackdex: {match[0]}")
        return f"{ASSETS_PATH}/{name}"

    if _EXAMPLE_USE not in page:
        raise LookupError("Strawberry's GraphiQL page changed: cannot set the welcome query")
    page = page.replace(_EXAMPLE_USE, f"parameters.q || {json.dumps(WELCOME_QUERY)}")
    page = _TITLE.sub(f"<title>{PAGE_TITLE}</title>", page, count=1)
    return _UNPKG.sub(local, page)
