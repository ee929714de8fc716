"""The same reader checks on the site as MkDocs, ProperDocs and Zensical build it.

Each engine's site is built once per session (``built_site``, ``properdocs_site``,
``zensical_reader_site`` in tests/conftest.py; Zensical's then given its search index,
policy and cards by ``briefing index`` and ``briefing generate``, as the README says), and
each check runs on all three: the reader query table in the search panel, a topic page, a
record page and the map, with no console error and nothing fetched from another host.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_support import search, served
from playwright.sync_api import Browser, Page
from search_queries import CASES, QUERIES

pytestmark = pytest.mark.browser

ENGINES = {
    "mkdocs": "built_site",
    "properdocs": "properdocs_site",
    "zensical": "zensical_reader_site",
}


@dataclass
class Reader:
    """One browser page on one engine's site, kept for the module, and what it saw."""

    base: str
    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module", params=list(ENGINES))
def reader(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Reader]:
    site: Path = request.getfixturevalue(ENGINES[request.param])
    with served(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        seen = Reader(base, page)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: seen.errors.append(error.message))
        context.on("request", lambda r: seen.requests.append(r.url))
        page.goto(f"{base}/")
        yield seen
        context.close()
    # Every page of the module, every engine: nothing failed, nothing left the host.
    assert seen.errors == []
    assert [url for url in seen.requests if not url.startswith(f"{base}/")] == []


@pytest.mark.parametrize(("family", "query"), CASES)
def test_search_puts_the_expected_page_first(reader: Reader, family: str, query: str) -> None:
    top = search(reader.page, reader.base, query)
    expected = QUERIES[family][query]
    assert top[0] in expected, (
        f"{family} query {query!r}: first hit {top[0]}, expected one of {list(expected)}; "
        f"top results: {top}"
    )


def test_a_topic_page(reader: Reader) -> None:
    page = reader.page
    page.goto(f"{reader.base}/topics/aid/", wait_until="load")
    assert page.locator("h1").first.inner_text().startswith("Aid and economic cooperation")
    rows = page.locator("article a[href*='/agreements/national-road-5-loan-2024/']")
    assert rows.count() > 0
    rows.first.click()
    page.wait_for_url("**/agreements/national-road-5-loan-2024/")


def test_a_record_page(reader: Reader) -> None:
    page = reader.page
    page.goto(f"{reader.base}/agreements/national-road-5-loan-2024/", wait_until="load")
    assert "National Road No. 5" in page.locator("h1").first.inner_text()
    text = page.locator("article").first.inner_text()
    assert "59.6 million" in text and "30" in text  # the amount and the repayment years
    assert page.locator("blockquote, q, .cjb-quote").count() > 0  # the cited quote


def test_the_map(reader: Reader) -> None:
    page = reader.page
    page.goto(f"{reader.base}/map/", wait_until="load")
    places = page.locator("figure.cjb-visual svg a")
    assert places.count() > 5
    assert page.locator("svg a.cjb-map__place--japan title").count() > 0
