"""Every fact is true as of a date: roles, scheduled events, undated events, coverage."""

from __future__ import annotations

import dataclasses

from briefing.dataset.dates import PartialDate
from briefing.dataset.model import Dataset


def _position(record_id: str, dataset: Dataset) -> int:
    return [r.id for r in dataset.records].index(record_id)


def test_an_undated_event_is_shown_by_its_report_date(dataset: Dataset) -> None:
    seminar = dataset.events["csp-seminar-2024"]
    assert seminar.date is None
    assert dataset.when_label(seminar) == "Reported 26 March 2024 (date of the event not given)"


def test_undated_events_never_sort_before_the_dated_records_of_their_period(
    dataset: Dataset,
) -> None:
    january_visit = _position("hun-sen-visit-japan-2024", dataset)
    for undated in ("kamikawa-tokyo-remarks-2024", "kihara-tokyo-remarks-2024"):
        assert _position(undated, dataset) > january_visit
    # Reported in a text dated only "2024": after every record 2024 dates.
    wang = _position("wang-wenbin-appointed-2024", dataset)
    dated_2024 = [i for i, r in enumerate(dataset.records) if r.date and r.date.year == 2024]
    assert wang > max(dated_2024)


def test_every_role_is_dated_by_its_source(dataset: Dataset) -> None:
    kishida = dataset.actors["kishida-fumio"]
    assert kishida.role == "Prime Minister of Japan (as of 10 July 2024, per CCRS)"
    for actor in dataset.actors.values():
        for role in actor.roles:
            assert role.as_of is not None and role.per, (actor.id, role.title)
            assert role.as_of_label.startswith(f"{role.title} (as of ")


def test_a_scheduled_event_after_its_date_says_the_outcome_is_unknown(dataset: Dataset) -> None:
    ottawa = dataset.events["ottawa-review-conference-2024"]
    assert ottawa.has_passed(dataset.info.updated)
    assert (
        dataset.when_label(ottawa)
        == "Scheduled for November 2024; the outcome is not in our sources"
    )
    # Read before its date, the same record is simply scheduled.
    info = dataclasses.replace(dataset.info, updated=PartialDate(2024, 9))
    earlier = Dataset(
        info=info,
        vocabulary=dataset.vocabulary,
        topics=dataset.topics,
        sources=dataset.sources,
        actors=dataset.actors,
        events=dataset.events,
        agreements=dataset.agreements,
    )
    assert not ottawa.has_passed(earlier.info.updated)
    assert earlier.when_label(earlier.events["ottawa-review-conference-2024"]) == (
        "Scheduled for November 2024, as reported"
    )


def test_the_period_covered_sits_beside_the_revision_date(dataset: Dataset) -> None:
    assert dataset.period_label == "Records from 1991 to August 2024"
    assert dataset.revision_line == (
        "Records from 1991 to August 2024 · dataset revised 23 November 2026"
    )


def test_relations_are_named_in_words(dataset: Dataset) -> None:
    loan = dataset.agreements["national-road-5-loan-2024"]
    labels = {(label, r.id) for label, r in dataset.related(loan)}
    assert ("Signed at", "grant-loan-signing-2024") in labels
    mou = dataset.agreements["defence-mou-2013"]
    # The talks' record names the memorandum; they were not where it was made.
    assert {label for label, _ in dataset.related(mou)} == {"Named in the record of"}
    canal = dataset.events["funan-techo-groundbreaking-2024"]
    assert dataset.related(canal)[0][0] == "Ground broken"
