"""What the site's search leaves out holds on every engine: each element the templates
mark ``data-search-exclude`` carries a class that the Pagefind index leaves out too
(``site_search.EXCLUDED_CLASSES``), since Zensical drops the attribute from its pages."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.website import site_search

ROOT = Path(__file__).resolve().parents[2]
MARKED = re.compile(r"<[a-z]+\b[^>]*\bdata-search-exclude\b[^>]*>")
CLASSES = re.compile(r'\bclass="([^"]*)"')


def _marked_elements() -> list[tuple[str, str]]:
    found = []
    for folder in ("hooks/briefing/website/templates", "overrides", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".j2", ".html", ".md"}:
                continue
            for tag in MARKED.findall(path.read_text(encoding="utf-8")):
                found.append((path.relative_to(ROOT).as_posix(), tag))
    return found


def test_every_marked_element_has_a_class_the_index_leaves_out() -> None:
    marked = _marked_elements()
    assert len(marked) >= 8  # the breadcrumbs, print headers, figures, relations, ...
    unmatched = []
    for where, tag in marked:
        classes = CLASSES.search(tag)
        names = set(classes.group(1).split()) if classes else set()
        if not names & set(site_search.EXCLUDED_CLASSES):
            unmatched.append(f"{where}: {tag[:80]}")
    assert unmatched == []


def test_the_excluded_classes_become_pagefind_selectors() -> None:
    for name in site_search.EXCLUDED_CLASSES:
        assert f".{name}" in site_search.EXCLUDED
