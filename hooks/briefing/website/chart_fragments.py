"""The site's visuals, as HTML fragments that page templates include in one line.

``Visuals`` is given to the Jinja templates as ``visuals``; each method takes the
page's own source path (links in raw HTML are relative to it) and returns
finished markup: the timeline, the map, and the scale comparison of amounts.
SVG is rendered with plain XML escaping, outside Markdown's reach.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from ..dataset import money
from ..dataset.model import Agreement, Dataset, Record, Topic
from . import money_charts
from .jinja import make_xml_environment
from .listing import UNDATED, make_listing
from .map_chart import MapView, build_map
from .timeline_chart import build_timeline
from .urls import Urls, relative_url


class Visuals:
    def __init__(self, dataset: Dataset, limit: int, aid: list[Agreement]):
        self.dataset = dataset
        self.limit = limit
        self.aid = aid  # the Money page's list: grants and loans with an amount
        self.env = make_xml_environment()

    # -- links --------------------------------------------------------------

    @functools.cached_property
    def _bin_targets(self) -> dict[tuple[str, str], str]:
        """(topic, year key) → source path (and anchor) of that year's records."""
        targets: dict[tuple[str, str], str] = {}
        for slug in self.dataset.topics:
            listing = make_listing(
                Urls.topic(slug),
                self.dataset.by_topic.get(slug, []),
                newest_first=False,
                limit=self.limit,
            )
            # Records known only by their report date are undated on the timeline
            # but listed under the report's year: their bin opens the topic page.
            targets[(slug, UNDATED)] = Urls.topic(slug)
            for group in listing.groups:
                targets[(slug, group.key)] = listing.year_target(group.key)
        return targets

    def _href(self, page_uri: str, target: str) -> str:
        path, _, anchor = target.partition("#")
        url = relative_url(page_uri, path)
        return f"{url}#{anchor}" if anchor else url

    # -- the timeline -------------------------------------------------------

    def timeline(self, page_uri: str, topic: Topic | None = None) -> Markup:
        """Every record by topic lane; with ``topic``, that topic's lane alone."""
        topics = [topic] if topic else list(self.dataset.topics.values())
        records: list[Record] = (
            self.dataset.by_topic.get(topic.slug, []) if topic else self.dataset.records
        )
        chart = build_timeline(
            records,
            topics,
            {r.id: self._href(page_uri, Urls.record(r)) for r in records},
            {key: self._href(page_uri, t) for key, t in self._bin_targets.items()},
            self.dataset.when_label,
        )
        title = f"{topic.title}: records over time" if topic else "Records over time, by topic"
        return Markup(
            self.env.get_template("timeline_chart.svg.j2").render(
                chart=chart, title=title, uid="cjb-tl"
            )
        )

    # -- the map ------------------------------------------------------------

    def map_view(self, page_uri: str, compact: bool = False) -> MapView:
        return build_map(self.dataset, lambda target: self._href(page_uri, target), compact)

    def map(self, page_uri: str, compact: bool = False, view: MapView | None = None) -> Markup:
        """The places records name; ``compact`` is the home page's small version.
        A page that lists the places too passes the ``view`` it already built."""
        if not self.dataset.places:
            return Markup("")
        view = view or self.map_view(page_uri, compact)
        return Markup(
            self.env.get_template("map.svg.j2").render(
                map=view, uid="cjb-map", compact=compact, map_page=self._href(page_uri, "map.md")
            )
        )

    # -- money --------------------------------------------------------------

    def scale(self, page_uri: str, topic: Topic | None = None) -> Markup:
        """Amounts that are not Japanese grants or loans beside those that are, in
        one currency at a time: where comparing scale is the point.

        Drawn for a topic only when it holds such an amount (the China factor).
        """
        records = self.dataset.by_topic.get(topic.slug, []) if topic else self.dataset.records
        others = money.other_amounts(records)
        if not others:
            return Markup("")
        return Markup(money_charts.scale_chart(others, self.aid))

    def topic(self, page_uri: str, topic: Topic) -> Markup:
        """What a topic page shows: its timeline, and the scale of its amounts."""
        return self.timeline(page_uri, topic) + self.scale(page_uri, topic)


__all__ = ["UNDATED", "Visuals"]
