"""Material's search entries, made by a forked process while MkDocs lays out the pages.

Material's search plugin reads every page's HTML with its own pure-Python parser as
the theme lays the page out (``on_page_context``): at 1,000 records that took as long
as the layout itself, on the same core, while the other core had little to do. So
once every page is converted (MkDocs' ``on_env``), this module forks a process that
makes each page's entries with Material's own method, in the order MkDocs lays the
pages out, and has Material's index, when it is given a page, take the worker's
entries for it instead of parsing it:

- only if the page's HTML is the HTML the worker read (a plugin may change it after
  the fork); otherwise the entries are made here, by Material's method, as before;
- if the worker fails or falls silent, this process makes the rest itself.

The index is byte-identical to Material's own (``tests/build/test_page_html.py``
compares whole sites). Like the adapter, this module imports MkDocs, and Material.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .forked import fork_available, stop

# Below this many pages, forking costs more than it saves.
MIN_PAGES = 400
# Pages per message: few messages, and the first ones early.
_BATCH = 25
# Seconds to wait for the worker's next pages before this process parses the rest.
PATIENCE = 60.0
# For the benchmark and the tests: pages whose entries the worker made.
pages_from_worker = 0

# A page's address, the hash of the HTML its entries were made from, and the entries.
_Made = tuple[str, int, list[dict[str, Any]]]


def search_index(config: MkDocsConfig) -> SearchIndex | None:
    """Material's search index of this build, or None without Material's search plugin."""
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return getattr(plugin, "search_index", None)
    return None


def _content_hash(page: Page) -> int:
    # Python's own string hash: a forked process shares its key, and the string caches
    # it, so a page whose HTML nobody replaced costs nothing to check.
    return hash(page.content or "")


def _work(connection: Connection, index: SearchIndex, pages: Sequence[Page]) -> None:
    """The forked worker: every page's entries, by Material's own method."""
    gc.freeze()  # leave the build's objects alone, so their memory stays shared
    batch: list[_Made] = []
    try:
        for page in pages:
            index.entries = []
            SearchIndex.add_entry_from_context(index, page)
            batch.append((page.file.src_uri, _content_hash(page), index.entries))
            if len(batch) == _BATCH:
                connection.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
                batch = []
        connection.send_bytes(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
    finally:
        connection.close()


class SearchEntries:
    """Gives Material's index the worker's entries; see the module's docstring."""

    def __init__(self, index: SearchIndex, pages: Sequence[Page]) -> None:
        self.index = index
        self.made: dict[str, tuple[int, list[dict[str, Any]]]] = {}
        self.pending = {page.file.src_uri for page in pages}
        context = multiprocessing.get_context("fork")
        self.connection, sending = context.Pipe(duplex=False)
        self.process: Any = context.Process(
            target=_work, args=(sending, index, list(pages)), daemon=True
        )
        self.process.start()
        sending.close()
        # An instance attribute shadows Material's method on this build's index only.
        index.add_entry_from_context = self._add  # type: ignore[method-assign]

    @classmethod
    def start(cls, config: MkDocsConfig, files: Files) -> SearchEntries | None:
        """Fork the worker for this build's pages, or None where it would not pay (or
        no process can be forked, or Material's search is off)."""
        index = search_index(config)
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        if index is None or len(pages) < MIN_PAGES or not fork_available():
            return None
        return cls(index, pages)

    def _add(self, page: Page) -> None:
        """Material's ``add_entry_from_context``, with the worker's entries if it made
        them from this HTML."""
        global pages_from_worker
        src_uri = page.file.src_uri
        self._wait_for(src_uri)
        made = self.made.pop(src_uri, None)
        if made is not None and made[0] == _content_hash(page):
            self.index.entries += made[1]
            pages_from_worker += 1
        else:
            SearchIndex.add_entry_from_context(self.index, page)

    def _wait_for(self, src_uri: str) -> None:
        while src_uri in self.pending and self.process is not None:
            try:
                if not self.connection.poll(PATIENCE):
                    raise EOFError  # fallen silent: this process makes the rest
                batch: list[_Made] = pickle.loads(self.connection.recv_bytes())
            except (EOFError, OSError, pickle.UnpicklingError):
                self.close()
                return
            for uri, content_hash, entries in batch:
                self.pending.discard(uri)
                self.made[uri] = (content_hash, entries)

    def close(self) -> None:
        """Stop the worker and give Material's index its own method back (also when
        the build fails)."""
        self.index.__dict__.pop("add_entry_from_context", None)
        self.pending.clear()
        if self.process is not None:
            stop(self.process, self.connection)
            self.process = None
