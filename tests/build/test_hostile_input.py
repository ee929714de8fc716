"""Hostile text in the data is shown as text on every page, never run or linked."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import HOSTILE_TITLE as TITLE

pytestmark = pytest.mark.build


class _Audit(HTMLParser):
    """Collect what would be dangerous: scripts from data, event handlers, javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=...>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.findings.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "b") or (tag == "img" and ("src", "x") in attrs):
            self.findings.append(f"<{tag}> from data")

    def handle_data(self, data: str) -> None:
        if "alert(" in data and self.lasttag == "script":
            self.findings.append("script from data")


PAGES = [
    "events/hostile-record/index.html",
    "topics/aid/index.html",
    "timeline/index.html",
    "actors/japan/index.html",
    "index.html",
]


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_hostile_text_as_text(hostile_site: Path, page: str) -> None:
    html = (hostile_site / page).read_text(encoding="utf-8")
    audit = _Audit()
    audit.feed(html)
    assert audit.findings == []
    assert "<script>alert" not in html
    if page != "index.html":  # the home page lists the latest events, this may not be one
        assert "&lt;script&gt;alert(" in html


def test_the_record_page_keeps_unicode_and_shows_markdown_literally(hostile_site: Path) -> None:
    html = (hostile_site / "events/hostile-record/index.html").read_text(encoding="utf-8")
    assert "ភ្នំពេញ" in html and "東京" in html and "\u200f" in html
    assert "**bold**" in html
    assert "<h1>not a heading" not in html and "# not a heading" in html


def test_feed_csv_json_and_search_index_carry_it_as_data(hostile_site: Path) -> None:
    feed = ET.parse(hostile_site / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert TITLE in titles
    rows = list(csv.DictReader(io.StringIO((hostile_site / "downloads/events.csv").read_text())))
    row = next(r for r in rows if r["id"] == "hostile-record")
    assert row["title"] == TITLE
    assert row["place"].startswith("'=")  # not a formula in a spreadsheet
    document = json.loads((hostile_site / "downloads/dataset.json").read_text(encoding="utf-8"))
    assert any(e["title"] == TITLE for e in document["events"])
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    hostile = [doc for doc in index["docs"] if "alert(" in doc["text"] + doc["title"]]
    assert hostile, "the hostile record is searchable"
    for doc in hostile:
        # Material renders these strings as HTML in its results: tags must arrive escaped.
        for field in (doc["title"], doc["text"]):
            assert "<script" not in field and "<img" not in field and "<iframe" not in field
