"""Money charts drawn at build time as SVG: no script, no third-party library.

Rules the charts keep, whatever the data:

- grants and loans are never added together: each kind has its own bars;
- each currency has its own scale, and no amount is converted;
- "approx." wherever a source says it, as in the tables;
- labels are laid out in the width of the drawing, never cut: a label and its
  value share a line when both fit, and take a line each when not.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from ..dataset import money
from ..dataset.model import Agreement, vocabulary_label
from .jinja import make_xml_environment
from .views import plural, pluralise

WIDTH = 360
FONT = 13  # px, in viewBox units: the drawing is about as wide as a phone's column
CHAR = 0.6  # a generous estimate of a character's width, in em
LINE = 18
NOTE_FONT = 12  # px: a chart's note is set smaller (visuals.css)
BAR = 14
GAP = 14
PAD = 6


def text_width(text: str) -> float:
    return len(text) * FONT * CHAR


@dataclass(frozen=True)
class Line:
    text: str
    y: float


@dataclass(frozen=True)
class Bar:
    label: str
    lines: tuple[Line, ...]  # the label, wrapped to the drawing's width
    value_label: str
    width: float
    value_y: float  # the label's last line when both fit on it
    bar_y: float
    css: str = ""

    @property
    def label_y(self) -> float:
        return self.lines[-1].y

    @property
    def value_x(self) -> float:
        return WIDTH - PAD if self.value_y == self.label_y else PAD

    @property
    def value_anchor(self) -> str:
        return "end" if self.value_y == self.label_y else "start"


@dataclass(frozen=True)
class Heading:
    text: str
    y: float


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    headings: tuple[Heading, ...]
    bars: tuple[Bar, ...]
    height: float
    notes: tuple[Line, ...] = ()  # what the chart does not show, said in the drawing itself
    width: int = WIDTH
    pad: int = PAD
    bar_height: int = BAR


@dataclass(frozen=True)
class _Row:
    label: str
    value: float
    currency: str
    value_label: str
    css: str = ""


def _layout(title: str, groups: list[tuple[str, list[_Row]]], note: str = "") -> Chart:
    largest: dict[str, float] = {}
    for _, rows in groups:
        for row in rows:
            largest[row.currency] = max(largest.get(row.currency, 0.0), row.value)
    usable = WIDTH - 2 * PAD
    y = 0.0
    headings: list[Heading] = []
    bars: list[Bar] = []
    for heading, rows in groups:
        if heading:
            y += LINE
            headings.append(Heading(heading, y))
        for row in rows:
            lines = []
            for text in _wrap(row.label, usable):
                y += LINE
                lines.append(Line(text, y))
            if text_width(lines[-1].text) + text_width(row.value_label) + 16 > usable:
                y += LINE
            top = largest[row.currency]
            width = max(2.0, usable * row.value / top) if top else 2.0
            bars.append(Bar(row.label, tuple(lines), row.value_label, width, y, y + 6, row.css))
            y += 6 + BAR + GAP / 2
    description = "; ".join(f"{b.label}: {b.value_label}" for b in bars) or "No amounts."
    notes: list[Line] = []
    if note:
        y += LINE / 2
        for text in _wrap(note, usable * FONT / NOTE_FONT):
            y += LINE
            notes.append(Line(text, y))
        description += f". {note}"
    return Chart(title, description, tuple(headings), tuple(bars), y + PAD, tuple(notes))


def _wrap(text: str, width: float) -> list[str]:
    """Words into lines no wider than ``width`` (a word longer than that stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _render(chart: Chart, caption: str, uid: str) -> str:
    """The SVG; ``uid`` keeps its ids apart from another chart's on the same page."""
    template = make_xml_environment().get_template("bar_chart.svg.j2")
    return template.render(chart=chart, caption=caption, uid=uid)


def aid_chart(aid: list[Agreement], title: str, caption: str) -> str:
    """Grants and loans per year, one group per kind, each currency on its own scale."""
    groups = []
    for kind in money.AID_KINDS:
        totals = money.totals([a for a in aid if a.kind == kind], "year")
        if not totals:
            continue
        rows = [
            _Row(
                f"{t.label} ({plural(t.count, kind)})",
                float(t.value),
                t.currency,
                t.display,
                f"cjb-chart__bar--{kind}",
            )
            for t in totals
        ]
        groups.append((pluralise(vocabulary_label(kind)), rows))
    return _render(_layout(title, groups), caption, "cjb-aid-chart")


# Said in the drawing itself, so that no copy of the chart loses it.
SCALE_NOTE = (
    "Not like for like: a project's bar is its whole cost as reported; the Japanese bars "
    "are only the grants and loans our sources record, not Japan's total aid to Cambodia."
)


def scale_chart(others: list[Agreement], aid: list[Agreement]) -> str:
    """Each amount that is not a Japanese grant or loan, beside the totals of Japanese
    grants and of loans in the same currency, on one scale per currency."""
    groups = []
    for currency in sorted({o.amount.currency for o in others if o.amount}):
        rows = [
            _Row(
                o.title,
                o.amount.value,
                currency,
                money.format_amount(o.amount),
                "cjb-chart__bar--other",
            )
            for o in others
            if o.amount and o.amount.currency == currency
        ]
        for total in money.totals([a for a in aid if a.amount.currency == currency], "kind"):  # type: ignore[union-attr]
            rows.append(
                _Row(
                    f"Japanese {pluralise(total.label)} in our sources "
                    f"({plural(total.count, total.label)})",
                    float(total.value),
                    currency,
                    total.display,
                    f"cjb-chart__bar--{total.label}",
                )
            )
        groups.append((f"In {currency}", rows))
    chart = _layout("Amounts in our sources, on one scale", groups, SCALE_NOTE)
    caption = (
        "Each bar is drawn to the same scale within its currency. The amounts that are not "
        "Japanese grants or loans stay out of the Japan totals on the Money page."
    )
    return (
        '<figure data-search-exclude class="cjb-visual cjb-chart">\n'
        + _render(chart, caption, "cjb-scale-chart")
        + f"<figcaption>{escape(caption)}</figcaption>\n</figure>\n"
    )
