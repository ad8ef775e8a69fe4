"""The explorer in a real browser: headless Chromium against a real ``spackdex serve``.

Every expected number is asked of the same server's GraphQL API, so these tests check that
the pages show what the API answers, not figures copied into the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

pytestmark = pytest.mark.usefixtures("clean_browser")
DOCS = Path(__file__).resolve().parents[2] / "docs"
T = TypeVar("T")


def _api(base: str, query: str, **variables: Any) -> Any:
    answer = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}).json()
    assert "errors" not in answer, answer
    return answer["data"]


def _count(base: str, query: str | None = None, **filter_: Any) -> int:
    data = _api(
        base,
        "query($q: String, $f: SpecFilter) {"
        " specs(query: $q, filter: $f, first: 0) { totalCount } }",
        q=query,
        f=filter_ or None,
    )
    total: int = data["specs"]["totalCount"]
    return total


def _facet(base: str, field: str, query: str | None = None, **filter_: Any) -> dict[str, int]:
    data = _api(
        base,
        """query($q: String, $f: SpecFilter, $fields: [FacetField!]) {
            specs(query: $q, filter: $f, first: 0) {
                facets(fields: $fields, limit: 25) { values { value count } } } }""",
        q=query,
        f=filter_ or None,
        fields=[field],
    )
    return {v["value"]: v["count"] for v in data["specs"]["facets"][0]["values"]}


def _wait(driver: WebDriver, condition: Callable[[WebDriver], T], timeout: float = 10) -> T:
    # the page re-renders while it is polled: an element gone stale is "not yet"
    waiting = WebDriverWait(
        driver, timeout, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]
    )
    return waiting.until(condition)


def _status(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "results-heading").text


def _shows_count(count: int) -> Callable[[WebDriver], bool]:
    word = "spec" if count == 1 else "specs"
    return lambda d: _status(d) == f"{count:,} {word}"


def _params(driver: WebDriver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def _facet_counts(driver: WebDriver, field: str) -> dict[str, int]:
    group = driver.find_element(By.CSS_SELECTOR, f'fieldset[data-field="{field}"]')
    counts = {}
    for label in group.find_elements(By.CSS_SELECTOR, "label"):
        value = label.find_element(By.CSS_SELECTOR, ".value").text
        counts[value] = int(label.find_element(By.CSS_SELECTOR, ".count").text.replace(",", ""))
    return counts


def _rows(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "table.specs tbody tr")


def test_typing_shows_results_and_a_facet_click_narrows_them(
    browser: WebDriver, explorer_url: str
) -> None:
    everything = _count(explorer_url)
    _wait(browser, _shows_count(everything))
    box = browser.find_element(By.ID, "search-box")
    box.send_keys("hdf5")
    hdf5 = _count(explorer_url, "hdf5")
    _wait(browser, _shows_count(hdf5))
    assert _params(browser)["q"] == ["hdf5"]
    assert {r.find_element(By.CSS_SELECTOR, "td.package").text for r in _rows(browser)} == {"hdf5"}
    if os.environ.get("SPACKDEX_UPDATE_SCREENSHOT"):
        browser.save_screenshot(str(DOCS / "explorer.png"))

    # a facet click: the count, the rows, the other facets' counts and the URL change
    os_counts = _facet(explorer_url, "OS", "hdf5")
    assert _facet_counts(browser, "OS") == os_counts
    chosen = sorted(os_counts, key=lambda v: (-os_counts[v], v))[1]
    compilers_before = _facet_counts(browser, "COMPILER")
    browser.find_element(
        By.CSS_SELECTOR, f'fieldset[data-field="OS"] input[data-value="{chosen}"]'
    ).click()
    narrowed = _count(explorer_url, "hdf5", oss=[chosen])
    assert narrowed == os_counts[chosen] < hdf5
    _wait(browser, _shows_count(narrowed))
    assert _params(browser)["os"] == [chosen]
    assert {
        r.find_element(By.CSS_SELECTOR, "td.arch").text.split(" / ")[1] for r in _rows(browser)
    } == {chosen}
    compilers_after = _facet(explorer_url, "COMPILER", "hdf5", oss=[chosen])
    assert _facet_counts(browser, "COMPILER") == compilers_after != compilers_before
    assert _facet_counts(browser, "OS") == os_counts  # disjunctive: its own counts stay

    # back restores the previous view
    browser.back()
    _wait(browser, _shows_count(hdf5))
    assert "os" not in _params(browser)
    assert browser.find_element(By.ID, "search-box").get_attribute("value") == "hdf5"
    assert not browser.find_element(
        By.CSS_SELECTOR, f'fieldset[data-field="OS"] input[data-value="{chosen}"]'
    ).is_selected()
    assert _facet_counts(browser, "COMPILER") == compilers_before

    # a deep link (a fresh load of the narrowed URL) opens the same view
    browser.forward()
    _wait(browser, _shows_count(narrowed))
    link = browser.current_url
    browser.get("about:blank")
    browser.get(link)
    _wait(browser, _shows_count(narrowed))
    assert browser.find_element(By.ID, "search-box").get_attribute("value") == "hdf5"
    assert browser.find_element(
        By.CSS_SELECTOR, f'fieldset[data-field="OS"] input[data-value="{chosen}"]'
    ).is_selected()
    assert _facet_counts(browser, "COMPILER") == compilers_after


def test_package_and_spec_pages_load_from_links_and_copy_the_install_command(
    browser: WebDriver, explorer_url: str
) -> None:
    browser.get(explorer_url + "/?q=zlib-ng")
    _wait(browser, _shows_count(_count(explorer_url, "zlib-ng")))
    first = _rows(browser)[0]
    first.find_element(By.CSS_SELECTOR, "td.package a").click()
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "main h1").text == "zlib-ng")
    assert urlsplit(browser.current_url).path == "/package/zlib-ng"
    package = _api(explorer_url, '{ package(name: "zlib-ng") { versions numSpecs } }')["package"]
    # the recipe's versions, each marked (tests/explorer/test_catalog.py checks them all)
    marked = "table.versions tr[data-binary=yes]"
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, marked)) > 0)
    shown = [
        r.get_attribute("data-version") for r in browser.find_elements(By.CSS_SELECTOR, marked)
    ]
    assert sorted(shown) == sorted(package["versions"])
    _wait(browser, _shows_count(package["numSpecs"]))

    spec_link = _rows(browser)[0].find_element(By.CSS_SELECTOR, "a.hash")
    spec_hash = spec_link.get_attribute("href").rsplit("/", 1)[1]
    spec_link.click()
    _wait(browser, lambda d: urlsplit(d.current_url).path == f"/spec/{spec_hash}")
    spec = _api(
        explorer_url,
        "query($h: String!) { spec(hash: $h) { spackSpec installCommands } }",
        h=spec_hash,
    )["spec"]
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "pre.spackspec"))
    assert browser.find_element(By.CSS_SELECTOR, "pre.spackspec").text == spec["spackSpec"]
    expected = "\n".join(spec["installCommands"])
    assert browser.find_element(By.ID, "install-commands").text == expected
    button = browser.find_element(By.CSS_SELECTOR, "button.copy")
    assert button.get_attribute("data-copy") == expected
    button.click()
    _wait(browser, lambda d: d.find_element(By.ID, "install-commands-status").text == "Copied.")
    clipboard = browser.execute_async_script(
        "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0]('failed: ' + e))"
    )
    assert clipboard == expected

    browser.back()
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "main h1").text == "zlib-ng")


def test_my_host_narrows_and_is_remembered(browser: WebDriver, explorer_url: str) -> None:
    browser.get(explorer_url + "/?q=zlib-ng")
    _wait(browser, _shows_count(_count(explorer_url, "zlib-ng")))
    # a bare target; the full `spack arch` form is test_hdf5_with_mpi_for_my_zen3_machine
    browser.find_element(By.ID, "host-box").send_keys("zen3")
    on_zen3 = _count(explorer_url, "zlib-ng", compatibleWith="zen3")
    _wait(browser, _shows_count(on_zen3))
    assert _params(browser)["host"] == ["zen3"]
    assert browser.execute_script("return localStorage.getItem('spackdex.host')") == "zen3"
    browser.get(explorer_url + "/?q=zlib-ng")  # a link without a host: the remembered one
    _wait(browser, _shows_count(on_zen3))
    assert browser.find_element(By.ID, "host-box").get_attribute("value") == "zen3"
    assert _params(browser)["host"] == ["zen3"]
    # a host the API cannot read: its error is shown, the last results stay
    browser.find_element(By.ID, "host-box").send_keys("-nonsense")
    alert = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "[role=alert]"))[0]
    assert "zen3-nonsense" in alert.text
    assert _status(browser) == f"{on_zen3:,} specs"


def test_hdf5_with_mpi_for_my_zen3_machine(browser: WebDriver, explorer_url: str) -> None:
    """The issue's path with the host as `spack arch` prints it: platform-os-target."""
    host = "linux-ubuntu22.04-zen3"
    assert "linux" in _facet(explorer_url, "PLATFORM")
    assert "ubuntu22.04" in _facet(explorer_url, "OS")  # the fixture index has binaries there
    _wait(browser, _shows_count(_count(explorer_url)))
    browser.find_element(By.ID, "host-box").send_keys(host)
    browser.find_element(By.ID, "search-box").send_keys("hdf5 +mpi")
    expected = _api(
        explorer_url,
        'query($h: String) { specs(spec: "hdf5 +mpi", filter: {compatibleWith: $h}, first: 0)'
        " { totalCount } }",
        h=host,
    )["specs"]["totalCount"]
    assert 0 < expected < _count_spec(explorer_url, "hdf5 +mpi")
    _wait(browser, _shows_count(expected))
    assert _params(browser)["host"] == [host]
    assert _params(browser)["q"] == ["hdf5 +mpi"]
    arches = {r.find_element(By.CSS_SELECTOR, "td.arch").text for r in _rows(browser)}
    assert {a.split(" / ")[:2] == ["linux", "ubuntu22.04"] for a in arches} == {True}
    _rows(browser)[0].find_element(By.CSS_SELECTOR, "a.hash").click()
    button = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "button.copy"))[0]
    spec_hash = urlsplit(browser.current_url).path.rsplit("/", 1)[1]
    spec = _api(
        explorer_url,
        "query($h: String!) { spec(hash: $h) { name variants installCommands } }",
        h=spec_hash,
    )["spec"]
    assert spec["name"] == "hdf5" and "+mpi" in spec["variants"]
    assert button.get_attribute("data-copy") == "\n".join(spec["installCommands"])


