"""Every HTML id on a generated page is unique.

A record's row carries the record's id as its anchor (``timeline/#kamikawa-visit-2024``),
and links sent to colleagues use it, so the anchor stays the bare id.  The same page
has anchors of its own: its headings (``#background``, ``#key-points``, a topic's or an
actor's name), the year sections (``#year-2024``) and its charts (``#cjb-tl-title``).
A record id equal to one of them would give the page two elements with one id, and a
link would land on the wrong one; such an id is refused, naming the record and the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from markdown.extensions.toc import slugify  # type: ignore[import-untyped]

from ..dataset.model import Dataset, Record
from ..dataset.problems import Problem
from .outputs import Page

_ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']+)["']""")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_ATTR_LIST_ID = re.compile(r"\{:?[^}]*#([\w-]+)[^}]*\}\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")


def heading_id(text: str) -> str:
    """The id Python-Markdown's toc gives a heading (an ``{#id}`` wins)."""
    explicit = _ATTR_LIST_ID.search(text)
    if explicit is not None:
        return explicit[1]
    plain = _TAG.sub("", _LINK.sub(r"\1", text))
    return slugify(plain.replace("`", "").replace("*", ""), "-")


def page_ids(markdown: str) -> list[str]:
    """Every id the page's Markdown gives an element, in order, repeats kept."""
    ids = _ID_ATTRIBUTE.findall(markdown)
    ids += [heading_id(text) for text in _HEADING.findall(markdown)]
    return [i for i in ids if i]


def anchor_problems(pages: Iterable[Page], dataset: Dataset) -> list[Problem]:
    """A record whose id is also another anchor on a page that lists it."""
    records: dict[str, Record] = {**dataset.events, **dataset.agreements}
    problems: dict[tuple[str, str], Problem] = {}
    for page in pages:
        for anchor, count in Counter(page_ids(page.content)).items():
            if count < 2:
                continue
            record = records.get(anchor)
            if record is not None:
                problems.setdefault(
                    (anchor, page.src_uri),
                    Problem(
                        record.file,
                        record.line,
                        record.id,
                        "id",
                        f"{anchor!r} is also an anchor of its own on {page.src_uri} (a "
                        "heading or section); choose another id, so that a link to the "
                        "record lands on it",
                    ),
                )
            else:
                problems.setdefault(
                    (anchor, page.src_uri),
                    Problem(page.src_uri, 1, None, None, f"two elements have the id {anchor!r}"),
                )
    return list(problems.values())
