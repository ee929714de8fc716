"""Listings split by year: grouping, order, paging at the limit, undated records."""

from __future__ import annotations

from briefing.dataset.model import Record
from briefing.website.listing import make_listing
from support import event

MAIN = "topics/aid.md"


def records(*dated: tuple[str, str | None]) -> list[Record]:
    return [event(record_id, date) for record_id, date in dated]


def shape(groups) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(g.key, [r.id for r in g.records]) for g in groups]


MIXED = records(
    ("b-2024", "2024-07-05"),
    ("a-2024", "2024-07-05"),  # same day: the id breaks the tie
    ("vague-2024", "2024"),
    ("early-2023", "2023-01"),
    ("undated-one", None),
    ("late-2022", "2022-12-31"),
)


def test_oldest_first_groups_years_ascending_with_undated_first() -> None:
    listing = make_listing(MAIN, MIXED, newest_first=False, limit=10)
    assert shape(listing.groups) == [
        ("undated", ["undated-one"]),
        ("2022", ["late-2022"]),
        ("2023", ["early-2023"]),
        ("2024", ["vague-2024", "a-2024", "b-2024"]),
    ]
    assert [g.label for g in listing.groups] == ["Undated", "2022", "2023", "2024"]
    assert [g.year for g in listing.groups] == [None, 2022, 2023, 2024]


def test_newest_first_reverses_years_and_records_with_undated_last() -> None:
    listing = make_listing(MAIN, MIXED, newest_first=True, limit=10)
    assert shape(listing.groups) == [
        ("2024", ["b-2024", "a-2024", "vague-2024"]),
        ("2023", ["early-2023"]),
        ("2022", ["late-2022"]),
        ("undated", ["undated-one"]),
    ]


def test_a_listing_within_the_limit_is_one_page() -> None:
    listing = make_listing(MAIN, MIXED, newest_first=False, limit=6)
    assert not listing.paged and listing.complete
    assert listing.inline == listing.groups
    assert listing.archive == ()
    assert listing.count == 6
    assert listing.main_uri == MAIN


def test_one_record_over_the_limit_pages_every_year() -> None:
    listing = make_listing(MAIN, MIXED, newest_first=False, limit=5)
    assert listing.paged and not listing.complete
    assert listing.archive == listing.groups
    # Newest whole years that fit in 5: 2024 (3) + 2023 (1) + 2022 (1); undated does not.
    assert shape(listing.inline) == [
        ("2022", ["late-2022"]),
        ("2023", ["early-2023"]),
        ("2024", ["vague-2024", "a-2024", "b-2024"]),
    ]
    assert listing.count == 6


def test_the_main_page_keeps_whole_years_in_display_order() -> None:
    listing = make_listing(MAIN, MIXED, newest_first=True, limit=4)
    assert shape(listing.inline) == [
        ("2024", ["b-2024", "a-2024", "vague-2024"]),
        ("2023", ["early-2023"]),
    ]


def test_a_year_that_does_not_fit_ends_the_main_page() -> None:
    # 2023 (1) fits after 2024 (3) within 5, 2022 (2) does not, and 2021 (1) would
    # fit again: the main page still stops at the first year that does not.
    dated = records(
        ("a", "2024-01"),
        ("b", "2024-02"),
        ("c", "2024-03"),
        ("d", "2023"),
        ("e", "2022"),
        ("f", "2022-05"),
        ("g", "2021"),
    )
    listing = make_listing(MAIN, dated, newest_first=True, limit=5)
    assert [g.key for g in listing.inline] == ["2024", "2023"]


def test_the_most_recent_year_always_shows_however_large() -> None:
    dated = records(*((f"r{n}", f"2024-{n:02d}") for n in range(1, 13)), ("old", "2020"))
    listing = make_listing(MAIN, dated, newest_first=False, limit=3)
    assert listing.paged
    assert shape(listing.inline) == [("2024", [f"r{n}" for n in range(1, 13)])]
    assert [g.key for g in listing.archive] == ["2020", "2024"]


def test_undated_records_alone_still_list() -> None:
    undated = records(("x", None), ("y", None))
    listing = make_listing(MAIN, undated, newest_first=True, limit=1)
    assert listing.paged
    assert shape(listing.inline) == [("undated", ["y", "x"])]
    assert [g.key for g in listing.archive] == ["undated"]


def test_an_empty_listing_has_no_groups() -> None:
    listing = make_listing(MAIN, [], newest_first=True, limit=5)
    assert listing.groups == () and listing.inline == () and not listing.paged
    assert listing.count == 0 and listing.complete
