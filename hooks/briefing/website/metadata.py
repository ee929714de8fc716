"""What each page tells machines in its ``<head>``: Highwire ``citation_*`` tags for
reference managers, and schema.org JSON-LD for search engines.

The tags travel in the page's front matter (``HEAD_KEY``), made and escaped here, and
``overrides/partials/cite-head.html`` prints them: so a build without the hooks (the
page tree of ``briefing generate``, Zensical) carries the same head as the hooked one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from markupsafe import Markup

from ..dataset.model import Dataset
from ..docs_pages import Docs, Essay
from . import linked_data
from .citations import Work, citable_works, meta_tags
from .exports import DOWNLOADS
from .outputs import Site


@dataclass
class PageHead:
    """The tags of every page of one build, each made once, on first use."""

    dataset: Dataset
    docs: Docs
    site: Site
    works: dict[str, Work] = field(init=False)
    _made: dict[str, Markup] = field(init=False, default_factory=dict)

    _essays: dict[str, Essay] = field(init=False)

    def __post_init__(self) -> None:
        self.works = citable_works(self.dataset, self.docs, self.site)
        # By source path: a page asks once, without scanning every essay.
        self._essays = {e.src_uri: e for e in self.docs.essays}

    def html(self, page_uri: str) -> Markup:
        made = self._made.get(page_uri)
        if made is None:
            made = self._made[page_uri] = self._make(page_uri)
        return made

    def _make(self, page_uri: str) -> Markup:
        work = self.works.get(page_uri)
        if work is None:
            return Markup("")
        node = self.node(page_uri)
        tags = meta_tags(work)
        return tags + Markup("\n") + linked_data.script_tag(node) if node else tags

    def node(self, page_uri: str) -> dict | None:
        """The JSON-LD of a page, or None for a page that has none."""
        dataset, site = self.dataset, self.site
        if page_uri == "data.md":
            return linked_data.dataset_node(dataset, site, downloads())
        essay = self._essays.get(page_uri)
        if essay is not None:
            return linked_data.essay_node(essay, dataset, site)
        work = self.works.get(page_uri)
        if work is None:
            return None
        return linked_data.page_node(work, dataset, site, linked_data.record_for(dataset, page_uri))


def downloads() -> list[str]:
    """The files the Dataset lists as its distributions: its JSON and CSV downloads."""
    return [uri for uri, _what in DOWNLOADS]


HEAD_KEY = "cjb_head"


def with_head(markdown: str, head: str) -> str:
    """A generated page with its head tags added to its front matter."""
    if not head or not markdown.startswith("---\n"):
        return markdown
    return f"---\n{HEAD_KEY}: {json.dumps(str(head), ensure_ascii=False)}\n" + markdown[4:]
