"""Hostile text in every data field is shown as text in every output, never run or linked.

``support.add_hostile_data`` puts text built to break out of HTML, attributes, Markdown,
attr_list, Jinja and spreadsheets into every text field of every collection (walked from
dataset/schema.py), the vocabularies, dataset.yml and an essay's front matter.  Each text
carries its field's path (``events.summary``), so a finding names the field.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest

from briefing.website.csp import ThemeScripts, inline_scripts
from support import HOSTILE_IDS, ROOT, hostile_text

pytestmark = pytest.mark.build

THEME = ThemeScripts.from_dirs([Path(material.__file__).parent / "templates", ROOT / "overrides"])
FORMULA_START = tuple("=+-@\t\r")


class _Audit(HTMLParser):
    """What would run or mislead: elements, attributes and URLs that came from data."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.text: list[str] = []  # decoded text and attribute values, to find each field in
        self._in: list[str] = []
        self._title: list[str] | None = None
        self._data_block: list[str] | None = None  # a JSON-LD block: data, never text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            self.text.append(value)
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}={value[:50]!r}>")
            if re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "data:")):
                self.findings.append(f"<{tag} {name}={value[:50]!r}>")
            if tag == "meta" and name == "content" and ("<" in value or ">" in value):
                self.findings.append(f"<meta content> carries markup: {value[:60]!r}")
        if tag in ("iframe", "object", "embed", "base") or (tag == "img" and ("src", "x") in attrs):
            self.findings.append(f"<{tag}> from data")
        if tag == "title" and not self._in_svg():
            self._title = []
        if tag == "script" and ("type", "application/ld+json") in attrs:
            self._data_block = []
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._data_block is not None:
            block, self._data_block = "".join(self._data_block), None
            try:
                json.loads(block)  # the whole block, so nothing closed it early
            except ValueError:
                self.findings.append(f"a JSON-LD block does not parse: {block[:60]!r}")
        if tag == "title" and self._title is not None:
            title = "".join(self._title)
            if "<" in title or ">" in title:
                self.findings.append(f"<title> carries markup: {title[:60]!r}")
            self._title = None
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._data_block is not None:
            self._data_block.append(data)
            return
        self.text.append(data)
        if self._title is not None:
            self._title.append(data)

    def _in_svg(self) -> bool:
        return "svg" in self._in


def audit_html(html: str) -> _Audit:
    audit = _Audit()
    audit.feed(html)
    audit.close()
    for script in inline_scripts(html):
        if not THEME.knows(script):
            audit.findings.append(f"inline script not from the theme: {script[:60]!r}")
    if "zqzqzq" in html:
        audit.findings.append("a Jinja expression from data was evaluated")
    return audit


