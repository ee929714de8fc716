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
