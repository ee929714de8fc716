"""Generated pages' Markdown to HTML for MkDocs: what ``Page.render`` makes, made faster.

Python-Markdown was about half of a build, nearly all of it on generated pages.  MkDocs
builds a new ``markdown.Markdown`` (every extension, every pattern) for each page and
converts the pages one after another.  For the generated pages this module instead:

- keeps one converter per process, built with the same extensions, the same
  configurations and MkDocs' own four page extensions, registered in the same order,
  and reset between pages (``Markdown.reset``), so each page converts as in a fresh one;
- splits the pages between this process and forked workers (one per further core),
  which read each page's Markdown as MkDocs will hand it to ``render``, convert it and
  send back the HTML, the table of contents, the title, the anchors and the log records;
- skips MkDocs' search of raw HTML for anchor ids where no ``id`` or ``name``
  attribute can be (the set it would find is then empty).

``render`` then hands MkDocs exactly what ``Page.render`` would have set.  It checks
that the Markdown it is given is the Markdown a worker converted (by a digest), and
converts in-process otherwise, so a plugin that changes a generated page keeps working.
Warnings that MkDocs logs while converting (a broken link) are logged again by this
process, as the page is rendered, so ``--strict`` still counts them.  The built site
is byte-identical to MkDocs' own rendering (``tests/build/test_page_html.py`` and the
benchmark on every run check it).

Like the adapter, this module imports MkDocs; the core does not.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import markdown  # type: ignore[import-untyped]
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from .forked import fork_available, stop

# Pages per message from a worker: large enough to keep the pipe busy, small enough
# that this process starts rendering early.
_BATCH = 25
# Processes that convert pages: this one and a forked worker per further core.
PROCESSES = os.cpu_count() or 1
# Below this many generated pages per process, forking costs more than it saves.
MIN_PAGES_PER_WORKER = 200
# Where MkDocs' raw-HTML scan could find an anchor: an ``id`` or ``name`` attribute.
_MAY_HOLD_ANCHORS = re.compile(r"(?:id|name)\s*=", re.IGNORECASE)
# MkDocs keeps links to anchors only when its page logger shows more than debug.
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")

# For the benchmark and the tests: seconds spent handing generated pages their HTML in
# this process (converting, or waiting for a worker), and pages a worker converted.
seconds = 0.0
pages_from_workers = 0


@dataclass
class Rendered:
    """What ``Page.render`` sets on a page, in a form that crosses processes."""

    digest: bytes  # of the Markdown converted
    content: str
    toc_tokens: list[Any]
    title: str | None
    anchor_ids: set[str]
    links_to_anchors: dict[str, dict[str, str]]  # target src_uri -> anchor -> link
    records: list[logging.LogRecord] = field(default_factory=list)


class _RawAnchors(_RawHTMLPreprocessor):
    """MkDocs' scan of raw HTML for anchor ids, skipped where none can be."""

    def run(self, lines: list[str]) -> list[str]:
        if any(_MAY_HOLD_ANCHORS.search(line) for line in lines):
            return super().run(lines)
        self.present_anchor_ids = set()
        return lines


class Converter:
    """One Markdown converter, set up as ``Page.render`` sets one up, reused page by page."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        self.md = markdown.Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {},
        )
        self.raw_html = _RawAnchors()
        self.raw_html._register(self.md)
        placeholder = File("index.md", config.docs_dir, config.site_dir, True)
        self.anchors = _ExtractAnchorsTreeprocessor(placeholder, files, config)
        self.anchors._register(self.md)
        self.relative = _RelativePathTreeprocessor(placeholder, files, config)
        self.relative._register(self.md)
        self.title = _ExtractTitleTreeprocessor()
        self.title._register(self.md)

    def convert(self, file: File, text: str) -> Rendered:
        md = self.md
        md.reset()
        self.raw_html.present_anchor_ids = set()
        self.anchors.present_anchor_ids = set()
        self.relative.file = file
        self.relative.links_to_anchors = {}
        self.title.title = None
        content = md.convert(text)
        return Rendered(
            _digest(text),
            content,
            getattr(md, "toc_tokens", []),
            self.title.title,
            self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids,
            {target.src_uri: links for target, links in self.relative.links_to_anchors.items()},
        )


def markdown_of(file: File) -> str:
    """The Markdown MkDocs hands to ``render`` for a generated page no plugin changes."""
    text, _ = meta.get_data(file.content_string)
    return text


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class _Capture(logging.Handler):
    """Keeps the log records of one page's conversion, to send them to the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # picklable
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _work(connection: Connection, config: MkDocsConfig, files: Files, jobs: list[File]) -> None:
    gc.freeze()  # leave the parent's objects alone, so their pages stay shared
    converter = Converter(config, files)
    mkdocs_log = logging.getLogger("mkdocs")
    capture = _Capture()
    # Records go to the parent, which logs them through its own handlers.
    mkdocs_log.handlers, mkdocs_log.propagate = [capture], False
    batch: list[tuple[str, Rendered | None]] = []
    for file in jobs:
        try:
            rendered: Rendered | None = converter.convert(file, markdown_of(file))
        except Exception:
            rendered = None  # the parent converts it, and fails as MkDocs would
            converter, capture.records = Converter(config, files), []
        if rendered is not None:
            rendered.records, capture.records = capture.records, []
        batch.append((file.src_uri, rendered))
        if len(batch) == _BATCH:
            connection.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
            batch = []
    connection.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
    connection.close()


