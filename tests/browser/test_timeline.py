"""Timeline filters in Chromium: filtering, the URL query, reload and shared links.

The expected rows are worked out independently from the static HTML (the rows' data-*
attributes, read with html.parser): values of one facet are alternatives, facets combine.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

FACETS = ("topic", "actor", "kind", "year")
FORM = "form[data-cjb-filters]"
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
        self._attrs: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "li" and "cjb-row" in found.get("class", "").split():
            self._attrs = found
        elif tag == "a" and self._attrs is not None:
            values = {f: frozenset(self._attrs.get(f"data-{f}", "").split()) for f in FACETS}
            self.rows.append(Row(found["href"], values))
            self._attrs = None


@pytest.fixture(scope="module")
def static_rows(built_site: Path) -> list[Row]:
    parser = _RowParser()
    parser.feed((built_site / "timeline" / "index.html").read_text(encoding="utf-8"))
    assert len(parser.rows) > 10, "the timeline lists too few rows to test filtering"
    return parser.rows


def expected_hrefs(rows: list[Row], **wanted: list[str]) -> set[str]:
    return {row.href for row in rows if row.matches(wanted)}


def visible_rows(page: Page) -> list[dict[str, str]]:
    return page.evaluate(VISIBLE_ROWS_JS)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def open_timeline(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}/timeline/{query}")
    expect(page.locator(FORM)).to_be_visible()  # hidden until the script takes over


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
    page.locator(FORM).get_by_label("Aid and economic cooperation").check()
    assert_shown(page, static_rows, topic=["aid"])
    assert query_of(page) == {"topic": ["aid"]}

    # A second topic widens the selection (values of one facet are alternatives).
    page.locator(FORM).get_by_label("Mine action").check()
    assert_shown(page, static_rows, topic=["aid", "mine-action"])
    assert query_of(page) == {"topic": ["aid", "mine-action"]}


def test_filter_by_actor(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url)
    page.locator(f'{FORM} select[name="actor"]').select_option(["hun-manet"])
    assert_shown(page, static_rows, actor=["hun-manet"])
    assert query_of(page) == {"actor": ["hun-manet"]}


def test_filters_combine_and_survive_a_reload(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url)
    form = page.locator(FORM)
    form.locator('input[name="topic"][value="diplomacy"]').check()
    form.locator('select[name="actor"]').select_option(["kamikawa-yoko", "hun-manet"])
    wanted = {"topic": ["diplomacy"], "actor": ["hun-manet", "kamikawa-yoko"]}
    before = assert_shown(page, static_rows, **wanted)
    assert query_of(page) == wanted

    page.reload()
    expect(form).to_be_visible()
    expect(form.locator('input[name="topic"][value="diplomacy"]')).to_be_checked()
    for other in ("aid", "mine-action", "defense", "china-factor"):
        expect(form.locator(f'input[name="topic"][value="{other}"]')).not_to_be_checked()
    selected = form.locator('select[name="actor"] option:checked')
    expect(selected).to_have_count(2)
    assert sorted(selected.evaluate_all("options => options.map(o => o.value)")) == [
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


def test_shared_link_opens_filtered(page: Page, site_url: str, static_rows) -> None:
    open_timeline(page, site_url, "?topic=defense&kind=visit")
    form = page.locator(FORM)
    expect(form.locator('input[name="topic"][value="defense"]')).to_be_checked()
    expect(form.locator('input[name="kind"][value="visit"]')).to_be_checked()
    expect(form.locator("input:checked")).to_have_count(2)
    expect(form.locator('select[name="actor"] option:checked')).to_have_count(0)
    assert_shown(page, static_rows, topic=["defense"], kind=["visit"])
    # Opening the link does not rewrite it.
    assert query_of(page) == {"topic": ["defense"], "kind": ["visit"]}
