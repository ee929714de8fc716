"""Downloads and feeds (``website/exports.py``) for the minimal fixture, written out by hand."""

from __future__ import annotations

import json
import re

from briefing.dataset.dates import PartialDate
from briefing.dataset.model import Dataset
from briefing.docs_pages import Docs
from briefing.website import exports
from support import agreement, event

BASE = "https://briefing.test/"


def test_the_dataset_json_holds_every_collection(minimal: tuple[Dataset, Docs]) -> None:
    dataset = minimal[0]
    document = json.loads(exports.dataset_json(dataset, exports.Plain(dataset)))
    assert list(document) == [
        "title", "updated", "description", "coverage", "licence",
        "topics", "sources", "actors", "events", "agreements", "places",
    ]  # fmt: skip
    assert document["updated"] == "2024-09-01"
    assert document["agreements"][0]["amount"] == {
        "value": 59600000,
        "currency": "USD",
        "approximate": True,
    }
    # Empty values are left out, not written as null.
    assert "place" not in document["events"][0]


def test_the_json_schema_is_strict_and_uses_the_vocabulary(minimal: tuple[Dataset, Docs]) -> None:
    document = json.loads(exports.json_schema(minimal[0], BASE))
    assert document["$id"] == "https://briefing.test/downloads/schema.json"
    assert document["required"] == [
        "title", "updated", "description", "coverage", "licence",
        "topics", "sources", "actors", "events", "agreements", "places",
    ]  # fmt: skip
    agreements = document["properties"]["agreements"]["items"]
    assert agreements["additionalProperties"] is False
    assert agreements["required"] == [
        "id", "title", "kind", "purpose", "topics", "sources"
    ]  # fmt: skip
    properties = agreements["properties"]
    assert properties["kind"]["enum"] == ["grant", "loan"]
    assert properties["id"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    date = re.compile(properties["date"]["pattern"])
    for good in ("2024", "2024-07", "2024-07-05", "2024-02-29", "2023-12-31"):
        assert date.search(good), good
    for bad in ("2024-13", "2023-04-31", "2023-02-30", "2024-7", "24-07-05", "2024-07-05x"):
        assert not date.search(bad), bad
    amount = properties["amount"]
    assert amount["required"] == ["value", "currency"]
    assert amount["properties"]["currency"]["enum"] == ["USD", "JPY"]
    assert amount["properties"]["value"]["minimum"] == 0
    assert properties["sources"]["minItems"] == 1


def test_feed_entries_newest_first_with_essays(minimal: tuple[Dataset, Docs]) -> None:
    dataset, docs = minimal
    entries = exports._feed_entries(dataset.records, docs.essays, BASE, dataset.info.updated)
    assert [(e.id, e.updated, e.category, e.title, e.summary) for e in entries] == [
        (
            "https://briefing.test/essays/on-the-loan/",
            "2024-09-01T00:00:00Z",
            "essays",
            "On the loan",
            "What the loan means.",
        ),
        (
            "https://briefing.test/events/minister-visit/",
            "2024-09-01T00:00:00Z",
            "events",
            "A minister visits",
            "5–6 July 2024. A visit took place.",
        ),
        (
            "https://briefing.test/agreements/road-loan/",
            "2024-09-01T00:00:00Z",
            "agreements",
            "A road loan",
            "July 2024. To improve a road.",
        ),
    ]
    assert all(e.url == e.id for e in entries)


def test_feeds_keep_the_newest_entries_and_invent_no_date_for_undated_ones() -> None:
    records = [event(f"e{n:03d}", f"2020-01-{n % 28 + 1:02d}") for n in range(110)]
    records.append(agreement("undated", None))
    revised = PartialDate.parse("2024-09-01")
    entries = exports._feed_entries(records, [], BASE, revised)
    assert len(entries) == exports.FEED_SIZE == 100
    assert entries[0].id == BASE + "events/e083/"  # 2020-01-28 (e027, e055, e083): the highest id
    assert BASE + "agreements/undated/" not in {e.id for e in entries}
    undated = exports._feed_entries(
        [agreement("undated", None, purpose="A plan.")], [], BASE, revised
    )
    # No made-up date: the revision stamps it, and its text says the date is not stated.
    assert undated[0].updated == "2024-09-01T00:00:00Z"
    assert undated[0].summary == "Date not stated in the sources. A plan."
