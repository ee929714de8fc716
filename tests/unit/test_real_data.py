"""The real dataset: valid, and every quote verbatim in the source texts."""

from __future__ import annotations

import os

import pytest

from briefing.dataset.load import load_dataset
from briefing.website.handwritten import scan_pages
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
    if not SOURCES_DIR.is_dir():
        message = f"source texts not found at {SOURCES_DIR} (set BRIEFING_SOURCES)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Raises DataError naming every quote that is not found.
    load_dataset(ROOT, SOURCES_DIR)
