"""Raw HTML in hand-written Markdown is balanced.

Python-Markdown passes a raw HTML block through until it closes: an unclosed ``<div>``
swallows the rest of the page, which then shows as raw Markdown, and the essay's
generated footer with it.  Each element that must be closed is matched here, with the
line of the tag that is left open or closed without being opened.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose end tag HTML never leaves out: an unclosed one changes the page.
CLOSED = frozenset(
    {
        *("a", "abbr", "article", "aside", "b", "blockquote", "code", "details", "dialog"),
        *("div", "em", "figcaption", "figure", "footer", "form", "header", "i", "kbd"),
        *("main", "mark", "nav", "ol", "pre", "q", "s", "section", "small", "span"),
        *("strong", "sub", "summary", "sup", "table", "u", "ul"),
    }
)
_FENCE = re.compile(r"^(?P<fence>```+|~~~+).*?^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _blank(match: re.Match[str]) -> str:
    """The match as spaces, its newlines kept, so that later lines keep their numbers."""
    return re.sub(r"[^\n]", " ", match[0])


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CLOSED:
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <div/> opens nothing that needs closing here

    def handle_endtag(self, tag: str) -> None:
        if tag not in CLOSED:
            return
        line = self.getpos()[0]
        if not any(name == tag for name, _ in self.open):
            self.problems.append((line, f"</{tag}> closes no open <{tag}>: remove it"))
            return
        while self.open:
            name, opened = self.open.pop()
            if name == tag:
                return
            self.problems.append(
                (opened, f"<{name}> is not closed before </{tag}> on line {line}: close it")
            )


def unbalanced_html(markdown: str) -> list[tuple[int, str]]:
    """(line, message) for each element of raw HTML left open or closed twice."""
    text = _COMMENT.sub(_blank, _FENCE.sub(_blank, markdown))
    text = _INLINE_CODE.sub(_blank, text)
    parser = _Balance()
    parser.feed(text)
    parser.close()
    problems = parser.problems + [
        (line, f"<{name}> is never closed: close it, or the rest of the page shows as raw text")
        for name, line in parser.open
    ]
    return sorted(problems)
