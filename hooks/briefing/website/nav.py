"""The navigation: sections whose pages come from data, not from mkdocs.yml."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..docs_pages import Docs
    from .outputs import Output

NavItem = str | dict[str, Any]


def expand_nav(nav: list[NavItem] | None, sections: dict[str, list[str]]) -> list[NavItem] | None:
    """Turn ``{"Topics": "topics/index.md"}`` into a section holding that index
    page and one entry per page listed for it, so topics stay data, not config."""
    if nav is None:
        return None
    expanded = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if isinstance(value, str) and value in sections:
                item = {title: [value, *sections[value]]}
            elif isinstance(value, list):
                item = {title: expand_nav(value, sections)}
        expanded.append(item)
    return expanded


def site_nav(nav: list[NavItem] | None, output: Output, docs: Docs) -> list[NavItem] | None:
    """The configured nav with one entry per topic and one per essay."""
    return expand_nav(
        nav,
        {
            "topics/index.md": output.nav_topics,
            "essays/index.md": [essay.src_uri for essay in docs.essays],
        },
    )
