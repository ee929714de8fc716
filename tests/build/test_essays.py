"""Essays and the references that weave them into the dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs
from htmlparse import read_page
from support import ROOT, edit, run_build

pytestmark = pytest.mark.build


def test_there_are_at_least_five_essays_of_the_right_length(docs: Docs) -> None:
    assert len(docs.essays) >= 5
    for essay in docs.essays:
        text = (ROOT / "docs" / essay.src_uri).read_text(encoding="utf-8").split("---", 2)[2]
        words = len(text.split())
        assert 700 <= words <= 1500, f"{essay.src_uri}: {words} words"
        assert len(essay.cited) >= 6, f"{essay.src_uri} cites {len(essay.cited)} records"
        assert "editorial team" in essay.author


def test_every_reference_in_the_real_essays_resolves(built_site: Path, docs: Docs) -> None:
    # scan_pages raises on any unknown or malformed reference; the built pages hold no leftovers.
    for essay in docs.essays:
        html = (built_site / essay.src_uri.removesuffix(".md") / "index.html").read_text()
        assert "[[" not in html, essay.src_uri
        for collection, record_id in essay.cited:
            assert f"{collection}/{record_id}/" in html, (essay.src_uri, record_id)


def test_cited_records_show_the_essay_back(built_site: Path, docs: Docs) -> None:
    for essay in docs.essays:
        essay_url = f"essays/{Path(essay.src_uri).stem}/"
        for collection, record_id in essay.cited:
            if collection not in ("events", "agreements"):
                continue
            page = read_page(built_site / collection / record_id / "index.html")
            assert f"../../{essay_url}" in page.links, (record_id, essay.src_uri)
            assert "Discussed in" in page.text


def test_topic_pages_list_the_essays_citing_their_records(
    built_site: Path, dataset: Dataset, docs: Docs
) -> None:
    for slug in dataset.topics:
        topic_ids = {r.id for r in dataset.by_topic[slug]}
        citing = {e.src_uri for e in docs.essays if any(rid in topic_ids for _, rid in e.cited)}
        links = read_page(built_site / "topics" / slug / "index.html").links
        for src_uri in citing:
            assert f"../../essays/{Path(src_uri).stem}/" in links, (slug, src_uri)


def test_essays_end_with_their_cited_records_and_sources(built_site: Path, docs: Docs) -> None:
    for essay in docs.essays:
        info = read_page(built_site / essay.src_uri.removesuffix(".md") / "index.html")
        assert {"records-cited", "essay-sources"} <= info.ids
        assert any(link.startswith("../../sources/") for link in info.links)


def test_the_essays_index_lists_every_essay_newest_first(built_site: Path, docs: Docs) -> None:
    html = (built_site / "essays/index.html").read_text(encoding="utf-8")
    positions = [html.index(f'href="{Path(e.src_uri).stem}/"') for e in docs.essays]
    assert positions == sorted(positions)
    dates = [e.date.sort_key for e in docs.essays]
    assert dates == sorted(dates, reverse=True)


def test_essays_carry_topic_tags(built_site: Path, dataset: Dataset, docs: Docs) -> None:
    for essay in docs.essays:
        text = read_page(built_site / essay.src_uri.removesuffix(".md") / "index.html").text
        for slug in essay.topics:
            assert dataset.topics[slug].title in text


def test_a_fixture_reference_links_to_the_right_url_from_nested_pages(
    fixture_root: Path, tmp_path: Path
) -> None:
    nested = fixture_root / "docs/about/deeper/page.md"
    nested.parent.mkdir(parents=True)
    nested.write_text("# Deep\n\nSee [[event:minister-visit]].\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(fixture_root, site)
    assert result.returncode == 0, result.stderr
    essay = read_page(site / "essays/on-the-loan/index.html")
    assert "../../agreements/road-loan/" in essay.links
    deep = (site / "about/deeper/page/index.html").read_text(encoding="utf-8")
    assert 'href="../../../events/minister-visit/" title="5–6 July 2024: A minister visits"' in deep
    assert "[[event:not-a-reference]]" in essay.text  # code is left alone


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("[[event:no-such-visit]]", "docs/essays/on-the-loan.md:13: unknown event 'no-such-visit'"),
        ("[[actor:nobody|Nobody]]", "docs/essays/on-the-loan.md:13: unknown actor 'nobody'"),
        (
            "[[evnt:minister-visit]]",
            "docs/essays/on-the-loan.md:13: malformed reference '[[evnt:minister-visit]]'",
        ),
        (
            "[[event: Bad Id]]",
            "docs/essays/on-the-loan.md:13: malformed reference '[[event: Bad Id]]'",
        ),
    ],
)
def test_a_bad_reference_fails_the_build_with_file_and_line(
    fixture_root: Path, tmp_path: Path, reference: str, message: str
) -> None:
    essay = fixture_root / "docs/essays/on-the-loan.md"
    essay.write_text(essay.read_text() + f"\nA bad one: {reference}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(fixture_root, site)
    assert result.returncode != 0
    assert message in result.stderr
    assert not site.exists()


def test_an_essay_with_an_unknown_topic_is_reported(fixture_root: Path, tmp_path: Path) -> None:
    edit(fixture_root / "docs/essays/on-the-loan.md", "topics: [aid]", "topics: [aid, trade]")
    result = run_build(fixture_root, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/essays/on-the-loan.md:5: field topics[1]: unknown topic 'trade'" in result.stderr
