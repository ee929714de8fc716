"""The real site, built with --strict: every topic page carries its records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.dataset.model import Dataset
from briefing.website import views
from htmlparse import read_page

pytestmark = pytest.mark.build


def page(site: Path, url: str) -> Path:
    return site / url / "index.html"


def test_every_topic_page_exists_and_carries_exactly_its_records(
    built_site: Path, dataset: Dataset
) -> None:
    every_id = set(dataset.events) | set(dataset.agreements)
    for slug in dataset.topics:
        html = page(built_site, f"topics/{slug}")
        assert html.exists(), f"missing /topics/{slug}/"
        ids = read_page(html).ids
        expected = {r.id for r in dataset.by_topic[slug]}
        assert expected, f"topic {slug} has no records"
        assert expected <= ids, f"/topics/{slug}/ lacks {sorted(expected - ids)}"
        assert not (every_id - expected) & ids, f"/topics/{slug}/ carries records of other topics"


def test_topic_rows_show_amounts_and_record_pages_the_full_facts(
    built_site: Path, dataset: Dataset
) -> None:
    text = read_page(page(built_site, "topics/aid")).text
    assert "approx. USD 59.6 million" in text
    loan = read_page(page(built_site, "agreements/national-road-5-loan-2024")).text
    assert "repayment over 30 years, including a 10-year grace period" in loan
    # Every quote is shown on its record's page, one click from the topic.
    for record in dataset.by_topic["aid"]:
        record_text = read_page(page(built_site, f"{record.collection}/{record.id}")).text
        for citation in record.sources:
            assert " ".join(citation.quote.split()) in record_text


def test_topic_records_run_newest_first_with_undated_last(
    built_site: Path, dataset: Dataset
) -> None:
    html = page(built_site, "topics/diplomacy").read_text(encoding="utf-8")
    records = views.newest_first(dataset.by_topic["diplomacy"])
    positions = [html.index(f'id="{r.id}"') for r in records]
    assert positions == sorted(positions)
    assert not records[-1].date and records[0].date
    assert (
        "Records the sources do not date come last."
        in read_page(page(built_site, "topics/diplomacy")).text
    )


def test_topics_index_and_navigation_list_every_topic(built_site: Path, dataset: Dataset) -> None:
    info = read_page(page(built_site, "topics"))
    for topic in dataset.topics.values():
        assert topic.title in info.text
    home = read_page(built_site / "index.html")
    nav_topics = [
        link for link in home.links if link.startswith("topics/") and link.count("/") == 2
    ]
    for slug in dataset.topics:
        assert f"topics/{slug}/" in nav_topics


def test_search_index_holds_names_places_and_amounts(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    for needle in ("Tea Seiha", "Siem Reap", "59.6 million", "Funan Techo", "Landmine Initiative"):
        assert needle in texts, needle


def test_home_page_links_topics_and_latest_events(built_site: Path, dataset: Dataset) -> None:
    info = read_page(built_site / "index.html")
    for slug in dataset.topics:
        assert f"topics/{slug}/" in info.links
    # The latest event that has happened and has a date of its own.
    latest = sorted(
        (e for e in dataset.events.values() if not e.planned and e.date), key=lambda e: e.sort_key
    )[-1]
    assert f"events/{latest.id}/" in info.links


def test_no_third_party_host_in_any_page(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        info = read_page(html)
        for url in info.scripts + [href for _, href in info.link_rels]:
            assert not url.startswith(("http://", "https://", "//")), f"{html}: {url}"
