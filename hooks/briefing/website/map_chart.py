"""The map: Cambodia and its neighbours, with the places that records name.

Outlines come from ``data/geo/boundaries.json`` (Natural Earth) and points from
the gazetteer (``data/places.yml``, coordinates from GeoNames).  Everything is
projected here, at build time, into a static SVG: no tiles, no script.

A place's records are those whose ``place`` field names it and those the
gazetteer lists because their quotes name it.  Whether a place is drawn as
a Japanese grant or loan follows the parties of a funding agreement among its
records, and "China-backed" only a cited quote that uses the word, said as that
source's word; a place is never called backed itself, only the records that say so
are counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..dataset.model import Agreement, Dataset, Place, Point, Record
from .urls import Urls
from .views import plural

WEST, EAST, SOUTH, NORTH = 101.4, 108.0, 9.6, 15.1
WIDTH = 440.0
FONT = 12.0  # px; labels are estimated at CHAR em-widths per character
CHAR = 0.56
# Where to write the names of the countries and the sea: reference geography.
AREA_LABELS = (
    ("Thailand", 101.75, 14.55, "TH"),
    ("Laos", 106.6, 14.85, "LA"),
    ("Vietnam", 107.35, 12.3, "VN"),
    ("Cambodia", 105.55, 12.75, "KH"),
    ("Gulf of Thailand", 102.3, 10.15, None),
)
# The backers the map tells apart: actor ids, and the names sources use ("China-backed").
BACKERS = ("japan", "china")
BACKER_NAMES = {"japan": "Japan", "china": "China"}
# Agreements that are money given or lent: a party to one of these funds it.
FUNDING_KINDS = frozenset({"grant", "loan"})


@dataclass(frozen=True)
class Area:
    code: str
    d: str  # SVG path data
    focus: bool


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    anchor: str  # "start", "end" or "middle"
    css: str = ""


@dataclass(frozen=True)
class MapPlace:
    place: Place
    records: tuple[Record, ...]
    backing: str  # "japan", "china", "both" or "none"
    href: str
    x: float | None = None  # points only
    y: float | None = None
    line: str | None = None  # lines only: SVG points
    label: Label | None = None

    @property
    def css(self) -> str:
        return f"cjb-map__place cjb-map__place--{self.backing}"

    @property
    def radius(self) -> int:
        return 5 if self.records else 3

    notes: tuple[str, ...] = ()  # which of the records are backed, and by whose word

    @property
    def title(self) -> str:
        notes = "".join(f"; {note}" for note in self.notes)
        return f"{self.place.name}: {plural(len(self.records), 'record')}{notes}"


@dataclass(frozen=True)
class MapView:
    width: float
    height: float
    areas: tuple[Area, ...]
    area_labels: tuple[Label, ...]
    lines: tuple[MapPlace, ...]
    points: tuple[MapPlace, ...]
    listed: tuple[MapPlace, ...]  # every place with records, in the list under the map
    off_map: tuple[MapPlace, ...]
    country: MapPlace | None  # records placed in Cambodia without a finer place
    source: str
    licence: str
    summary: str

    @property
    def count_text(self) -> str:
        count = len(self.listed)
        return f"{plural(count, 'place')} named in the records."


class _Projection:
    def __init__(self) -> None:
        self.kx = WIDTH / ((EAST - WEST) * math.cos(math.radians((NORTH + SOUTH) / 2)))
        self.height = round((NORTH - SOUTH) * self.kx, 1)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        cos = math.cos(math.radians((NORTH + SOUTH) / 2))
        return round((lon - WEST) * cos * self.kx, 1), round((NORTH - lat) * self.kx, 1)

    def inside(self, point: Point) -> bool:
        return WEST <= point.lon <= EAST and SOUTH <= point.lat <= NORTH


def _records_by_place(dataset: Dataset) -> dict[str, list[Record]]:
    by_text: dict[str, str] = {}
    for place in dataset.places.values():
        for text in (place.name, *place.matches):
            by_text.setdefault(text, place.id)
    found: dict[str, dict[str, Record]] = {p: {} for p in dataset.places}
    for record in dataset.records:
        if record.place in by_text:
            found[by_text[record.place]][record.id] = record
    for place in dataset.places.values():
        for record_id in place.records:
            named: Record | None = dataset.events.get(record_id) or dataset.agreements.get(
                record_id
            )
            if named is not None:
                found[place.id][named.id] = named
    return {
        place: sorted(records.values(), key=lambda r: r.sort_key)
        for place, records in found.items()
    }


def _backers(record: Record) -> dict[str, str]:
    """Who backs an agreement, and on whose word: a party to a grant or loan (the
    data's), or a backer a cited quote names ("a controversial China-backed canal",
    that source's).  Another kind of record, or a party to an initiative, backs nothing."""
    if not isinstance(record, Agreement):
        return {}
    found: dict[str, str] = {}
    for citation in record.sources:
        quote = citation.quote.casefold()
        for b in BACKERS:
            if f"{BACKER_NAMES[b].casefold()}-backed" in quote:
                found.setdefault(b, citation.source)
    if record.kind in FUNDING_KINDS:
        for party in record.parties:
            if party in BACKERS:
                found[party] = ""
    return found


def backing_notes(records: list[Record], source_names: dict[str, str]) -> tuple[str, ...]:
    """ "1 of them a Japanese grant or loan"; "1 of them on a project the news report
    calls “China-backed”": only the records that say so are counted, never the place."""
    notes = []
    for backer in BACKERS:
        funded = [r for r in records if _backers(r).get(backer) == ""]
        quoted = [r for r in records if _backers(r).get(backer)]
        if funded:
            notes.append(
                f"{_how_many(len(funded), len(records))} a {_ADJECTIVE[backer]} grant or loan"
            )
        if quoted:
            by = {_backers(r)[backer] for r in quoted}
            who = " and ".join(sorted(source_names.get(s, s) for s in by))
            word = f"{BACKER_NAMES[backer]}-backed"
            notes.append(
                f"{_how_many(len(quoted), len(records))} on a project {who} calls “{word}”"
            )
    return tuple(notes)


_ADJECTIVE = {"japan": "Japanese", "china": "Chinese"}


def _how_many(count: int, total: int) -> str:
    """ "1 of them", "both of them", "all 3 of them", "it" for a place's only record."""
    if total == 1:
        return "it is"
    if count == total:
        return "both of them" if total == 2 else f"all {total} of them"
    return f"{count} of them"


def _backing(records: list[Record]) -> str:
    backers = {b for r in records for b in _backers(r)}
    if backers == set(BACKERS):
        return "both"
    return backers.pop() if backers else "none"


def _label_box(label: Label) -> tuple[float, float, float, float]:
    width = len(label.text) * FONT * CHAR
    if label.anchor == "start":
        x0 = label.x
    elif label.anchor == "end":
        x0 = label.x - width
    else:
        x0 = label.x - width / 2
    return x0, label.y - FONT, x0 + width, label.y + 3


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_label(
    text: str, x: float, y: float, taken: list[tuple[float, ...]], width: float, height: float
) -> Label:
    """The first of right, left, above, below that stays inside the map and clear of
    labels already placed; right if none does."""
    candidates = [
        Label(text, x + 8, y + 4, "start"),
        Label(text, x - 8, y + 4, "end"),
        Label(text, x, y - 9, "middle"),
        Label(text, x, y + 17, "middle"),
    ]
    for label in candidates:
        box = _label_box(label)
        if box[0] < 2 or box[2] > width - 2 or box[1] < 2 or box[3] > height - 2:
            continue
        if not any(_overlaps(box, other) for other in taken):
            taken.append(box)
            return label
    fallback = next(
        (c for c in candidates if _label_box(c)[0] >= 2 and _label_box(c)[2] <= width - 2),
        candidates[0],
    )
    taken.append(_label_box(fallback))
    return fallback


def build_map(dataset: Dataset, href: Callable[[str], str], compact: bool = False) -> MapView:
    geo = dataset.boundaries or {"countries": [], "source": "", "licence": ""}
    project = _Projection()
    height = project.height
    areas = []
    for outline in geo["countries"]:
        parts = []
        for ring in outline["rings"]:
            xy = [project(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in xy) + "Z")
        areas.append(Area(outline["code"], "".join(parts), outline["code"] == "KH"))
    taken: list[tuple[float, ...]] = []
    area_labels = []
    for text, lon, lat, _code in AREA_LABELS:
        x, y = project(lon, lat)
        # Kept inside the drawing: an estimate of its width decides how far in.
        half = len(text) * FONT * CHAR / 2 + 4
        x = min(max(x, half), WIDTH - half)
        label = Label(text, x, y, "middle", "cjb-map__area-label")
        taken.append(_label_box(label))
        area_labels.append(label)

    records = _records_by_place(dataset)

    def link(place: Place, found: list[Record]) -> str:
        if len(found) == 1 and not compact:
            return href(Urls.record(found[0]))
        return href(f"map.md#place-{place.id}")

    lines: list[MapPlace] = []
    points: list[MapPlace] = []
    off_map: list[MapPlace] = []
    listed: list[MapPlace] = []
    country: MapPlace | None = None
    places = dataset.places
    source_names = {s.id: s.short_name for s in dataset.sources.values()}
    for place in places.values():
        found = records.get(place.id, [])
        entry = MapPlace(
            place,
            tuple(found),
            _backing(found),
            link(place, found),
            notes=backing_notes(found, source_names),
        )
        if found:
            listed.append(entry)
        ends = [places[p].point for p in place.path if places[p].point is not None]
        if place.point is not None and project.inside(place.point):
            x, y = project(place.point.lon, place.point.lat)
            points.append(replace(entry, x=x, y=y))
        elif len(ends) >= 2 and all(project.inside(p) for p in ends if p):
            xy = [project(p.lon, p.lat) for p in ends if p]
            line = " ".join(f"{x:g},{y:g}" for x, y in xy)
            lines.append(replace(entry, line=line))
        elif place.country == "KH":
            country = entry
        elif found and (place.point is not None or place.country):
            off_map.append(entry)
    # Markers are never covered by a label; points with records take their labels
    # first, so they keep the best spots.
    for entry in points:
        assert entry.x is not None and entry.y is not None
        taken.append((entry.x - 7, entry.y - 7, entry.x + 7, entry.y + 7))
    labelled = []
    for entry in sorted(points, key=lambda e: (-len(e.records), e.place.id)):
        assert entry.x is not None and entry.y is not None
        text = (
            entry.place.name
            if compact or not entry.records
            else (f"{entry.place.name} ({len(entry.records)})")
        )
        label = _place_label(text, entry.x, entry.y, taken, WIDTH, height)
        labelled.append(replace(entry, label=label))
    labelled.sort(key=lambda e: e.place.id)
    summary = _summary(listed, off_map, country)
    return MapView(
        WIDTH,
        height,
        tuple(areas),
        tuple(area_labels),
        tuple(lines),
        tuple(labelled),
        tuple(listed),
        tuple(off_map),
        country,
        geo["source"],
        geo["licence"],
        summary,
    )


def _summary(listed: list[MapPlace], off_map: list[MapPlace], country: MapPlace | None) -> str:
    drawn = [e for e in listed if not e.place.country]
    parts = [f"{len(listed)} places named in the records."]
    for entry in drawn:
        if entry.notes:
            parts.append(
                f"{entry.place.name}: {plural(len(entry.records), 'record')}, "
                f"{'; '.join(entry.notes)}."
            )
    if country is not None:
        n = len(country.records)
        parts.append(f"{plural(n, 'record')} give Cambodia as a whole as the place.")
    if off_map:
        parts.append("Outside the map: " + ", ".join(e.place.name for e in off_map) + ".")
    return " ".join(parts)
