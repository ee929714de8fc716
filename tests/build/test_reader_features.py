"""Permalinks, timeline, who's who, money, downloads, feeds, meta tags and dates."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from briefing.dataset.model import Dataset
from htmlparse import read_page
from support import edit, run_build

pytestmark = pytest.mark.build

ATOM = "{http://www.w3.org/2005/Atom}"
# The test site is built without a published address (SITE_URL unset).
UNPUBLISHED = " (path on the site; its address is added when published)"


def test_every_record_has_a_permalink_page_with_sources_and_citation(
    built_site: Path, dataset: Dataset
) -> None:
    for record in dataset.records:
        info = read_page(built_site / record.collection / record.id / "index.html")
        assert record.title in info.text
        for citation in record.sources:
            assert " ".join(citation.quote.split()) in info.text
        cite = f"/{record.collection}/{record.id}/{UNPUBLISHED}. {dataset.revision_line}."
        cite += " Licence: CC BY 4.0."
        assert cite in info.text, record.id
        for actor in record.actor_ids:
            assert f"../../actors/{actor}/" in info.links
        for slug in record.topics:
            assert f"../../topics/{slug}/" in info.links


def test_related_records_link_both_ways(built_site: Path, dataset: Dataset) -> None:
    loan = read_page(built_site / "agreements/national-road-5-loan-2024/index.html")
    (signing,) = [e.id for e in dataset.events_by_agreement["national-road-5-loan-2024"]][-1:]
    assert f"../../events/{signing}/" in loan.links
    event = read_page(built_site / f"events/{signing}/index.html")
    assert "../../agreements/national-road-5-loan-2024/" in event.links


def test_topic_entries_link_to_their_permalinks(built_site: Path, dataset: Dataset) -> None:
    for slug, records in dataset.by_topic.items():
        links = read_page(built_site / "topics" / slug / "index.html").links
        for record in records:
            assert f"../../{record.collection}/{record.id}/" in links


def test_a_retitled_record_keeps_its_url(project: Path, tmp_path: Path) -> None:
    edit(
        project / "data/agreements/2024-07-kamikawa-visit.yml",
        "title: Loan for the National Road No. 5 Improvement Project",
        "title: Road loan, retitled by an editor",
    )
    site = tmp_path / "site"
    assert run_build(project, site).returncode == 0
    page = read_page(site / "agreements/national-road-5-loan-2024/index.html")
    assert "Road loan, retitled by an editor" in page.text
    assert "national-road-5-loan-2024" in read_page(site / "topics/aid/index.html").ids


def test_the_timeline_lists_every_record_newest_first_by_year(
    built_site: Path, dataset: Dataset
) -> None:
    html = (built_site / "timeline/index.html").read_text(encoding="utf-8")
    rows = re.findall(
        r'<li [^>]*class="cjb-row"[^>]*data-year="([^"]+)"[^>]*>.*?href="\.\./([a-z]+)/([^/]+)/"',
        html,
    )
    assert len(rows) == len(dataset.records)
    years = [int(year) for year, _, _ in rows if year != "undated"]
    assert years == sorted(years, reverse=True)
    assert {rid for _, _, rid in rows} == {r.id for r in dataset.records}
    info = read_page(built_site / "timeline/index.html")
    assert {f"year-{y}" for y in years} <= info.ids


def test_every_actor_has_a_page_listing_its_records(built_site: Path, dataset: Dataset) -> None:
    index = read_page(built_site / "actors/index.html")
    for actor in dataset.actors.values():
        assert f"{actor.id}/" in index.links
        html = (built_site / "actors" / actor.id / "index.html").read_text(encoding="utf-8")
        for record in dataset.by_actor.get(actor.id, []):
            assert f"../../{record.collection}/{record.id}/" in html, (actor.id, record.id)


def test_downloads_parse_and_hold_every_record(built_site: Path, dataset: Dataset) -> None:
    document = json.loads((built_site / "downloads/dataset.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "downloads/schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    for name in ("events", "agreements", "actors", "sources", "topics"):
        key = "slug" if name == "topics" else "id"
        assert {item[key] for item in document[name]} == set(getattr(dataset, name)), name
    for name in ("events", "agreements", "actors", "sources"):
        rows = list(csv.DictReader(io.StringIO((built_site / f"downloads/{name}.csv").read_text())))
        assert {row["id"] for row in rows} == set(getattr(dataset, name)), name
    for slug, records in dataset.by_topic.items():
        text = (built_site / f"downloads/topics/{slug}.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["id"] for row in rows] == [r.id for r in records]


def test_the_schema_rejects_what_the_validator_rejects(built_site: Path) -> None:
    document = json.loads((built_site / "downloads/dataset.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "downloads/schema.json").read_text(encoding="utf-8"))
    document["agreements"][0]["amount"] = {"value": -1, "currency": "XYZ"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def _atom(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), tag
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return root


def test_feeds_are_atom_newest_first_and_linked_from_pages(
    built_site: Path, dataset: Dataset
) -> None:
    root = _atom(built_site / "feed.xml")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(100, len(dataset.records) + 5)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for slug, records in dataset.by_topic.items():
        topic_feed = _atom(built_site / f"feed-{slug}.xml")
        links = {e.find(f"{ATOM}link").get("href") for e in topic_feed.findall(f"{ATOM}entry")}
        assert {f"/{r.collection}/{r.id}/" for r in records} <= links
        head = read_page(built_site / f"topics/{slug}/index.html").link_rels
        assert ("alternate", f"../../feed-{slug}.xml") in head
    assert ("alternate", "feed.xml") in read_page(built_site / "index.html").link_rels


def _table_after(html: str, heading_id: str) -> list[list[str]]:
    """The body rows of the first table after a heading, as cell texts."""
    start = html.index(f'id="{heading_id}"')
    body = html[start : html.index("</table>", start)].split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]


def test_money_tables_and_chart_agree_with_the_data(built_site: Path) -> None:
    # Written out by hand from data/agreements/ (the grants and loans with an amount:
    # hrd-scholarship-grant-2024, national-road-5-loan-2024); the Funan Techo canal's
    # USD 1.7 billion is a project, not aid, and stays out of every total.
    html = (built_site / "figures/index.html").read_text(encoding="utf-8")
    assert _table_after(html, "totals-by-kind") == [
        ["grant", "1", "approx. USD 2.7 million"],
        ["loan", "1", "approx. USD 59.6 million"],
    ]
    # By year, each kind apart: a grant and a loan are never summed (no "62.3 million").
    assert _table_after(html, "totals-by-year") == [
        ["2024", "grant", "USD", "1", "approx. USD 2.7 million"],
        ["2024", "loan", "USD", "1", "approx. USD 59.6 million"],
    ]
    assert "62.3" not in html
    svg = re.search(r'<svg class="cjb-chart__svg".*?</svg>', html, re.S)
    assert svg is not None
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg.group(0), re.S)
    assert desc is not None and desc.group(1).endswith(
        ". 2024 (1 grant): approx. USD 2.7 million; 2024 (1 loan): approx. USD 59.6 million"
    )
    assert re.search(r"<svg[^>]*role=\"img\"", svg.group(0)) and "<title" in svg.group(0)
    assert len(re.findall(r"<rect ", svg.group(0))) == 2, "two bars: the grant, the loan"
    other = _table_after(html, "other-amounts")
    # The report gives "$1.7 billion" plainly: "approx." only where a source says so.
    assert [row[2:] for row in other] == [["project", "USD 1.7 billion"]]
    aid_text = read_page(built_site / "topics/aid/index.html").text
    assert "approx. USD 59.6 million" in aid_text and "approx. USD 2.7 million" in aid_text


def test_every_page_has_description_share_meta_and_coverage_line(
    built_site: Path, dataset: Dataset
) -> None:
    pages = [p for p in built_site.rglob("index.html")]
    assert len(pages) >= len(dataset.records) + len(dataset.actors)
    for path in pages:
        info = read_page(path)
        for key in (
            "description",
            "og:title",
            "og:description",
            "og:type",
            "twitter:card",
        ):
            assert info.meta.get(key), f"{path}: {key}"
        # No address is published: no canonical link, no og:url, never a made-up host.
        assert not any(rel == "canonical" for rel, _ in info.link_rels), path
        assert "og:url" not in info.meta, path
        assert dataset.revision_line in info.text, path
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" not in sitemap


def test_the_data_page_documents_every_field(built_site: Path) -> None:
    from briefing.dataset import schema

    text = read_page(built_site / "data/index.html").text
    for collection in schema.COLLECTIONS:
        for field in collection.fields:
            # Backticked names in a field's doc are shown as code, without the backticks.
            assert field.doc.replace("`", "") in text, (collection.name, field.name)
    assert "`" not in text and "\\_" not in text


def test_titles_and_share_previews_read_as_a_reader_expects(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<head>.*?<title>([^<]*)</title>", home, re.S) == ["Cambodia–Japan Briefing"]
    assert '<meta property="og:locale" content="en_US">' in home
    essay = (built_site / "essays" / "china-factor" / "index.html").read_text(encoding="utf-8")
    described = re.search(r'<meta property="og:description" content="([^"]*)"', essay)
    assert described and described[1].startswith("The Japanese sums in our sources")


def test_record_facts_stay_apart_in_the_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = next(d for d in index["docs"] if d["location"] == "events/kamikawa-visit-2024/")
    assert "Date: 5–6 July 2024. Place: Cambodia. Participants: " in page["text"]


def test_the_front_page_cards_hold_their_latest_line(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    cards = home[home.index('class="grid cards cjb-topic-cards"') :]
    cards = cards[: cards.index("</div>")]
    assert "{:" not in cards
    assert cards.count("<li>") == cards.count('<p class="cjb-note">Latest record: ') == 5
