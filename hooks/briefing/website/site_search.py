"""Site search for every engine: a Pagefind index made from the finished HTML.

MkDocs, ProperDocs and Zensical each write the same pages; this step reads them from the
site folder after the build and writes ``pagefind/`` (Pagefind's index, fetched in
fragments by the page script ``assets/javascripts/search-ui.js``) and
``pagefind/briefing-words/`` (the site's words by first letter, which the page script
fetches to correct the words of a query that no page holds). No engine's own search
worker is replaced.

What Pagefind is given for each page is built here, in memory; the published HTML is
not changed:

- **Only the article.** Navigation, header and footer are left out. Listing pages keep
  only their lead (the records they list have pages of their own), and sections that only
  repeat other pages' titles ("Related records", "Cite this", year sections) are left
  out, as the refined lunr index did (``search.Refiner``).
- **Ranking by kind of page.** An actor's page repeats its title and aliases at the top
  weight, a record's page its title at a lower one, so that a name finds the person
  before the records that mention them, and records come before essays and sources.
- **Search aids** that readers type but the page does not hold: accent-free forms,
  the synonyms of ``data/search.yml``, an actor's aliases, an agreement's amount in
  digits (``search.Refiner``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..dataset.model import Dataset
from .search import Refiner, fold, page_kind
from .urls import Urls, page_url

# Where the index goes, inside the site folder, and the vocabulary beside it: one file
# per first letter, so that checking a query's words fetches a small part of it.
INDEX_DIR = "pagefind"
WORDS_DIR = "briefing-words"
# Pagefind weighs an <h1> at 7 and text at 1, out of 10. A page's text is weighed by its
# kind, as the lunr index boosted it (search.BOOSTS): the most specific page first.
TEXT_WEIGHTS = {"actor": 3.0, "record": 2.0, "essay": 0.5, "source": 0.5}
# Pagefind adds a score for a match in a page's metadata, by field (search-ui.js gives
# each field its weight): an actor's and a record's title and aids go in a field of its
# kind, so that a name finds the person before what mentions them, and an agreement
# before the events about it.
META_FIELDS = {"actor": "actor", "record": "record"}
# A record's date, in words ("5 August 2024 August 2024"): a query with a month or a year
# weighs it (search-ui.js), so that the record of that date comes first.
DATE_FIELD = "when"
# The map names every place beside the titles of its records: the records come first.
PAGE_TEXT_WEIGHTS = {"/map/": 0.5}
# Aids for the title count as a title; aids for the text as text.
TITLE_AID_WEIGHT = 7.0
# The shortest word in the vocabulary: the part of a name typed run together ("Hun").
MIN_CORRECTED = 2

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_H2 = re.compile(r'(?=<h2 id=")')
_H2_ID = re.compile(r'<h2 id="([^"]+)"')
_TAG = re.compile(r"<[^>]*>")
# Left out of every page's text: the "¶" beside headings, the dataset date under every
# page (the same everywhere), and what the templates mark data-search-exclude, by class:
# Zensical drops that attribute from the pages it writes, and Pagefind's selectors do not
# match a bare attribute.
# tests/unit/test_site_search.py checks that every marked element has one of these classes.
EXCLUDED_CLASSES = (
    "cjb-breadcrumb",
    "cjb-cite-formats",
    "cjb-print-header",
    "cjb-print-only",
    "cjb-relations",
    "cjb-visual",
)
EXCLUDED = ("a.headerlink", "p.cjb-updated", *(f".{name}" for name in EXCLUDED_CLASSES))
_ECHO_SECTIONS = frozenset(
    {"related-records", "discussed-in", "cite-this", "records", "records-citing-this-source"}
)
_YEAR_SECTION = re.compile(r"^year-\d{4}$|^undated$")


@dataclass(frozen=True)
class IndexedPage:
    url: str  # the page's path from the site root: "/events/some-id/"
    html: str  # what Pagefind indexes: the article, with aids
    words: frozenset[str]  # the folded words it holds, for query correction


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment))


def _element(text: str, weight: float) -> str:
    return f'<p data-pagefind-weight="{weight:g}">{html.escape(text)}</p>'


def _skipped(section: str, kind: str) -> bool:
    return kind == "listing" or section in _ECHO_SECTIONS or bool(_YEAR_SECTION.match(section))


def indexed_page(
    page_html: str, url: str, refiner: Refiner, when: str | None = None
) -> IndexedPage | None:
    """What Pagefind is given for one page, or None for a page with no article."""
    match = _ARTICLE.search(page_html)
    if match is None:
        return None
    kind = page_kind(url)
    body = match.group(1)
    kept: list[str] = []
    shown: list[str] = []
    for chunk in _H2.split(body):
        section = _H2_ID.match(chunk)
        if section is not None and _skipped(section.group(1), kind):
            kept.append(f'<div data-pagefind-ignore="all">{chunk}</div>')
        else:
            kept.append(chunk)
            shown.append(chunk)
    heading = _H1.search(body)
    title = _text(heading.group(1)).replace("¶", "").strip() if heading else ""
    names = refiner.names.get(url.lstrip("/"), [])
    title_aids = refiner.aids(html.escape(title), names)
    text_aids = refiner.aids("".join(shown), None)
    aids = []
    if kind in META_FIELDS and title:
        value = html.escape(" ".join([title, *title_aids]), quote=True)
        field = "agreement" if url.startswith("/agreements/") else META_FIELDS[kind]
        aids.append(f'<span data-pagefind-meta="{field}[data-v]" data-v="{value}"></span>')
    if when:
        value = html.escape(when, quote=True)
        aids.append(f'<span data-pagefind-meta="{DATE_FIELD}[data-v]" data-v="{value}"></span>')
    if title_aids:
        aids.append(_element(" ".join(title_aids), TITLE_AID_WEIGHT))
    if text_aids:
        aids.append(_element(" ".join(text_aids), 1.0))
    text = "".join(kept)
    weight = PAGE_TEXT_WEIGHTS.get(url, TEXT_WEIGHTS.get(kind))
    if weight is not None:
        text = f'<div data-pagefind-weight="{weight:g}">{text}</div>'
    document = (
        f'<html lang="en"><head><title>{html.escape(title)}</title></head>'
        f"<body><main data-pagefind-body>{text}{''.join(aids)}</main></body></html>"
    )
    plain = _text("".join(shown)) + " " + title + " " + " ".join(title_aids + text_aids)
    found = {fold(w) for w in refiner._split(plain)}
    return IndexedPage(url, document, frozenset(w for w in found if len(w) >= MIN_CORRECTED))


def site_pages(site_dir: Path, dataset: Dataset, separator: str) -> Iterator[IndexedPage]:
    """Every page of the built site, as Pagefind is given it, in path order; words split
    as the lunr index splits them (``Settings.search_separator``)."""
    refiner = Refiner(dataset, separator)
    dates = {
        "/" + page_url(Urls.record(record)): f"{record.date.display} {record.date.month_display}"
        for record in [*dataset.events.values(), *dataset.agreements.values()]
        if record.date is not None
    }
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative == "404.html" or relative.startswith(INDEX_DIR + "/"):
            continue
        url = "/" + relative.removesuffix("index.html")
        page = indexed_page(path.read_text(encoding="utf-8"), url, refiner, dates.get(url))
        if page is not None:
            yield page


def _write(pages: list[IndexedPage], out: Path) -> None:
    """Pagefind's index of ``pages``, written to ``out`` by Pagefind's own program in one
    run. (Its Python service answers one page at a time and sleeps between replies: ten
    times slower at 41 records, and linear in pages at any size.)"""
    with tempfile.TemporaryDirectory(prefix="briefing-pagefind-", dir=_scratch()) as scratch:
        folder = Path(scratch)
        for page in pages:
            target = folder / "pages" / page.url.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.html, encoding="utf-8")
        # Pagefind reads its settings from pagefind.json in the folder it runs in.
        settings = {
            "site": "pages",
            "output_path": str(out),
            "force_language": "en",
            "exclude_selectors": list(EXCLUDED),
        }
        (folder / "pagefind.json").write_text(json.dumps(settings), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--quiet"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SearchIndexError(f"Pagefind failed: {(result.stderr or result.stdout).strip()}")


def _scratch() -> str | None:
    """Where the pages for Pagefind are written: memory where the system offers it (a
    thousand small files cost seconds on some disks), else the usual temporary folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