def test_spec_syntax_errors_show_the_column_and_slash_focuses_the_box(
    browser: WebDriver, explorer_url: str
) -> None:
    _wait(browser, _shows_count(_count(explorer_url)))
    browser.find_element(By.TAG_NAME, "body").send_keys("/")
    assert browser.switch_to.active_element.get_attribute("id") == "search-box"
    browser.switch_to.active_element.send_keys("hdf5 +mpi %")
    error = _wait(browser, lambda d: d.find_elements(By.ID, "search-error"))[0]
    assert "column 11" in error.text
    caret = error.find_element(By.CSS_SELECTOR, "pre.caret").get_attribute("textContent")
    assert caret == "hdf5 +mpi %\n" + " " * 10 + "^"
    assert browser.find_element(By.ID, "search-box").get_attribute("aria-invalid") == "true"
    browser.find_element(By.ID, "search-box").send_keys("gcc")
    _wait(browser, _shows_count(_count_spec(explorer_url, "hdf5 +mpi %gcc")))
    assert not browser.find_elements(By.ID, "search-error")


def _count_spec(base: str, spec: str) -> int:
    total: int = _api(
        base, "query($s: String) { specs(spec: $s, first: 0) { totalCount } }", s=spec
    )["specs"]["totalCount"]
    return total


