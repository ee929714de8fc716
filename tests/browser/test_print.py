"""Topic pages read as briefs: the first screen holds the brief, nothing scrolls
sideways on a phone, every record is one click away, and print makes a short brief."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import pytest
import yaml
from browser_support import ROOT
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

TOPICS = [t["slug"] for t in yaml.safe_load((ROOT / "data/topics.yml").read_text("utf-8"))]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_PRINTED_PAGES = 4
A4_TEXT = {"width": 620, "height": 900}


@contextmanager
def _opened(
    browser: Browser, url: str, viewport: dict, media: Literal["print"] | None = None
) -> Iterator[Page]:
    """The page at ``url`` in a window of its own, on screen or as printed; closed after."""
    page = browser.new_context(viewport=viewport).new_page()
    try:
        page.goto(url, wait_until="load")
        if media is not None:
            page.emulate_media(media=media)
        yield page
    finally:
        page.context.close()


def _bottom(page: Page, selector: str) -> float:
    """Where the last of the matching elements ends, in page pixels."""
    return page.evaluate(
        """s => Math.max(...[...document.querySelectorAll(s)]
              .map(e => e.getBoundingClientRect().bottom + window.scrollY))""",
        selector,
    )


@pytest.mark.parametrize("slug", TOPICS)
@pytest.mark.parametrize(("viewport", "screens"), [(DESKTOP, 1), (PHONE, 2)], ids=["desk", "phone"])
def test_the_first_screen_holds_the_brief(
    browser: Browser, site_url: str, slug: str, viewport: dict, screens: int
) -> None:
    with _opened(browser, f"{site_url}/topics/{slug}/", viewport) as page:
        fold = viewport["height"] * screens
        assert page.locator(".cjb-lede").count() == 1
        assert 3 <= page.locator(".cjb-points li").count() <= 5
        assert page.locator(".cjb-figure").count() >= 1
        for part in (".cjb-lede", ".cjb-points li", ".cjb-figure"):
            assert _bottom(page, part) <= fold, f"{part} ends below the fold"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"page is {width}px wide"


@pytest.mark.parametrize("slug", TOPICS)
def test_every_record_is_one_click_away(browser: Browser, site_url: str, slug: str) -> None:
    with _opened(browser, f"{site_url}/topics/{slug}/", DESKTOP) as page:
        links = page.locator("ul.cjb-rows:not(.cjb-rows--latest) li.cjb-row .cjb-row__main > a")
        hrefs = links.evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert hrefs and all(re.search(r"(events|agreements)/[a-z0-9-]+/$", h) for h in hrefs)
        links.first.click()
        page.wait_for_load_state("load")
        assert page.locator("blockquote").count() >= 1  # the full record, with its quotes
        assert page.locator(".cjb-breadcrumb [data-cjb-section]").count() == 1
        assert page.locator(".md-nav--primary .md-nav__link--active").count() >= 1


def _printed_pages(page: Page, path: Path) -> int:
    page.pdf(path=str(path), format="A4")
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


@pytest.mark.parametrize("slug", TOPICS)
def test_a_topic_prints_as_a_short_brief(
    browser: Browser, site_url: str, slug: str, tmp_path: Path
) -> None:
    with _opened(browser, f"{site_url}/topics/{slug}/", DESKTOP, media="print") as page:
        header = page.locator(".cjb-print-header")
        assert header.is_visible()
        text = header.inner_text()
        assert "Cambodia–Japan Briefing" in text and re.search(r"Records (from|in) ", text)
        assert "Printed" in text
        hidden = page.evaluate(
            """() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.cjb-actions']
                .map(s => getComputedStyle(document.querySelector(s)).display)"""
        )
        assert set(hidden) == {"none"}
        after = page.locator(".cjb-rows a").first.evaluate(
            "a => getComputedStyle(a, '::after').content"
        )
        assert after in ("none", "normal"), "no address after each link"
        assert page.locator(".cjb-addresses").is_visible()
        pages = _printed_pages(page, tmp_path / f"{slug}.pdf")
        assert 1 <= pages <= MAX_PRINTED_PAGES


def test_a_record_prints_on_one_or_two_pages(
    browser: Browser, site_url: str, tmp_path: Path
) -> None:
    with _opened(
        browser, f"{site_url}/events/kamikawa-visit-2024/", DESKTOP, media="print"
    ) as page:
        assert page.locator("blockquote").first.is_visible()
        assert page.locator(".cjb-cite").is_visible()
        assert 1 <= _printed_pages(page, tmp_path / "record.pdf") <= 2


@pytest.mark.parametrize("path", ["topics/aid/", "timeline/", "actors/kamikawa-yoko/"])
def test_a_printed_row_keeps_its_text_beside_the_date(
    browser: Browser, site_url: str, path: str
) -> None:
    # A title, kind or amount that wraps stays in its column, never under the date,
    # where a reader would take it for part of the date. The window is as wide as an A4
    # page's text, so that long rows wrap as they do on paper.
    with _opened(browser, f"{site_url}/{path}", A4_TEXT, media="print") as page:
        rows = page.evaluate(
            """() => [...document.querySelectorAll('li.cjb-row')].map(li => {
                const date = li.querySelector('.cjb-row__date').getBoundingClientRect();
                const left = Math.min(...[...li.querySelector('.cjb-row__main').getClientRects()]
                    .map(r => r.left));
                return [li.id, date.right, left];
            })"""
        )
        assert len(rows) >= 5
        wrapped = page.evaluate(
            """() => [...document.querySelectorAll('li.cjb-row .cjb-row__main')]
                .filter(m => m.getBoundingClientRect().height > 30).length"""
        )
        assert wrapped >= 1, "no row wraps at this width: the test would not see the fault"
        under = [row_id for row_id, date_right, left in rows if left < date_right]
        assert under == []
