"""assets/map/korea.json, the map data made by tools/make_map.py: read with json alone."""

import itertools
import json
from pathlib import Path

import pytest

MAP = Path(__file__).resolve().parents[2] / "assets" / "map" / "korea.json"
KOREAS = {"PRK": "North Korea", "KOR": "South Korea"}
KINDS = {"talks", "city", "battle", "island"}


@pytest.fixture(scope="module")
def data():
    return json.loads(MAP.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def places(data):
    return {p["id"]: p for p in data["places"]}


def test_file_is_small():
    assert MAP.stat().st_size < 400_000


def test_bbox_is_sane(data):
    lon0, lat0, lon1, lat1 = data["bbox"]
    assert -180 <= lon0 < lon1 <= 180
    assert -90 <= lat0 < lat1 <= 90
    # it frames the peninsula: Busan to the Tumen, the Yellow Sea to the Sea of Japan
    assert lon0 < 125.0 and lon1 > 130.0
    assert lat0 < 35.0 and lat1 > 42.5
    assert data["attribution"] and data["source"]


def test_both_koreas_are_drawn_in_detail(data):
    by_id = {c["id"]: c for c in data["countries"]}
    for iso3, name in KOREAS.items():
        assert iso3 in by_id, f"{name} is missing"
        country = by_id[iso3]
        assert country["name"] == name
        assert country["polygons"], f"{name} has no polygon"
        assert max(len(p) for p in country["polygons"]) >= 3
    total = sum(len(p) for iso3 in KOREAS for p in by_id[iso3]["polygons"])
    assert total >= 300


def test_every_point_lies_in_the_bbox(data):
    lon0, lat0, lon1, lat1 = data["bbox"]
    for country in data["countries"]:
        for polygon in country["polygons"]:
            assert len(polygon) >= 3
            for lon, lat in polygon:
                assert lon0 <= lon <= lon1 and lat0 <= lat <= lat1, (country["name"], lon, lat)
                assert round(lon, 4) == lon and round(lat, 4) == lat


def test_places_are_complete(data, places):
    lon0, lat0, lon1, lat1 = data["bbox"]
    assert len(places) == len(data["places"]), "duplicate place ids"
    for place in data["places"]:
        assert place["name"] and place["kind"] in KINDS, place
        assert isinstance(place["source"], str) and place["source"].strip(), place["id"]
        assert lon0 <= place["lon"] <= lon1 and lat0 <= place["lat"] <= lat1, place["id"]


def test_seoul_lies_south_of_pyongyang(data, places):
    seoul, pyongyang = places["seoul"], places["pyongyang"]
    assert seoul["lat"] < pyongyang["lat"]
    # both on the peninsula, not merely inside the drawn box
    for city in (seoul, pyongyang):
        assert 124.5 < city["lon"] < 130.0 and 34.0 < city["lat"] < 43.0


def test_the_talks_sat_on_the_parallel(data, places):
    assert data["parallel"]["lat"] == 38.0
    panmunjom, kaesong = places["panmunjom"], places["kaesong"]
    for place in (panmunjom, kaesong):
        assert abs(place["lat"] - 38.0) <= 0.3, place["id"]
        assert place["kind"] == "talks"
    assert panmunjom["lat"] < kaesong["lat"]


def test_sectors_tile_the_front_from_west_to_east(data):
    sectors = data["sectors"]
    assert [s["id"] for s in sectors] == ["west", "central", "east"]
    for sector in sectors:
        west, east = sector["lon"]
        assert west < east, sector["id"]
    for left, right in itertools.pairwise(sectors):
        assert left["lon"][1] == right["lon"][0], (left["id"], right["id"])
    lon0, _, lon1, _ = data["bbox"]
    assert lon0 <= sectors[0]["lon"][0] and sectors[-1]["lon"][1] <= lon1