def write_index(site_dir: Path, dataset: Dataset, separator: str) -> int:
    """Index the built site in ``site_dir``; returns the number of pages indexed."""
    site_dir = site_dir.resolve()
    pages = list(site_pages(site_dir, dataset, separator))
    out = site_dir / INDEX_DIR
    # Written beside the site's index and swapped in whole, so that a reader of a preview
    # never loads a half-written index (an entry file pointing at fragments not yet there).
    fresh = site_dir / f".{INDEX_DIR}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    _write(pages, fresh)
    shards: dict[str, list[str]] = {}
    for word in sorted(set().union(*(p.words for p in pages))):
        shards.setdefault(shard_of(word), []).append(word)
    folder = fresh / WORDS_DIR
    folder.mkdir(exist_ok=True)
    for name, shard in shards.items():
        (folder / f"{name}.json").write_text(
            json.dumps(shard, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    stale = site_dir / f".{INDEX_DIR}.old"
    shutil.rmtree(stale, ignore_errors=True)
    if out.exists():
        out.rename(stale)
    fresh.rename(out)
    shutil.rmtree(stale, ignore_errors=True)
    return len(pages)


def shard_of(word: str) -> str:
    """The vocabulary file a word is in: its first letter, or "_" (search-ui.js agrees)."""
    first = word[0]
    return first if "a" <= first <= "z" else "_"
