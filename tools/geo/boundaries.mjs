// Regenerate data/geo/boundaries.json: country outlines around Cambodia, from
// Natural Earth 1:50m (public domain) as shipped by the npm package world-atlas.
//
//   npm install --no-save world-atlas@2.0.2 topojson-client@3.1.0
//   node tools/geo/boundaries.mjs > data/geo/boundaries.json
//
// The build reads the JSON only; it never needs npm.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const atlas = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
const version = JSON.parse(readFileSync(require.resolve("world-atlas/package.json"), "utf8")).version;

// The window drawn on the map, with a margin so that clamped edges stay out of sight.
const WEST = 100.0, EAST = 109.5, SOUTH = 8.0, NORTH = 16.8;
// ISO 3166 numeric ids as world-atlas keys them, with the codes the gazetteer uses.
const COUNTRIES = { "116": "KH", "764": "TH", "418": "LA", "704": "VN", "104": "MM" };

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const round = (v) => Math.round(v * 100) / 100;

function ring(points) {
  const out = [];
  for (const [lon, lat] of points) {
    const p = [round(clamp(lon, WEST, EAST)), round(clamp(lat, SOUTH, NORTH))];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function inWindow(points) {
  return points.some(([lon, lat]) => lon > WEST && lon < EAST && lat > SOUTH && lat < NORTH);
}

const countries = [];
for (const f of feature(atlas, atlas.objects.countries).features) {
  const code = COUNTRIES[f.id];
  if (!code) continue;
  const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const rings = [];
  for (const polygon of polygons) {
    for (const r of polygon) {
      if (!inWindow(r)) continue;
      const simple = ring(r);
      if (simple.length >= 4) rings.push(simple);
    }
  }
  countries.push({ code, name: f.properties.name, rings });
}
countries.sort((a, b) => a.code.localeCompare(b.code));

const doc = {
  source: `Natural Earth 1:50m admin-0 countries, via the npm package world-atlas ${version}`,
  licence: "Public domain (Natural Earth)",
  window: { west: WEST, east: EAST, south: SOUTH, north: NORTH },
  countries,
};
process.stdout.write(JSON.stringify(doc) + "\n");
