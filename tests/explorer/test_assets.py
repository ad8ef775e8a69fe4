"""The explorer's files: served at the page paths, complete, vendored as recorded, small."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import re
from pathlib import Path

import httpx

from spackdex.server.app import create_app
from spackdex.server.explorer import explorer_directory
from spackdex.server.settings import Settings

EXPLORER = explorer_directory()
# What the browser downloads for the search page, gzipped as the server sends it.
GZIPPED_BUDGET_BYTES = 40_000


def _import_map() -> dict[str, str]:
    page = (EXPLORER / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="importmap">(.*?)</script>', page, re.S)
    assert match, "index.html has no import map"
    imports: dict[str, str] = json.loads(match[1])["imports"]
    return imports


def _downloaded_files() -> list[Path]:
    return [
        EXPLORER / "index.html",
        EXPLORER / "style.css",
        *sorted((EXPLORER / "app").glob("*.js")),
        *sorted((EXPLORER / "vendor").glob("*.js")),
    ]


def test_page_paths_answer_the_page_and_others_stay_404(fixture_index_dir: Path) -> None:
    async def main() -> None:
        app = create_app(Settings(index_dir=fixture_index_dir))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        ):
            page = (EXPLORER / "index.html").read_text(encoding="utf-8")
            pages = ("/", "/package/py-numpy", "/spec/4ifhbxe", "/tag/develop-2025-03-16", "/diff")
            for path in pages:
                response = await client.get(path, params={"q": "hdf5", "os": "ubuntu22.04"})
                assert response.status_code == 200, path
                assert response.headers["content-type"].startswith("text/html")
                assert response.text == page
            assert (await client.get("/nowhere")).status_code == 404
            script = await client.get("/explorer-assets/app/main.js")
            assert script.headers["content-type"].startswith("text/javascript")
            for url in _import_map().values():
                assert (await client.get(url)).status_code == 200, url

    asyncio.run(main())


def test_every_import_names_a_shipped_module() -> None:
    bare = _import_map()
    for module in (EXPLORER / "app").glob("*.js"):
        for name in re.findall(r'from\s+"([^"]+)"', module.read_text(encoding="utf-8")):
            if name.startswith("./"):
                assert (module.parent / name).is_file(), f"{module.name} imports {name}"
            else:
                assert name in bare, f"{module.name} imports {name}, not in the import map"


def test_vendored_files_are_the_recorded_npm_files() -> None:
    readme = (EXPLORER / "README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"\| `(vendor/[^`]+\.js)` \|.*\| `([0-9a-f]{64})` \|", readme))
    assert set(recorded) == {
        str(p.relative_to(EXPLORER)) for p in (EXPLORER / "vendor").glob("*.js")
    }
    for name, digest in recorded.items():
        assert hashlib.sha256((EXPLORER / name).read_bytes()).hexdigest() == digest, name
    assert (EXPLORER / "vendor" / "LICENSE-preact").is_file()
    assert (EXPLORER / "vendor" / "LICENSE-htm").is_file()


def test_what_the_browser_downloads_stays_small() -> None:
    gzipped = sum(len(gzip.compress(p.read_bytes(), 9)) for p in _downloaded_files())
    assert gzipped <= GZIPPED_BUDGET_BYTES, f"{gzipped:,} bytes gzipped"
