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

import gc
import html
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..dataset.model import Dataset
from ..forked import fork_available, stop
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


class Indexer:
    """What Pagefind is given for each page of a site, page by page, from its HTML."""

    def __init__(self, dataset: Dataset, separator: str) -> None:
        self.refiner = Refiner(dataset, separator)
        self.dates = {
            "/" + page_url(Urls.record(r)): f"{r.date.display} {r.date.month_display}"
            for r in [*dataset.events.values(), *dataset.agreements.values()]
            if r.date is not None
        }

    def page(self, site_dir: Path, dest_uri: str) -> IndexedPage | None:
        """The page written at ``dest_uri`` (``events/some-id/index.html``) in
        ``site_dir``, or None for a page that is not searched."""
        if dest_uri == "404.html" or dest_uri.startswith(INDEX_DIR + "/"):
            return None
        url = "/" + dest_uri.removesuffix("index.html")
        page_html = (site_dir / dest_uri).read_text(encoding="utf-8")
        return indexed_page(page_html, url, self.refiner, self.dates.get(url))


class _Input:
    """What Pagefind is given: its pages, written to a folder once all are made, in
    path order (Pagefind numbers the pages in the order the folder lists them, so the
    index depends on it), and the words of the pages."""

    def __init__(self) -> None:
        self.html: dict[str, str] = {}  # by address
        self.words: set[str] = set()

    @property
    def pages(self) -> int:
        return len(self.html)

    def add(self, page: IndexedPage) -> None:
        self.html[page.url] = page.html
        self.words |= page.words

    def write(self, folder: Path) -> None:
        for url in sorted(self.html):
            target = folder / "pages" / url.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.html[url], encoding="utf-8")


def _input_dir() -> Path:
    """A new folder for Pagefind's input, in memory where the system offers it (a
    thousand small files cost seconds on some disks)."""
    shm = Path("/dev/shm")
    memory = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="briefing-pagefind-", dir=memory))


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


class Stopped(RuntimeError):
    """Whoever asked for the index no longer wants it (the preview has built again)."""


# Asked as the index is written, and True once it is no longer wanted: the work stops,
# and the site keeps the index it had.
StopSignal = Callable[[], bool]


def _never() -> bool:
    return False


def _unless_stopped(stop: StopSignal) -> None:
    if stop():
        raise Stopped("the search index was not written: no longer wanted")


def html_files(site_dir: Path) -> list[str]:
    """Every ``.html`` file in a site folder, relative to it (``events/some-id/index.html``),
    in path order. (One ``os.walk``: 0.5 s for the 26,690 pages of 25,000 records, where
    ``Path.rglob`` and ``relative_to`` took 5.0 s, the same list.)"""
    found: list[str] = []
    for folder, _, names in os.walk(site_dir):
        relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found += [prefix + name for name in names if name.endswith(".html")]
    return sorted(found)


def site_pages(site_dir: Path, dataset: Dataset, separator: str) -> Iterator[IndexedPage]:
    """Every page of the built site, as Pagefind is given it, in path order; words split
    as the lunr index splits them (``Settings.search_separator``)."""
    indexer = Indexer(dataset, separator)
    for dest_uri in html_files(site_dir):
        page = indexer.page(site_dir, dest_uri)
        if page is not None:
            yield page


# Work to do while Pagefind runs (it uses one core and a half).
Meanwhile = Callable[[], None] | None


def write_index(
    site_dir: Path,
    dataset: Dataset,
    separator: str,
    meanwhile: Meanwhile = None,
    stop: StopSignal = _never,
) -> int:
    """Index the built site in ``site_dir``, read back from disk; returns the number of
    pages indexed. Raises Stopped, leaving the site's index as it was, once ``stop``
    says so."""
    site_dir = site_dir.resolve()
    given = _Input()
    for page in site_pages(site_dir, dataset, separator):
        _unless_stopped(stop)
        given.add(page)
    folder = _input_dir()
    try:
        given.write(folder)
        _write(site_dir, folder, given.words, meanwhile, stop)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return given.pages


