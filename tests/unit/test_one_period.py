"""Every page's footer ("Records from … to …", Dataset.period_label) and the home page's
coverage line (views.coverage) state the period by one rule, whatever the records."""

from __future__ import annotations

import pytest

from briefing.dataset.dates import PartialDate
from briefing.dataset.model import Dataset, Event
from briefing.website import views
from support import event

# Each of these once made the two lines disagree; the period each must state.
CASES: dict[str, tuple[list[Event], str]] = {
    "a multi-day event ends the period": (
        [
            event("first", "2023-01-10"),
            event("conference", "2024-11-25", end_date=PartialDate.parse("2024-12-02")),
        ],
        "from January 2023 to December 2024",
    ),
    "an event known by its report date": (
        [event("first", "2023-01-10"), event("told", None, reported=PartialDate.parse("2024-09"))],
        "from January 2023 to September 2024",
    ),
    "a scheduled event opens no period": (
        [
            event("plan", "2022-05", planned=True),
            event("first", "2023-01-10"),
            event("last", "2024-02-01"),
        ],
        "from January 2023 to February 2024",
    ),
}


def _with_events(dataset: Dataset, events: list[Event]) -> Dataset:
    """The real dataset's frame (topics, sources, actors) around these events alone."""
    return Dataset(
        info=dataset.info,
        vocabulary=dataset.vocabulary,
        topics=dataset.topics,
        sources=dataset.sources,
        actors=dataset.actors,
        events={e.id: e for e in events},
        agreements={},
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_footer_and_the_home_page_state_one_period(dataset: Dataset, case: str) -> None:
    events, period = CASES[case]
    built = _with_events(dataset, events)
    assert built.period_label == f"Records {period}"  # every page's footer
    assert views.coverage(built.records).span == period  # the home page's coverage line
