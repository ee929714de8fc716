"""Record listings split by year, so that no page grows without bound.

Every listing (a topic, an actor, the timeline) has a main page.  While its
records fit within ``limit`` the main page carries them all, grouped by year.
Past that the listing is *paged*: every year gets an archive page at a stable
URL (``/topics/aid/2024/``), and the main page keeps the most recent years that
fit.  Small listings get no archive pages, which keeps small sites small.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..dataset.model import Record
from .urls import Urls

# The key of the records no year holds: in year anchors, archive addresses, the
# timeline's bins and its year filter.  Spelled here only.
UNDATED = "undated"


def year_key(year: int | None) -> str:
    """A year's key in anchors, addresses and filters: "2024", or "undated"."""
    return str(year) if year is not None else UNDATED


def year_label(key: str) -> str:
    """What a reader sees for a year key: "2024", or "Undated"."""
    return "Undated" if key == UNDATED else key


@dataclass(frozen=True)
class YearGroup:
    year: int | None
    records: tuple[Record, ...]

    @property
    def key(self) -> str:
        return year_key(self.year)

    @property
    def label(self) -> str:
        return year_label(self.key)

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass(frozen=True)
class Listing:
    main_uri: str  # "topics/aid.md"
    groups: tuple[YearGroup, ...]  # in display order
    inline: tuple[YearGroup, ...]  # the groups shown on the main page
    paged: bool  # whether every year has an archive page

    @property
    def complete(self) -> bool:
        return len(self.inline) == len(self.groups)

    @property
    def archive(self) -> tuple[YearGroup, ...]:
        return self.groups if self.paged else ()

    @property
    def count(self) -> int:
        return sum(len(g.records) for g in self.groups)

    def year_target(self, key: str) -> str:
        """Where a link to one year of this listing goes, as a source path with its
        anchor: the year's archive page when the listing is paged, else its heading on
        the main page.  (The ``year_nav`` macro in ``_macros.md.j2`` spells the same
        rule in Jinja.)"""
        if self.paged:
            return Urls.listing_year(self.main_uri, key)
        return f"{self.main_uri}#year-{key}"

    @property
    def has_year_nav(self) -> bool:
        """Whether the listing's "By year" links say anything: not for one year alone."""
        return len(self.groups) > 1


def make_listing(
    main_uri: str, records: list[Record], *, newest_first: bool, limit: int
) -> Listing:
    by_year: dict[int | None, list[Record]] = defaultdict(list)
    for record in records:
        by_year[record.year].append(record)
    years = sorted(by_year, key=lambda y: -1 if y is None else y, reverse=newest_first)
    groups = tuple(
        YearGroup(
            year, tuple(sorted(by_year[year], key=lambda r: r.sort_key, reverse=newest_first))
        )
        for year in years
    )
    if len(records) <= limit:
        return Listing(main_uri, groups, groups, paged=False)
    # The main page keeps whole years, newest first, while they fit; the most
    # recent year always shows, however large.
    inline: list[YearGroup] = []
    shown = 0
    for group in sorted(groups, key=lambda g: -1 if g.year is None else g.year, reverse=True):
        if inline and shown + len(group.records) > limit:
            break
        inline.append(group)
        shown += len(group.records)
    order = {g.key: i for i, g in enumerate(groups)}
    inline_groups = tuple(sorted(inline, key=lambda g: order[g.key]))
    return Listing(main_uri, groups, inline_groups, paged=True)
