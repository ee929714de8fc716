"""Golden files: the exact Markdown the core generates for the minimal fixture.

After an intended change to templates or rendering, regenerate the goldens and review
the diff before committing it:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_golden.py

Every generated page is compared byte for byte with ``tests/unit/golden/``: the pages
(``minimal/``), the listings paged at one record a page (``minimal-paged/``, only the
pages paging changes or adds) and the hand-written pages with their references and
blocks resolved (``woven/``).  A page that is added or no longer generated fails too.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs
from briefing.references import FRONT_MATTER
from briefing.website.essay_links import weave_page
from briefing.website.outputs import Output
from briefing.website.pages import Renderer, build_site
from support import FIXTURE, FIXTURE_SITE, in_ci

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
COMMAND = "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_golden.py"


def check_golden(folder: str, pages: dict[str, str]) -> None:
    """Compare ``pages`` (path: Markdown) with the files under ``golden/folder``, or
    rewrite those files when ``UPDATE_GOLDEN=1``."""
    root = GOLDEN / folder
    stored = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    if UPDATE:
        if in_ci():
            pytest.fail("UPDATE_GOLDEN=1 under CI=true: goldens are updated by hand", pytrace=False)
        for name in stored - set(pages):
            (root / name).unlink()
        for name, content in pages.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
        return
    report = []
    if missing := sorted(set(pages) - stored):
        report.append("generated, but no golden file: " + ", ".join(missing))
    if stale := sorted(stored - set(pages)):
        report.append("golden file, but no longer generated: " + ", ".join(stale))
    for name in sorted(set(pages) & stored):
        expected = (root / name).read_text(encoding="utf-8")
        if pages[name] != expected:
            diff = difflib.unified_diff(
                expected.splitlines(keepends=True),
                pages[name].splitlines(keepends=True),
                f"golden/{folder}/{name}",
                f"generated {name}",
            )
            report.append("".join(diff))
    if report:
        pytest.fail(
            f"{len(report)} difference(s) from tests/unit/golden/{folder}; if intended, "
            f"run `{COMMAND}` and review the diff:\n\n" + "\n".join(report),
            pytrace=False,
        )


def test_generated_pages(minimal_output: tuple[Output, Renderer]) -> None:
    output = minimal_output[0]
    check_golden("minimal", {page.src_uri: page.content for page in output.pages})


def test_paged_listings(
    minimal: tuple[Dataset, Docs], minimal_output: tuple[Output, Renderer]
) -> None:
    default = {page.src_uri: page.content for page in minimal_output[0].pages}
    paged, _ = build_site(*minimal, FIXTURE_SITE, limit=1)
    changed = {p.src_uri: p.content for p in paged.pages if default.get(p.src_uri) != p.content}
    assert "timeline/2024.md" in changed, "a limit of 1 pages the listings of two records"
    check_golden("minimal-paged", changed)


def test_woven_hand_written_pages(
    minimal: tuple[Dataset, Docs], minimal_output: tuple[Output, Renderer]
) -> None:
    dataset, docs = minimal
    renderer = minimal_output[1]
    docs_dir = FIXTURE / "docs"
    woven = {}
    for path in sorted(docs_dir.rglob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        # MkDocs hands the hooks a page's Markdown without its front matter.
        markdown = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1)
        woven[src_uri] = weave_page(markdown, src_uri, dataset, docs, renderer)
    check_golden("woven", woven)