@pytest.fixture(scope="module")
def pages(hostile_site: Path) -> dict[str, str]:
    return {
        p.relative_to(hostile_site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(hostile_site.rglob("*.html"))
    }


def test_every_page_is_inert(pages: dict[str, str]) -> None:
    assert len(pages) > 50
    findings = {name: audit_html(html).findings for name, html in pages.items()}
    assert {name: found for name, found in findings.items() if found} == {}


def test_the_hostile_page_of_every_collection_shows_its_text(
    hostile_site: Path, pages: dict[str, str]
) -> None:
    for collection, record_id in HOSTILE_IDS.items():
        # The gazetteer has no pages of its own: each place is an entry on the Map page.
        page = (
            "map/index.html" if collection == "places" else f"{collection}/{record_id}/index.html"
        )
        text = " ".join(audit_html(pages[page]).text)
        assert "<script>alert(" in text, page  # shown as text, after the parser decoded it
        assert "ភ្នំពេញ" in text and "東京" in text and "\u200f" in text, page  # marks stay
        assert "\\" not in text, page  # no escaping shows: every backslash was Markdown's
        assert "=HYPERLINK(" in text, page
    essay = " ".join(audit_html(pages["essays/zz-hostile/index.html"]).text)
    assert "alert('essay.title')" in essay and "alert('topics.title')" in essay


def test_every_text_field_reaches_an_output(
    hostile_site: Path, pages: dict[str, str], hostile_fields: list[str]
) -> None:
    """The fixture really covers each field: its text is found, decoded, somewhere."""
    outputs = [" ".join(audit_html(html).text) for html in pages.values()]
    outputs += [p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.csv")]
    outputs += [p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.json")]
    outputs += [unescape(p.read_text(encoding="utf-8")) for p in hostile_site.glob("*.xml")]
    everything = "\n".join(outputs)
    assert [f for f in hostile_fields if f"alert('{f}')" not in everything] == []


def test_search_index_entries_are_inert_as_html(hostile_site: Path) -> None:
    # Material inserts titles, texts and tags of results into the page as HTML.
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    hostile = [d for d in index["docs"] if "alert(" in json.dumps(d)]
    assert len(hostile) >= len(HOSTILE_IDS), "the hostile records are searchable"
    for doc in index["docs"]:
        for value in (doc["title"], doc["text"], *doc.get("tags", [])):
            assert audit_html(value).findings == [], (doc["location"], value[:80])
            assert "<script" not in value and "<img" not in value and "<iframe" not in value


def test_tags_are_escaped_on_pages_on_the_tags_index_and_in_search(
    hostile_site: Path, pages: dict[str, str]
) -> None:
    title = hostile_text("topics.title")
    for page in ("essays/zz-hostile/index.html", "tags/index.html"):
        assert "alert('topics.title')" in " ".join(audit_html(pages[page]).text)
        assert title[:40] not in pages[page]  # never verbatim, markup and all
    index = (hostile_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "<script>alert('topics.title')" not in index


def test_feeds_are_well_formed_and_carry_the_text_exactly(hostile_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted(hostile_site.glob("*.xml"))
    assert len(feeds) >= 3
    titles: list[str | None] = []
    for feed in feeds:
        root = ET.parse(feed).getroot()  # well-formed, or this raises
        titles += [t.text for t in root.iter(f"{atom}title")]
        for element in root.iter():
            assert element.get("type") in (None, "text", "text/html", "application/atom+xml")
            assert not element.tag.endswith("script")
    assert hostile_text("events.title") in titles
    assert "zqzqzq" not in "".join(p.read_text(encoding="utf-8") for p in feeds)


EXCEL_DATE = re.compile(r'="[0-9]{4}(-[0-9]{2}){0,2}"')


def test_csv_carries_the_text_and_no_formula(hostile_site: Path) -> None:
    files = sorted(hostile_site.glob("downloads/**/*.csv"))
    assert len(files) >= 5
    seen = set()
    for path in files:
        excel = "excel" in path.parts
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for cell in row:
                if excel and EXCEL_DATE.fullmatch(cell):
                    continue  # the Excel copy's dates: a constant text formula, ours
                assert not cell.startswith(FORMULA_START), (path.name, cell[:40])
                if cell.startswith("'=HYPERLINK"):
                    seen.add(re.search(r"alert\('([\w.]+)'\)", cell)[1])  # type: ignore[index]
    assert {"events.title", "agreements.purpose", "actors.name", "sources.note"} <= seen


def test_json_downloads_carry_the_text_exactly(hostile_site: Path) -> None:
    document = json.loads((hostile_site / "downloads/dataset.json").read_text(encoding="utf-8"))
    events = {e["id"]: e for e in document["events"]}
    event = events[HOSTILE_IDS["events"]]
    assert event["title"] == hostile_text("events.title")
    assert event["place"] == hostile_text("events.place")
    json.loads((hostile_site / "downloads/schema.json").read_text(encoding="utf-8"))


def test_svg_charts_are_well_formed_and_inert(pages: dict[str, str]) -> None:
    charts = [
        svg
        for html in pages.values()
        for svg in re.findall(r"<svg class=\"cjb-chart__svg\".*?</svg>", html, re.DOTALL)
    ]
    assert charts, "the money page has charts"
    for svg in charts:
        root = ET.fromstring(svg)
        for element in root.iter():
            assert not element.tag.endswith(("script", "foreignObject"))
            assert not [a for a in element.attrib if a.lower().startswith("on")]


def test_every_machine_readable_output_parses_with_a_real_parser(hostile_site: Path) -> None:
    import gzip

    parsed = 0
    for path in sorted(hostile_site.rglob("*")):
        if path.suffix in (".xml", ".svg"):
            ET.parse(path)  # XML 1.0: raises on any character it forbids
        elif path.name.endswith(".xml.gz"):
            ET.fromstring(gzip.decompress(path.read_bytes()))
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".csv":
            list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        else:
            continue
        parsed += 1
    assert parsed >= 15


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]


def test_no_page_gives_two_elements_one_id(pages: dict[str, str]) -> None:
    repeated = {}
    for name, html in pages.items():
        parser = _Ids()
        parser.feed(html)
        twice = sorted(i for i, n in Counter(parser.ids).items() if n > 1)
        if twice:
            repeated[name] = twice
    assert repeated == {}
