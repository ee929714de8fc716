"""Lighthouse 12 on a phone: the four category scores of the pages readers land on.

It serves a built site with Python's ``http.server`` (not ``mkdocs serve``, whose live reload
keeps a page busy), as the README asks a host to serve it (text gzipped, the theme's hashed
files cached, the rest revalidated; ``--plain`` serves files as they are), runs Lighthouse's
mobile preset (a mid-range phone, the CPU slowed 4x, a slow 4G network) on each page several
times, and prints the median of each score, of the layout shift and of the largest contentful
paint, with the audits that scored below 90 in any run.

Lighthouse is not a dependency of the project: install it outside the repository and name it::

    npm install --prefix /tmp/lh lighthouse@12
    .venv/bin/python benchmarks/lighthouse.py --site site \
        --lighthouse /tmp/lh/node_modules/.bin/lighthouse

Mobile scores vary by 10-20 points between runs on a loaded machine: read the medians, and
compare two sites in the same run (``--site`` may be given twice). Figures are also written to
``benchmarks/results/lighthouse.json``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "topic": "topics/aid/",
    "timeline": "timeline/",
    "map": "map/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


_COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".csv", ".svg", ".txt")
_IMMUTABLE = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)$")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _HostHandler(_QuietHandler):
    """What the README asks of a host: text gzipped, hashed theme files cached for a
    year, everything else revalidated."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not path.name.endswith(_COMPRESSED):
            super().do_GET()
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        immutable = _IMMUTABLE.search(path.name)
        self.send_header(
            "Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path, plain: bool = False) -> tuple[socketserver.TCPServer, str]:
    """Serve ``site`` on a free local port, in a thread; returns the server and its address.
    Unless ``plain``, it serves as the README asks a host to (compression, caching)."""
    handler = functools.partial(_QuietHandler if plain else _HostHandler, directory=str(site))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def run_once(lighthouse: str, url: str, out: Path) -> dict[str, Any]:
    """One mobile Lighthouse run of ``url``: the four scores (0-100), CLS and LCP (ms)."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(
        [
            lighthouse,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    figures: dict[str, Any] = {
        name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES
    }
    audits = report["audits"]
    figures["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    figures["lcp_ms"] = audits["largest-contentful-paint"]["numericValue"]
    figures["failing"] = [
        key
        for key, audit in audits.items()
        if audit.get("score") is not None
        and audit.get("scoreDisplayMode") in ("binary", "metricSavings")
        and audit["score"] < 0.9
    ]
    return figures


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each score, and the failing audits seen in any run."""
    result: dict[str, Any] = {
        name: statistics.median(run[name] for run in runs)
        for name in (*CATEGORIES, "cls", "lcp_ms")
    }
    result["failing"] = sorted({key for run in runs for key in run["failing"]})
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, action="append", help="a built site (default: site)")
    parser.add_argument("--lighthouse", default=shutil.which("lighthouse") or "lighthouse")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--plain",
        action="store_true",
        help="serve files as they are (no gzip, no cache headers), as http.server does",
    )
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES))
    args = parser.parse_args(argv)
    sites: list[Path] = args.site or [ROOT / "site"]
    results: dict[str, dict[str, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for site in sites:
            server, base = serve(site, plain=args.plain)
            try:
                for page in args.pages:
                    runs = [
                        run_once(args.lighthouse, base + PAGES[page], Path(tmp) / "report.json")
                        for _ in range(args.runs)
                    ]
                    results.setdefault(str(site), {})[page] = median_run(runs)
                    row = results[str(site)][page]
                    print(
                        f"{site}  {page:<9}"
                        + "".join(f" {name[:4]} {row[name]:>5}" for name in CATEGORIES)
                        + f"  CLS {row['cls']:.3f}  LCP {float(row['lcp_ms']) / 1000:.1f} s",
                        flush=True,
                    )
                    if row["failing"]:
                        print("    below 90:", ", ".join(row["failing"]), flush=True)
            finally:
                server.shutdown()
    out = ROOT / "benchmarks" / "results" / "lighthouse.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
