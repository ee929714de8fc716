"""Dates at the precision a source gives: parsed, shown, sorted, never widened."""

from __future__ import annotations

import pytest

from briefing.dataset.dates import PartialDate, display_range


@pytest.mark.parametrize(
    ("text", "parts", "precision", "display", "timestamp"),
    [
        ("2024", (2024, None, None), "year", "2024", None),
        ("2024-07", (2024, 7, None), "month", "July 2024", None),
        ("2024-07-05", (2024, 7, 5), "day", "5 July 2024", "2024-07-05T00:00:00Z"),
        ("2023-12-31", (2023, 12, 31), "day", "31 December 2023", "2023-12-31T00:00:00Z"),
        ("2024-02-29", (2024, 2, 29), "day", "29 February 2024", "2024-02-29T00:00:00Z"),
        ("1800-01", (1800, 1, None), "month", "January 1800", None),
        ("2200", (2200, None, None), "year", "2200", None),
    ],
)
def test_parse_keeps_the_precision_written(
    text: str, parts: tuple, precision: str, display: str, timestamp: str | None
) -> None:
    date = PartialDate.parse(text)
    assert (date.year, date.month, date.day) == parts
    assert date.precision == precision
    assert date.display == display
    if timestamp is None:  # a month or a year has no instant: none is made up
        with pytest.raises(ValueError, match="has no day"):
            date.timestamp  # noqa: B018
    else:
        assert date.timestamp == timestamp
    assert date.iso == str(date) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2023-02-29",
            "day 29 does not exist in '2023-02-29'; expected a day from 01 to 28, "
            "or '2023-02' if the source gives no day",
        ),
        (
            "2024-04-31",
            "day 31 does not exist in '2024-04-31'; expected a day from 01 to 30, "
            "or '2024-04' if the source gives no day",
        ),
        (
            "2024-07-00",
            "day 00 does not exist in '2024-07-00'; expected a day from 01 to 31, "
            "or '2024-07' if the source gives no day",
        ),
        ("2024-13", "month 13 does not exist in '2024-13'; expected a month from 01 to 12"),
        ("2024-00", "month 00 does not exist in '2024-00'; expected a month from 01 to 12"),
        ("2024-13-05", "month 13 does not exist in '2024-13-05'; expected a month from 01 to 12"),
        ("1799", "year 1799 is out of range; expected a year from 1800 to 2200"),
        ("2201-01-01", "year 2201 is out of range; expected a year from 1800 to 2200"),
        ("24-07-05", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '24-07-05'"),
        ("2024-7-5", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '2024-7-5'"),
        ("5 July 2024", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '5 July 2024'"),
        ("2024-07-05T10:00", "expected YYYY, YYYY-MM or YYYY-MM-DD, got '2024-07-05T10:00'"),
        ("", "expected YYYY, YYYY-MM or YYYY-MM-DD, got ''"),
    ],
)
def test_impossible_dates_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        PartialDate.parse(text)
    assert str(raised.value) == message


def test_a_vague_date_sorts_at_the_start_of_its_period() -> None:
    written = ["2024-07-05", "2023", "2024", "2024-07", "2024-06-30", "2023-12"]
    ordered = sorted((PartialDate.parse(t) for t in written), key=lambda d: d.sort_key)
    assert [d.iso for d in ordered] == [
        "2023",
        "2023-12",
        "2024",
        "2024-06-30",
        "2024-07",
        "2024-07-05",
    ]


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2024-07-05", None, "5 July 2024"),
        ("2024-07-05", "2024-07-05", "5 July 2024"),
        ("2024-07-05", "2024-07-06", "5–6 July 2024"),
        ("2024-06-30", "2024-07-02", "30 June – 2 July 2024"),
        ("2023-12-30", "2024-01-02", "30 December 2023 – 2 January 2024"),
        ("2024-07", "2024-08", "July 2024 – August 2024"),
        ("2024-07", "2024-07-06", "July 2024 – 6 July 2024"),
        ("2023", "2024", "2023 – 2024"),
    ],
)
def test_display_range(start: str, end: str | None, shown: str) -> None:
    end_date = PartialDate.parse(end) if end else None
    assert display_range(PartialDate.parse(start), end_date) == shown