class Preparer:
    """Pagefind's input, made in a forked process while the build writes the pages.

    Reading every finished page and making what Pagefind is given for it took about as
    long as running Pagefind (10 s at 10,000 records), while laying the pages out takes
    longer still, on one core. So a process forked before the layout reads each page
    as soon as it is written, and ``write`` is left with Pagefind to run. Any other
    page in the site folder (a hand-written ``.html`` file) is read then. Where no
    process can be forked, or it fails, ``write`` reads the finished site as
    ``write_index`` does; the index is the same either way
    (``tests/build/test_page_html.py``)."""

    _BATCH = 50  # pages per message: few enough messages, the worker never far behind
    # Seconds to wait for the worker once every page is named (it has only the pages
    # named last to read, and the input to write): past this, the finished site is read.
    _PATIENCE = 600.0

    def __init__(self, site_dir: Path, dataset: Dataset, separator: str) -> None:
        self.site_dir = site_dir.resolve()
        self.dataset, self.separator = dataset, separator
        self.queued: list[str] = []
        self.sent: set[str] = set()
        self.next: str | None = None
        self.process: Any = None
        if not fork_available():
            return
        indexer = Indexer(dataset, separator)
        self.folder = _input_dir()
        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(
            target=_prepare, args=(theirs, self.site_dir, indexer, self.folder), daemon=True
        )
        self.process.start()
        theirs.close()

    def writing(self, dest_uri: str) -> None:
        """The page at ``dest_uri`` is written next (MkDocs writes a page once its
        ``on_post_page`` events have run): the one named before is written by now."""
        if self.next is not None:
            self._queue([self.next])
        self.next = dest_uri

    def _queue(self, dest_uris: list[str]) -> None:
        if self.process is None:
            return
        self.queued += dest_uris
        self.sent.update(dest_uris)
        if len(self.queued) >= self._BATCH:
            self._send()

    def _send(self) -> None:
        if self.process is None or not self.queued:
            return
        try:
            self.connection.send(self.queued)
        except OSError:
            self.close()  # the worker died: ``write`` reads the finished site
        self.queued = []

    def write(self, meanwhile: Meanwhile = None) -> int:
        """Write the index of every page written; returns the number of pages."""
        result = None
        if self.process is not None:
            if self.next is not None:
                self._queue([self.next])
            self._queue([p for p in html_files(self.site_dir) if p not in self.sent])
            self._send()
            try:
                self.connection.send(None)
                if self.connection.poll(self._PATIENCE):
                    result = self.connection.recv()
            except (EOFError, OSError):
                result = None
        try:
            if not isinstance(result, tuple):
                return write_index(self.site_dir, self.dataset, self.separator, meanwhile)
            pages, words = result
            _write(self.site_dir, self.folder, set(words), meanwhile)
            return int(pages)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker and remove its input (also when the build fails)."""
        if self.process is not None:
            stop(self.process, self.connection)
            self.process = None
            shutil.rmtree(self.folder, ignore_errors=True)


def _prepare(connection: Connection, site_dir: Path, indexer: Indexer, folder: Path) -> None:
    """The forked worker: makes what Pagefind is given for each page the build names;
    once the build says it is done, writes it all to ``folder`` and sends back the
    number of pages and their words."""
    gc.freeze()  # leave the build's objects alone, so their memory stays shared
    given = _Input()
    try:
        while (batch := connection.recv()) is not None:
            for dest_uri in batch:
                if not (site_dir / dest_uri).is_file():
                    continue  # not written after all (MkDocs skips an empty page)
                page = indexer.page(site_dir, dest_uri)
                if page is not None:
                    given.add(page)
        given.write(folder)
        connection.send((given.pages, sorted(given.words)))
    except Exception as error:  # the build reads the finished site instead
        connection.send(f"{type(error).__name__}: {error}")
    finally:
        connection.close()


def _write(
    site_dir: Path,
    input_dir: Path,
    words: set[str],
    meanwhile: Meanwhile,
    stop: StopSignal = _never,
) -> None:
    """Pagefind's index of the pages in ``input_dir``, made by Pagefind's own program in one
    run (its Python service answers one page at a time and sleeps between replies: ten
    times slower at 41 records, and linear in pages at any size), with the words beside
    it. Written beside the site's index and swapped in whole, so that a reader of a
    preview never loads a half-written index (an entry file pointing at fragments not
    yet there)."""
    out = site_dir / INDEX_DIR
    fresh = site_dir / f".{INDEX_DIR}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    # Pagefind reads its settings from pagefind.json in the folder it runs in.
    settings = {
        "site": "pages",
        "output_path": str(fresh),
        "force_language": "en",
        "exclude_selectors": list(EXCLUDED),
    }
    (input_dir / "pagefind.json").write_text(json.dumps(settings), encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--quiet"],
        cwd=input_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as pagefind:
        try:
            if meanwhile is not None:
                meanwhile()
            stdout, stderr = _wait(pagefind, stop)
        except BaseException:
            pagefind.kill()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
    if pagefind.returncode != 0:
        raise SearchIndexError(f"Pagefind failed: {(stderr or stdout).strip()}")
    shards: dict[str, list[str]] = {}
    for word in sorted(words):
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


def _wait(pagefind: subprocess.Popen[str], stop: StopSignal) -> tuple[str, str]:
    """Pagefind's output once it ends; raises Stopped (the caller ends it) once ``stop``
    says so."""
    while True:
        try:
            return pagefind.communicate(timeout=0.1)
        except subprocess.TimeoutExpired:
            _unless_stopped(stop)


def shard_of(word: str) -> str:
    """The vocabulary file a word is in: its first letter, or "_" (search-ui.js agrees)."""
    first = word[0]
    return first if "a" <= first <= "z" else "_"
