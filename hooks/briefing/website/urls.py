"""Every URL and path rule of the site, in one place.

Pages are named by their *source path* (``topics/aid.md``), as MkDocs names
them.  From a source path come the page's URL (``topics/aid/``), relative links
between pages, year-archive paths and absolute addresses for feeds and
citations.  The site is built with ``use_directory_urls: true``; the adapter
refuses any other setting, because raw-HTML links here assume it.

Paths come from stable ids, never from titles, so a link sent today keeps
working when the dataset grows or a title is reworded.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import quote

from markupsafe import Markup, escape

from ..dataset.model import Record


class Urls:
    """Source paths of generated pages and files."""

    @staticmethod
    def record(record: Record) -> str:
        return f"{record.collection}/{record.id}.md"

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
    def listing_year(main_uri: str, key: str) -> str:
        """The archive page of one year of a paged listing: ``topics/aid/2024.md``."""
        stem = main_uri.removesuffix(".md").removesuffix("/index")
        return posixpath.join(stem, f"{key}.md")

    @staticmethod
    def topic_csv(slug: str) -> str:
        return f"downloads/topics/{slug}.csv"

    @staticmethod
    def citation_file(page_uri: str, extension: str) -> str:
        """A page's citation as a file: ``events/x.md`` → ``cite/events/x.bib``."""
        stem = page_uri.removesuffix(".md").removesuffix("/index")
        return f"cite/{stem}.{extension}"

    @staticmethod
    def topic_feed(slug: str) -> str:
        # At the root: Material fetches sitemap.xml beside every rel="alternate"
        # link, and only the root has one.
        return f"feed-{slug}.xml"


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


# Hosts reserved for documentation (RFC 2606, RFC 6761): never a published address.
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")


def is_placeholder(url: str) -> bool:
    """True for an address that cannot be where the site is published."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return any(host == h or host.endswith("." + h) for h in _PLACEHOLDER_HOSTS)


def is_published(base_url: str) -> bool:
    """True when the base is a real address, not the root-relative stand-in."""
    return base_url.startswith(("http://", "https://")) and not is_placeholder(base_url)


def citation_address(base_url: str, src_uri: str) -> str:
    """What a "Cite this" line prints: the full address, or the path and a note, never
    a made-up host."""
    if is_published(base_url):
        return absolute_url(base_url, src_uri)
    return f"{absolute_url('/', src_uri)} (path on the site; its address is added when published)"


def encoded(path: str) -> str:
    """A path as an address writes it: a hand-written page's file name may hold a space
    or a non-ASCII letter (``essays/Phnom Penh é.md``), percent-encoded as UTF-8.  Ids
    and the characters docs/ refuses (``# ? & %``) never need it."""
    return quote(path, safe="/")


def absolute_url(base_url: str, src_uri: str) -> str:
    """A page's or file's full address, for feeds, citations and share previews."""
    return base_url + encoded(page_url(src_uri) if src_uri.endswith(".md") else src_uri)


# Links climb to the site root and down again, rather than to the nearest common
# folder: a link then depends only on the depth of the page it is on, so fragments
# rendered for one page serve every page of the same shape (pages.Renderer).


@functools.lru_cache(maxsize=4096)
def page_shape(page_uri: str) -> tuple[int, bool]:
    """What relative links on a page depend on: its folder depth, and whether it is an index."""
    folder = posixpath.dirname(page_uri)
    return (folder.count("/") + 1 if folder else 0), posixpath.basename(page_uri) == "index.md"


def relative_link(from_uri: str, to_uri: str, anchor: str = "") -> Markup:
    """A Markdown link from one page's source to another's, as MkDocs resolves it."""
    path = "../" * page_shape(from_uri)[0] + encoded(to_uri) if to_uri else ""
    fragment = f"#{anchor}" if anchor else ""
    return Markup(escape(path + fragment))


def relative_url(from_uri: str, to_uri: str) -> str:
    """A link for raw HTML, where MkDocs does not rewrite ``.md`` paths."""
    target = encoded(page_url(to_uri) if to_uri.endswith(".md") else to_uri)
    return "../" * page_url(from_uri).count("/") + target or "./"
