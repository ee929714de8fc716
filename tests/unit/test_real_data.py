"""The real dataset: valid, and every quote verbatim in the source texts."""

from __future__ import annotations

from briefing.dataset.load import load_dataset
from briefing.docs_pages import scan_pages
from support import ROOT, SOURCES_DIR


def test_the_real_data_and_docs_are_valid() -> None:
    dataset = load_dataset(ROOT)
    docs = scan_pages(ROOT / "docs", ROOT, dataset)
    assert len(dataset.events) >= 20 and len(dataset.agreements) >= 10
    assert len(docs.essays) >= 5
    assert [t.slug for t in dataset.topics.values()] == [
        "diplomacy",
        "aid",
        "mine-action",
        "defense",
        "china-factor",
    ]


def test_every_quote_is_verbatim_in_its_source() -> None:
    # Raises DataError naming every quote that is not found.
    load_dataset(ROOT, SOURCES_DIR)


def test_every_source_has_its_text_in_the_repository() -> None:
    dataset = load_dataset(ROOT)
    named = sorted(source.file for source in dataset.sources.values())
    assert named == sorted(p.name for p in SOURCES_DIR.glob("*.txt"))
    for name in named:
        text = (SOURCES_DIR / name).read_text(encoding="utf-8")
        # The metadata header stays with the text: it says what the text is.
        assert text.startswith("---\nid: "), name