@dataclass
class _Worker:
    process: Any
    connection: Connection
    pending: int


class PageHtml:
    """Hands MkDocs the HTML of the generated pages, converted here or by workers."""

    def __init__(self, config: MkDocsConfig, files: Files, parallel: bool) -> None:
        self.config = config
        self.files = files
        self.converter: Converter | None = None
        self.generated: set[str] = set()
        self.ready: dict[str, Rendered | None] = {}
        self.owner: dict[str, _Worker] = {}
        self.workers: list[_Worker] = []
        generated = [f for f in files.documentation_pages() if f.generated_by is not None]
        self.generated = {file.src_uri for file in generated}
        count = min(PROCESSES, len(generated) // MIN_PAGES_PER_WORKER)
        if parallel and count > 1 and fork_available():
            self._start(generated, count)

    def _start(self, generated: Sequence[File], shares: int) -> None:
        # This process keeps share 0 and converts it as MkDocs asks for each page.
        context = multiprocessing.get_context("fork")
        for share in range(1, shares):
            jobs = list(generated[share::shares])
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(
                target=_work, args=(sending, self.config, self.files, jobs), daemon=True
            )
            process.start()
            sending.close()
            worker = _Worker(process, receiving, len(jobs))
            self.workers.append(worker)
            for f in jobs:
                self.owner[f.src_uri] = worker

    def handles(self, file: File) -> bool:
        return file.src_uri in self.generated

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """What ``Page.render`` does, for a generated page."""
        global seconds, pages_from_workers
        start = time.perf_counter()
        try:
            src_uri = page.file.src_uri
            assert page.markdown is not None
            rendered = self._take(src_uri)
            if rendered is not None and rendered.digest != _digest(page.markdown):
                rendered = None  # a plugin changed it: convert what MkDocs hands over
            pages_from_workers += rendered is not None
            if rendered is None:
                if self.converter is None:
                    self.converter = Converter(config, files)
                rendered = self.converter.convert(page.file, page.markdown)
            for record in rendered.records:
                logging.getLogger(record.name).handle(record)
            page.content = rendered.content
            page.toc = get_toc(rendered.toc_tokens)
            page._title_from_render = rendered.title
            page.present_anchor_ids = rendered.anchor_ids
            if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
                page.links_to_anchors = {
                    target: links
                    for uri, links in rendered.links_to_anchors.items()
                    if (target := files.get_file_from_path(uri)) is not None
                }
        finally:
            seconds += time.perf_counter() - start

    def _take(self, src_uri: str) -> Rendered | None:
        worker = self.owner.pop(src_uri, None)
        if worker is None:
            return None
        while src_uri not in self.ready and worker.pending:
            try:
                batch = pickle.loads(worker.connection.recv_bytes())
            except (EOFError, OSError):
                worker.pending = 0  # the worker died: this process converts the rest
                break
            worker.pending -= len(batch)
            self.ready.update(batch)
        if not worker.pending:
            self._finish(worker)
        return self.ready.pop(src_uri, None)

    def _finish(self, worker: _Worker) -> None:
        worker.connection.close()
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.terminate()

    def close(self) -> None:
        """Stop the workers (a build that fails part way leaves them running)."""
        for worker in self.workers:
            stop(worker.process, worker.connection)
        self.workers = []
