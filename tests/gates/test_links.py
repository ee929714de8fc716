"""Gate: no broken internal link or anchor, and every page of the site can be reached by links.

LinkChecker crawls the built site from its home page with the AnchorCheck plugin on, so a
link to ``/topics/aid/#national-road-5-loan-2024`` fails if that id is missing. The site is
served over HTTP on 127.0.0.1: on ``file://`` URLs LinkChecker cannot check anchors of
directory links (``topics/aid/#x``), which are nearly all of ours. External links are not
followed (the default; CI has no network).

LinkChecker drops root privileges to ``nobody``, so the files it reads (its config) are kept
world-readable in a fresh temporary directory.

The reachability check is our own: a crawl over href attributes, parsed with html.parser,
must reach every generated page (each ``index.html`` except 404.html).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from support import served, tool

pytestmark = pytest.mark.gate

LINKCHECKER_CONFIG = """\
# Written by tests/gates/test_links.py.
[checking]
threads=4
timeout=30
# Our server answers with a "LinkChecker" header, which lets this exceed 10 requests/s.
maxrequestspersecond=1000

[filtering]
checkextern=0

[AnchorCheck]
"""


@pytest.fixture(scope="module")
def served_site(built_site: Path) -> Iterator[str]:
    # LinkChecker throttles a host to about 3 requests/s unless the host opts out with
    # this header (linkcheckerrc: maxrequestspersecond).
    with served(built_site, headers={"LinkChecker": "local test server"}) as url:
        yield url


def check_links(start_url: str, workdir: Path) -> tuple[list[dict[str, str]], int, str]:
    """Run LinkChecker from start_url; return its problem rows, URLs checked and raw output."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    workdir.chmod(0o755)
    config.chmod(0o644)
    command = [
        *tool("linkchecker", "pip install '.[browser]'"),
        "--config",
        str(config),
        "--no-status",
        "--verbose",
        "-o",
        "csv",
    ]
    env = {**os.environ, "HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir)}
    result = subprocess.run(
        [*command, start_url], capture_output=True, text=True, timeout=600, cwd=workdir, env=env
    )
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert rows or result.returncode == 0, result.stdout + result.stderr
    problems = [
        row for row in rows if row.get("valid") != "True" or (row.get("warningstring") or "")
    ]
    if result.returncode not in (0, 1):
        pytest.fail(f"linkchecker failed (exit {result.returncode}):\n{result.stderr}")
    if result.returncode == 1 and not problems:
        pytest.fail(f"linkchecker reported problems it did not list:\n{result.stdout}")
    return problems, len(rows), result.stdout + result.stderr


def describe(row: dict[str, str]) -> str:
    what = (row.get("warningstring") or row.get("result") or "invalid").strip()
    if len(what) > 200:  # an anchor warning lists every anchor of the page
        what = what[:200] + "..."
    return f"{row.get('url') or row.get('urlname')} (on {row.get('parentname')}): {what}"


def test_no_broken_links_or_anchors(built_site: Path, served_site: str, tmp_path: Path) -> None:
    problems, checked, output = check_links(f"{served_site}/", tmp_path / "linkchecker")
    # The crawl went through the site: at least one URL per built page.
    pages = len(list(built_site.rglob("*.html")))
    assert checked >= pages, f"linkchecker checked {checked} URLs for {pages} pages:\n{output}"
    assert not problems, f"{len(problems)} broken link(s) or anchor(s):\n" + "\n".join(
        map(describe, problems)
    )


# -- reachability ------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "link", "area"):
            for name, value in attrs:
                if name == "href" and value:
                    self.hrefs.append(value)


def page_file(site: Path, url_path: str) -> Path | None:
    """The HTML file a site-relative URL path is served from, if it is a page."""
    path = unquote(url_path).lstrip("/")
    candidate = site / path
    if path == "" or path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    if candidate.suffix == ".html" and candidate.is_file():
        return candidate
    return None


def reachable_pages(site: Path) -> set[Path]:
    """Every page reachable by following links from the home page, without leaving the site."""
    base = "http://site.invalid/"
    start = site / "index.html"
    seen = {start}
    queue = [start]
    while queue:
        page = queue.pop()
        page_url = urljoin(base, page.relative_to(site).as_posix())
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            target = urlsplit(urljoin(page_url, href))
            if f"{target.scheme}://{target.netloc}/" != base:
                continue
            found = page_file(site, target.path)
            if found is not None and found not in seen:
                seen.add(found)
                queue.append(found)
    return seen


def test_every_page_is_reachable_from_the_home_page(built_site: Path) -> None:
    pages = set(built_site.rglob("index.html"))
    assert len(pages) > 20, f"only {len(pages)} pages were built"
    reached = {page for page in reachable_pages(built_site) if page.name == "index.html"}
    orphans = sorted(p.relative_to(built_site).as_posix() for p in pages - reached)
    assert not orphans, f"{len(orphans)} page(s) that no link leads to:\n" + "\n".join(orphans)
