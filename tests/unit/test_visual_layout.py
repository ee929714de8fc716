"""The visuals' rules, on the real data and on synthetic records: the gazetteer's checks
(with the file, line, record and field they report), the timeline's honest marks and its
bound, the money charts' separation of grants and loans and their label layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.dataset.dates import PartialDate
from briefing.dataset.load import load_dataset
from briefing.dataset.model import Agreement, Citation, Event, Topic
from briefing.dataset.problems import Problem
from briefing.website import map_chart, money_charts
from briefing.website.chart_fragments import Visuals
from briefing.website.map_chart import build_map
from briefing.website.timeline_chart import MAX_MARKS, UNDATED, build_timeline
from briefing.website.timeline_filters import timeline_filters
from support import ROOT, edit, problems_of

PLACES = "data/places.yml"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT)


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# -- the gazetteer ----------------------------------------------------------


def test_every_record_place_resolves_to_a_drawable_entry(dataset) -> None:
    names = {t for p in dataset.places.values() for t in (p.name, *p.matches)}
    for record in dataset.records:
        assert record.place is None or record.place in names, record.id
    parents = {p.part_of for p in dataset.places.values()}
    for place in dataset.places.values():
        drawable = place.point or place.country or place.path or place.id in parents
        assert drawable, place.id


def test_an_unknown_place_is_reported_at_the_record(project: Path) -> None:
    path = project / "data/events/2024-03-csp-seminar.yml"
    edit(path, "  place: Phnom Penh", "  place: Battambang town")
    line = line_of(path, "place: Battambang town")
    record = re.search(r"- id: (\S+)", path.read_text()).group(1)  # type: ignore[union-attr]
    assert problems_of(project) == [
        Problem(
            "data/events/2024-03-csp-seminar.yml",
            line,
            record,
            "place",
            "no entry in data/places.yml for place 'Battambang town': add one with "
            "coordinates, or list this text under an entry's `matches`",
        )
    ]


def test_a_point_without_coordinates_is_reported(project: Path) -> None:
    edit(project / PLACES, "  geonames: 1822214", "  geonames: 999")
    line = line_of(project / PLACES, "geonames: 999")
    assert problems_of(project) == [
        Problem(
            PLACES,
            line,
            "siem-reap",
            "geonames",
            "no coordinates for GeoNames id 999 in data/geo/places.json; run tools/geo/places.py",
        )
    ]


def test_a_place_must_be_named_by_the_records_it_lists(project: Path) -> None:
    """Never invent a place for a record: a listed record's quotes must name it."""
    edit(
        project / PLACES,
        "  geonames: 1822214\n",
        "  geonames: 1822214\n  records: [national-road-5-loan-2024]\n",
    )
    line = line_of(project / PLACES, "records: [national-road-5-loan-2024]")
    assert problems_of(project) == [
        Problem(
            PLACES,
            line,
            "siem-reap",
            "records[0]",
            "no quote of record 'national-road-5-loan-2024' names 'Siem Reap' or one of "
            "its aliases",
        )
    ]


def test_a_listed_record_must_exist(project: Path) -> None:
    edit(
        project / PLACES,
        "records: [three-cooperation",
        "records: [no-such-record, three-cooperation",
    )
    problems = problems_of(project)
    assert [(p.file, p.record, p.field, p.message) for p in problems] == [
        (PLACES, "sihanoukville", "records[0]", "unknown record 'no-such-record'")
    ]


def test_kind_families_name_known_kinds_once(project: Path) -> None:
    path = project / "data/vocabulary.yml"
    edit(
        path, "kinds: [announcement, statement]", "kinds: [announcement, statement, visit, parade]"
    )
    line = line_of(path, "kinds: [announcement, statement, visit, parade]")
    field = "kind_families[2].kinds"
    assert problems_of(project) == [
        Problem(
            "data/vocabulary.yml",
            line,
            None,
            f"{field}[2]",
            "'visit' is already in family 'visits-meetings'",
        ),
        Problem(
            "data/vocabulary.yml",
            line,
            None,
            f"{field}[3]",
            "unknown kind 'parade'; expected an event or agreement kind",
        ),
    ]


