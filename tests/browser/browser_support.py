"""Helpers for the browser tests: the page kinds, Chromium's settings, axe.

The static server and the skip-or-fail rule are ``support``'s, shared with the gates.

A plain module, not conftest, so that ``from browser_support import ...`` is unambiguous:
pytest imports every conftest.py under the one module name ``conftest``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page

# Re-exported for conftest and the browser tests.
from support import ROOT
from support import require as require
from support import served as served

# Without these, no browser test module can be imported (see conftest.py).
BROWSER_PACKAGES = ("playwright", "pytest_playwright")
CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """
tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
"""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def inject_axe(page: Page) -> None:
    """Load axe-core into a page.  Through the DevTools protocol, not a <script> tag: the
    site's Content-Security-Policy blocks inline scripts, as it should."""
    page.evaluate(AXE.read_text(encoding="utf-8"))


def require_axe() -> None:
    require(AXE.is_file(), f"{AXE} is missing: run `npm ci --no-audit --no-fund`")


def require_chromium() -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: run `sudo apt-get install -y chromium`")


# One page of every kind the site publishes. Each kind maps to a glob below the built site;
# the first match, in sorted order, stands for the kind. Year archives (/topics/aid/2024/)
# exist only once a listing outgrows its page (hooks/briefing/website/listing.py): those kinds are
# visited on the `paged_site` build, whose listing limit is small.
PAGE_KINDS: dict[str, str] = {
    "home": "index.html",
    "topics index": "topics/index.html",
    "topic": "topics/aid/index.html",
    "topic year archive": "topics/*/[0-9u]*/index.html",
    "event": "events/*/index.html",
    "agreement": "agreements/*/index.html",
    "actors index": "actors/index.html",
    "actor": "actors/*/index.html",
    "actor year archive": "actors/*/[0-9u]*/index.html",
    "sources index": "sources/index.html",
    "source": "sources/*/index.html",
    "timeline": "timeline/index.html",
    "timeline year archive": "timeline/[0-9u]*/index.html",
    "essays index": "essays/index.html",
    "essay": "essays/*/index.html",
    "figures": "figures/index.html",
    "map": "map/index.html",
    "data": "data/index.html",
    "methodology": "about/methodology/index.html",
    "tags": "tags/index.html",
    "not found": "404.html",
}

# Kinds that only a paged site has.
PAGED_KINDS = {"topic year archive", "actor year archive", "timeline year archive"}


def page_path(site: Path, kind: str) -> str:
    """The URL path (``/topics/aid/``) of the page that stands for a kind in a built site."""
    matches = sorted(site.glob(PAGE_KINDS[kind]))
    if not matches:
        pytest.fail(f"the built site has no {kind} page ({PAGE_KINDS[kind]})", pytrace=False)
    relative = matches[0].relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative


# -- site search (overrides/partials/search.html) ---------------------------------------

SEARCH_BUTTON = "button[data-cjb-search-open]"
SEARCH_INPUT = "input[data-cjb-search-query]"
RESULT_ITEM = ".cjb-search__result"


def open_search(page: Page) -> Locator:
    """Open the search panel with the header's button, as a reader would; the search box."""
    page.locator(SEARCH_BUTTON).first.click()
    box = page.locator(SEARCH_INPUT)
    box.wait_for(state="visible")
    return box


def search(page: Page, site_url: str, query: str) -> list[str]:
    """Type a query as a reader would; return the site paths of the top five results."""
    box = page.locator(SEARCH_INPUT)
    if not box.is_visible():
        box = open_search(page)
    # Clear the previous query and wait for its results to go, so that no stale hit is read;
    # then enter the whole query at once, so that no result for a partly typed query can be
    # read either.
    box.fill("")
    page.locator(RESULT_ITEM).first.wait_for(state="detached")
    box.fill(query)
    page.locator(RESULT_ITEM).first.wait_for(state="visible")
    hrefs = page.eval_on_selector_all(
        ".cjb-search__result > a", "links => links.slice(0, 5).map(a => a.href)"
    )
    assert all(href.startswith(site_url) for href in hrefs), hrefs
    return [urlsplit(href).path for href in hrefs]
