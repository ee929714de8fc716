"""The offline edition's rewriting of a built site, and its deterministic zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from briefing.commands.offline import folder_link, make_offline, rewrite_html, zip_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("../events/x/", "../events/x/index.html"),
        ("../events/x/#talks", "../events/x/index.html#talks"),
        ("timeline/?kind=visit", "timeline/index.html?kind=visit"),
        ("./", "./index.html"),
        ("..", "../index.html"),
        ("../..", "../../index.html"),
        ("../assets/stylesheets/briefing.css", "../assets/stylesheets/briefing.css"),
        ("../downloads/events.csv", "../downloads/events.csv"),
        ("#talks", "#talks"),
        ("https://example.com/a/", "https://example.com/a/"),
        ("mailto:x@y.z", "mailto:x@y.z"),
        ("/events/x/", "/events/x/"),
        ("", ""),
    ],
)
def test_folder_links_name_their_index_page(url: str, expected: str) -> None:
    assert folder_link(url) == expected


def test_pages_lose_policy_and_feed_links_and_gain_index_pages() -> None:
    html = (
        '<head>\n  <meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
        '\n  <link rel="alternate" type="application/atom+xml" title="t" href="feed.xml">'
        '\n  <link rel="stylesheet" href="assets/x.css"></head>'
        '<a href="events/x/">x</a><img src="a.png">'
    )
    assert rewrite_html(html) == (
        '<head>\n  <link rel="stylesheet" href="assets/x.css"></head>'
        '<a href="events/x/index.html">x</a><img src="a.png">'
    )


def test_the_search_index_becomes_a_script_with_index_pages(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search/search_index.json").write_text(
        '{"config":{},"docs":[{"location":"","title":"Home"},'
        '{"location":"events/x/#talks","title":"X"}]}'
    )
    (site / "404.html").write_text("<a href='/x/'>")
    shim = tmp_path / "shim.js"
    shim.write_text("// shim")
    make_offline(site, shim)
    script = (site / "search/search_index.js").read_text()
    assert script == (
        'var __index = {"config":{},"docs":[{"location":"index.html","title":"Home"},'
        '{"location":"events/x/index.html#talks","title":"X"}]}'
    )
    assert (site / "assets/javascripts/iframe-worker-shim.js").read_text() == "// shim"
    assert not (site / "404.html").exists()


def test_the_zip_is_byte_identical_for_the_same_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "b/page.html").write_text("page")
    (site / "b/bundle.js.map").write_text("map")
    zip_site(site, tmp_path / "one.zip", "edition")
    (site / "index.html").touch()  # a newer timestamp changes nothing
    zip_site(site, tmp_path / "two.zip", "edition")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.namelist() == ["edition/b/page.html", "edition/index.html"]
