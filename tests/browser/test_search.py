"""Site search in Chromium, on the MkDocs build: what it fetches, its accessibility, its
keyboard. The reader query table (``search_queries``) runs on every engine's build, in
``test_engines.py``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import (
    AXE_RUN,
    RESULT_ITEM,
    WCAG_TAGS,
    inject_axe,
    require_axe,
    search,
)
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def requests_made() -> list[str]:
    """Every URL the search page requested, from its load to the last query."""
    return []


@pytest.fixture(scope="module")
def search_page(browser: Browser, site_url: str, requests_made: list[str]) -> Iterator[Page]:
    """One page with the search index loaded, reused for every query of this module."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda request: requests_made.append(request.url))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{site_url}/")
    yield page
    context.close()


def test_search_runs_on_the_pagefind_index_with_no_third_party_request(
    search_page: Page, site_url: str, requests_made: list[str]
) -> None:
    search(search_page, site_url, "Kamikawa")
    assert any(url.endswith("/pagefind/pagefind.js") for url in requests_made)
    assert any("/pagefind/index/" in url for url in requests_made)
    # No engine's own search runs: neither worker nor index is fetched.
    assert not any("/workers/search" in url or "search_index.json" in url for url in requests_made)
    outside = [url for url in requests_made if not url.startswith(f"{site_url}/")]
    assert outside == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_open_search_results_pass_axe(search_page: Page, site_url: str, scheme: str) -> None:
    require_axe()
    search_page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    try:
        top = search(search_page, site_url, "Kamikawa Yoko")
        assert top[0] == "/actors/kamikawa-yoko/"
        assert search_page.locator(".cjb-search__excerpt mark").count() > 0  # highlighting kept
        inject_axe(search_page)
        result = search_page.evaluate(AXE_RUN, WCAG_TAGS)
    finally:
        search_page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'default')")
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []


def test_keyboard_opens_search_and_enter_goes_to_the_best_result(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{site_url}/")
        page.keyboard.press("/")  # Material's shortcut, kept
        assert page.evaluate("'cjbSearchQuery' in document.activeElement.dataset")
        page.keyboard.type("Kishda")  # a typo, forgiven
        page.locator(RESULT_ITEM).first.wait_for(state="visible")
        page.keyboard.press("Enter")
        page.wait_for_url("**/actors/kishida-fumio/**")
    finally:
        context.close()


def test_the_header_search_control_is_a_button_for_the_keyboard(
    browser: Browser, site_url: str
) -> None:
    """Tab reaches the header's search control, a real button (the theme's label for its
    toggle is neither focusable nor allowed the role of a button); Enter opens the panel,
    Escape closes it and gives the focus back."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{site_url}/")
        assert page.locator('label.md-header__button[for="__search"]').count() == 0
        button = page.locator("button[data-cjb-search-open]")
        assert button.get_attribute("aria-label") == "Search"
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("'cjbSearchOpen' in document.activeElement.dataset"):
                break
        else:
            pytest.fail("Tab never reached the search button")
        page.keyboard.press("Enter")
        assert page.evaluate("'cjbSearchQuery' in document.activeElement.dataset")
        page.keyboard.press("Escape")
        assert page.locator("[data-cjb-search]").is_hidden()
        assert page.evaluate("'cjbSearchOpen' in document.activeElement.dataset")
    finally:
        context.close()
