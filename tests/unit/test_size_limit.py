"""The data size limit is sized by records: it admits 25,000 records of real size."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.dataset import load
from briefing.dataset.reading import MAX_DATA_BYTES, MAX_RECORDS
from support import ROOT, problems_of

REAL_RECORD_FILES = [*ROOT.glob("data/events/*.yml"), *ROOT.glob("data/agreements/*.yml")]


def _real_records() -> int:
    return sum(
        sum(1 for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("- "))
        for p in REAL_RECORD_FILES
    )


def test_the_limit_admits_the_stated_number_of_records_of_real_size() -> None:
    # Copies of the real records, quotes and comments included, as many as the limit names,
    # beside every other file of data/ as it is today.
    record_bytes = sum(p.stat().st_size for p in REAL_RECORD_FILES)
    other_bytes = sum(p.stat().st_size for p in (ROOT / "data").rglob("*") if p.is_file())
    other_bytes -= record_bytes
    copies = record_bytes / _real_records() * MAX_RECORDS
    assert copies + other_bytes <= MAX_DATA_BYTES


def test_more_records_than_the_limit_are_refused_with_the_count(
    fixture_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = sum(
        line.startswith("- ")
        for p in (fixture_root / "data").glob("*/*.yml")
        for line in p.read_text(encoding="utf-8").splitlines()
        if p.parent.name in ("events", "agreements")
    )
    monkeypatch.setattr(load, "MAX_RECORDS", records - 1)
    problems = problems_of(fixture_root)
    assert [(p.file, p.line, p.record, p.field) for p in problems] == [("data", 1, None, None)]
    assert f"holds {records:,} events and agreements; the limit is {records - 1:,}" in (
        problems[0].message
    )


def test_as_many_records_as_the_limit_are_admitted(
    fixture_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = sum(
        line.startswith("- ")
        for p in (fixture_root / "data").glob("*/*.yml")
        for line in p.read_text(encoding="utf-8").splitlines()
        if p.parent.name in ("events", "agreements")
    )
    monkeypatch.setattr(load, "MAX_RECORDS", records)
    assert problems_of(fixture_root) == []