def test_every_control_has_a_label_and_tag_pages_load(
    browser: WebDriver, explorer_url: str
) -> None:
    _wait(browser, _shows_count(_count(explorer_url)))
    for control in browser.find_elements(By.CSS_SELECTOR, "input, select"):
        labelled = browser.execute_script(
            "return arguments[0].labels.length > 0 || arguments[0].hasAttribute('aria-label')",
            control,
        )
        assert labelled, control.get_attribute("outerHTML")
    assert browser.find_elements(By.CSS_SELECTOR, "form[role=search]")
    tag = browser.find_element(By.CSS_SELECTOR, "table.specs tbody tr td.tags a")
    name = tag.text
    tag.click()
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "main h1").text == f"Tag {name}")
    stacks = _api(explorer_url, "query($n: String!) { tag(name: $n) { stacks { name } } }", n=name)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.stacks tbody tr"))
    shown = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table.stacks tbody th")]
    assert shown == [s["name"] for s in stacks["tag"]["stacks"]]
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.packages tbody tr"))
    first = browser.find_element(By.CSS_SELECTOR, "table.packages tbody tr")
    package = first.find_element(By.CSS_SELECTOR, "th").text
    here = _count(explorer_url, None, tags=[name], packages=[package])
    assert first.find_element(By.CSS_SELECTOR, "td.num").text == str(here)
    assert browser.switch_to.active_element.tag_name == "h1"  # focus moved to the new page


