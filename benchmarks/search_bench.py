"""Search at scale: what a reader's first query costs, by route, in Chromium.

For one built site it measures, side by side, with the CPU throttled 4x as on a mid-range
phone:

- ``stock``: Material's own lunr search on the index its plugin writes (kept aside by the
  benchmark's build as ``search_index.stock.json``);
- ``refined``: the site as built, the refined index behind the briefing's worker;
- ``pagefind`` (with ``--pagefind``, if the ``pagefind`` package is installed): Pagefind's
  chunked index of the same pages, queried through its own JavaScript API.

Each route is loaded in a fresh browser context (nothing cached), one query is typed, and the
figures are: the search payload (every search file fetched, at its compressed size: Pagefind's
index files are gzip already, anything else is gzipped here as a server would), the main
thread's task time from navigation to the first results (route ``off``: the same page with
search switched off), the longest main-thread task, and the wall time from the load event to
the first results.
"""

from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

QUERY = "Kamikawa"
ROUTES = ("stock", "refined", "pagefind")  # and "off", the page without search
THROTTLE = 4
SEARCH_INPUT = 'input[data-md-component="search-query"]'
RESULT_ITEM = ".md-search-result__item"
_SEARCH_FILES = ("search/search_index", "/workers/search", "search-worker.js", "search-setup.js")
_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({type: "longtask", buffered: true});
"""
_PAGEFIND_QUERY = """
async query => {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(query);
  const shown = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  return shown.length;
}
"""


def compressed_size(body: bytes) -> int:
    """Bytes on the wire from a server that gzips: as is if already gzip, else gzipped."""
    if body[:2] == b"\x1f\x8b":
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def _is_search_file(url: str) -> bool:
    return "/pagefind/" in url or any(part in url for part in _SEARCH_FILES)


def build_pagefind(site: Path) -> float:
    """Index ``site`` with Pagefind; returns the seconds it took."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def _one_load(browser, base: str, site: Path, route: str) -> dict:
    """Load the home page once in a fresh context and, unless ``route`` is ``off``, search."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(300_000)
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.add_init_script(_LONG_TASKS)
        if route == "off":
            context.route(
                "**/*",
                lambda r: r.abort() if _is_search_file(r.request.url) else r.continue_(),
            )
        if route in ("stock", "pagefind"):
            # Material's own worker, unwrapped.
            context.route(
                "**/search-setup.js",
                lambda r: r.fulfill(body="", content_type="text/javascript"),
            )
            if route == "stock":
                stock = (site / "search/search_index.stock.json").read_bytes()
                context.route(
                    "**/search/search_index.json",
                    lambda r: r.fulfill(body=stock, content_type="application/json"),
                )
            else:
                # Pagefind replaces lunr: Material's own index is never fetched.
                context.route("**/search/search_index.json", lambda r: r.abort())
        responses: list = []

        def on_response(response) -> None:
            if _is_search_file(response.url) and response.ok:
                responses.append(response)

        page.on("response", on_response)
        page.goto(f"{base}/", wait_until="load")
        loaded = time.perf_counter()
        if route in ("stock", "refined"):
            box = page.locator(SEARCH_INPUT)
            box.click()
            box.fill(QUERY)
            box.press("End")
            page.locator(RESULT_ITEM).first.wait_for(state="visible")
        elif route == "pagefind":
            page.evaluate(_PAGEFIND_QUERY, QUERY)
        else:
            page.wait_for_load_state("networkidle")
        to_results = time.perf_counter() - loaded
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        long_tasks = page.evaluate("window.__longTasks")
        page.wait_for_load_state("networkidle")
        payload = sum(compressed_size(response.body()) for response in responses)
    finally:
        context.close()
    return {
        "main_thread_ms": metrics["TaskDuration"] * 1000,
        "longest_task_ms": max(long_tasks, default=0.0),
        "to_results_ms": to_results * 1000,
        "payload_bytes": payload,
    }


def measure_search(site: Path, pagefind: bool = False) -> dict:
    """Figures for each route on ``site`` (see the module docstring)."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS, served
    from playwright.sync_api import sync_playwright

    routes = list(ROUTES[:2])
    figures: dict = {}
    if pagefind and importlib.util.find_spec("pagefind") is not None:
        try:
            figures["pagefind_index_seconds"] = build_pagefind(site)
            routes.append("pagefind")
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            print(f"pagefind route skipped: {error}", file=sys.stderr)
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            # The same page with search switched off: what the page costs anyway. Kept
            # apart rather than subtracted: on a busy machine the difference is noise.
            figures["off"] = _one_load(browser, url, site, "off")
            for route in routes:
                figures[route] = _one_load(browser, url, site, route)
        finally:
            browser.close()
    return figures
