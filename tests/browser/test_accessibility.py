"""Accessibility in Chromium: axe-core finds no serious or critical WCAG 2.1 A/AA violation on
a page of every kind.

axe-core comes from npm (package.json, ``npm ci``) and is injected from node_modules, so the
test needs no network. Exceptions are listed, with their reasons, in
tests/gates/KNOWN_EXCEPTIONS.md.
"""

from __future__ import annotations

import pytest
from browser_support import AXE_RUN, PAGE_KINDS, WCAG_TAGS, inject_axe, require_axe
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}

# Violations that come from Material itself and cannot reasonably be fixed on our side:
# exact (rule id, CSS selector) pairs, each explained in tests/gates/KNOWN_EXCEPTIONS.md.
MATERIAL_EXCEPTIONS: dict[tuple[str, str], str] = {}


def blocking(violations: list[dict]) -> list[dict[str, str]]:
    """Serious and critical violations, one entry per offending element."""
    found = []
    for violation in violations:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            found.append(
                {
                    "rule": violation["id"],
                    "impact": violation["impact"],
                    "selector": " ".join(str(part) for part in node["target"]),
                    "html": node["html"][:160],
                    "summary": node["failureSummary"].replace("\n", " ")[:300],
                }
            )
    return found


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_serious_or_critical_violations(visit, kind: str) -> None:
    require_axe()
    seen = visit(kind)
    path = seen.path
    assert seen.axe_violations is not None
    found = [
        v
        for v in blocking(seen.axe_violations)
        if (v["rule"], v["selector"]) not in MATERIAL_EXCEPTIONS
    ]
    assert not found, f"{path}: {len(found)} serious/critical axe violation(s):\n" + "\n".join(
        f"  [{v['impact']}] {v['rule']} at {v['selector']}: {v['html']}\n    {v['summary']}"
        for v in found
    )


def test_axe_detects_a_violation(browser: Browser, site_url: str) -> None:
    """The check can fail: an image without alt text on a real page is reported."""
    require_axe()
    page = browser.new_page()
    try:
        page.goto(f"{site_url}/", wait_until="load")
        page.evaluate(
            """() => {
                const img = document.createElement("img");
                img.src = "assets/images/favicon.png";
                document.querySelector("article").prepend(img);
            }"""
        )
        inject_axe(page)
        result = page.evaluate(AXE_RUN, WCAG_TAGS)
        rules = {v["rule"] for v in blocking(result["violations"])}
    finally:
        page.close()
    assert "image-alt" in rules
