"""Search at scale: what a reader's first query costs, in Chromium, with the CPU slowed 4x.

For one built site (its Pagefind index written by the build, ``site_search``) it loads the
home page in a fresh browser context (nothing cached), opens the search box, types one query
as a reader would, and waits for the first result. The figures:

- the search payload: every search file fetched (Pagefind's script, worker, WebAssembly,
  index chunks and result fragments, and the site's word list), at its compressed size
  (Pagefind's index files are gzip already; anything else is gzipped here as a server would);
- the time from the first keystroke to the first result on screen;
- the main thread's task time from navigation to the results, and its longest task;
- the same page with search switched off (route ``off``), for what the page costs anyway.

Run on its own, it builds a synthetic site of each size the way ``benchmarks/build.py`` does
(``synthetic.make_project``, then ``mkdocs build``) and checks the targets: at most 250 KB and
1 s to the first results::

    .venv/bin/python benchmarks/search_bench.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser"), str(ROOT / "benchmarks")]

QUERY = "Kamikawa"
ROUTES = ("site",)  # and "off", the page without search
THROTTLE = 4
PAYLOAD_LIMIT = 250 * 1024
RESULTS_LIMIT_MS = 1000
SEARCH_BUTTON = "button[data-cjb-search-open]"
SEARCH_INPUT = "input[data-cjb-search-query]"
RESULT_ITEM = ".cjb-search__result"
_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({type: "longtask", buffered: true});
"""


def compressed_size(body: bytes) -> int:
    """Bytes on the wire from a server that gzips: as is if already gzip, else gzipped."""
    if body[:2] == b"\x1f\x8b":
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def _is_search_file(url: str) -> bool:
    return "/pagefind/" in url or "search-ui.js" in url


def _one_load(browser, base: str, route: str) -> dict:
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
        responses: list = []
        files: list[str] = []

        def on_response(response) -> None:
            if _is_search_file(response.url) and response.ok:
                responses.append(response)
                files.append(response.url.removeprefix(base))

        page.on("response", on_response)
        page.goto(f"{base}/", wait_until="load")
        typed = time.perf_counter()
        if route == "site":
            page.locator(SEARCH_BUTTON).first.click()
            box = page.locator(SEARCH_INPUT)
            box.wait_for(state="visible")
            typed = time.perf_counter()
            box.fill(QUERY)
            page.locator(RESULT_ITEM).first.wait_for(state="visible")
        else:
            page.wait_for_load_state("networkidle")
        to_results = time.perf_counter() - typed
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
        "files": len(files),
    }


def measure_search(site: Path) -> dict:
    """Figures for the site's search and for the page without it."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS, served
    from playwright.sync_api import sync_playwright

    figures: dict = {}
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            figures["off"] = _one_load(browser, url, "off")
            for route in ROUTES:
                figures[route] = _one_load(browser, url, route)
        finally:
            browser.close()
    return figures


def _build(project: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=project,
        env=env,
        check=True,
    )
    return time.perf_counter() - start


def main() -> int:
    from synthetic import make_project

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks/results/search.json")
    args = parser.parse_args()
    results: dict = {}
    ok = True
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as tmp:
        for size in args.sizes:
            project = make_project(size, Path(tmp))
            site = Path(tmp) / f"site-{size}"
            build_seconds = _build(project, site)
            index_bytes = sum(p.stat().st_size for p in (site / "pagefind").rglob("*"))
            figures = measure_search(site)
            figures["build_seconds"] = build_seconds
            figures["index_bytes_on_disk"] = index_bytes
            results[str(size)] = figures
            found = figures["site"]
            met = (
                found["payload_bytes"] <= PAYLOAD_LIMIT
                and found["to_results_ms"] <= RESULTS_LIMIT_MS
            )
            ok = ok and met
            print(
                f"{size:>6} records: first query {found['payload_bytes'] / 1024:.0f} KB in "
                f"{found['files']} files, {found['to_results_ms']:.0f} ms to results "
                f"(CPU /{THROTTLE}); main thread {found['main_thread_ms']:.0f} ms, without "
                f"search {figures['off']['main_thread_ms']:.0f} ms; index on disk "
                f"{index_bytes / 1024 / 1024:.1f} MB; build {build_seconds:.0f} s: "
                + ("target met" if met else "TARGET MISSED"),
                flush=True,
            )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
