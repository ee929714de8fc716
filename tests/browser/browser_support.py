"""Helpers for the browser tests: the page kinds, Chromium's settings, a static server, axe.

A plain module, not conftest, so that ``from browser_support import ...`` is unambiguous:
pytest imports every conftest.py under the one module name ``conftest``.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """
tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
"""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Start a static file server on a free loopback port; returns the server and its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """A built site served on loopback for the duration of the block; yields its URL."""
    server, url = serve(directory)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def require(present: bool, message: str) -> None:
    """A missing tool skips on a workstation and fails under CI, where .ci/run installs it."""
    if present:
        return
    if in_ci():
        pytest.fail(message + " (CI=true, so this is an error, not a skip)", pytrace=False)
    pytest.skip(message)


def require_axe() -> None:
    require(AXE.is_file(), f"{AXE} is missing: run `npm ci` at the repository root")


# One page of every kind the site publishes. Each kind maps to a glob below the built site;
# the first match, in sorted order, stands for the kind. Year archives (/topics/aid/2024/)
# exist only once a listing outgrows its page (hooks/briefing/listing.py): those kinds are
# visited on the `paged_site` build, whose listing limit is small.
PAGE_KINDS: dict[str, str] = {
    "home": "index.html",
    "topics index": "topics/index.html",
    "topic": "topics/aid/index.html",
    "topic year archive": "topics/*/[0-9u]*/index.html",
    "event": "events/*/index.html",
    "agreement": "agreements/*/index.html",
    "actors index": "actors/index.html",
    "actor": "actors/*/index.html",
    "actor year archive": "actors/*/[0-9u]*/index.html",
    "sources index": "sources/index.html",
    "source": "sources/*/index.html",
    "timeline": "timeline/index.html",
    "timeline year archive": "timeline/[0-9u]*/index.html",
    "essays index": "essays/index.html",
    "essay": "essays/*/index.html",
    "figures": "figures/index.html",
    "data": "data/index.html",
    "methodology": "about/methodology/index.html",
    "tags": "tags/index.html",
    "not found": "404.html",
}

# Kinds that only a paged site has.
PAGED_KINDS = {"topic year archive", "actor year archive", "timeline year archive"}


def page_path(site: Path, kind: str) -> str:
    """The URL path (``/topics/aid/``) of the page that stands for a kind in a built site."""
    matches = sorted(site.glob(PAGE_KINDS[kind]))
    if not matches:
        pytest.fail(f"the built site has no {kind} page ({PAGE_KINDS[kind]})", pytrace=False)
    relative = matches[0].relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative
