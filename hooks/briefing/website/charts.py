"""Bar charts drawn at build time as SVG: no script, no third-party library."""

from __future__ import annotations

from dataclasses import dataclass

from ..dataset.money import Total
from .jinja import make_xml_environment

WIDTH = 640
BAR_HEIGHT = 28
GAP = 12
LABEL_WIDTH = 170
TOP = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value_label: str
    y: int
    width: float


def bar_chart(totals: list[Total], title: str, caption: str) -> str:
    """One horizontal bar per total; each currency is scaled on its own."""
    largest: dict[str, float] = {}
    for total in totals:
        largest[total.currency] = max(largest.get(total.currency, 0), total.value)
    usable = WIDTH - LABEL_WIDTH - 150
    bars = [
        Bar(
            f"{t.label} ({t.currency})",
            t.display,
            TOP + i * (BAR_HEIGHT + GAP),
            max(2.0, usable * t.value / largest[t.currency]) if largest[t.currency] else 2.0,
        )
        for i, t in enumerate(totals)
    ]
    height = TOP * 2 + max(1, len(bars)) * (BAR_HEIGHT + GAP)
    description = "; ".join(f"{b.label}: {b.value_label}" for b in bars) or "No amounts."
    return (
        make_xml_environment()
        .get_template("bar_chart.svg.j2")
        .render(
            title=title,
            caption=caption,
            description=description,
            bars=bars,
            width=WIDTH,
            height=height,
            bar_height=BAR_HEIGHT,
            label_width=LABEL_WIDTH,
        )
    )
