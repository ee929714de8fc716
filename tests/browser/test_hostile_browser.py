"""No script from the data runs in the browser, on any page that shows hostile text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import served
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

PAGES = ["/events/hostile-record/", "/topics/aid/", "/timeline/", "/actors/japan/", "/"]


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with served(hostile_site) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_does_not_run(browser: Browser, hostile_url: str, path: str) -> None:
    context = browser.new_context()
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(hostile_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned === undefined")
        assert dialogs == []
        if path == "/events/hostile-record/":
            heading = page.locator("h1").first.inner_text()
            assert "<script>alert('t')</script>" in heading
    finally:
        context.close()


def test_hostile_text_in_search_results_does_not_run(browser: Browser, hostile_url: str) -> None:
    context = browser.new_context()
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(hostile_url + "/", wait_until="load")
        search = page.locator('input[data-md-component="search-query"]')
        search.click()
        search.fill("onerror")
        search.press("End")  # Material searches on keyup
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.wait_for_timeout(500)
        assert page.evaluate("window.__pwned === undefined")
        assert dialogs == []
    finally:
        context.close()
