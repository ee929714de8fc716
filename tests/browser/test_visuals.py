"""The visuals in Chromium, at desktop and phone widths, in the light and dark palettes.

For each page that carries a visual (the home page, a topic page, the timeline, the map
and the Money page): it renders; every mark or place links to a page that exists in the
built site, and marks link to record pages; no ``<text>`` sticks out of its drawing's
viewBox; the page itself never scrolls sideways; and axe finds no serious or critical
violation in the dark palette.  The paged build checks that bins link to year archives.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import AXE_RUN, WCAG_TAGS, inject_axe, require_axe
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {
    "home": "/",
    "topic": "/topics/diplomacy/",
    "china factor": "/topics/china-factor/",
    "timeline": "/timeline/",
    "map": "/map/",
    "money": "/figures/",
}
VISUAL = "figure.cjb-visual"
# Text boxes measured in the SVG's own user units, against its viewBox.
CLIPPED_TEXT_JS = """
() => {
  const out = [];
  for (const svg of document.querySelectorAll("figure.cjb-visual svg")) {
    const vb = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5
          || b.y + b.height > vb.y + vb.height + 0.5) {
        out.push(`${text.textContent} at ${b.x.toFixed(1)},${b.y.toFixed(1)} ` +
                 `${b.width.toFixed(1)}x${b.height.toFixed(1)} in ${vb.width}x${vb.height}`);
      }
    }
  }
  return out;
}
"""
LINKS_JS = """
() => Array.from(document.querySelectorAll("figure.cjb-visual svg a")).map(a => ({
  href: a.getAttribute("href"), css: a.getAttribute("class") || "",
  label: (a.querySelector("title") || {}).textContent || "",
}))
"""


def exists(site: Path, page_url: str, href: str) -> bool:
    """Whether a link from a page resolves to a file (and anchor) in the built site."""
    target = urlsplit(urljoin(page_url, href))
    path = site / target.path.lstrip("/")
    if target.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return False
    return not target.fragment or f'id="{target.fragment}"' in path.read_text(encoding="utf-8")


def open_page(browser: Browser, url: str, width: str, scheme: str = "default") -> Page:
    w, h = WIDTHS[width]
    # The dark check adds a style sheet of its own, which the site's policy would refuse.
    page = browser.new_page(viewport={"width": w, "height": h}, bypass_csp=scheme != "default")
    page.goto(url, wait_until="load")
    if scheme != "default":
        # No colour transitions: axe must see the scheme's final colours.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    return page


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_visuals_render_link_and_fit(
    browser: Browser, site_url: str, built_site: Path, name: str, width: str
) -> None:
    page = open_page(browser, site_url + PAGES[name], width)
    try:
        figures = page.locator(VISUAL)
        assert figures.count() >= 1, f"{PAGES[name]} has no visual"
        for index in range(figures.count()):
            box = figures.nth(index).bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50, (name, index, box)
            svg_box = figures.nth(index).locator("svg").bounding_box()
            assert svg_box and svg_box["height"] > 50, (name, index, svg_box)
        clipped = page.evaluate(CLIPPED_TEXT_JS)
        assert not clipped, f"{PAGES[name]} at {width}: text outside its viewBox: {clipped}"
        links = page.evaluate(LINKS_JS)
        broken = [
            link for link in links if not exists(built_site, site_url + PAGES[name], link["href"])
        ]
        assert not broken, f"{PAGES[name]}: links to nothing: {broken}"
        for link in links:
            assert link["label"], f"{PAGES[name]}: a link in a drawing has no title: {link}"
            if "cjb-tl__mark" in link["css"]:
                target = urlsplit(urljoin(site_url + PAGES[name], link["href"])).path
                assert target.startswith(("/events/", "/agreements/")), link
        overflow = page.evaluate(
            "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
        )
        assert overflow <= 0, f"{PAGES[name]} scrolls sideways by {overflow}px at {width}"
    finally:
        page.close()


def test_timeline_marks_every_record(browser: Browser, site_url: str, built_site: Path) -> None:
    """On the home page, each record of each topic is a mark (the real data needs no bins)."""
    page = open_page(browser, site_url + "/", "desktop")
    try:
        marks = page.locator("figure.cjb-tl svg a.cjb-tl__mark")
        hrefs = {
            urlsplit(urljoin(site_url + "/", h)).path
            for h in marks.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        }
        assert page.locator("figure.cjb-tl svg a.cjb-tl__bin").count() == 0
    finally:
        page.close()
    records = {
        "/" + p.parent.relative_to(built_site).as_posix() + "/"
        for folder in ("events", "agreements")
        for p in (built_site / folder).glob("*/index.html")
    }
    assert hrefs == records


def test_precision_and_schedule_are_drawn_apart(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/topics/mine-action/", "desktop")
    try:
        planned = page.locator("a.cjb-tl__mark--planned title").all_text_contents()
        assert any(t.startswith("Scheduled for November 2024") for t in planned), planned
        year_only = page.locator("a.cjb-tl__mark--year title").all_text_contents()
        assert any(t.startswith("Scheduled for 2025;") for t in year_only), year_only
        months = page.locator("a.cjb-tl__mark--month rect")
        assert months.count() > 0
        # A month-only mark spans its month: wider than a day's dot.
        assert all(
            float(w) > 8 for w in months.evaluate_all("r => r.map(x => x.getAttribute('width'))")
        )
    finally:
        page.close()


def test_topic_timeline_has_that_topic_only(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/topics/aid/", "desktop")
    try:
        lanes = page.locator("figure.cjb-tl .cjb-tl__lane-label").all_text_contents()
        assert len(lanes) == 1 and lanes[0].startswith("Aid and economic cooperation"), lanes
    finally:
        page.close()


def test_timeline_scrolls_inside_its_box_on_a_phone(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/", "phone")
    try:
        box = page.locator("figure.cjb-tl .cjb-visual__scroll")
        sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert sizes[0] > sizes[1], f"the timeline fits a phone without scrolling: {sizes}"
        font = page.locator("figure.cjb-tl .cjb-tl__lane-label").first.evaluate(
            "t => t.getBoundingClientRect().height"
        )
        assert font >= 11, f"lane labels are {font}px tall on a phone"
    finally:
        page.close()


def test_map_tells_backers_apart(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/map/", "desktop")
    try:
        japan = page.locator("svg a.cjb-map__place--japan title").all_text_contents()
        china = page.locator("svg a.cjb-map__place--china title").all_text_contents()
        # The record is backed, never the place: its title counts the records that say so.
        assert "Poipet: 1 record; it is a Japanese grant or loan" in japan, japan
        assert any(t.startswith("Funan Techo canal route") for t in china), china
        assert not set(japan) & set(china)
        caption = page.locator("figure.cjb-map figcaption").inner_text()
        assert "Natural Earth" in caption and "GeoNames" in caption and "CC BY 4.0" in caption
    finally:
        page.close()


def test_money_chart_keeps_grants_and_loans_apart(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/figures/", "phone")
    try:
        values = page.locator("figure.cjb-chart .cjb-chart__value").all_text_contents()
        assert "approx. USD 59.6 million" in values and "approx. USD 2.7 million" in values
        assert not any("62.3" in v for v in values), values
        body = page.locator("article").inner_text()
        assert "62.3" not in body
        # Legible on a phone: value labels are drawn at 11 px or more.
        height = page.locator("figure.cjb-chart .cjb-chart__value").first.evaluate(
            "t => t.getBoundingClientRect().height"
        )
        assert height >= 11, height
    finally:
        page.close()


def test_canal_is_compared_on_the_china_factor_page_only(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/topics/china-factor/", "desktop")
    try:
        labels = page.locator("figure.cjb-chart .cjb-chart__label").all_text_contents()
        assert "Funan Techo canal" in labels
    finally:
        page.close()
    page = open_page(browser, site_url + "/topics/aid/", "desktop")
    try:
        assert page.locator("figure.cjb-chart").count() == 0
    finally:
        page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_dark_palette_keeps_contrast(browser: Browser, site_url: str, name: str) -> None:
    require_axe()
    page = open_page(browser, site_url + PAGES[name], "desktop", scheme="slate")
    try:
        inject_axe(page)
        result = page.evaluate(AXE_RUN, WCAG_TAGS)
    finally:
        page.close()
    blocking = [
        (v["id"], n["target"], n["html"][:120])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]
    assert not blocking, f"{PAGES[name]} in the dark palette: {blocking}"


def test_links_resolve_on_a_paged_site(
    browser: Browser, paged_site_url: str, paged_site: Path
) -> None:
    """With a listing limit of 8 the same data is paged; the timeline's links still resolve."""
    page = open_page(browser, paged_site_url + "/", "desktop")
    try:
        links = page.evaluate(LINKS_JS)
    finally:
        page.close()
    assert links
    broken = [link for link in links if not exists(paged_site, paged_site_url + "/", link["href"])]
    assert not broken, broken
