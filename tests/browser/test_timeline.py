"""Timeline filters in Chromium: filtering, the URL query, reload and shared links, chips,
the actor search, year links that keep the filters, and a phone used by touch.

The expected rows are worked out independently from the static HTML (the rows' data-*
attributes and the kind families' data-kinds, read with html.parser): values of one facet
are alternatives, facets combine.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

FACETS = ("topic", "actor", "kind", "year")
FORM = "[data-cjb-filters] form"
VISIBLE_ROWS_JS = """
() => Array.from(document.querySelectorAll("li.cjb-row"))
  .filter(row => row.checkVisibility())
  .map(row => ({
    href: row.querySelector("a").getAttribute("href"),
    topic: row.dataset.topic || "", actor: row.dataset.actor || "",
    kind: row.dataset.kind || "", year: row.dataset.year || "",
  }))
"""


@dataclass(frozen=True)
class Row:
    href: str
    values: dict[str, frozenset[str]]

    def matches(self, wanted: dict[str, list[str]]) -> bool:
        return all(
            not values or any(value in self.values[facet] for value in values)
            for facet, values in wanted.items()
        )


class _RowParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.families: dict[str, list[str]] = {}
        self._attrs: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "input" and found.get("name") == "family":
            self.families[found["value"]] = found["data-kinds"].split()
        if tag == "li" and "cjb-row" in found.get("class", "").split():
            self._attrs = found
        elif tag == "a" and self._attrs is not None:
            values = {f: frozenset(self._attrs.get(f"data-{f}", "").split()) for f in FACETS}
            self.rows.append(Row(found["href"], values))
            self._attrs = None


@pytest.fixture(scope="module")
def parsed(built_site: Path) -> _RowParser:
    parser = _RowParser()
    parser.feed((built_site / "timeline" / "index.html").read_text(encoding="utf-8"))
    assert len(parser.rows) > 10, "the timeline lists too few rows to test filtering"
    assert len(parser.families) >= 4, parser.families
    return parser


@pytest.fixture(scope="module")
def static_rows(parsed: _RowParser) -> list[Row]:
    return parsed.rows


def expected_hrefs(rows: list[Row], **wanted: list[str]) -> set[str]:
    return {row.href for row in rows if row.matches(wanted)}


def visible_rows(page: Page) -> list[dict[str, str]]:
    return page.evaluate(VISIBLE_ROWS_JS)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def open_timeline(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}/timeline/{query}")
    expect(page.locator(FORM)).to_be_visible()  # open on a wide screen, without a click
    expect(page.locator("[data-cjb-filters][data-cjb-ready]")).to_have_count(1)


def assert_shown(page: Page, rows: list[Row], **wanted: list[str]) -> list[dict[str, str]]:
    """The visible rows are exactly those the filter selects, and the status line agrees."""
    shown = visible_rows(page)
    for row in shown:
        for facet, values in wanted.items():
            have = row[facet].split()
            assert not values or set(values) & set(have), f"row {row} does not match {wanted}"
    expected = expected_hrefs(rows, **wanted)
    assert {row["href"] for row in shown} == expected
    assert 0 < len(shown) < len(rows), f"{len(shown)} of {len(rows)} rows shown for {wanted}"
    expect(page.locator("[data-cjb-count]")).to_have_text(
        f"{len(shown)} of {len(rows)} records shown."
    )
    return shown


def test_without_filters_every_row_is_visible(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url)
    assert len(visible_rows(page)) == len(static_rows)
    assert urlsplit(page.url).query == ""


def test_filter_by_topic(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url)
    page.locator(FORM).get_by_label("Aid and economic cooperation").check()  # by its label
    assert_shown(page, static_rows, topic=["aid"])
    assert query_of(page) == {"topic": ["aid"]}

    # A second topic widens the selection (values of one facet are alternatives).
    page.locator(FORM).locator('input[name="topic"][value="mine-action"]').check()
    assert_shown(page, static_rows, topic=["aid", "mine-action"])
    assert query_of(page) == {"topic": ["aid", "mine-action"]}


def test_filter_by_actor(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url)
    page.locator(FORM).locator('input[name="actor"][value="hun-manet"]').check()
    assert_shown(page, static_rows, actor=["hun-manet"])
    assert query_of(page) == {"actor": ["hun-manet"]}


def test_filters_combine_and_survive_a_reload(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url)
    form = page.locator(FORM)
    form.locator('input[name="topic"][value="diplomacy"]').check()
    form.locator('input[name="actor"][value="hun-manet"]').check()
    form.locator('input[name="actor"][value="kamikawa-yoko"]').check()
    wanted = {"topic": ["diplomacy"], "actor": ["hun-manet", "kamikawa-yoko"]}
    before = assert_shown(page, static_rows, **wanted)
    assert query_of(page) == wanted

    page.reload()
    expect(form).to_be_visible()
    expect(form.locator('input[name="topic"][value="diplomacy"]')).to_be_checked()
    for other in ("aid", "mine-action", "defense", "china-factor"):
        expect(form.locator(f'input[name="topic"][value="{other}"]')).not_to_be_checked()
    selected = form.locator('input[name="actor"]:checked')
    expect(selected).to_have_count(2)
    assert sorted(selected.evaluate_all("boxes => boxes.map(o => o.value)")) == [
        "hun-manet",
        "kamikawa-yoko",
    ]
    after = assert_shown(page, static_rows, **wanted)
    assert after == before

    # Clearing the filters shows everything again and empties the query.
    form.get_by_role("button", name="Clear filters").click()
    expect(page.locator("[data-cjb-count]")).to_have_text(
        f"{len(static_rows)} of {len(static_rows)} records shown."
    )
    assert len(visible_rows(page)) == len(static_rows)
    assert urlsplit(page.url).query == ""


def test_shared_link_opens_filtered(page: Page, site_url: str, static_rows, parsed) -> None:
    open_timeline(page, site_url, "?topic=defense&family=visits-meetings")
    form = page.locator(FORM)
    expect(form.locator('input[name="topic"][value="defense"]')).to_be_checked()
    expect(form.locator('input[name="family"][value="visits-meetings"]')).to_be_checked()
    expect(form.locator("input:checked")).to_have_count(2)
    kinds = parsed.families["visits-meetings"]
    assert_shown(page, static_rows, topic=["defense"], kind=kinds)
    # Opening the link does not rewrite it.
    assert query_of(page) == {"topic": ["defense"], "family": ["visits-meetings"]}
    # The active filters show as chips, outside the panel.
    chips = page.locator("[data-cjb-chips] .cjb-chip")
    expect(chips).to_have_text(["Topic: Defence and security", "Kind: Visits and meetings"])


def test_kind_family_filters_by_its_kinds(page: Page, site_url: str, static_rows, parsed) -> None:
    open_timeline(page, site_url)
    page.locator(FORM).locator('input[name="family"][value="agreements-funding"]').check()
    shown = assert_shown(page, static_rows, kind=parsed.families["agreements-funding"])
    # Each row still says its own kind.
    assert {row["kind"] for row in shown} <= set(parsed.families["agreements-funding"])
    assert len({row["kind"] for row in shown}) > 1


def test_undated_is_a_filter(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url)
    page.locator(FORM).locator('input[name="year"][value="undated"]').check()
    shown = assert_shown(page, static_rows, year=["undated"])
    assert all(row["year"] == "undated" for row in shown)


def test_year_links_keep_the_filters(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url)
    page.locator(FORM).locator('input[name="topic"][value="aid"]').check()
    link = page.locator(".cjb-year-nav a", has_text="2024")
    assert "topic=aid" in (link.get_attribute("href") or "")
    link.click()
    assert query_of(page) == {"topic": ["aid"]}
    assert_shown(page, static_rows, topic=["aid"])


def test_actor_search_narrows_the_list(page: Page, site_url: str) -> None:
    open_timeline(page, site_url)
    page.locator("[data-cjb-actor-search]").fill("kami")
    visible = page.locator(".cjb-filters__list label:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Kamikawa")


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_filters_by_touch_on_a_phone(phone: Page, site_url: str, static_rows) -> None:
    phone.goto(f"{site_url}/timeline/")
    toggle = phone.locator("[data-cjb-filters] > summary")
    expect(toggle).to_be_visible()
    expect(phone.locator(FORM)).to_be_hidden()  # collapsed behind one control
    box = toggle.bounding_box()
    assert box and box["height"] >= 44, f"the Filter control is {box} on a phone"
    toggle.tap()
    expect(phone.locator(FORM)).to_be_visible()
    phone.locator(FORM).locator('label:has(input[name="topic"][value="mine-action"])').tap()
    phone.locator("[data-cjb-actor-search]").tap()
    phone.keyboard.type("hun")
    phone.locator(FORM).locator('label:visible:has(input[value="hun-sen"])').tap()
    wanted = {"topic": ["mine-action"], "actor": ["hun-sen"]}
    assert_shown(phone, static_rows, **wanted)
    assert query_of(phone) == wanted
    # A chip removes its filter by touch.
    phone.locator("[data-cjb-chips] .cjb-chip", has_text="Mine action").tap()
    assert query_of(phone) == {"actor": ["hun-sen"]}
    assert_shown(phone, static_rows, actor=["hun-sen"])


CLS_JS = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1500);
})
"""


