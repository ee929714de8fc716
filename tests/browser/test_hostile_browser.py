"""No script from the data runs in the browser, on any page kind or in search results.

The hostile site (``support.add_hostile_data``) has hostile text in every field.  On each
page kind no dialog opens and no Content-Security-Policy violation is reported: a violation
would mean hostile markup reached the page and only the policy stopped it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import open_search, served
from playwright.sync_api import Browser, Page

from support import HOSTILE_IDS

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "topic": f"/topics/{HOSTILE_IDS['topics']}/",
    "event": f"/events/{HOSTILE_IDS['events']}/",
    "agreement": f"/agreements/{HOSTILE_IDS['agreements']}/",
    "actor": f"/actors/{HOSTILE_IDS['actors']}/",
    "source": f"/sources/{HOSTILE_IDS['sources']}/",
    "actors index": "/actors/",
    "sources index": "/sources/",
    "topics index": "/topics/",
    "timeline": "/timeline/",
    "figures": "/figures/",
    "data": "/data/",
    "essays index": "/essays/",
    "essay": "/essays/zz-hostile/",
    "tags": "/tags/",
    "not found": "/404.html",
}
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
  e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with served(hostile_site) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    dialogs: list[str] = []
    try:
        tab = context.new_page()
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield tab, dialogs
    finally:
        context.close()


def _nothing_ran(tab: Page, dialogs: list[str]) -> None:
    assert dialogs == []
    assert tab.evaluate("window.__violations") == []
    # No element from the data made it into the DOM.
    assert tab.evaluate("document.querySelectorAll('img[src=\"x\"], iframe').length") == 0
    handlers = tab.evaluate(
        "Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))"
        ".filter(a => a.name.startsWith('on')).map(a => a.name)"
    )
    assert handlers == []


@pytest.mark.parametrize("kind", PAGES)
def test_hostile_text_does_not_run(
    page: tuple[Page, list[str]], hostile_url: str, kind: str
) -> None:
    tab, dialogs = page
    tab.goto(hostile_url + PAGES[kind], wait_until="load")
    tab.mouse.wheel(0, 100_000)
    tab.wait_for_load_state("networkidle")
    _nothing_ran(tab, dialogs)
    if kind == "event":
        heading = tab.locator("h1").first.inner_text()
        assert "<script>alert('events.title')</script>" in heading


def test_hostile_text_in_search_results_does_not_run(
    page: tuple[Page, list[str]], hostile_url: str
) -> None:
    tab, dialogs = page
    tab.goto(hostile_url + "/", wait_until="load")
    search = open_search(tab)
    search.fill("onerror")
    results = tab.locator(".cjb-search__result")
    results.first.wait_for(timeout=15_000)
    tab.wait_for_timeout(500)
    assert results.count() >= 3
    # Hostile titles and text are shown in the results, as text.
    shown = tab.locator(".cjb-search__results").inner_text()
    assert "<script>alert(" in shown or "onerror=alert(" in shown, shown
    _nothing_ran(tab, dialogs)
