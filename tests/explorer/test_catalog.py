"""The package catalog in the explorer: recipes on package pages, a page for a package without
binaries, the search's "no binary, but the recipe exists" notice, and a maintainer's packages.

Every expected value is asked of the same server's GraphQL API.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By

from .test_browser import _api, _params, _rows, _shows_count, _status, _wait

pytestmark = pytest.mark.usefixtures("clean_browser")

RECIPE = """query($name: String!) { package(name: $name) {
    description hasBinaries inCatalog maintainers buildSystem dependsOn undeclaredVersions
    declaredVersions { version hasBinary } variants { name default description } } }"""


def _recipe_url(name: str) -> str:
    return f"https://packages.spack.io/package.html?name={quote(name)}"


def _texts(driver: WebDriver, css: str) -> list[str]:
    texts: list[str] = driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())",
        css,
    )
    return texts


def _attributes(driver: WebDriver, css: str, *names: str) -> list[list[str]]:
    values: list[list[str]] = driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])]"
        ".map((e) => arguments[1].map((name) => e.getAttribute(name)))",
        css,
        list(names),
    )
    return values


def test_a_package_page_shows_the_recipe_and_marks_declared_versions(
    browser: WebDriver, explorer_url: str
) -> None:
    pkg: dict[str, Any] = _api(explorer_url, RECIPE, name="kokkos")["package"]
    declared = pkg["declaredVersions"]
    # the case worth showing: some declared versions with a binary, some without, and
    # binaries of versions the recipe no longer declares
    assert {v["hasBinary"] for v in declared} == {True, False} and pkg["undeclaredVersions"]
    browser.get(explorer_url + "/package/kokkos")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.versions tbody.declared tr"))
    more = browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=versions-heading] .more")
    if len(declared) > len(browser.find_elements(By.CSS_SELECTOR, "tbody.declared tr")):
        more[0].click()
    shown = _attributes(browser, "table.versions tr[data-version]", "data-version", "data-binary")
    expected = [[v["version"], "yes" if v["hasBinary"] else "no"] for v in declared]
    assert shown == expected + [[v, "yes"] for v in pkg["undeclaredVersions"]]

    variants = [(v["name"], v["default"] or "", v["description"] or "") for v in pkg["variants"]]
    cells = [
        tuple(_texts(browser, f"table.recipe-variants tbody tr:nth-child({i}) > *"))
        for i in range(1, len(variants) + 1)
    ]
    assert cells == variants
    assert _texts(browser, "dd.build-system") == [pkg["buildSystem"]]
    assert _texts(browser, "#depends-on a") == pkg["dependsOn"][:40]
    assert _texts(browser, "dd.maintainers a") == pkg["maintainers"]

    # a binary mark opens this package's binaries of that version
    version = next(v["version"] for v in declared if v["hasBinary"])
    browser.find_element(By.CSS_SELECTOR, f'tr[data-version="{version}"] td.binary a').click()
    count = _api(
        explorer_url,
        'query($s: String) { specs(spec: $s, filter: {packages: ["kokkos"]}, first: 0)'
        " { totalCount } }",
        s=f"@={version}",
    )["specs"]["totalCount"]
    assert count > 0
    _wait(browser, _shows_count(count))

    # a maintainer opens the search of what they maintain: the list and the binaries
    maintainer = pkg["maintainers"][0]
    browser.find_element(By.CSS_SELECTOR, "dd.maintainers a").click()
    _wait(browser, lambda d: _params(d).get("maintainer") == [maintainer])
    maintained = _api(
        explorer_url,
        "query($m: [String!]) { packages(filter: {maintainers: $m}, includeWithoutBinaries: true,"
        " first: 100) { edges { node { name } } } specs(filter: {maintainers: $m}, first: 0)"
        " { totalCount } }",
        m=[maintainer],
    )
    names = [e["node"]["name"] for e in maintained["packages"]["edges"]]
    _wait(
        browser, lambda d: _attributes(d, ".maintained li", "data-package") == [[n] for n in names]
    )
    _wait(browser, _shows_count(maintained["specs"]["totalCount"]))
    box = browser.find_element(
        By.CSS_SELECTOR, f'fieldset[data-field="MAINTAINER"] input[data-value="{maintainer}"]'
    )
    assert box.is_selected()
    box.click()  # unticking the maintainer drops the filter and the list
    _wait(browser, lambda d: "maintainer" not in _params(d))
    _wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, ".maintained"))


def test_a_package_without_binaries_says_so_and_links_the_recipe(
    browser: WebDriver, explorer_url: str
) -> None:
    pkg = _api(explorer_url, RECIPE, name="boost")["package"]
    assert pkg["inCatalog"] and not pkg["hasBinaries"]
    browser.get(explorer_url + "/package/boost")
    notice = _wait(browser, lambda d: d.find_elements(By.ID, "no-binary"))[0]
    assert "No binary of boost is in this index" in notice.text
    link = notice.find_element(By.CSS_SELECTOR, "a.recipe")
    assert link.get_attribute("href") == _recipe_url("boost")
    assert browser.find_element(By.CSS_SELECTOR, "p.description").text == pkg["description"]
    assert not browser.find_elements(By.ID, "search-box")  # no binaries to search
    assert not browser.find_elements(By.CSS_SELECTOR, "[role=alert]")

    # a name neither the index nor the catalog knows: said so, not "no binary (yet)"
    assert _api(explorer_url, RECIPE, name="no-such-recipe")["package"] is None
    browser.get(explorer_url + "/package/no-such-recipe")
    _wait(browser, lambda d: "No package named" in d.find_element(By.ID, "main").text)
    assert not browser.find_elements(By.ID, "no-binary")


def _type_at_once(driver: WebDriver, text: str) -> None:
    driver.execute_script(
        """const box = document.getElementById("search-box");
        box.value = arguments[0];
        box.dispatchEvent(new Event("input", {bubbles: true}));""",
        text,
    )


def test_a_search_for_a_name_without_binaries_says_the_recipe_exists(
    browser: WebDriver, explorer_url: str
) -> None:
    recipes = """query($q: String!) { specs(query: $q, first: 0) { totalCount }
        packages(query: $q, includeWithoutBinaries: true, first: 5)
        { edges { node { name hasBinaries } } } }"""
    answer = _api(explorer_url, recipes, q="zstd")
    assert answer["specs"]["totalCount"] == 0
    without = [
        e["node"]["name"] for e in answer["packages"]["edges"] if not e["node"]["hasBinaries"]
    ]
    assert without
    # count the explorer's requests for recipes: none while binaries answer a name
    browser.execute_script(
        """window.recipeRequests = 0;
        const fetchNow = window.fetch.bind(window);
        window.fetch = (url, init) => {
          if (init && init.body && init.body.includes("query Recipes")) window.recipeRequests += 1;
          return fetchNow(url, init);
        };"""
    )
    # the whole word at once: a search for a first letter could rightly ask for recipes
    _type_at_once(browser, "zlib-ng")
    _wait(
        browser, lambda d: _rows(d) and _params(d).get("q") == ["zlib-ng"] and "…" not in _status(d)
    )
    # effects run after the paint that showed the rows: give a wrong request time to start
    browser.execute_script("return new Promise((resolve) => setTimeout(resolve, 250))")
    assert browser.execute_script("return window.recipeRequests") == 0
    assert not browser.find_elements(By.ID, "catalog-notice")

    _type_at_once(browser, "zstd")
    notice = _wait(browser, lambda d: d.find_elements(By.ID, "catalog-notice"))[0]
    _wait(browser, _shows_count(0))
    assert browser.execute_script("return window.recipeRequests") == 1
    assert [a.text for a in notice.find_elements(By.CSS_SELECTOR, "p > a:first-child")] == without
    assert notice.text.startswith(f"No binary of {without[0]} in this index; the recipe exists")
    recipe_links = [
        a.get_attribute("href") for a in notice.find_elements(By.CSS_SELECTOR, "a.recipe")
    ]
    assert recipe_links == [_recipe_url(name) for name in without]
    notice.find_element(By.CSS_SELECTOR, "p > a").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "no-binary"))
    assert urlsplit(browser.current_url).path == f"/package/{without[0]}"

    # binaries found, but the top package hit (boost) has none: said too
    answer = _api(explorer_url, recipes, q="boost")
    top = answer["packages"]["edges"][0]["node"]
    assert answer["specs"]["totalCount"] > 0 and not top["hasBinaries"]
    browser.get(explorer_url + "/?q=boost")
    notice = _wait(browser, lambda d: d.find_elements(By.ID, "catalog-notice"))[0]
    assert notice.text.startswith(f"No binary of {top['name']} in this index")
    assert parse_qs(urlsplit(browser.current_url).query)["q"] == ["boost"]
