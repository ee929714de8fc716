"""Sentences the code writes from data are claims: each rule, on made-up records.

A relation is read from the other side only where the data states it for that side; a
place is never "X-backed", only records whose funding or sources say so are counted; no
office, state or count is shown without its date; a feed carries no date more precise
than its record; a machine-translation garble is never offered as a spelling.
"""

from __future__ import annotations

import dataclasses

import pytest

from briefing.dataset.dates import PartialDate
from briefing.dataset.model import (
    Actor,
    AgreementLink,
    Citation,
    Dataset,
    Role,
    Source,
    inverse_relation_label,
    latest_role,
)
from briefing.docs_pages import Docs
from briefing.website import exports, map_chart, timeline_chart, views
from support import agreement, event


def _with(minimal: tuple[Dataset, Docs], records: list, sources: dict | None = None) -> Dataset:
    base = minimal[0]
    return Dataset(
        info=base.info,
        vocabulary=base.vocabulary,
        topics=base.topics,
        sources=sources or base.sources,
        actors=base.actors,
        events={r.id: r for r in records if r.collection == "events"},
        agreements={r.id: r for r in records if r.collection == "agreements"},
    )


# -- relations: the other side only where the data states it ------------------------


@pytest.mark.parametrize(
    ("relation", "planned", "label"),
    [
        ("signed", False, "Signed at"),
        ("ground-broken", False, "Ground broken at"),
        ("mentioned", False, "Named in the record of"),
        (
            "mentioned",
            True,
            "Named in the record of a scheduled event (outcome not in our sources)",
        ),
        (
            "announced",
            True,
            "Named in the record of a scheduled event (outcome not in our sources)",
        ),
    ],
)
def test_an_event_is_a_setting_only_for_an_act_that_happened(
    relation: str, planned: bool, label: str
) -> None:
    assert inverse_relation_label(relation, planned) == label


def test_an_agreement_page_never_places_it_at_a_scheduled_event(
    minimal: tuple[Dataset, Docs],
) -> None:
    plan = agreement("plan", "2024-07", kind="initiative")
    meeting = event("talks", "2024-07-05", agreements=(AgreementLink("plan", "discussed"),))
    summit = event(
        "summit", "2024-11", planned=True, agreements=(AgreementLink("plan", "mentioned"),)
    )
    dataset = _with(minimal, [plan, meeting, summit])
    labels = {r.id: label for label, r in dataset.related(dataset.agreements["plan"])}
    assert labels == {
        "talks": "Discussed at",
        "summit": "Named in the record of a scheduled event (outcome not in our sources)",
    }
    # From the event's own side, the data states the relation as written.
    assert [label for label, _ in dataset.related(dataset.events["talks"])] == ["Discussed"]


# -- the map: records are backed, places are not -------------------------------------


def test_a_place_is_never_called_backed_only_its_records_are_counted() -> None:
    quoted = agreement(
        "canal",
        "2024-08-05",
        kind="project",
        parties=("cambodia",),
        sources=(Citation("wire", "a China-backed canal"),),
    )
    loan = agreement("loan", "2024-07", parties=("japan", "cambodia"))
    initiative = agreement("idea", "2024-07", kind="initiative", parties=("japan",))
    seminar = event("seminar", "2024-03")
    names = {"wire": "the wire report"}
    notes = map_chart.backing_notes([quoted, loan, initiative, seminar], names)
    assert notes == (
        "1 of them a Japanese grant or loan",
        "1 of them on a project the wire report calls “China-backed”",
    )
    # A party to an initiative, or an event beside a backed project, backs nothing.
    assert map_chart.backing_notes([initiative, seminar], names) == ()


# -- offices, states and counts carry their dates -------------------------------------


