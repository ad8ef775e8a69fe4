"""The web explorer: a search page, package, spec and tag pages and a compare view, from files.

The explorer is a client of the public GraphQL API and nothing else: the server only hands
out ``static/explorer/`` (ES modules, no build step) and answers the page routes with the
same ``index.html``, so that a link to ``/package/hdf5`` or a reload works; the page then
routes on the client with the History API.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

__all__ = ["EXPLORER_ASSETS_PATH", "PAGE_PATHS", "explorer_directory", "explorer_routes"]

EXPLORER_ASSETS_PATH = "/explorer-assets"
# Every path the client-side router knows; each answers index.html.
PAGE_PATHS = ("/", "/package/{name:path}", "/spec/{hash}", "/tag/{name:path}", "/diff")


def explorer_directory() -> Path:
    return Path(str(resources.files("spackdex.server") / "static" / "explorer"))


async def _page(request: Request) -> FileResponse:
    # no-cache: the browser revalidates (ETag), so an upgrade never serves a stale page
    return FileResponse(
        explorer_directory() / "index.html",
        media_type="text/html; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )


def explorer_routes() -> list[BaseRoute]:
    """The page routes and the mount serving the explorer's files."""
    pages: list[BaseRoute] = [Route(path, _page, methods=["GET", "HEAD"]) for path in PAGE_PATHS]
    assets = StaticFiles(directory=explorer_directory())
    return [*pages, Mount(EXPLORER_ASSETS_PATH, app=assets, name="explorer")]
