"""The compare view (/diff) and the package history in a real browser.

As in test_browser, every expected figure is asked of the same server's API: the summary,
the changed packages, the added and removed hashes and the facet counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from .test_browser import _api, _facet_counts, _params, _shown_hashes, _wait

pytestmark = pytest.mark.usefixtures("clean_browser")
SUMMARY_FIELDS = ("added", "removed", "unchanged", "packagesAdded", "packagesRemoved")
_DIFF = """
query ($from: DiffScope!, $to: DiffScope!, $filter: SpecFilter) {
  diff(from: $from, to: $to, filter: $filter) {
    summary { added removed unchanged packagesAdded packagesRemoved packagesChanged }
    packages(first: 20) { edges { node { name versionsAdded versionsRemoved } } }
    added(first: 20) { edges { node { hash } } facets(fields: [OS]) { values { value count } } }
    removed(first: 20) { edges { node { hash } } facets(fields: [OS]) { values { value count } } }
  }
}"""


def _diff(base: str, source: dict[str, str], target: dict[str, str], **filter_: Any) -> Any:
    return _api(base, _DIFF, **{"from": source, "to": target, "filter": filter_ or None})["diff"]


def _summary(driver: WebDriver) -> dict[str, int]:
    return {
        dd.get_attribute("data-field"): int(dd.text.replace(",", ""))
        for dd in driver.find_elements(By.CSS_SELECTOR, "dl.summary dd")
    }


def _shows_summary(expected: dict[str, int]) -> Callable[[WebDriver], bool]:
    return lambda d: (
        _summary(d) == expected and not d.find_elements(By.CSS_SELECTOR, "[aria-busy=true]")
    )


def _changes(driver: WebDriver) -> list[dict[str, Any]]:
    rows = []
    for row in driver.find_elements(By.CSS_SELECTOR, "table.changes tbody tr"):
        added = row.find_element(By.CSS_SELECTOR, "td.versions-added").text
        removed = row.find_element(By.CSS_SELECTOR, "td.versions-removed").text
        rows.append(
            {
                "name": row.find_element(By.CSS_SELECTOR, "th").text,
                "versionsAdded": added.split(", ") if added else [],
                "versionsRemoved": removed.split(", ") if removed else [],
            }
        )
    return rows


def _hashes(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["hash"] for edge in connection["edges"]]


def test_a_deep_link_opens_the_diff_the_api_answers_and_facets_restrict_both_sides(
    browser: WebDriver, explorer_url: str
) -> None:
    source, target = {"tag": "develop-2024-12-15"}, {"tag": "develop-2025-03-16"}
    browser.get(explorer_url + "/diff?from=develop-2024-12-15&to=develop-2025-03-16")
    diff = _diff(explorer_url, source, target)
    _wait(browser, _shows_summary(diff["summary"]))
    assert diff["summary"]["packagesChanged"] > 0  # the fixture has versions that moved
    assert _changes(browser) == [edge["node"] for edge in diff["packages"]["edges"]]
    assert any(row["versionsAdded"] and row["versionsRemoved"] for row in _changes(browser))
    assert _shown_hashes(browser) == _hashes(diff["added"])

    # the removed specs: their own count, rows and facets
    browser.find_element(By.CSS_SELECTOR, "nav.tabs a:not([aria-current])").click()
    removed = diff["summary"]["removed"]
    _wait(
        browser,
        lambda d: d.find_element(By.ID, "results-heading").text.startswith(f"{removed:,} spec"),
    )
    _wait(browser, lambda d: _shown_hashes(d) == _hashes(diff["removed"]))
    assert _params(browser)["show"] == ["removed"]
    os_counts = {v["value"]: v["count"] for v in diff["removed"]["facets"][0]["values"]}
    assert _facet_counts(browser, "OS") == os_counts

    # a facet restricts both sides: the summary becomes the API's filtered diff
    chosen = sorted(os_counts)[0]
    browser.find_element(
        By.CSS_SELECTOR, f'fieldset[data-field="OS"] input[data-value="{chosen}"]'
    ).click()
    narrowed = _diff(explorer_url, source, target, oss=[chosen])
    assert narrowed["summary"] != diff["summary"]
    _wait(browser, _shows_summary(narrowed["summary"]))
    assert _params(browser)["os"] == [chosen]

    # back walks the views: unfiltered, then the added specs again
    browser.back()
    _wait(browser, _shows_summary(diff["summary"]))
    assert "os" not in _params(browser)
    browser.back()
    _wait(browser, lambda d: _shown_hashes(d) == _hashes(diff["added"]))
    assert "show" not in _params(browser)


def test_the_tag_page_links_to_the_compare_view_and_sides_can_be_stacks(
    browser: WebDriver, explorer_url: str
) -> None:
    browser.get(explorer_url + "/tag/develop-2025-03-16")
    link = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "a.compare"))[0]
    assert "develop-2025-03-09" in link.text  # the week before, not the next tag in the list
    link.click()
    _wait(browser, lambda d: urlsplit(d.current_url).path == "/diff")
    assert _params(browser)["from"] == ["develop-2025-03-09"]
    assert _params(browser)["to"] == ["develop-2025-03-16"]
    source, target = {"tag": "develop-2025-03-09"}, {"tag": "develop-2025-03-16"}
    _wait(browser, _shows_summary(_diff(explorer_url, source, target)["summary"]))

    # one stack on each side, chosen in the page
    for side in ("from", "to"):
        Select(browser.find_element(By.ID, f"{side}-stack")).select_by_visible_text("e4s")
        _wait(browser, lambda d, side=side: _params(d).get(f"{side}Stack") == ["e4s"])
    stacks = _diff(explorer_url, {**source, "stack": "e4s"}, {**target, "stack": "e4s"})
    _wait(browser, _shows_summary(stacks["summary"]))
    assert _changes(browser) == [edge["node"] for edge in stacks["packages"]["edges"]]

    for _ in range(3):  # both stacks, then the tag page
        browser.back()
    _wait(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, "main h1").text == "Tag develop-2025-03-16",
    )

    # a side the index does not have: the API's error names it
    browser.get(explorer_url + "/diff?from=develop-2025-03-23&to=develop-2025-03-16")
    alert = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "main [role=alert]"))[0]
    assert "develop-2025-03-23" in alert.text


def test_the_package_page_shows_each_versions_tags_from_history(
    browser: WebDriver, explorer_url: str
) -> None:
    history = _api(
        explorer_url, '{ package(name: "rocblas") { history { version tags { name } } } }'
    )["package"]["history"]
    assert any(len(entry["tags"]) > 1 for entry in history)
    browser.get(explorer_url + "/package/rocblas")
    expected = [[entry["version"], [t["name"] for t in entry["tags"]]] for entry in history]
    _wait(
        browser,
        lambda d: (
            [
                [
                    row.find_element(By.CSS_SELECTOR, "th").text,
                    [a.text for a in row.find_elements(By.CSS_SELECTOR, "td a")],
                ]
                for row in d.find_elements(By.CSS_SELECTOR, "table.versions tbody tr")
            ]
            == expected
        ),
    )
