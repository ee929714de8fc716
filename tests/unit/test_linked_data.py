"""schema.org JSON-LD (``website/linked_data.py``), read back by extruct and expanded by
pyld, the JSON-LD processor."""

from __future__ import annotations

import dataclasses
from typing import Any

import extruct
import pytest
from pyld import jsonld

from briefing.dataset.dates import PartialDate
from briefing.dataset.model import Dataset, Event
from briefing.docs_pages import Docs
from briefing.website import linked_data
from briefing.website.metadata import PageHead, downloads
from briefing.website.outputs import Site
from support import hostile_text

PUBLISHED = Site("Cambodia–Japan Briefing", "https://briefing.test/")
SCHEMA = "http://schema.org/"


def _offline_loader(url: str, options: dict | None = None) -> dict[str, Any]:
    """schema.org's context, reduced to what expansion needs: its vocabulary (the tests run
    offline, and schema.org's own context maps terms the same way)."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


def expand(node: dict[str, Any]) -> dict[str, Any]:
    (expanded,) = jsonld.expand(node, {"documentLoader": _offline_loader})
    return expanded


def extract(html: str) -> list[dict[str, Any]]:
    page = f"<!doctype html><html><head>{html}</head><body></body></html>"
    return extruct.extract(page, syntaxes=["json-ld"], uniform=True)["json-ld"]


@pytest.fixture(scope="module")
def head(dataset: Dataset, docs: Docs) -> PageHead:
    return PageHead(dataset, docs, PUBLISHED)


def test_the_data_page_describes_the_dataset(head: PageHead, dataset: Dataset) -> None:
    (node,) = extract(str(head.html("data.md")))
    assert node["@type"] == "Dataset"
    assert node["name"] == dataset.info.title
    assert node["license"] == dataset.info.licence_url
    assert node["dateModified"] == dataset.info.updated.iso
    coverage = dataset.span(dataset.records)
    assert coverage is not None
    assert node["temporalCoverage"] == f"{coverage[0].iso}/{coverage[1].iso}"
    places = {p["name"] for p in node["spatialCoverage"]}
    assert {"Cambodia", "Phnom Penh"} <= places
    formats = {d["encodingFormat"] for d in node["distribution"]}
    assert formats == {"text/csv", "application/json"}
    urls = {d["contentUrl"] for d in node["distribution"]}
    assert "https://briefing.test/downloads/events.csv" in urls
    assert len(urls) == len([u for u in downloads() if u.endswith((".csv", ".json"))])
    expanded = expand(node)
    assert expanded["@type"] == [SCHEMA + "Dataset"]
    assert SCHEMA + "distribution" in expanded and SCHEMA + "temporalCoverage" in expanded


def test_each_essay_is_an_article_by_its_author(head: PageHead, docs: Docs) -> None:
    for essay in docs.essays:
        (node,) = extract(str(head.html(essay.src_uri)))
        assert node["@type"] == "Article"
        assert node["headline"] == essay.title
        assert node["datePublished"] == essay.date.iso
        assert node["author"] == {"@type": "Organization", "name": essay.author}
        assert expand(node)["@type"] == [SCHEMA + "Article"]


def test_an_event_page_states_only_what_the_record_gives(head: PageHead, dataset: Dataset) -> None:
    for event in dataset.events.values():
        (node,) = extract(str(head.html(f"events/{event.id}.md")))
        assert node["@type"] == "WebPage"
        main = node["mainEntity"]
        assert main["@type"] == "Event"
        assert main.get("startDate") == (event.date.iso if event.date else None)
        assert main.get("endDate") == (event.end_date.iso if event.end_date else None)
        assert ("location" in main) == bool(event.place)
    for agreement in dataset.agreements.values():
        (node,) = extract(str(head.html(f"agreements/{agreement.id}.md")))
        assert node["@type"] == "WebPage" and "mainEntity" not in node


def test_a_month_stays_a_month(dataset: Dataset) -> None:
    event = next(iter(dataset.events.values()))
    vague = dataclasses.replace(event, date=PartialDate(2024, 7), end_date=None)
    assert isinstance(vague, Event)
    node = linked_data.page_node(
        PageHead(dataset, Docs(), PUBLISHED).works[f"events/{event.id}.md"],
        dataset,
        PUBLISHED,
        vague,
    )
    assert node["mainEntity"]["startDate"] == "2024-07"


def test_no_text_can_close_the_script_element() -> None:
    name = hostile_text("name") + " </script><script>alert(1)</script> <!-- </SCRIPT > \u2028"
    tag = str(linked_data.script_tag({"@context": "https://schema.org", "name": name}))
    assert tag.count("<") == 2  # the element's own start and end tags
    assert tag.endswith("</script>")
    (node,) = extract(tag)
    assert node["name"] == name
    assert expand(node)[SCHEMA + "name"] == [{"@value": name}]


def test_pages_without_linked_data_get_none(head: PageHead) -> None:
    assert str(head.html("actors/index.md")) == ""
    assert str(head.html("index.md")) == ""
