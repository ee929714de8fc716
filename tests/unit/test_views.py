"""The view objects decide what templates show: plurals, labels, order, coverage, briefs."""

from __future__ import annotations

import pytest

from briefing.dataset.dates import PartialDate
from briefing.dataset.load import load_dataset
from briefing.dataset.model import Agreement, Amount, Event, Figure
from briefing.website import views
from support import ROOT

DATASET = load_dataset(ROOT)


def _event(record_id: str, date: str | None, planned: bool = False) -> Event:
    return Event(
        id=record_id,
        title=record_id,
        kind="visit",
        date=PartialDate.parse(date) if date else None,
        topics=("aid",),
        sources=(),
        place=None,
        file="f.yml",
        line=1,
        planned=planned,
    )


def _agreement(kind: str, status: str, amount: float | None = None) -> Agreement:
    return Agreement(
        id=f"{kind}-x",
        title="x",
        kind=kind,
        date=PartialDate.parse("2024-07"),
        topics=("aid",),
        sources=(),
        place=None,
        file="f.yml",
        line=1,
        status=status,
        amount=Amount(amount, "USD", True) if amount else None,
    )


@pytest.mark.parametrize(
    ("kind", "heading"),
    [
        ("person", "People"),
        ("media", "Media"),
        ("government-body", "Government bodies"),
        ("organization", "Organizations"),
        ("state", "States"),
    ],
)
def test_actor_kinds_have_real_plurals(kind: str, heading: str) -> None:
    assert views.kind_heading(kind) == heading


def test_counts_agree_with_their_noun() -> None:
    assert views.plural(1, "record") == "1 record"
    assert views.plural(21, "record") == "21 records"
    assert views.plural(2, "body") == "2 bodies"


def test_kind_labels_drop_a_status_that_repeats_the_kind() -> None:
    assert views.kind_label(_agreement("proposal", "proposed")) == "Proposal"
    assert views.kind_label(_agreement("grant", "signed")) == "Grant, signed"
    # A state is never undated: with no source to date it, the page says so.
    assert views.kind_label(_agreement("project", "under-construction")) == (
        "Project, under construction as of an unstated date"
    )
    assert views.kind_label(_event("a", "2025", planned=True)) == "Visit, scheduled"


def test_listings_run_newest_first_with_undated_last() -> None:
    records = [_event("old", "1991"), _event("none", None), _event("new", "2024-08-05")]
    assert [r.id for r in views.newest_first(records)] == ["new", "old", "none"]
    assert views.order_note(1).endswith("Records the sources do not date come last.")
    assert views.order_note(0) == "Newest first."


def test_latest_leaves_out_scheduled_and_undated_records() -> None:
    records = [_event("plan", "2025", planned=True), _event("none", None), _event("a", "2024")]
    assert [r.id for r in views.latest(records, 5)] == ["a"]


def test_coverage_never_says_undated_and_ends_at_what_happened() -> None:
    records = [
        _event("none", None),
        _event("first", "1991"),
        _event("last", "2024-08-05"),
        _event("plan", "2025", planned=True),
    ]
    sentence = views.coverage(records).sentence
    assert sentence == ("4 records, from 1991 to August 2024 (1 event scheduled later; 1 undated).")
    assert "Undated" not in views.coverage(DATASET.by_topic["diplomacy"]).sentence


def test_a_figure_shows_the_amount_of_its_agreement_with_its_date() -> None:
    figure = Figure(
        label="loan", as_of=PartialDate.parse("2024-07"), amount_of=("national-road-5-loan-2024",)
    )
    view = views.figure_view(figure, DATASET)
    assert view.value == "approx. USD 59.6 million"
    assert view.as_of == "as of July 2024"
    assert view.kind == "loan"
    assert [r.id for r in view.records] == ["national-road-5-loan-2024"]


def test_grants_and_loans_are_said_to_be_kept_apart() -> None:
    brief = views.brief(DATASET.topics["aid"], DATASET)
    assert {f.kind for f in brief.figures} >= {"grant", "loan"}
    assert brief.figures_note is not None
    assert "Grants and loans are shown apart and never added together" in brief.figures_note


@pytest.mark.parametrize("slug", list(DATASET.topics))
def test_every_topic_has_a_brief(slug: str) -> None:
    brief = views.brief(DATASET.topics[slug], DATASET)
    assert brief.lede and brief.lede != DATASET.topics[slug].summary
    assert 3 <= len(brief.points) <= 5
    assert all(point.records for point in brief.points)
    assert brief.figures and all(f.records or f.sources for f in brief.figures)
    assert all(f.as_of.startswith("as of ") for f in brief.figures)
    assert 1 <= len(brief.latest) <= views.LATEST_IN_BRIEF


def test_record_facts_are_labelled_in_words() -> None:
    loan = DATASET.agreements["national-road-5-loan-2024"]
    labels = [f.label for f in views.record_facts(loan, DATASET)]
    assert {"Date", "Amount", "Terms", "Parties"} <= set(labels)
    assert "Id" not in labels and "Kind" not in labels
    assert views.relations(loan, DATASET)[0].label.endswith(" at")


def test_a_visit_names_its_parts_and_a_part_its_visit() -> None:
    call = DATASET.events["kamikawa-hun-manet-call-2024"]
    assert views.relations(call, DATASET)[0].label == "Part of"
    visit = DATASET.events["kamikawa-visit-2024"]
    labels = [g.label for g in views.relations(visit, DATASET)]
    assert labels[0] != "Part of" and labels[-1] == "Part of this event"
    foip = DATASET.agreements["free-and-open-indo-pacific"]
    assert all(g.label != "Signed at" for g in views.relations(foip, DATASET))


