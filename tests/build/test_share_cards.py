"""Share previews: with a published address, every page names a 1200×630 PNG card by its
full address, and topics, records and essays a card of their own subject. Without one
(the session's ``built_site``), no page names an image."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from briefing.dataset.load import load_dataset
from briefing.website.urls import Urls
from htmlparse import read_page
from support import ROOT, run_build

pytestmark = pytest.mark.build

ADDRESS = "https://briefing.test/"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real site built with a published address: (project, site)."""
    site = tmp_path_factory.mktemp("cards") / "site"
    result = run_build(ROOT, site, site_url=ADDRESS)
    assert result.returncode == 0, result.stderr
    return ROOT, site


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _card(site: Path, page: str) -> str:
    meta = read_page(site / page).meta
    assert meta["twitter:card"] == "summary_large_image", page
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["og:image:alt"] == meta["og:title"]
    url = meta["og:image"]
    assert url.startswith(ADDRESS), url
    image = site / url.removeprefix(ADDRESS)
    assert _png_size(image) == (1200, 630)
    return url.removeprefix(ADDRESS)


def test_every_page_shows_a_card(published: tuple[Path, Path]) -> None:
    _, site = published
    # The 404 page has no address of its own to share.
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 90
    for page in pages:
        _card(site, str(page.relative_to(site)))


def test_topics_records_and_essays_show_their_own_subject(published: tuple[Path, Path]) -> None:
    project, site = published
    dataset = load_dataset(project)
    assert _card(site, "index.html") == "assets/cards/home.png"
    for slug in dataset.topics:
        assert _card(site, f"topics/{slug}/index.html") == f"assets/cards/topics/{slug}.png"
    assert dataset.records
    for record in dataset.records:
        page = Urls.record(record).removesuffix(".md") + "/index.html"
        assert _card(site, page) == f"assets/cards/topics/{record.topics[0]}.png"
    essays = sorted(site.glob("essays/*/index.html"))
    assert essays
    for essay in essays:
        assert _card(site, str(essay.relative_to(site))) == (
            f"assets/cards/essays-{essay.parent.name}.png"
        )
    cards = list(site.glob("assets/cards/**/*.png"))
    assert len(cards) == 1 + len(dataset.topics) + len(essays)


def test_without_an_address_no_page_names_an_image(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        meta = read_page(page).meta
        assert "og:image" not in meta, page
        assert meta.get("twitter:card", "summary") == "summary", page
    assert len(list(built_site.glob("assets/cards/**/*.png"))) == 11
