"""What a reader on a phone sees first: the timeline's lane labels, results within two
screens, counts and chart that follow a filter, tables that fit, no layout shift; and
what paper shows of the same pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# One page of each kind a reader meets.
PAGE_KINDS = {
    "home": "/",
    "topic": "/topics/aid/",
    "record": "/events/kamikawa-visit-2024/",
    "agreement": "/agreements/national-road-5-loan-2024/",
    "actor": "/actors/ccrs/",
    "source": "/sources/ccrs-2024-07-10-kamikawa-visit/",
    "timeline": "/timeline/",
    "events": "/events/",
    "agreements": "/agreements/",
    "map": "/map/",
    "money": "/figures/",
    "data": "/data/",
    "essay": "/essays/china-factor/",
    "who": "/actors/",
    "sources": "/sources/",
}
CLS_JS = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 2000);
})
"""


@pytest.fixture
def phone_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def phone(phone_context: BrowserContext) -> Page:
    return phone_context.new_page()


def test_the_timeline_opens_on_its_lane_labels(phone: Page, site_url: str) -> None:
    phone.goto(f"{site_url}/timeline/", wait_until="load")
    box = phone.locator("figure.cjb-tl .cjb-visual__scroll")
    assert box.evaluate("b => b.scrollLeft") == 0
    label = phone.locator("figure.cjb-tl .cjb-tl__lane-label").first.bounding_box()
    assert label is not None and 0 <= label["x"] < PHONE["width"] / 2, label


def test_results_start_within_two_screens_with_the_filters_open(phone: Page, site_url: str) -> None:
    phone.goto(f"{site_url}/timeline/", wait_until="load")
    phone.locator("[data-cjb-filters] > summary").tap()
    top = phone.locator("ul.cjb-rows li.cjb-row").first.evaluate(
        "row => row.getBoundingClientRect().top + window.scrollY"
    )
    assert top < 2 * PHONE["height"], f"the first result is {top:.0f}px down"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width}px"


def test_year_counts_and_chart_follow_the_filter(phone: Page, site_url: str) -> None:
    phone.goto(f"{site_url}/timeline/?topic=mine-action", wait_until="load")
    counts = phone.evaluate(
        """() => Array.from(document.querySelectorAll("[data-cjb-year-count]")).map(slot => [
             Number(slot.textContent),
             document.querySelectorAll(
               `[data-cjb-year="${slot.dataset.cjbYearCount}"] .cjb-row:not([hidden])`).length])"""
    )
    assert counts and all(shown == rows for shown, rows in counts), counts
    assert sum(shown for shown, _ in counts) == phone.locator(".cjb-row:not([hidden])").count()
    faded = phone.evaluate(
        """() => {
          const shown = new Set(Array.from(document.querySelectorAll(".cjb-row:not([hidden]) a"))
            .map(a => new URL(a.getAttribute("href"), location.href).pathname));
          return Array.from(document.querySelectorAll("a.cjb-tl__mark")).map(mark => [
            mark.classList.contains("cjb-tl__out"),
            shown.has(new URL(mark.getAttribute("href"), location.href).pathname)]);
        }"""
    )
    assert any(out for out, _ in faded) and any(not out for out, _ in faded)
    assert all(out != shown for out, shown in faded), "a mark disagrees with the list"


@pytest.mark.parametrize("path", ["/figures/", "/actors/", "/sources/", "/data/"])
def test_tables_fit_a_phone_without_sideways_scrolling(
    phone: Page, site_url: str, path: str
) -> None:
    phone.goto(f"{site_url}{path}", wait_until="load")
    tables = phone.evaluate(
        """() => Array.from(document.querySelectorAll("article table")).map(t => {
             const box = t.closest(".md-typeset__scrollwrap") || t.parentElement;
             const last = t.querySelector("tr > :last-child").getBoundingClientRect();
             return [box.scrollWidth - box.clientWidth, last.right];
           })"""
    )
    assert tables
    for overflow, last_right in tables:
        assert overflow <= 1 and last_right <= PHONE["width"], tables


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_layout_shift_with_a_slow_phone_cpu(
    phone_context: BrowserContext, phone: Page, site_url: str, kind: str
) -> None:
    cdp = phone_context.new_cdp_session(phone)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    response = phone.goto(f"{site_url}{PAGE_KINDS[kind]}", wait_until="load")
    assert response is not None and response.status == 200, PAGE_KINDS[kind]
    shift = phone.evaluate(CLS_JS)
    assert shift <= 0.1, f"layout shift {shift:.3f} on {PAGE_KINDS[kind]}"


def test_print_shows_no_scroll_shadow_and_names_sources(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/topics/aid/", wait_until="load")
    page.emulate_media(media="print")
    shadow = page.locator("figure.cjb-tl .cjb-visual__scroll").evaluate(
        "b => getComputedStyle(b).backgroundImage"
    )
    assert shadow == "none"
    cites = page.locator(".cjb-points .cjb-cite").all_text_contents()
    assert cites and all(", per " in cite for cite in cites), cites


@pytest.mark.parametrize("collection", ["events", "agreements"])
def test_a_trimmed_record_address_lists_its_siblings(
    page: Page, site_url: str, collection: str
) -> None:
    response = page.goto(f"{site_url}/{collection}/", wait_until="load")
    assert response is not None and response.status == 200
    links = page.locator("ul.cjb-rows li.cjb-row > .cjb-row__main > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    assert links and all(f"/{collection}/" in link for link in links), links
    assert page.locator("[data-cjb-filters]").count() == 1
