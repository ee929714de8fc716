"""The shapes of the generated site: pages, files and where they live."""

from __future__ import annotations

from dataclasses import dataclass

from ..dataset.model import Record


@dataclass(frozen=True)
class Page:
    src_uri: str
    content: str
    in_nav: bool = False


@dataclass(frozen=True)
class Asset:
    """A file published as-is: downloads and feeds."""

    dest_uri: str
    content: str


@dataclass(frozen=True)
class Site:
    name: str
    url: str  # canonical base URL, with a trailing slash


@dataclass(frozen=True)
class Output:
    pages: list[Page]
    assets: list[Asset]

    @property
    def nav_topics(self) -> list[str]:
        return [p.src_uri for p in self.pages if p.in_nav and p.src_uri.startswith("topics/")]


class Urls:
    """Source paths of generated pages; templates turn them into relative links."""

    @staticmethod
    def record(record: Record) -> str:
        return record.src_uri

    @staticmethod
    def topic(slug: str) -> str:
        return f"topics/{slug}.md"

    @staticmethod
    def actor(actor_id: str) -> str:
        return f"actors/{actor_id}.md"

    @staticmethod
    def source(source_id: str) -> str:
        return f"sources/{source_id}.md"

    @staticmethod
    def topic_csv(slug: str) -> str:
        return f"downloads/topics/{slug}.csv"

    @staticmethod
    def topic_feed(slug: str) -> str:
        # At the root: Material fetches sitemap.xml beside every rel="alternate"
        # link, and only the root has one.
        return f"feed-{slug}.xml"