def test_a_superseded_role_gives_way_to_the_one_listed_after_it() -> None:
    cite = (Citation("src", "A quote."),)
    year = PartialDate(2024)
    roles = (
        Role("Spokesman", cite, as_of=year, per="the commentary"),
        Role("Ambassador", cite, as_of=year, per="the commentary"),
    )
    assert latest_role(roles).title == "Ambassador"
    older = (Role("Minister", cite, as_of=PartialDate(2024, 8)), roles[0])
    assert latest_role(older).title == "Minister"
    actor = Actor("a", "A. Person", "person", cite, roles=roles)
    assert actor.role == "Ambassador (as of 2024, per the commentary)"


def test_a_state_is_shown_as_of_its_latest_source(minimal: tuple[Dataset, Docs]) -> None:
    base = minimal[0]
    later = Source("later", "Later text", "B", "C", PartialDate(2024, 8, 5), "news report")
    sources = {**base.sources, "later": later}
    standing = agreement(
        "standing",
        None,
        kind="mechanism",
        status="existing",
        sources=(Citation("src-one", "A."), Citation("later", "B.")),
    )
    signed = agreement("signed", "2024-07", status="signed")
    dataset = _with(minimal, [standing, signed], sources)
    assert dataset.agreements["standing"].status_label == "existing as of 5 August 2024"
    assert views.kind_label(dataset.agreements["standing"]) == (
        "Mechanism, existing as of 5 August 2024"
    )
    # An act is dated by the record itself: no second date.
    assert dataset.agreements["signed"].status_label == "signed"


# -- feeds: no date more precise than the record --------------------------------------


@pytest.mark.parametrize(
    ("record", "opening"),
    [
        (agreement("m", "2024-07", purpose="P."), "July 2024. P."),
        (agreement("y", "2023", purpose="P."), "2023. P."),
        (agreement("u", None, purpose="P."), "Date not stated in the sources. P."),
        (
            event("r", None, reported=PartialDate(2024, 3, 26), summary="S."),
            "Reported 26 March 2024 (date of the event not given). S.",
        ),
    ],
)
def test_a_feed_entry_states_the_record_date_at_its_precision(record, opening: str) -> None:
    revised = PartialDate(2026, 11, 23)
    (entry,) = exports._feed_entries([record], [], "https://briefing.test/", revised)
    assert entry.summary == opening
    assert entry.updated == "2026-11-23T00:00:00Z"  # the revision, never 1900 or the 1st


@pytest.mark.parametrize("text", ["2024", "2024-07"])
def test_a_month_or_year_has_no_timestamp(text: str) -> None:
    with pytest.raises(ValueError, match="has no day"):
        PartialDate.parse(text).timestamp  # noqa: B018


# -- names a machine translation garbles ----------------------------------------------


def test_a_garbled_name_is_marked_never_offered_as_a_spelling() -> None:
    actor = Actor(
        "p",
        "Right Name",
        "person",
        (Citation("s", "q"),),
        aliases=("R. Name",),
        garbled=("Rite Nam",),
    )
    facts = {f.label: f.text for f in views.actor_facts(actor)}
    assert facts["Also written"] == "R. Name"
    assert "Rite Nam" not in facts["Also written"]
    assert facts["Garbled in machine translation"] == (
        "“Rite Nam” (not a valid spelling; quoted as the machine translation has it)"
    )


def test_the_timeline_caption_states_the_one_period(minimal: tuple[Dataset, Docs]) -> None:
    topics = list(minimal[0].topics.values())
    done = event("done", "2024-08-05", topics=(topics[0].slug,))
    later = event("later", "2025", planned=True, topics=(topics[0].slug,))
    dataset = _with(minimal, [done, later])
    href = {r.id: r.id for r in dataset.records}
    summary = timeline_chart.build_timeline(
        dataset.records, topics, href, {}, dataset.when_label
    ).summary
    assert "in August 2024" in summary
    assert "2025" not in summary
    assert "1 scheduled event drawn at the date set for it" in summary


def test_the_derived_fields_are_rebuilt_on_replace(minimal: tuple[Dataset, Docs]) -> None:
    # Guards the helper above: Dataset derives its indexes from what it is given.
    dataset = _with(minimal, [agreement("x", "2024-07")])
    assert [r.id for r in dataset.records] == ["x"]
    assert dataclasses.is_dataclass(dataset)
