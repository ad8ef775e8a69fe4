"""A real ``spackdex serve`` over the fixture index, and headless Chromium driven by selenium.

The browser comes from the system (Debian's ``chromium`` and ``chromium-driver``, which
``scripts/test`` installs when missing). Outside CI a machine without them skips the
browser tests and says why; in CI (``CI`` set) a missing browser fails them instead.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver

from spackdex.indexer.build import BuildOptions, build_index
from spackdex.server.serve_command import sample_sources

from ..conftest import FIXTURE_SOURCES, FIXTURES
from ..server.test_serve import serving

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _browser_paths() -> tuple[str, str]:
    browser = next(filter(None, (shutil.which(name) for name in BROWSERS)), None)
    driver = shutil.which("chromedriver")
    if browser and driver:
        return browser, driver
    reason = (
        "headless Chromium and chromedriver are not installed "
        "(apt-get install chromium chromium-driver; scripts/test does it as root)"
    )
    if _in_ci():
        pytest.fail(f"CI must run the browser tests, but {reason}")
    pytest.skip(reason)


# The package catalog of the explorer's index: the fixture recipes (cmake, hdf5, kokkos, mpich,
# zlib-ng: all with binaries here), then the bundled sample's packages.spack.io list, whose
# names without binaries here (boost, zstd, umpire...) are known by name and description.
CATALOGS = (FIXTURES / "catalog" / "data", sample_sources().parent / "catalog")


@pytest.fixture(scope="session")
def explorer_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of ``spackdex serve`` running over the fixture index plus two earlier
    weeks of the cache site (``weekly-site``: tags develop-2025-03-09 and
    develop-2024-12-15), so that the compare view has versions added and removed, and
    the package catalogs ``CATALOGS``."""
    _browser_paths()  # skip before paying for an index build and a server start
    folder = tmp_path_factory.mktemp("explorer-index")
    sources = folder / "sources.yaml"
    more = f"  - site: {FIXTURES / 'weekly-site'}\n"
    more += "".join(f"  - catalog: {catalog}\n" for catalog in CATALOGS)
    sources.write_text(FIXTURE_SOURCES.replace("packages:", more + "packages:"), "utf-8")
    build_index(BuildOptions(sources=[str(sources)], index_dir=folder / "index", jobs=1))
    with serving(folder / "index", tmp_path_factory.mktemp("explorer-serve")) as base:
        yield base


@pytest.fixture(scope="session")
def browser(explorer_url: str) -> Iterator[WebDriver]:
    """One headless Chromium for the session, logging console messages and network events."""
    binary, driver_path = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",  # root in CI containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--no-first-run",
        "--disable-background-networking",  # no update or safe-browsing calls to count
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(20)
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": explorer_url,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def clean_browser(browser: WebDriver, explorer_url: str) -> Iterator[None]:
    """Each test starts with no remembered host; after it, the browser must have asked
    nothing of another origin and logged no console error."""
    browser.get(explorer_url + "/healthz")
    browser.execute_script("localStorage.clear()")
    browser.get_log("performance")
    browser.get_log("browser")
    browser.get(explorer_url + "/")
    yield
    requests = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    assert requests, "the performance log recorded no request: the check would prove nothing"
    outside = [
        u for u in requests if not u.startswith(explorer_url + "/") and not u.startswith("data:")
    ]
    assert outside == [], f"requests outside the page's origin: {outside}"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], f"console errors: {errors}"
