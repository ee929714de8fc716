"""Browser fixtures: one local server for the built site, Debian's Chromium for Playwright.

Every test module here sets ``pytestmark = pytest.mark.browser``. The tests share one
Chromium (pytest-playwright's session-scoped ``browser``) and one HTTP server (``site_url``)
for the whole session.

Chromium comes from Debian (``apt-get install chromium``), never from ``playwright install``,
which cannot download here. If it is missing the tests skip on a developer's machine and fail
under CI (``CI=true``), where .ci/run is meant to have installed it.

Without Playwright (only the ``test`` extra installed) no test module here can be imported,
so only ``test_requirements.py`` is collected: it skips, naming the command that installs the
browser extra, or fails under ``CI=true``. Nothing aborts collection.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_support import (
    AXE,
    AXE_RUN,
    BROWSER_PACKAGES,
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGED_KINDS,
    WCAG_TAGS,
    inject_axe,
    page_path,
    require_chromium,
    served,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Request

if any(importlib.util.find_spec(name) is None for name in BROWSER_PACKAGES):
    collect_ignore = [
        path.name
        for path in Path(__file__).parent.glob("test_*.py")
        if path.name != "test_requirements.py"
    ]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of the built site, served over HTTP on 127.0.0.1."""
    require_chromium()
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def paged_site_url(paged_site: Path) -> Iterator[str]:
    """The paged build (small listing limit), served like ``site_url``."""
    require_chromium()
    with served(paged_site) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    """pytest-base-url's fixture, so ``page.goto("/timeline/")`` works too."""
    return site_url


# -- one visit per page kind, shared by the console, privacy and accessibility tests ------


@dataclass
class Visit:
    """What one fresh load of a page showed: every request, every error, axe's verdict."""

    path: str
    base: str  # the server's URL: the real site's, or the paged build's
    status: int = 0
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    axe_violations: list[dict] | None = None  # None: axe-core is not installed


@pytest.fixture(scope="session")
def visit(
    browser: Browser, built_site: Path, site_url: str, request: pytest.FixtureRequest
) -> Callable[[str], Visit]:
    """``visit(kind)`` loads the page standing for a kind once per session, in a fresh
    browser context (so nothing comes from cache), and returns what it recorded.
    Year archives are visited on the paged build."""
    cache: dict[str, Visit] = {}

    def load(kind: str) -> Visit:
        if kind in cache:
            return cache[kind]
        site, base = built_site, site_url
        if kind in PAGED_KINDS:
            site = request.getfixturevalue("paged_site")
            base = request.getfixturevalue("paged_site_url")
        record = Visit(page_path(site, kind), base)
        context = browser.new_context(viewport={"width": 1280, "height": 900})

        def on_request(request: Request) -> None:
            record.requests.append(request.url)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                record.console_errors.append(f"console error: {message.text} ({message.location})")

        def on_page_error(error: Error) -> None:
            record.console_errors.append(f"uncaught exception: {error.message}")

        context.on("request", on_request)
        context.on("console", on_console)
        try:
            page = context.new_page()
            page.on("pageerror", on_page_error)
            response = page.goto(f"{base}{record.path}", wait_until="load")
            record.status = response.status if response else 0
            # Scroll to the end so lazily loaded content (if any) is fetched, then let the
            # deferred work (search worker and index, timeline filters) finish.
            page.mouse.wheel(0, 100_000)
            page.wait_for_load_state("networkidle")
            if AXE.is_file():
                inject_axe(page)
                result = page.evaluate(AXE_RUN, WCAG_TAGS)
                record.axe_violations = result["violations"]
        finally:
            context.close()
        cache[kind] = record
        return record

    return load
