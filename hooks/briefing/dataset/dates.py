"""Dates at the precision a source gives: a year, a month or a day."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class PartialDate:
    """A calendar date whose month and day may be unknown.

    A vague date is never widened into a precise one: "2024-07" stays a month.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with the reason."""
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
        year = int(match[1])
        month = int(match[2]) if match[2] else None
        day = int(match[3]) if match[3] else None
        if year < 1800 or year > 2200:
            raise ValueError(f"year {year} is out of range; expected a year from 1800 to 2200")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(
                f"month {month:02d} does not exist in {text!r}; expected a month from 01 to 12"
            )
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"day {day:02d} does not exist in {text!r}; expected a day from 01 to "
                    f"{last}, or {text[:7]!r} if the source gives no day"
                )
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        # A vague date sorts at the start of its period.
        return (self.year, self.month or 0, self.day or 0)

    @property
    def end_key(self) -> tuple[int, int, int]:
        """Sorts at the end of the period: a month or year is over once this has passed."""
        return (self.year, self.month or 12, self.day or 31)

    @property
    def month_display(self) -> str:
        """At most to the month: "August 2024" for 5 August 2024, for periods."""
        return PartialDate(self.year, self.month).display

    @property
    def display(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month]} {self.year}"
        return f"{self.day} {_MONTHS[self.month]} {self.year}"

    @property
    def timestamp(self) -> str:
        """RFC 3339 instant of a full date, for feeds.  A month or a year has no instant:
        widening "2024-07" to the 1st would print a day no source gives."""
        if self.day is None:
            raise ValueError(f"{self.iso!r} has no day; a timestamp would invent one")
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}T00:00:00Z"

    def __str__(self) -> str:
        return self.iso


def display_range(start: PartialDate, end: PartialDate | None) -> str:
    """ "5–6 July 2024", "30 June – 2 July 2024", or the start alone."""
    if end is None or end == start:
        return start.display
    if start.precision == end.precision == "day" and (start.year, start.month) == (
        end.year,
        end.month,
    ):
        return f"{start.day}–{end.display}"
    if start.precision == end.precision == "day" and start.year == end.year:
        return f"{start.day} {_MONTHS[start.month or 0]} – {end.display}"
    return f"{start.display} – {end.display}"
