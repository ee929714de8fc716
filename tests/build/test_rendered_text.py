"""Rendered-text lint: what a reader sees holds no source syntax that should have been rendered.

Reads the reader-visible text of every built page (body, ``<title>``, meta descriptions and
social previews), every Atom feed and the search index, and fails on Markdown, attr_list,
Jinja and reference syntax left unrendered, escapes shown as text, double-escaped entities,
``None`` or ``nan``, ``TODO`` or a placeholder host, and "1 records"-style number agreement.
Structure tests cannot see these: each rule is a family a reader met on a built page.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

# Countable nouns the site writes after a number, and verbs that then need their -s.
_NOUNS = (
    "record|event|agreement|source|actor|topic|quote|quotation|place|year|month|page|essay|"
    "item|result|entry|pillar|visit|grant|loan|figure|text|citation|mention|party|parties|day"
)
_PLURAL_NOUN = r"(?:records|events|agreements|sources|actors|topics|quotes|quotations|places|years|months|pages|essays|items|results|entries|pillars|visits|grants|loans|figures|texts|citations|mentions|parties|days)"  # noqa: E501
_BARE_VERBS = r"(?:quote|name|cite|mention|link|refer|show|have|are|were|fall|sit|lack|carry|give)"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]


RULES = (
    Rule("attr_list braces", re.compile(r"\{:\s*[^}]*\}")),
    Rule("Jinja", re.compile(r"\{\{|\}\}|\{%|%\}|\{#")),
    Rule("essay reference syntax", re.compile(r"\[\[[a-z-]+:[^\]]*\]\]")),
    Rule("Markdown escape", re.compile(r"\\[_*`#\[\]()<>|{}!-]")),
    Rule("backtick code in prose", re.compile(r"`[^`\n]+`|``")),
    Rule(
        "raw bold or emphasis", re.compile(r"\*\*|(?<![\w*])\*[A-Za-z][^*\n]{0,80}\*(?![\w*])|__\w")
    ),
    Rule("Markdown link", re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")),
    Rule("double-escaped entity", re.compile(r"&(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);")),
    # "None of the sources…" is English; a bare None or nan is a missing value printed.
    Rule("None or nan", re.compile(r"(?<![\w-])(?:None(?! of\b)|nan|NaN)(?![\w-])")),
    Rule("TODO", re.compile(r"\bTODO\b|\bFIXME\b|\bXXX\b")),
    Rule("placeholder host", re.compile(r"example\.(?:org|com|net)|localhost|127\.0\.0\.1")),
    Rule("number agreement", re.compile(rf"(?<![\d.,])1 {_PLURAL_NOUN}\b", re.IGNORECASE)),
    Rule(
        "verb agreement",
        re.compile(rf"(?<![\d.,])1 (?:{_NOUNS}) {_BARE_VERBS}\b", re.IGNORECASE),
    ),
    # Two sentences joined with no space: a template line whose newline the block tag
    # before it swallowed ("…pages of their own.See also…").
    Rule("sentences run together", re.compile(r"(?<![\w.])[a-z]{2,}[.?!][A-Z][a-z]+\b")),
)


class _Text(HTMLParser):
    """The text a reader sees, and the attributes a reader or a preview shows."""

    _SHOWN_META = (
        "description",
        "og:title",
        "og:description",
        "twitter:title",
        "twitter:description",
        "og:image:alt",
        "twitter:image:alt",
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, str]] = []
        self._skip = 0
        self._title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "style", "svg", "template"):
            self._skip += 1
        if tag == "title":
            self._title = True
        if tag == "meta" and (a.get("name") or a.get("property")) in self._SHOWN_META:
            self.parts.append((f"meta {a.get('name') or a.get('property')}", a.get("content", "")))
        for shown in ("alt", "title", "aria-label", "placeholder"):
            if a.get(shown):
                self.parts.append((f"{tag}[{shown}]", a[shown]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg", "template"):
            self._skip = max(0, self._skip - 1)
        if tag == "title":
            self._title = False

    def handle_data(self, data: str) -> None:
        if self._title:
            self.parts.append(("<title>", data))
        elif not self._skip and data.strip():
            self.parts.append(("text", data))


def html_text(html: str) -> list[tuple[str, str]]:
    reader = _Text()
    reader.feed(html)
    return reader.parts


def _feed_text(path: Path) -> Iterator[tuple[str, str]]:
    for element in ET.parse(path).getroot().iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("title", "summary", "content", "subtitle", "name", "rights") and element.text:
            if element.get("type") in ("html", "xhtml"):
                yield from ((f"feed {tag}", t) for _, t in html_text(element.text))
            else:
                yield f"feed {tag}", element.text


def _search_text(path: Path) -> Iterator[tuple[str, str]]:
    for entry in json.loads(path.read_text(encoding="utf-8"))["docs"]:
        yield (
            f"search title {entry['location']}",
            html_text(entry.get("title", ""))[0][1] if (entry.get("title")) else "",
        )
        for _, text in html_text(entry.get("text", "")):
            yield f"search text {entry['location']}", text


def reader_text(site: Path) -> Iterator[tuple[str, str, str]]:
    """(file, where in it, text) for everything a reader of ``site`` reads."""
    for page in sorted(site.rglob("*.html")):
        for where, text in html_text(page.read_text(encoding="utf-8")):
            yield page.relative_to(site).as_posix(), where, text
    for feed in sorted(site.rglob("*.xml")):
        if ET.parse(feed).getroot().tag.endswith("feed"):
            for where, text in _feed_text(feed):
                yield feed.relative_to(site).as_posix(), where, text
    index = site / "search" / "search_index.json"
    if index.is_file():
        for where, text in _search_text(index):
            yield "search/search_index.json", where, text


def lint(site: Path) -> list[str]:
    found = []
    for file, where, text in reader_text(site):
        for rule in RULES:
            for match in rule.pattern.finditer(text):
                start = max(0, match.start() - 40)
                context = text[start : match.end() + 40].replace("\n", " ")
                found.append(f"{file} ({where}): {rule.name}: …{context}…")
    return found


# -- the rules themselves -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Latest: a visit. {: .cjb-note }", "attr_list braces"),
        ("Hello {{ record.title }}", "Jinja"),
        ("{% if x %}", "Jinja"),
        ("See [[agreement:road-loan]].", "essay reference syntax"),
        ("list of key\\_points", "Markdown escape"),
        ("list of `key_point` mapping", "backtick code in prose"),
        ("a **bold** claim", "raw bold or emphasis"),
        ("see [the loan](../loan/)", "Markdown link"),
        ("R&amp;D", "double-escaped entity"),
        ("Place: None", "None or nan"),
        ("Amount: nan", "None or nan"),
        ("TODO: write", "TODO"),
        ("https://example.org/briefing/", "placeholder host"),
        ("1 records quote this text", "number agreement"),
        ("1 record name CCRS", "verb agreement"),
        ("earlier years have pages of their own.See also the list", "sentences run together"),
    ],
)
def test_each_rule_catches_its_family(text: str, rule: str) -> None:
    matched = [r.name for r in RULES if r.pattern.search(text)]
    assert rule in matched


@pytest.mark.parametrize(
    "text",
    [
        "2 records quote this text",
        "1 record quotes this text",
        "USD 59.6 million, 1.5 per cent",
        "The Non-Aligned Movement: nothing to say",
        "R&D and research",
        "Fifth Review Conference of the Ottawa Convention",
        "11 records",
        "21 records",
        "pages of their own. See also the list",
        "U.S. and Japan, e.g. Phnom Penh",
    ],
)
def test_prose_passes(text: str) -> None:
    assert [r.name for r in RULES if r.pattern.search(text)] == []


def test_escaped_html_is_read_once() -> None:
    # One level of escaping is markup; a reader sees "R&D". Two levels show "R&amp;D".
    assert html_text("<p>R&amp;D</p>") == [("text", "R&D")]
    assert [r.name for r in RULES if r.pattern.search(html_text("<p>R&amp;amp;D</p>")[0][1])] == [
        "double-escaped entity"
    ]


# -- the built site -------------------------------------------------------------------


def test_the_built_site_shows_no_source_syntax(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    found = lint(built_site)
    assert found == [], f"{len(found)} places show source syntax:\n" + "\n".join(found[:80])


def test_the_paged_site_shows_no_source_syntax(paged_site: Path) -> None:
    # Paged listings have prose of their own (a main page that keeps the latest years).
    assert (paged_site / "timeline" / "index.html").is_file()
    found = lint(paged_site)
    assert found == [], f"{len(found)} places show source syntax:\n" + "\n".join(found[:80])


def test_the_lint_reads_every_kind_of_output(built_site: Path) -> None:
    files = {file for file, _, _ in reader_text(built_site)}
    assert "index.html" in files
    assert "search/search_index.json" in files
    assert any(f.endswith(".xml") for f in files), "no Atom feed was read"
    wheres = {where.split(" ", 1)[0] for _, where, _ in reader_text(built_site)}
    assert {"<title>", "meta", "text", "feed", "search"} <= wheres
