"""Citation in Chromium: the Copy BibTeX button copies the page's own BibTeX file, and the
head's JSON-LD and citation tags cause no Content-Security-Policy violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

RECORD = "agreements/national-road-5-loan-2024"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
  e.violatedDirective + " " + (e.blockedURI || "inline")
));
"""


@pytest.mark.parametrize("path", [f"{RECORD}/", "data/", "essays/china-factor/", "topics/aid/"])
def test_copy_bibtex_copies_the_citation_file_without_violations(
    browser: Browser, site_url: str, built_site: Path, path: str
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{site_url}/{path}", wait_until="load")
        assert page.locator('script[type="application/ld+json"]').count() == 1
        button = page.locator("button[data-cjb-copy]")
        expect(button).to_be_visible()
        button.click()
        expect(page.locator(".cjb-copy-status")).to_have_text("Copied.")
        copied = page.evaluate("navigator.clipboard.readText()")
        stem = path.rstrip("/") if path != "data/" else "data"
        assert copied == (built_site / "cite" / f"{stem}.bib").read_text(encoding="utf-8")
        assert page.evaluate("window.__violations") == []
        assert errors == []
    finally:
        context.close()
