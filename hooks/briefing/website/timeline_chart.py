"""The visual timeline: records on a time axis, one lane per topic, drawn as SVG.

Decisions made here, so the template only lays out:

- **Precision is drawn, never invented.** A full date is a dot; a month-only date
  is a bar across that month; a year-only date is a lighter bar across the year.
  Scheduled events are hollow.  Undated records sit in a column of their own,
  off the axis.
- **The axis is broken, not stretched.** Only years that hold records get a
  column, as wide as its busiest lane needs; a gap between non-consecutive years
  is drawn as a break mark.  The text alternative says so.
- **Bounded size.** Marks that would overlap in their lane (more than ``ROWS``
  deep), and the densest lane-years once the page holds ``MAX_MARKS``, become one
  per-year bin with a count that links to that year's listing.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..dataset.model import Dataset, Event, Record, Topic, span_words
from .listing import UNDATED, year_key
from .views import plural

ROWS = 12  # marks stacked in one lane before a lane-year becomes a bin
BIN_ROWS = 2  # the depth of a lane that holds only bins
ROW_HEIGHT = 10
LANE_LABEL = 18  # the lane's title sits above its marks
LANE_GAP = 10
AXIS = 26  # year labels under the lanes
LEFT = 8
DOT = 4  # radius of a full-date mark
MIN_COLUMN = 52
MAX_COLUMN = 420
PER_MARK = 16  # column width each mark of the busiest lane asks for
BREAK = 18  # width of the mark for a gap of years without records
MAX_MARKS = 400  # individual marks on one page; the rest become bins


@dataclass(frozen=True)
class Mark:
    """One record: a dot (full date) or a bar (a month or a year)."""

    href: str
    label: str  # "Scheduled for November 2024, as reported: Fifth Review Conference …"
    shape: str  # "dot", "month" or "year"
    planned: bool
    x: float
    width: float  # bars only
    y: float  # centre line of its row

    r = DOT

    @property
    def cx(self) -> float:
        return self.x + DOT

    @property
    def css(self) -> str:
        return f"cjb-tl__mark cjb-tl__mark--{self.shape}" + (
            " cjb-tl__mark--planned" if self.planned else ""
        )


@dataclass(frozen=True)
class Bin:
    """Records of one lane in one year, drawn as a count."""

    href: str
    label: str
    count: int
    x: float
    width: float
    y: float  # top of the lane's marks
    height: float


@dataclass(frozen=True)
class Column:
    key: str  # "2024" or "undated"
    label: str
    x: float
    width: float


@dataclass(frozen=True)
class Lane:
    slug: str
    title: str
    y: float  # top of the label
    count: int
    rows: int

    @property
    def marks_top(self) -> float:
        return self.y + LANE_LABEL

    @property
    def label_y(self) -> float:
        return self.y + 13

    @property
    def rule_y(self) -> float:
        return self.marks_top + self.rows * ROW_HEIGHT + 2


@dataclass
class TimelineChart:
    width: float
    height: float
    lanes: list[Lane]
    columns: list[Column]
    breaks: list[float]  # x of each gap mark
    marks: list[Mark] = field(default_factory=list)
    bins: list[Bin] = field(default_factory=list)
    summary: str = ""

    @property
    def axis_y(self) -> float:
        return self.height - AXIS + 4

    @property
    def lanes_bottom(self) -> float:
        return self.height - AXIS


@dataclass(frozen=True)
class Placed:
    record: Record
    x0: float
    x1: float
    shape: str


def _fraction(month: int, day: int | None, year: int) -> float:
    days = 366 if calendar.isleap(year) else 365
    before = sum(calendar.monthrange(year, m)[1] for m in range(1, month))
    return (before + (day - 0.5 if day else 0)) / days


def _month_span(year: int, month: int) -> tuple[float, float]:
    start = _fraction(month, None, year)
    end = _fraction(month + 1, None, year) if month < 12 else 1.0
    return start, end


def _pack(items: list[Placed]) -> list[int] | None:
    """A row for each item (sorted by x0) with no overlap, or None if ROWS are not enough."""
    ends = [-1e9] * ROWS
    rows = []
    for item in items:
        for row in range(ROWS):
            if ends[row] + 2 <= item.x0:
                ends[row] = item.x1
                rows.append(row)
                break
        else:
            return None
    return rows


def build_timeline(
    records: list[Record],
    topics: list[Topic],
    href: dict[str, str],
    bin_href: dict[tuple[str, str], str],
    when_label: Callable[[Record], str],
) -> TimelineChart:
    """Lay out ``records`` in one lane per topic of ``topics``.

    ``href`` maps a record id to its link; ``bin_href`` maps (topic slug, year key)
    to the listing a bin links to; ``when_label`` says when a record happened
    (``Dataset.when_label``).
    """
    lane_of = {t.slug: i for i, t in enumerate(topics)}
    cells: dict[tuple[int, str], list[Record]] = defaultdict(list)
    for record in records:
        # Placed by its own date only: a record known only by when it was reported
        # goes with the undated ones, never at the report's date.
        key = year_key(record.date.year if record.date is not None else None)
        for slug in record.topics:
            if slug in lane_of:
                cells[(lane_of[slug], key)].append(record)
    years = sorted({int(k) for _, k in cells if k != UNDATED})
    has_undated = any(k == UNDATED for _, k in cells)

    # Which lane-years are binned: those too dense to pack, then the densest until
    # the page holds at most MAX_MARKS marks.
    binned: set[tuple[int, str]] = set()
    total = sum(len(rs) for rs in cells.values())
    for cell, rs in sorted(cells.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if total <= MAX_MARKS:
            break
        if cell not in binned:
            binned.add(cell)
            total -= len(rs)

    def busiest(key: str) -> int:
        return max(
            (len(rs) if (lane, key) not in binned else 1)
            for (lane, k), rs in cells.items()
            if k == key
        )

    columns: list[Column] = []
    breaks: list[float] = []
    x = float(LEFT)
    previous: int | None = None
    for year in years:
        if previous is not None and year != previous + 1:
            breaks.append(x + BREAK / 2)
            x += BREAK
        width = min(MAX_COLUMN, max(MIN_COLUMN, PER_MARK * busiest(str(year)) + 16))
        columns.append(Column(str(year), str(year), x, width))
        x += width
        previous = year
    if has_undated:
        x += BREAK
        width = min(MAX_COLUMN, max(76, PER_MARK * busiest(UNDATED) + 16))
        columns.append(Column(UNDATED, "Undated", x, width))
        x += width
    by_key = {c.key: c for c in columns}

    # Pack each lane-year into rows; a lane is as deep as its deepest year needs.
    packed: dict[tuple[int, str], list[tuple[Placed, int]] | None] = {}
    for (lane_index, key), rs in sorted(cells.items()):
        column = by_key[key]
        if key == UNDATED:  # no position in time: side by side, in id order
            placed = [
                Placed(r, column.x + 6 + i * PER_MARK, column.x + 6 + i * PER_MARK + 2 * DOT, "dot")
                for i, r in enumerate(sorted(rs, key=lambda r: r.id))
            ]
        else:
            placed = sorted(
                (_place(r, column) for r in rs), key=lambda p: (p.x0, p.x1, p.record.id)
            )
        rows = None if (lane_index, key) in binned else _pack(placed)
        packed[(lane_index, key)] = None if rows is None else list(zip(placed, rows, strict=True))
    depth = [1] * len(topics)
    for (lane_index, _), items in packed.items():
        needed = (max(row for _, row in items) + 1) if items else BIN_ROWS
        depth[lane_index] = max(depth[lane_index], needed)

    lanes = []
    y = 0.0
    for i, t in enumerate(topics):
        count = sum(len(rs) for (lane, _), rs in cells.items() if lane == i)
        lanes.append(Lane(t.slug, t.title, y, count, depth[i]))
        y += LANE_LABEL + depth[i] * ROW_HEIGHT + LANE_GAP
    chart = TimelineChart(
        width=max(x + LEFT, 320.0),
        height=y + AXIS,
        lanes=lanes,
        columns=columns,
        breaks=breaks,
    )

    for (lane_index, key), items in packed.items():
        lane = lanes[lane_index]
        column = by_key[key]
        top = lane.marks_top
        if items is None:
            rs = cells[(lane_index, key)]
            chart.bins.append(
                Bin(
                    bin_href[(lane.slug, key)],
                    f"{lane.title}, {column.label}: {plural(len(rs), 'record')}",
                    len(rs),
                    column.x + 3,
                    column.width - 6,
                    top,
                    lane.rows * ROW_HEIGHT - 2,
                )
            )
            continue
        for item, row in items:
            record = item.record
            planned = isinstance(record, Event) and record.planned
            chart.marks.append(
                Mark(
                    href[record.id],
                    f"{when_label(record)}: {record.title}",
                    item.shape,
                    planned,
                    item.x0,
                    item.x1 - item.x0,
                    top + row * ROW_HEIGHT + ROW_HEIGHT / 2,
                )
            )
    chart.summary = _summary(records, topics, cells, has_undated, bool(chart.bins))
    return chart


def _place(record: Record, column: Column) -> Placed:
    inner = column.width - 2 * (DOT + 2)
    left = column.x + DOT + 2
    date = record.date
    assert date is not None  # undated records are placed by the caller
    if date.month is None:
        return Placed(record, column.x + 2, column.x + column.width - 2, "year")
    if date.day is None:
        start, end = _month_span(date.year, date.month)
        x0 = left + inner * start
        # At least a little wider than a dot, so a month never reads as a day.
        x1 = max(left + inner * end, x0 + 2 * DOT + 2)
        return Placed(record, x0, x1, "month")
    centre = left + inner * _fraction(date.month, date.day, date.year)
    return Placed(record, centre - DOT, centre + DOT, "dot")


def _summary(
    records: list[Record],
    topics: list[Topic],
    cells: dict[tuple[int, str], list[Record]],
    has_undated: bool,
    binned: bool,
) -> str:
    counts = [
        f"{t.title} {sum(len(rs) for (lane, _), rs in cells.items() if lane == i)}"
        for i, t in enumerate(topics)
    ]
    shown = {r.id for rs in cells.values() for r in rs}
    undated = sum(1 for r in records if r.id in shown and r.date is None)
    drawn = [r for r in records if r.id in shown]
    # The one period every page states (Dataset.span): a scheduled event is drawn, but
    # it is not a record of what happened, so it does not stretch the period.
    span = span_words(Dataset.span(drawn)) or "with no dated records"
    scheduled = sum(1 for r in drawn if isinstance(r, Event) and r.planned)
    parts = [
        f"{plural(len(shown), 'record')} {span}, by topic: {'; '.join(counts)}.",
        "Only years with records are drawn; “…” marks a gap.",
    ]
    if scheduled:
        parts.append(
            f"{plural(scheduled, 'scheduled event')} drawn at the date set for "
            f"{'them' if scheduled != 1 else 'it'}; the outcome is not in our sources."
        )
    if undated:
        reported = sum(
            1 for r in records if r.id in shown and r.date is None and r.sort_date is not None
        )
        pronoun = "them" if reported != 1 else "it"
        note = f" ({reported} dated only by when a source reported {pronoun})"
        parts.append(
            f"{plural(undated, 'record')} without a date of "
            f"{'their' if undated != 1 else 'its'} own at the right"
            f"{note if reported else ''}."
        )
    if binned:
        parts.append("A box counts a year's records where marks would overlap.")
    return " ".join(parts)