def test_no_layout_shift_on_a_phone(browser: Browser, site_url: str) -> None:
    """Cumulative layout shift under 0.1 with the CPU slowed four times, as Lighthouse's
    mobile run does; the panel is in the page from the start, so nothing jumps."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        for query in ("", "?topic=aid"):
            page.goto(f"{site_url}/timeline/{query}", wait_until="load")
            shift = page.evaluate(CLS_JS)
            assert shift < 0.1, f"layout shift {shift:.3f} on /timeline/{query}"
    finally:
        context.close()


# A choice of the filter panel: its facet, value and count.
CHOICE = re.compile(
    r'<input type="checkbox" name="(topic|actor|year)" value="([^"]*)">[^<]*'
    r'<span class="cjb-filters__n">(\d+)</span>'
)


@pytest.mark.parametrize("path", ["timeline/", "timeline/2024/", "events/", "agreements/"])
def test_a_paged_listing_filters_the_rows_of_its_own_page(
    page: Page, paged_site: Path, paged_site_url: str, path: str
) -> None:
    # A page of a paged listing shows some years only: its panel offers what its rows
    # hold, counted on the page, and its status line counts its own rows.
    html = (paged_site / path / "index.html").read_text(encoding="utf-8")
    parser = _RowParser()
    parser.feed(html)
    rows = parser.rows
    assert rows
    offered = [(facet, value, int(n)) for facet, value, n in CHOICE.findall(html)]
    assert {facet for facet, _, _ in offered} == {"topic", "actor", "year"}
    for facet in ("topic", "actor", "year"):
        counted = Counter(value for row in rows for value in row.values[facet])
        assert {v: n for f, v, n in offered if f == facet} == dict(counted), facet
    text = f"{len(rows)} of {len(rows)} {'record' if len(rows) == 1 else 'records'} shown."
    assert f'data-cjb-count aria-live="polite">{text}</span>' in html
    page.goto(f"{paged_site_url}/{path}")
    expect(page.locator("[data-cjb-filters][data-cjb-ready]")).to_have_count(1)
    expect(page.locator("[data-cjb-count]")).to_have_text(text)