# -- the timeline -----------------------------------------------------------

TOPIC = Topic("aid", "Aid", 1, "", "")


def event(number: int, date: str | None, planned: bool = False) -> Event | Agreement:
    if date is None:  # only agreements may be undated
        return Agreement(
            id=f"e{number:05d}",
            title=f"Agreement {number}",
            kind="grant",
            date=None,
            topics=("aid",),
            sources=(Citation("s", "q"),),
            place=None,
            file="f",
            line=1,
        )
    return Event(
        id=f"e{number:05d}",
        title=f"Event {number}",
        kind="visit",
        date=PartialDate.parse(date) if date else None,
        topics=("aid",),
        sources=(Citation("s", "q"),),
        place=None,
        file="f",
        line=1,
        planned=planned,
    )


def chart_of(records: list[Event | Agreement]):
    keys = {str(r.year) if r.year else UNDATED for r in records}
    return build_timeline(
        records,  # type: ignore[arg-type]
        [TOPIC],
        {r.id: f"/{r.id}/" for r in records},
        {("aid", k): f"/aid/{k}/" for k in keys},
        lambda r: r.when_label_as_of(PartialDate(2026)),
    )


def test_precision_is_drawn_not_invented() -> None:
    chart = chart_of(
        [event(1, "2024-07-05"), event(2, "2024-07"), event(3, "2023"), event(4, None)]
    )
    marks = {m.href: m for m in chart.marks}
    assert marks["/e00001/"].shape == "dot"
    month, year = marks["/e00002/"], marks["/e00003/"]
    column = {c.key: c for c in chart.columns}
    assert month.shape == "month" and 10 <= month.width < column["2024"].width / 4
    assert year.shape == "year" and year.width > column["2023"].width - 6
    # The undated record is in its own column, after the years, not at a made-up date.
    assert [c.key for c in chart.columns] == ["2023", "2024", UNDATED]
    assert marks["/e00004/"].x >= column[UNDATED].x
    assert "1 record without a date of its own at the right." in chart.summary


def test_a_gap_of_years_is_a_break_not_empty_columns() -> None:
    chart = chart_of([event(1, "1991"), event(2, "2024-01-01")])
    assert [c.key for c in chart.columns] == ["1991", "2024"]
    assert len(chart.breaks) == 1


def test_planned_events_are_marked() -> None:
    chart = chart_of([event(1, "2024-11", planned=True), event(2, "2024-03-01")])
    planned = [m for m in chart.marks if m.planned]
    assert [m.href for m in planned] == ["/e00001/"]
    assert planned[0].label.startswith("Scheduled for November 2024")
    assert "cjb-tl__mark--planned" in planned[0].css


def test_overlapping_marks_become_a_year_bin() -> None:
    records = [event(n, "2024-07") for n in range(20)] + [event(99, "2023-01-02")]
    chart = chart_of(records)
    assert [(b.count, b.href) for b in chart.bins] == [(20, "/aid/2024/")]
    assert [m.href for m in chart.marks] == ["/e00099/"]


def test_ten_thousand_records_stay_bounded() -> None:
    records = [
        event(n, f"{1990 + n % 37}-{1 + n % 12:02d}-{1 + n % 28:02d}") for n in range(10_000)
    ]
    chart = chart_of(records)
    assert len(chart.marks) <= MAX_MARKS
    assert sum(b.count for b in chart.bins) + len(chart.marks) == 10_000
    assert chart.width < 37 * 430


def test_the_home_timeline_is_deterministic(dataset) -> None:
    one = Visuals(dataset, 150, []).timeline("index.md")
    two = Visuals(dataset, 150, []).timeline("index.md")
    assert one == two
    assert one.count("<a href=") == sum(len(r.topics) for r in dataset.records)


# -- the map ----------------------------------------------------------------


