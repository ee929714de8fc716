"""Just enough HTML reading for build assertions: ids, links, meta tags, text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class PageInfo:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    link_rels: list[tuple[str, str]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.info.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.info.links.append(a["href"])
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.info.meta[key] = a.get("content", "")
        if tag == "link" and "rel" in a:
            self.info.link_rels.append((a["rel"], a.get("href", "")))
        if tag == "script":
            self.info.scripts.append(a.get("src", "<inline>"))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text.append(data)


def read_page(path: Path) -> PageInfo:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.info.text = " ".join(" ".join(reader._text).split())
    return reader.info


@dataclass
class Article:
    """What a page says, as a reader sees it: the text of its ``<article>`` element,
    with the tag chips (``nav.md-tags``) and heading permalinks (``a.headerlink``)
    kept apart, because engines place them differently."""

    text: str
    tags: list[str]
    permalinks: int


class _ArticleReader(HTMLParser):
    _VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.permalinks = 0
        self._stack: list[str] = []  # what each open element inside <article> is

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self._stack:
            parent = self._stack[-1]
            if tag in ("script", "style") or parent == "skip":
                role = "skip"
            elif (tag == "nav" and "md-tags" in classes) or parent == "tags":
                role = "tags"
            elif tag == "a" and "headerlink" in classes:
                role = "skip"
                self.permalinks += 1
            else:
                role = "text"
            self._stack.append(role)
        elif tag == "article":
            self._stack.append("text")

    def handle_endtag(self, tag: str) -> None:
        if self._stack and tag not in self._VOID:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._stack:
            return
        if self._stack[-1] == "text":
            self.text.append(data)
        elif self._stack[-1] == "tags" and data.strip():
            self.tags.append(data.strip())


def read_article(path: Path) -> Article:
    reader = _ArticleReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return Article(" ".join(" ".join(reader.text).split()), reader.tags, reader.permalinks)
