"""URL and path rules: page URLs, relative links, year archives, absolute addresses."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from briefing.website.urls import Urls, absolute_url, page_url, relative_link, relative_url
from support import event

BASE = "https://example.org/briefing/"


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [
        ("index.md", ""),
        ("figures.md", "figures/"),
        ("topics/index.md", "topics/"),
        ("topics/aid.md", "topics/aid/"),
        ("topics/aid/2024.md", "topics/aid/2024/"),
        ("essays/on-the-loan.md", "essays/on-the-loan/"),
        ("about/methodology.md", "about/methodology/"),
        # "index" only as a whole name: a page called "reindex" is not an index.
        ("notes/reindex.md", "notes/reindex/"),
    ],
)
def test_page_url(src_uri: str, url: str) -> None:
    assert page_url(src_uri) == url


def test_source_paths_come_from_ids() -> None:
    record = event("loan-talks-2024", "2024-07-05")
    assert Urls.record(record) == "events/loan-talks-2024.md"
    assert Urls.topic("mine-action") == "topics/mine-action.md"
    assert Urls.actor("hun-manet") == "actors/hun-manet.md"
    assert Urls.source("src-one") == "sources/src-one.md"
    assert Urls.topic_csv("aid") == "downloads/topics/aid.csv"
    assert Urls.topic_feed("aid") == "feed-aid.xml"


@pytest.mark.parametrize(
    ("main_uri", "key", "archive"),
    [
        ("topics/aid.md", "2024", "topics/aid/2024.md"),
        ("actors/hun-manet.md", "undated", "actors/hun-manet/undated.md"),
        ("timeline/index.md", "1993", "timeline/1993.md"),
    ],
)
def test_listing_year(main_uri: str, key: str, archive: str) -> None:
    assert Urls.listing_year(main_uri, key) == archive
    assert page_url(archive) == page_url(main_uri) + key + "/"


@pytest.mark.parametrize(
    ("from_uri", "to_uri", "anchor", "link"),
    [
        ("index.md", "topics/aid.md", "", "topics/aid.md"),
        ("figures.md", "topics/aid.md", "", "topics/aid.md"),
        ("topics/index.md", "topics/aid.md", "", "../topics/aid.md"),
        ("topics/aid.md", "events/x.md", "x", "../events/x.md#x"),
        ("topics/aid/2024.md", "topics/aid.md", "year-2024", "../../topics/aid.md#year-2024"),
        ("essays/a.md", "", "top", "#top"),
    ],
)
def test_relative_link_climbs_to_the_root_by_source_depth(
    from_uri: str, to_uri: str, anchor: str, link: str
) -> None:
    result = relative_link(from_uri, to_uri, anchor)
    assert result == link
    assert isinstance(result, Markup)


def test_relative_link_escapes_what_it_is_given() -> None:
    assert relative_link("index.md", 'a"<b>.md') == "a%22%3Cb%3E.md"
    assert relative_link("essays/x.md", "essays/Phnom Penh é.md") == (
        "../essays/Phnom%20Penh%20%C3%A9.md"
    )


@pytest.mark.parametrize(
    ("from_uri", "to_uri", "url"),
    [
        # Raw HTML is resolved by the browser from the page's directory URL.
        ("index.md", "topics/aid.md", "topics/aid/"),
        ("index.md", "index.md", "./"),
        ("figures.md", "topics/aid.md", "../topics/aid/"),
        ("topics/index.md", "topics/aid.md", "../topics/aid/"),
        ("topics/aid.md", "events/x.md", "../../events/x/"),
        ("topics/aid/2024.md", "topics/aid.md", "../../../topics/aid/"),
        ("topics/aid.md", "index.md", "../../"),
        ("topics/aid.md", "downloads/topics/aid.csv", "../../downloads/topics/aid.csv"),
    ],
)
def test_relative_url_for_raw_html(from_uri: str, to_uri: str, url: str) -> None:
    assert relative_url(from_uri, to_uri) == url


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [
        ("index.md", BASE),
        ("events/x.md", BASE + "events/x/"),
        ("topics/aid/2024.md", BASE + "topics/aid/2024/"),
        ("feed-aid.xml", BASE + "feed-aid.xml"),
        ("downloads/dataset.json", BASE + "downloads/dataset.json"),
    ],
)
def test_absolute_url(src_uri: str, url: str) -> None:
    assert absolute_url(BASE, src_uri) == url