def test_map_backers_follow_agreement_parties(dataset) -> None:
    view = build_map(dataset, lambda target: target)
    backing = {p.place.id: p.backing for p in (*view.points, *view.lines)}
    assert backing["poipet"] == "japan"
    assert backing["funan-techo-canal-route"] == "china"
    # The three approaches name the port, but an initiative funds nothing.
    assert backing["sihanoukville"] == "china"
    assert backing["siem-reap"] == "none"
    titles = {p.place.id: p.title for p in (*view.points, *view.lines)}
    assert titles["phnom-penh"] == (
        "Phnom Penh: 2 records; 1 of them on a project the news report calls “China-backed”"
    )
    assert {p.place.id for p in view.off_map} == {"japan", "tokyo"}


def test_map_labels_stay_inside_and_apart(dataset) -> None:
    view = build_map(dataset, lambda target: target)
    boxes = []
    for point in view.points:
        assert point.label is not None
        width = len(point.label.text) * map_chart.FONT * map_chart.CHAR
        x0 = {"start": point.label.x, "end": point.label.x - width}.get(
            point.label.anchor, point.label.x - width / 2
        )
        assert x0 >= 0 and x0 + width <= view.width, point.label
        boxes.append((x0, point.label.y - map_chart.FONT, x0 + width, point.label.y + 3))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


# -- money ------------------------------------------------------------------


def test_grants_and_loans_are_never_summed(dataset) -> None:
    from briefing.dataset import money

    svg = money_charts.aid_chart(money.aid_agreements(dataset.records), "t", "c")
    values = re.findall(r'class="cjb-chart__value">([^<]+)<', svg)
    assert "approx. USD 59.6 million" in values and "approx. USD 2.7 million" in values
    assert not any("62.3" in v for v in values)


def test_long_labels_take_a_line_of_their_own() -> None:
    chart = money_charts._layout(
        "t",
        [
            (
                "",
                [
                    money_charts._Row(
                        "A very long agreement title that fills the line",
                        5,
                        "USD",
                        "approx. USD 5 million",
                    ),
                    money_charts._Row("Short", 3, "USD", "USD 3"),
                ],
            )
        ],
    )
    long, short = chart.bars
    assert [line.text for line in long.lines] == [
        "A very long agreement title that fills the",
        "line",
    ]
    assert short.value_y == short.label_y and short.value_anchor == "end"
    for bar in chart.bars:  # a value on the label's line leaves room for the label
        if bar.value_y == bar.label_y:
            used = money_charts.text_width(bar.lines[-1].text) + money_charts.text_width(
                bar.value_label
            )
            assert used + 16 <= money_charts.WIDTH - 2 * money_charts.PAD
    for bar in chart.bars:
        for line in bar.lines:
            assert money_charts.text_width(line.text) <= money_charts.WIDTH - 2 * money_charts.PAD
        assert bar.width <= money_charts.WIDTH - 2 * money_charts.PAD


# -- filters ----------------------------------------------------------------


def test_every_kind_is_in_one_family_and_undated_is_offered(dataset) -> None:
    filters = timeline_filters(dataset)
    kinds = [k for f in filters.families for k in f.kinds.split()]
    assert sorted(kinds) == sorted(set(kinds))
    assert {r.kind for r in dataset.records} <= set(kinds)
    assert 4 <= len(filters.families) <= 6
    assert filters.years[-1].value == UNDATED


def test_the_scale_chart_says_in_the_drawing_what_it_does_not_compare(dataset) -> None:
    from briefing.dataset import money
    from briefing.dataset.model import Agreement

    others = [
        r for r in dataset.records if isinstance(r, Agreement) and r.amount and not money.is_aid(r)
    ]
    svg = money_charts.scale_chart(others, money.aid_agreements(dataset.records))
    drawn = " ".join(re.findall(r'class="cjb-chart__note">([^<]+)<', svg))
    assert drawn == money_charts.SCALE_NOTE.replace("'", "&#39;")
    labels = re.findall(r'class="cjb-chart__label">([^<]+)<', svg)
    assert "Japanese grants in our sources (1 grant)" in labels
    height = float(re.search(r'viewBox="0 0 360 ([\d.]+)"', svg)[1])  # type: ignore[index]
    assert max(float(y) for y in re.findall(r'<text x="6" y="([\d.]+)"', svg)) < height
