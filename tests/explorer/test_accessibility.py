"""axe-core's WCAG 2.1 A/AA and best-practice rules on every kind of page, light and dark.

axe-core is injected as script text from tests/fixtures (it is a test tool, not shipped), so
the page still makes no request outside its origin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

pytestmark = pytest.mark.usefixtures("clean_browser")
AXE = Path(__file__).resolve().parents[1] / "fixtures" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _violations(browser: WebDriver) -> list[dict[str, Any]]:
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = browser.execute_async_script(
        """const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: arguments[0]}).then(
            (r) => done(r.violations.map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.html)}))),
            (e) => done([{id: 'axe failed: ' + e, nodes: []}]));""",
        RULES,
    )
    return found


def _loaded(browser: WebDriver) -> None:
    # the page re-renders while it is polled: an element gone stale is "not yet"
    stale = [StaleElementReferenceException]
    WebDriverWait(browser, 10, poll_frequency=0.05, ignored_exceptions=stale).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "main h1")
            and not any("Loading" in p.text for p in d.find_elements(By.CSS_SELECTOR, "main p"))
            and not d.find_elements(By.CSS_SELECTOR, "[aria-busy=true]")
        )
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_axe_violations(browser: WebDriver, explorer_url: str, scheme: str) -> None:
    answer = httpx.post(
        f"{explorer_url}/graphql",
        json={"query": '{ specs(query: "hdf5", first: 1) { edges { node { hash } } } }'},
    ).json()
    spec_hash = answer["data"]["specs"]["edges"][0]["node"]["hash"]
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    try:
        # each page, and what must be shown before it is checked (beyond "loaded")
        pages = (
            ("/?q=hdf5", None),
            ("/package/hdf5", "table.recipe-variants"),  # a recipe (package catalog)
            (f"/spec/{spec_hash}", None),
            ("/tag/bootstrap", None),
            ("/diff", None),
            ("/package/boost", "#no-binary"),  # known only from the catalog
            ("/?q=boost", "#catalog-notice"),  # "no binary of boost; the recipe exists"
            ("/?maintainer=haampie", ".maintained li"),
        )
        for path, shown in pages:
            browser.get(explorer_url + path)
            _loaded(browser)
            if shown:
                WebDriverWait(browser, 10, poll_frequency=0.05).until(
                    lambda d, css=shown: d.find_elements(By.CSS_SELECTOR, css)
                )
            assert _violations(browser) == [], path
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
