"""The shapes of the generated site: pages, files and where they live."""

from __future__ import annotations

from dataclasses import dataclass


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
    corrections: str | None = None  # where readers report errors (website/corrections.py)


@dataclass(frozen=True)
class Output:
    pages: list[Page]
    assets: list[Asset]

    @property
    def nav_topics(self) -> list[str]:
        """The topic pages, for the nav section that the topics index opens."""
        return [
            p.src_uri
            for p in self.pages
            if p.in_nav and p.src_uri.startswith("topics/") and p.src_uri != "topics/index.md"
        ]
