"""Privacy in Chromium: a page of every kind loads nothing from any host but our own.

Every request of a fresh browser context is recorded (the page, its assets, workers,
fetches), so a web font, an analytics script, an embedded image or a CDN stylesheet from
anywhere else fails the test, naming the URL.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_support import PAGE_KINDS, open_search
from playwright.sync_api import Browser, Request

pytestmark = pytest.mark.browser

# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


def third_party(urls: list[str], site_url: str) -> list[str]:
    ours = urlsplit(site_url).netloc
    return [
        url
        for url in urls
        if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != ours
    ]


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_requests_only_our_own_host(visit, site_url: str, kind: str) -> None:
    seen = visit(kind)
    assert f"{seen.base}{seen.path}" in seen.requests, f"the page itself was not requested: {seen}"
    # The page, its stylesheets and scripts at least: proof that recording works.
    assert len(seen.requests) > 3, f"{seen.path}: only {seen.requests} recorded"
    offenders = third_party(seen.requests, seen.base)
    assert not offenders, f"{seen.path} requested other hosts:\n" + "\n".join(offenders)


def test_search_requests_only_our_own_host(browser: Browser, site_url: str) -> None:
    """Searching fetches Pagefind's script, worker and index from our host too."""
    context = browser.new_context()
    seen: list[str] = []

    def on_request(request: Request) -> None:
        seen.append(request.url)

    context.on("request", on_request)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/", wait_until="load")
        box = open_search(page)
        box.fill("Funan Techo")
        page.locator(".cjb-search__result").first.wait_for()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert any("/pagefind/index/" in url for url in seen), seen
    offenders = third_party(seen, site_url)
    assert not offenders, "search requested other hosts:\n" + "\n".join(offenders)
