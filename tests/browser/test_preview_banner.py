"""In the preview, a broken edit shows its problems in a banner on every page,
and the banner goes when the data is fixed.  A published build never has one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from support import PreviewServer, edit

pytestmark = pytest.mark.browser

BANNER = ".cjb-problems"


@pytest.fixture
def preview(project: Path) -> Iterator[PreviewServer]:
    server = PreviewServer(project)
    server.wait_for("the first build", lambda: server.get("/")[0] == 200)
    yield server
    server.stop()


def test_the_banner_shows_the_problem_and_goes_when_fixed(
    preview: PreviewServer, project: Path, page: Page
) -> None:
    base = f"http://127.0.0.1:{preview.port}"
    page.goto(f"{base}/topics/aid/")
    expect(page.locator(BANNER)).to_have_count(0)
    # Leave the preview's pages while it rebuilds: their live-reload script would
    # navigate away in the middle of the next page.goto.
    page.goto("about:blank")

    edit(project / "data/topics.yml", "  order: 2", "  order: [2")
    preview.wait_for("the failed rebuild", lambda: "cjb-problems" in preview.get("/")[1])
    for path in ("/topics/aid/", "/timeline/", "/essays/china-factor/"):
        page.goto(f"{base}{path}")
        banner = page.locator(BANNER)
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("data/topics.yml:")
        expect(banner).to_contain_text("YAML error")
    page.goto("about:blank")

    edit(project / "data/topics.yml", "  order: [2", "  order: 2")
    preview.wait_for("the fixed rebuild", lambda: "cjb-problems" not in preview.get("/")[1])
    page.goto(f"{base}/topics/aid/")
    expect(page.locator(BANNER)).to_have_count(0)


def test_a_published_build_has_no_banner(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert pages
    assert not [p for p in pages if "cjb-problems" in p.read_text(encoding="utf-8")]
