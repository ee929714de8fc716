"""Rules with one home: where two outputs state the same thing, they agree."""

from __future__ import annotations

from briefing.dataset import money
from briefing.dataset.model import Agreement, Dataset, relation_label, vocabulary_label
from briefing.dataset.validate import known_ids
from briefing.docs_pages import Docs
from briefing.website import views
from briefing.website.listing import UNDATED, make_listing, year_key, year_label
from briefing.website.outputs import Site
from briefing.website.pages import Renderer
from briefing.website.timeline_filters import timeline_filters


def test_ids_by_collection_name_every_collection(dataset: Dataset) -> None:
    known = known_ids(dataset)
    assert known["events"] == set(dataset.events)
    assert known["places"] == set(dataset.places)
    assert set(known) == {"topics", "sources", "actors", "events", "agreements", "places"}


def test_one_list_of_aid_for_the_money_page_and_every_scale_chart(
    dataset: Dataset, docs: Docs
) -> None:
    renderer = Renderer(dataset, docs, Site("t", "/"))
    assert renderer.visuals.aid is renderer.aid
    with_amount = [r for r in dataset.records if isinstance(r, Agreement) and r.amount]
    aid, other = money.aid_agreements(dataset.records), money.other_amounts(dataset.records)
    # Every amount is in exactly one of the two lists, in date order.
    assert sorted(r.id for r in aid + other) == sorted(r.id for r in with_amount)
    assert not {r.id for r in aid} & {r.id for r in other}
    assert aid == renderer.aid


def test_a_vocabulary_value_reads_the_same_everywhere() -> None:
    assert vocabulary_label("government-body") == "Government body"
    assert views.kind_name("government-body") == vocabulary_label("government-body")
    assert relation_label("ground-broken") == "Ground broken"


def test_the_undated_key_and_its_label(dataset: Dataset) -> None:
    assert year_key(None) == UNDATED and year_key(2024) == "2024"
    assert year_label(UNDATED) == "Undated"
    filters = timeline_filters(dataset)
    listing = make_listing("timeline.md", dataset.records, newest_first=True, limit=10_000)
    # The timeline's year filter offers the keys the listing's year headings carry.
    assert [c.value for c in filters.years] == [g.key for g in listing.groups]


def test_a_year_link_goes_to_the_archive_or_the_heading(dataset: Dataset) -> None:
    records = dataset.by_topic["aid"]
    whole = make_listing("topics/aid.md", records, newest_first=False, limit=10_000)
    paged = make_listing("topics/aid.md", records, newest_first=False, limit=1)
    key = whole.groups[0].key
    assert whole.year_target(key) == f"topics/aid.md#year-{key}"
    assert paged.year_target(key) == f"topics/aid/{key}.md"