# Holds back the answer to one search (its body read in full, so aborting the request cannot
# hide it) until a newer search has been answered and shown.
_SLOW_ANSWER = """
const slow = arguments[0];
const fetchNow = window.fetch.bind(window);
window.fetch = async (url, init) => {
  const response = await fetchNow(url, init);
  if (!(init && init.body && init.body.includes(slow))) return response;
  const body = await response.text();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  window.slowAnswerDelivered = true;
  return new Response(body, { status: response.status, headers: response.headers });
};
"""


def test_a_late_answer_to_an_older_search_never_replaces_a_newer_one(
    browser: WebDriver, explorer_url: str
) -> None:
    _wait(browser, _shows_count(_count(explorer_url)))
    older, newer = _count(explorer_url, "zlib"), _count(explorer_url, "zlib-ng")
    assert older != newer
    browser.execute_script(_SLOW_ANSWER, '"query":"zlib"')
    box = browser.find_element(By.ID, "search-box")
    box.send_keys("zlib")
    _wait(browser, lambda d: _params(d).get("q") == ["zlib"])  # its request is on its way
    box.send_keys("-ng")
    _wait(browser, _shows_count(newer))
    _wait(browser, lambda d: d.execute_script("return window.slowAnswerDelivered === true"))
    browser.execute_script("return new Promise((resolve) => setTimeout(resolve, 200))")
    assert _status(browser) == f"{newer:,} specs"


def _hashes_at(base: str, offset: int, size: int = 20) -> list[str]:
    data = _api(
        base,
        "query($n: Int!) { specs(first: $n) { edges { node { hash } } } }",
        n=offset + size,
    )
    return [e["node"]["hash"] for e in data["specs"]["edges"][offset:]]


def _shown_hashes(driver: WebDriver) -> list[str]:
    hashes: list[str] = driver.execute_script(
        "return [...document.querySelectorAll('table.specs a.hash')]"
        ".map((a) => a.pathname.split('/').pop())"
    )
    return hashes


def test_a_page_number_in_a_link_opens_that_page(browser: WebDriver, explorer_url: str) -> None:
    browser.get(explorer_url + "/?page=3")  # no cursor known: the explorer walks to it
    third = _hashes_at(explorer_url, 40)
    _wait(browser, lambda d: _shown_hashes(d) == third)
    assert "Page 3 of" in browser.find_element(By.CSS_SELECTOR, "nav.pager").text
    browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=prev]").click()
    second = _hashes_at(explorer_url, 20)
    _wait(browser, lambda d: _shown_hashes(d) == second)
    assert _params(browser)["page"] == ["2"]
    browser.back()
    _wait(browser, lambda d: _shown_hashes(d) == third)
