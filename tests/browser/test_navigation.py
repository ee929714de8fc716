"""Navigation in Chromium: the nav reaches every topic, record links and anchors land, and no
page of any kind logs a JavaScript error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from browser_support import PAGE_KINDS
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TOPICS = yaml.safe_load((ROOT / "data" / "topics.yml").read_text(encoding="utf-8"))


def primary_nav(page: Page):
    return page.locator("nav.md-nav--primary")


def test_nav_leads_from_home_to_the_topics_index(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/")
    primary_nav(page).get_by_role("link", name="Topics", exact=True).first.click()
    page.wait_for_url(f"{site_url}/topics/")
    expect(page.locator("article h1").first).to_be_visible()
    # The index lists every topic.
    for topic in TOPICS:
        expect(page.locator(f'article a[href$="{topic["slug"]}/"]').first).to_be_visible()


@pytest.mark.parametrize("topic", TOPICS, ids=lambda topic: topic["slug"])
def test_nav_leads_to_each_topic(page: Page, site_url: str, topic: dict) -> None:
    page.goto(f"{site_url}/topics/")
    primary_nav(page).get_by_role("link", name=topic["title"], exact=True).first.click()
    page.wait_for_url(f"{site_url}/topics/{topic['slug']}/")
    heading = re.compile(rf"^\s*{re.escape(topic['title'])}\s*¶?\s*$")  # ¶: the permalink
    expect(page.locator("article h1").first).to_have_text(heading)
    # The nav marks where the reader is.
    active = primary_nav(page).locator("a.md-nav__link--active")
    expect(active.filter(has_text=topic["title"]).first).to_be_visible()


def test_essay_link_opens_the_event_record(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/essays/china-factor/")
    link = page.locator('article a[href*="/events/"]').first
    href = link.get_attribute("href")
    assert href, "the essay links to no event record"
    record_id = href.rstrip("/").rsplit("/", 1)[-1]
    link.click()
    page.wait_for_url(f"{site_url}/events/{record_id}/")
    expect(page.locator("article h1")).to_be_visible()
    # The record page names its own id in the details table.
    expect(page.locator("article code", has_text=record_id).first).to_be_visible()


def test_agreement_link_from_a_topic_page_opens_the_record(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/topics/aid/")
    page.locator('article a[href$="/agreements/national-road-5-loan-2024/"]').first.click()
    page.wait_for_url(f"{site_url}/agreements/national-road-5-loan-2024/")
    expect(page.locator("article h1")).to_contain_text("National Road No. 5")


def assert_target_in_view(page: Page, element_id: str) -> None:
    target = page.locator(f"#{element_id}")
    expect(target).to_have_count(1)
    expect(target).to_be_in_viewport()
    # Not hidden behind Material's fixed header either.
    header = page.locator("header.md-header").bounding_box()
    box = target.bounding_box()
    assert header and box
    assert box["y"] >= header["y"] + header["height"] - 2, (
        f"#{element_id} is scrolled under the header: {box} vs {header}"
    )


def test_shared_topic_anchor_lands_on_the_record(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/topics/aid/#national-road-5-loan-2024")
    page.wait_for_load_state("load")
    assert_target_in_view(page, "national-road-5-loan-2024")


def test_shared_anchor_in_a_long_page_lands(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/topics/defense/#patrol-boats-2024")
    page.wait_for_load_state("load")
    assert_target_in_view(page, "patrol-boats-2024")


def test_in_page_anchor_link_scrolls_to_its_target(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/timeline/")
    page.locator('article a[href="#year-2013"]').first.click()
    page.wait_for_url(f"{site_url}/timeline/#year-2013")
    assert_target_in_view(page, "year-2013")


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_console_errors(visit, kind: str) -> None:
    """No console error and no uncaught exception while a page of each kind loads."""
    seen = visit(kind)
    assert 200 <= seen.status < 300, f"{seen.path}: HTTP {seen.status}"
    assert not seen.console_errors, f"{seen.path}:\n" + "\n".join(seen.console_errors)
