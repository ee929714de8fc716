"""A topic page printed as a brief: content only, link addresses shown, entries unbroken."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_a_topic_page_prints_as_a_brief(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{site_url}/topics/defense/", wait_until="load")
        page.emulate_media(media="print")
        # Chromium fires beforeprint only for a real print; the script listens for it.
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        hidden = page.evaluate(
            """() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.cjb-actions']
                .map(s => document.querySelector(s))
                .filter(Boolean)
                .map(el => getComputedStyle(el).display)"""
        )
        assert hidden and set(hidden) == {"none"}
        link = page.locator(".cjb-entry a[data-print-url]").first
        shown = link.evaluate("a => getComputedStyle(a, '::after').content")
        # No published address in the test build: the printout shows where it was read.
        assert f"{site_url}/" in shown and "/" in shown.removeprefix(f'" <{site_url}/')
        entry_break = page.evaluate(
            "getComputedStyle(document.querySelector('.cjb-entry')).breakInside"
        )
        assert entry_break == "avoid"
    finally:
        context.close()
