"""What the site's search leaves out holds on every engine: each element the templates
mark ``data-search-exclude`` carries a class that the Pagefind index leaves out too
(``site_search.EXCLUDED_CLASSES``), since Zensical drops the attribute from its pages."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from briefing.dataset.model import Dataset
from briefing.website import site_search
from briefing.website.search import Refiner

ROOT = Path(__file__).resolve().parents[2]
MARKED = re.compile(r"<[a-z]+\b[^>]*\bdata-search-exclude\b[^>]*>")
CLASSES = re.compile(r'\bclass="([^"]*)"')
# A word separator, as mkdocs.yml gives one to the search plugin.
SEPARATOR = r"[\s\-]+"


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


RECORD = (
    '<article class="md-content__inner md-typeset"><h1>Road loan</h1>'
    "<p>A loan for quillwort</p>"
    '<h2 id="sources">Sources</h2><p>A source on samphire</p>'
    '<h2 id="cite-this">Cite this</h2><p>Road loan bladderwrack</p>'
    '<h2 id="corrections">Corrections</h2><p>To report an error write to glasswort</p>'
    "</article>"
)


@pytest.mark.parametrize(
    ("url", "indexed", "ignored"),
    [
        # A record's own text, sources and corrections note are searched; "Cite this"
        # repeats its title.
        ("/agreements/road-loan/", {"quillwort", "samphire", "glasswort"}, {"bladderwrack"}),
        # A listing keeps only its lead: the records it lists have pages of their own.
        ("/topics/road-loan/", {"quillwort"}, {"samphire", "glasswort", "bladderwrack"}),
    ],
)
def test_sections_that_repeat_other_pages_are_left_out(
    minimal: tuple[Dataset, Any], url: str, indexed: set[str], ignored: set[str]
) -> None:
    refiner = Refiner(minimal[0], SEPARATOR)
    page = site_search.indexed_page(RECORD, url, refiner)
    assert page is not None
    assert indexed <= page.words
    assert not ignored & page.words
    for word in ignored:
        # Pagefind is told to ignore the section, whose text it still reads.
        start = page.html.index(word)
        assert page.html.rfind('<div data-pagefind-ignore="all">', 0, start) > page.html.rfind(
            "</div>", 0, start
        )


ARTICLE = (
    '<html><body><article class="md-content__inner md-typeset">'
    "<h1>{title}</h1><p>{text}</p></article></body></html>"
)


def _site(folder: Path, pages: dict[str, str]) -> Path:
    for dest_uri, word in pages.items():
        path = folder / dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(title=word.title(), text=f"About {word}."), "utf-8")
    return folder


def _index(site: Path) -> dict[str, bytes]:
    folder = site / site_search.INDEX_DIR
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


PAGES = {
    "index.html": "welcome",
    "essays/one/index.html": "quillwort",
    "essays/two/index.html": "bladderwrack",
    "extra.html": "samphire",
}


def test_the_index_made_while_pages_are_written_is_the_index_made_after(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path / "site", PAGES)
    preparer = site_search.Preparer(site, dataset, SEPARATOR)
    assert preparer.process is not None  # forked: the worker makes the input

    def not_here(*args: object) -> int:
        raise AssertionError("the index was made from the finished site, not the worker's")

    monkeypatch.setattr(site_search, "write_index", not_here)
    for dest_uri in ["index.html", "essays/one/index.html", "essays/two/index.html", "gone.html"]:
        preparer.writing(dest_uri)  # gone.html was never written; extra.html never named
    assert preparer.write() == 4
    assert not preparer.folder.exists()  # the input is removed
    made_while = _index(site)
    monkeypatch.undo()

    assert site_search.write_index(site, dataset, SEPARATOR) == 4
    assert _index(site) == made_while
    words = json.loads((site / "pagefind/briefing-words/s.json").read_text("utf-8"))
    assert "samphire" in words


def test_a_failing_worker_leaves_the_index_to_be_made_from_the_finished_site(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path / "site", PAGES)
    assert site_search.write_index(site, dataset, SEPARATOR) == 4
    expected = _index(site)

    def broken(page_html: str, url: str, refiner: object, when: object = None) -> None:
        raise ValueError("no article")

    monkeypatch.setattr(site_search, "indexed_page", broken)  # in the worker only: forked next
    preparer = site_search.Preparer(site, dataset, SEPARATOR)
    monkeypatch.undo()
    preparer.writing("index.html")
    assert preparer.write() == 4
    assert preparer.process is None and not preparer.folder.exists()
    assert _index(site) == expected


def test_a_worker_that_does_not_answer_leaves_the_index_to_the_finished_site(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path / "site", PAGES)
    real_write_index = site_search.write_index

    def stuck(page_html: str, url: str, refiner: object, when: object = None) -> None:
        time.sleep(120)

    monkeypatch.setattr(site_search, "indexed_page", stuck)  # in the worker only: forked next
    preparer = site_search.Preparer(site, dataset, SEPARATOR)
    monkeypatch.undo()
    read_back = []

    def write_index(*args: Any, **kwargs: Any) -> int:
        read_back.append(args[0])
        return real_write_index(*args, **kwargs)

    monkeypatch.setattr(site_search, "write_index", write_index)
    monkeypatch.setattr(site_search.Preparer, "_PATIENCE", 0.5)
    preparer.writing("index.html")
    assert preparer.write() == 4
    assert read_back == [site.resolve()]
    assert preparer.process is None and not preparer.folder.exists()


@pytest.mark.parametrize("when", ["reading the pages", "while Pagefind runs"])
def test_an_index_no_longer_wanted_stops_and_leaves_the_index_the_site_had(
    tmp_path: Path, dataset: Dataset, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    site = _site(tmp_path / "site", PAGES)
    assert site_search.write_index(site, dataset, SEPARATOR) == 4
    before = _index(site)
    (site / "essays/three/index.html").parent.mkdir(parents=True)
    (site / "essays/three/index.html").write_text(ARTICLE.format(title="New", text="New."))
    made: list[Path] = []
    real_input_dir = site_search._input_dir
    monkeypatch.setattr(
        site_search, "_input_dir", lambda: made.append(real_input_dir()) or made[-1]
    )
    asked: list[bool] = []
    meanwhile_ran: list[bool] = []

    def stop() -> bool:
        # Reading: after the second page. Pagefind: once it has started (meanwhile ran).
        asked.append(True)
        return len(asked) > 2 if when == "reading the pages" else bool(meanwhile_ran)

    with pytest.raises(site_search.Stopped):
        site_search.write_index(
            site, dataset, SEPARATOR, meanwhile=lambda: meanwhile_ran.append(True), stop=stop
        )
    assert meanwhile_ran == ([] if when == "reading the pages" else [True])
    assert _index(site) == before  # the index the site had, whole
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []
    assert all(not folder.exists() for folder in made)  # its input removed
    assert site_search.write_index(site, dataset, SEPARATOR) == 5  # the next one is written
