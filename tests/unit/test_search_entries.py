"""Material's search entries made by a forked worker (``briefing.search_entries``) are the
entries Material's own method makes, in the order the pages are given, also for a page
whose HTML changed after the fork and when the worker dies part way."""

from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex

from briefing import search_entries
from briefing.search_entries import SearchEntries

PAGES = 60


def _pages() -> list[Any]:
    return [
        SimpleNamespace(
            file=SimpleNamespace(src_uri=f"p{n}.md"),
            url=f"p{n}/",
            title=f"Page {n}",
            meta={},
            toc=[],
            content=(
                f'<h1 id="page-{n}">Page {n}</h1><p>Text of page {n}.</p>'
                f'<h2 id="more">More</h2><p>Quillwort {n}.</p>'
                '<p data-search-exclude class="cjb-visual">Not searched.</p>'
            ),
        )
        for n in range(PAGES)
    ]


def _material(pages: list[Any]) -> list[dict[str, Any]]:
    index = SearchIndex()
    for page in pages:
        index.add_entry_from_context(page)
    return index.entries


def _through_worker(pages: list[Any], before_adding: Any = None) -> list[dict[str, Any]]:
    index = SearchIndex()
    entries = SearchEntries(index, pages)
    try:
        if before_adding is not None:
            before_adding(entries)
        for page in pages:
            index.add_entry_from_context(page)
    finally:
        entries.close()
    assert "add_entry_from_context" not in vars(index), "Material's method is given back"
    return index.entries


@pytest.fixture(autouse=True)
def _count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_entries, "pages_from_worker", 0)


def test_the_worker_makes_material_s_entries() -> None:
    pages = _pages()
    expected = _material(pages)
    assert len(expected) == 2 * PAGES and "Not searched" not in str(expected)
    assert _through_worker(pages) == expected
    assert search_entries.pages_from_worker == PAGES


def test_a_page_changed_after_the_fork_is_read_again_here() -> None:
    pages = _pages()

    def change(_: SearchEntries) -> None:
        pages[7].content = pages[7].content.replace("Quillwort", "Samphire")

    made = _through_worker(pages, change)
    assert made == _material(pages)
    assert "Samphire 7." in str(made)
    assert search_entries.pages_from_worker == PAGES - 1


def test_when_the_worker_dies_this_process_makes_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = _pages()
    work = search_entries._work

    def dies_after_ten(connection: Any, index: SearchIndex, given: list[Any]) -> None:
        work(connection, index, given[:10])
        os._exit(1)  # as a process killed part way

    monkeypatch.setattr(search_entries, "_work", dies_after_ten)
    assert _through_worker(pages) == _material(pages)
    assert search_entries.pages_from_worker == 10
