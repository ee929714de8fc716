"""The map's reference data in ``data/geo/``, checked like any data file.

The scripts in ``tools/geo/`` write these files, but an editor can break them by
hand or a download can be cut short, so their text is parsed and their shape
checked here: each problem names the file, the line and the key path, and a
coordinate must be a finite number on the globe (JSON parsers accept ``NaN`` and
``Infinity``, which would silently drop a place from the map).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .model import Point
from .problems import Problem
from .validate import CONTROL

_CODE = re.compile(r"[A-Z]{2}")
_GEONAMES = re.compile(r"[1-9][0-9]{0,11}")
# A JSON number with more digits than a coordinate or an id could need.
_LONG_NUMBER = re.compile(r"[0-9]{40,}")


class _Refused(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number a map can draw; expected a finite number")


def parse_json(text: str, file: str) -> tuple[Any, list[Problem]]:
    """The file's JSON, or None and the problem with its line."""
    long = _LONG_NUMBER.search(text)
    if long is not None:
        line = text.count("\n", 0, long.start()) + 1
        message = f"holds a number {len(long[0]):,} digits long; expected a coordinate or an id"
        return None, [Problem(file, line, None, None, message, cause=True)]
    try:
        return json.loads(text, parse_constant=_refuse_constant), []
    except json.JSONDecodeError as error:
        message = f"is not valid JSON ({error.msg}): run the scripts in tools/geo/ again"
        return None, [Problem(file, error.lineno, None, None, message, cause=True)]
    except _Refused as error:
        name = str(error).split(" ", 1)[0]
        line = _line_of(text, name)
        return None, [Problem(file, line, None, None, str(error), cause=True)]


def _line_of(text: str, needle: str, after: str | None = None) -> int:
    """The line of ``needle`` (the first one after ``after``, given), else 1."""
    start = text.find(after) if after is not None else 0
    at = text.find(needle, max(start, 0))
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _coordinate(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and low <= number <= high else None


def _text_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "expected text"
    found = CONTROL.search(value)
    return f"contains U+{ord(found[0]):04X}, which is not allowed" if found else None


def places_from_json(text: str, file: str) -> tuple[dict[int, Point], list[Problem]]:
    """The points of ``places.json`` by GeoNames id, and every problem with them."""
    data, problems = parse_json(text, file)
    if problems:
        return {}, problems
    table = data.get("places") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        return {}, [Problem(file, 1, None, "places", "expected a mapping of GeoNames ids")]
    points: dict[int, Point] = {}
    for key, entry in table.items():
        line = _line_of(text, f'"{key}"')
        if not _GEONAMES.fullmatch(key):
            problems.append(Problem(file, line, None, f"places.{key}", "expected a GeoNames id"))
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(file, line, None, f"places.{key}", "expected a mapping"))
            continue
        lon = _coordinate(entry.get("lon"), -180, 180)
        lat = _coordinate(entry.get("lat"), -90, 90)
        for name, value, bound in (("lon", lon, 180), ("lat", lat, 90)):
            if value is None:
                problems.append(
                    Problem(
                        file,
                        _line_of(text, f'"{name}"', after=f'"{key}"'),
                        None,
                        f"places.{key}.{name}",
                        f"expected a number from -{bound} to {bound}, got {entry.get(name)!r}",
                    )
                )
        if lon is not None and lat is not None:
            points[int(key)] = Point(lon, lat)
    return points, problems


def boundaries_from_json(text: str, file: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """``boundaries.json`` as the map draws it, or None and every problem with it."""
    data, problems = parse_json(text, file)
    if problems:
        return None, problems

    def report(field: str, message: str, needle: str | None = None) -> None:
        line = _line_of(text, needle) if needle else 1
        problems.append(Problem(file, line, None, field, message))

    if not isinstance(data, dict):
        report("", "expected a mapping with source, licence and countries")
        return None, problems
    for key in ("source", "licence"):
        message = _text_problem(data.get(key))
        if message:
            report(key, message, f'"{key}"')
    countries = data.get("countries")
    if not isinstance(countries, list):
        report("countries", "expected a list of countries", '"countries"')
        return None, problems
    for index, country in enumerate(countries):
        where = f"countries[{index}]"
        if not isinstance(country, dict):
            report(where, "expected a mapping with code, name and rings")
            continue
        code = country.get("code")
        needle = f'"{code}"' if isinstance(code, str) else None
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            report(f"{where}.code", f"expected a two-letter country code, got {code!r}", needle)
        rings = country.get("rings")
        if not isinstance(rings, list):  # empty for a country outside the window
            report(f"{where}.rings", "expected a list of rings", needle)
            continue
        for r, ring in enumerate(rings):
            if not _is_ring(ring):
                report(
                    f"{where}.rings[{r}]",
                    "expected at least three [lon, lat] points, each a finite number on the globe",
                    needle,
                )
    return (None if problems else data), problems


def _is_ring(ring: Any) -> bool:
    if not isinstance(ring, list) or len(ring) < 3:
        return False
    return all(
        isinstance(point, list)
        and len(point) == 2
        and _coordinate(point[0], -180, 180) is not None
        and _coordinate(point[1], -90, 90) is not None
        for point in ring
    )