def test_first_paragraph() -> None:
    assert views.first_paragraph("One.\n\nTwo.") == "One."


def test_home_figures_are_the_ones_marked_for_the_front_page() -> None:
    marked = [f for t in DATASET.topics.values() for f in t.figures if f.home]
    assert len(views.home_figures(DATASET)) == len(marked) > 0


def test_the_readme_documents_the_brief_fields() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("key_points", "figures", "amount_of", "lede"):
        assert f"`{name}`" in readme
    assert views.pluralise("Body") == "Bodies"


def test_our_prose_spells_defence_one_way() -> None:
    """British spelling in our own words; quotations, ids and slugs keep theirs."""
    prose = [t.title for t in DATASET.topics.values()]
    for topic in DATASET.topics.values():
        prose += [topic.lede or "", topic.introduction, *(p.text for p in topic.key_points)]
        prose += [f.label for f in topic.figures]
    for record in DATASET.records:
        prose += [record.title, record.text]
    for actor in DATASET.actors.values():
        prose += [actor.summary or ""]
    assert not [text for text in prose if "defense" in text.lower()]


def test_verbs_agree_with_the_count() -> None:
    assert views.agreeing(1, "record", "quotes", "quote") == "1 record quotes"
    assert views.agreeing(3, "record", "quotes", "quote") == "3 records quote"
    assert views.source_citing_sentence(1, True) == "1 record quotes this text."
    assert views.source_citing_sentence(2, False).startswith("2 records quote this text; ")


def test_an_actor_page_says_how_many_records_name_it() -> None:
    ccrs = DATASET.actors["ccrs"]
    assert views.actor_records_sentence(ccrs, 1) == "1 record names CCRS, newest first."
    assert views.actor_records_sentence(ccrs, 2) == "2 records name CCRS, newest first."
    assert views.actor_records_sentence(ccrs, 0) == "No event or agreement names CCRS yet."


def test_small_counts_are_words_and_come_from_the_data() -> None:
    assert views.count_words(1, "topic") == "one topic"
    assert views.count_words(2, "topic") == "two topics"
    assert views.count_words(12, "topic") == "12 topics"
    assert views.topics_description(len(DATASET.topics)).startswith("The five topics ")
    assert views.all_of(1, "grant or loan", "grants and loans") == "The one grant or loan"
    assert views.all_of(4, "grant or loan", "grants and loans") == (
        "All 4 grants and loans, newest first"
    )


def test_who_is_who_rows_say_not_stated_for_an_unknown_country() -> None:
    rows = [row for group in views.actor_groups(DATASET) for row in group.rows]
    unknown = [row for row in rows if row.actor.country is None]
    assert unknown, "the real data has actors whose country no source states"
    assert {row.country for row in unknown} == {"not stated in the sources"}
    assert all(row.role == (row.actor.role or "") for row in rows)


def test_sources_index_runs_newest_first_with_counts() -> None:
    rows = views.source_rows(DATASET)
    keys = [row.source.date.sort_key for row in rows]
    assert keys == sorted(keys, reverse=True)
    assert all(row.count == len(DATASET.by_source.get(row.source.id, [])) for row in rows)


def test_a_source_page_shows_only_that_sources_quotes() -> None:
    record = next(r for r in DATASET.records if len({c.source for c in r.sources}) > 1)
    source_id = record.sources[0].source
    quotes = views.quotes_from(record, source_id)
    assert quotes and all(c.source == source_id for c in quotes)
    assert len(quotes) < len(record.sources)


def test_money_tables_run_newest_first_and_say_not_stated() -> None:
    old = _agreement("grant", "signed", 10.0)
    new = Agreement(**{**old.__dict__, "id": "new", "date": PartialDate.parse("2025-01")})
    table = views.money_table([old, new], limit=1)
    assert [row.record.id for row in table.rows] == ["new"]
    assert table.partial and table.count == 2
    assert table.rows[0].terms == "not stated"
    assert not views.money_table([old], limit=5).partial


def test_record_indexes_cover_each_collection_newest_first() -> None:
    by_uri = {index.uri: index for index in views.RECORD_INDEXES}
    assert set(by_uri) == {"timeline/index.md", "events/index.md", "agreements/index.md"}
    events = views.index_records(by_uri["events/index.md"], DATASET)
    assert events and all(r.collection == "events" for r in events)
    agreements = views.index_records(by_uri["agreements/index.md"], DATASET)
    assert len(events) + len(agreements) == len(DATASET.records)
    assert [i.chart for i in views.RECORD_INDEXES] == [True, False, False]


def test_download_names_are_the_files_names() -> None:
    assert [d.name for d in views.downloads([("downloads/events.csv", "Events.")])] == [
        "events.csv"
    ]


def test_a_citation_names_the_sources_a_record_rests_on() -> None:
    record = DATASET.agreements["national-road-5-loan-2024"]
    assert views.cite_text(record, DATASET).endswith(", per CCRS")
    assert views.latest_note([]) == "No record in our sources is dated yet."
    note = views.latest_note(views.latest(DATASET.records, 5))
    assert note.startswith("The five most recent records in our sources, dated ")
