"""Site search in Chromium: a reader's query puts the page that carries it first.

Each case names the pages a reader would accept as the first hit: the record, person or topic
the query is about. When a case fails, tune the page content (titles, lead paragraphs, search
boost in front matter) rather than widening the expectation.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SEARCH_INPUT = 'input[data-md-component="search-query"]'
RESULT_ITEM = ".md-search-result__item"

# query -> the pages (site paths) that are a good first hit for it.
EXPECTED_FIRST_HIT: dict[str, tuple[str, ...]] = {
    # People: their Who's who page, or the one record that is about them.
    "Tea Seiha": ("/actors/tea-seiha/", "/events/kihara-tea-seiha-talks-2024/"),
    "Kamikawa": ("/actors/kamikawa-yoko/", "/events/kamikawa-visit-2024/"),
    "Hun Sen": ("/actors/hun-sen/",),
    "Kishida": ("/actors/kishida-fumio/",),
    "Hun Manet": ("/actors/hun-manet/",),
    "Kihara": ("/actors/kihara-minoru/",),
    "Wang Wenbin": ("/actors/wang-wenbin/", "/events/wang-wenbin-appointed-2024/"),
    "Sok Chenda Sophea": ("/actors/sok-chenda-sophea/",),
    "Chhum Sochet": ("/actors/chhum-sochet/",),
    "Ueno Atsushi": ("/actors/ueno-atsushi/",),
    "Sam Seun": (
        "/actors/sam-seun/",
        "/events/sam-seun-essay-2024/",
        "/sources/better-cambodia-2024-03-03-sam-seun/",
    ),
    # Organisations and countries.
    "CMAC": ("/actors/cmac/",),
    "JICA": ("/actors/jica/",),
    "Ukraine": ("/actors/ukraine/",),
    # Amounts and figures.
    "59.6 million": ("/agreements/national-road-5-loan-2024/", "/topics/aid/"),
    "52%": ("/events/partner-survey-2022/", "/topics/china-factor/"),
    # Projects, agreements, initiatives.
    "Funan Techo": ("/agreements/funan-techo-canal/", "/events/funan-techo-groundbreaking-2024/"),
    "Landmine Initiative": (
        "/agreements/landmine-initiative-2024/",
        "/events/mine-action-package-announcement-2024/",
    ),
    "National Road No. 5": ("/agreements/national-road-5-loan-2024/",),
    "patrol boats": ("/agreements/patrol-boats-2024/",),
    "military attaché": ("/agreements/military-attache-exchange-2024/",),
    "scholarship": ("/agreements/hrd-scholarship-grant-2024/",),
    "Comprehensive Strategic Partnership": ("/agreements/csp-2023/",),
    "2013 memorandum": ("/agreements/defence-mou-2013/",),
    "Free and Open Indo-Pacific": ("/agreements/free-and-open-indo-pacific/",),
    # Places and events.
    "Siem Reap": ("/events/ottawa-review-conference-2024/",),
    "Sihanoukville": (
        "/agreements/funan-techo-canal/",
        "/agreements/three-cooperation-approaches-2024/",
    ),
    "Ottawa Convention": ("/events/ottawa-review-conference-2024/",),
    "Paris Peace Agreements": ("/events/paris-peace-agreements-1991/",),
    "naval port": ("/events/naval-port-groundbreaking-2022/",),
}


@pytest.fixture(scope="module")
def search_page(browser: Browser, site_url: str) -> Iterator[Page]:
    """One page with the search index loaded, reused for every query of this module."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site_url}/")
    yield page
    context.close()


def first_hit(page: Page, site_url: str, query: str) -> tuple[str, list[str]]:
    """Type a query as a reader would; return the first result's path and the top five."""
    box = page.locator(SEARCH_INPUT)
    if not box.is_visible():
        page.locator('label.md-header__button[for="__search"]').first.click()
    box.click()
    # Material searches on keyup. Clear the previous query and wait for its results to go, so
    # that no stale hit is read; then enter the whole query at once and release a key, so that
    # no result for a partly typed query can be read either.
    box.fill("")
    box.press("End")
    page.locator(RESULT_ITEM).first.wait_for(state="detached")
    box.fill(query)
    box.press("End")
    page.locator(RESULT_ITEM).first.wait_for(state="visible")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.slice(0, 5).map(a => a.href)"
    )
    paths = [urlsplit(href).path for href in hrefs]
    assert all(href.startswith(site_url) for href in hrefs), hrefs
    return paths[0], paths


@pytest.mark.parametrize("query", list(EXPECTED_FIRST_HIT))
def test_first_result_is_the_page_a_reader_expects(
    search_page: Page, site_url: str, query: str
) -> None:
    first, top = first_hit(search_page, site_url, query)
    expected = EXPECTED_FIRST_HIT[query]
    assert first in expected, (
        f"search for {query!r}: first hit {first}, expected one of {list(expected)}; "
        f"top results: {top}"
    )


def test_enough_queries_are_checked() -> None:
    assert len(EXPECTED_FIRST_HIT) >= 12
