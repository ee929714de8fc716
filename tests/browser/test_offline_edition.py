"""The offline edition in Chromium, opened from file:// as a reader would after unzipping it:
pages load, every link leads to a page, search finds a name, nothing is fetched from a host.

The edition is built once per session with the documented command
(``python -m briefing offline``) and unzipped into a temporary folder.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import require_chromium
from playwright.sync_api import Browser, BrowserContext, Page

from briefing.commands import offline
from briefing.commands.cli import OFFLINE_NAME, main
from htmlparse import read_page
from support import ROOT, require

pytestmark = pytest.mark.browser

SEARCH_INPUT = 'input[data-md-component="search-query"]'
RESULT_LINK = ".md-search-result__item a"


@pytest.fixture(scope="session")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unzipped offline edition: its folder, holding index.html."""
    shim = ROOT / offline.SHIM_SOURCE
    require(shim.is_file(), f"{shim} is missing: run `npm ci --no-audit --no-fund`")
    out = tmp_path_factory.mktemp("offline")
    assert main(["offline", "--root", str(ROOT), "--out", str(out / "build")]) == 0
    unzipped = out / "unzipped"
    # Only the zip is left behind: no unzipped copy of the site.
    assert [p.name for p in (out / "build").iterdir()] == [f"{OFFLINE_NAME}.zip"]
    with zipfile.ZipFile(out / "build" / f"{OFFLINE_NAME}.zip") as archive:
        archive.extractall(unzipped)
    return unzipped / OFFLINE_NAME


def test_the_edition_leaves_out_what_only_a_host_reads(edition: Path) -> None:
    for name in (*offline.HOST_FILES, "404.html"):
        assert not (edition / name).exists(), name
    assert (edition / "index.html").is_file()


@pytest.fixture
def reader(browser: Browser) -> Iterator[tuple[BrowserContext, list[str], list[str]]]:
    """A fresh context recording every request and every console error."""
    require_chromium()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    try:
        yield context, requests, errors
    finally:
        context.close()


def _open(context: BrowserContext, errors: list[str], url: str) -> Page:
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load")
    return page


def test_every_link_in_the_edition_leads_to_a_file(edition: Path) -> None:
    broken = []
    checked = 0
    for html in sorted(edition.rglob("*.html")):
        info = read_page(html)
        scripts = [src for src in info.scripts if src != "<inline>"]
        for link in [*info.links, *(href for _, href in info.link_rels), *scripts]:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#") or not parts.path:
                continue
            target = (html.parent / unquote(parts.path)).resolve()
            checked += 1
            if not target.is_file() or not target.is_relative_to(edition.resolve()):
                broken.append(f"{html.relative_to(edition)}: {link}")
    assert checked > 1000
    assert not broken, f"{len(broken)} broken: {broken[:10]}"


def test_pages_load_and_links_work_from_disk(edition: Path, reader) -> None:
    context, requests, errors = reader
    page = _open(context, errors, (edition / "index.html").as_uri())
    assert page.title().startswith("Cambodia–Japan Briefing")
    # Follow the navigation to the timeline, then a record on it, as a reader would.
    page.locator(".md-nav__link", has_text="Timeline").first.click()
    page.wait_for_load_state("load")
    assert page.url == (edition / "timeline" / "index.html").as_uri()
    assert page.locator("h1").first.inner_text().startswith("Timeline")
    page.locator("article a[href*='events/']").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith((edition / "events").as_uri() + "/")
    assert page.url.endswith("/index.html") or "/index.html#" in page.url
    assert page.locator("h1").count() == 1
    assert [u for u in requests if not u.startswith("file://")] == []
    assert errors == []


def test_search_finds_a_name_from_disk(edition: Path, reader) -> None:
    context, requests, errors = reader
    page = _open(context, errors, (edition / "index.html").as_uri())
    page.locator(SEARCH_INPUT).fill("Tea Seiha")
    page.wait_for_selector(RESULT_LINK, timeout=20_000)
    first = page.locator(RESULT_LINK).first
    assert "Tea Seiha" in first.inner_text()
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith((edition / "actors" / "tea-seiha" / "index.html").as_uri())
    assert "Tea Seiha" in page.locator("h1").first.inner_text()
    assert [u for u in requests if not u.startswith("file://")] == []
    assert errors == []
