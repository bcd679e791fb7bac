"""The offline basemap pack (built by scripts/build_basemap.py) is well-formed and complete."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from shapely.geometry import Point, Polygon, box, shape

BASEMAP_DIR = Path(__file__).resolve().parents[2] / "geomap" / "data" / "basemap"
REGION_FILE = BASEMAP_DIR / "region.geojson"
WORLD_FILE = BASEMAP_DIR / "world_countries.geojson"

REGION_BBOX = (43.0, 37.5, 50.5, 42.5)
LAYERS = {"country", "admin1", "lake", "sea", "river", "nkao"}
POLYGON_LAYERS = {"country", "lake", "sea"}
LINE_LAYERS = {"admin1", "river", "nkao"}


@lru_cache(maxsize=None)
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def features(path: Path, layer: str | None = None) -> list[dict]:
    return [f for f in load(path)["features"] if layer is None or f["properties"]["layer"] == layer]


def positions(coords):
    """Every [lon, lat] position in a GeoJSON coordinates array."""
    if coords and isinstance(coords[0], (int, float)):
        yield coords
        return
    for item in coords:
        yield from positions(item)


@pytest.mark.parametrize("path", [REGION_FILE, WORLD_FILE], ids=["region", "world"])
def test_is_an_rfc7946_feature_collection(path):
    doc = load(path)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert doc["features"]
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert "crs" not in feature
        assert feature["properties"]["layer"] in LAYERS
        assert "name" in feature["properties"]
        for lon, lat in positions(feature["geometry"]["coordinates"]):
            assert -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0


@pytest.mark.parametrize("path", [REGION_FILE, WORLD_FILE], ids=["region", "world"])
def test_geometry_types_match_layers(path):
    for feature in features(path):
        kind = feature["geometry"]["type"]
        layer = feature["properties"]["layer"]
        if layer in POLYGON_LAYERS:
            assert kind in ("Polygon", "MultiPolygon"), feature["properties"]
        else:
            assert layer in LINE_LAYERS
            assert kind in ("LineString", "MultiLineString"), feature["properties"]


def test_regional_coordinates_lie_in_the_region():
    lon_min, lat_min, lon_max, lat_max = REGION_BBOX
    for feature in features(REGION_FILE):
        for lon, lat in positions(feature["geometry"]["coordinates"]):
            assert lon_min <= lon <= lon_max and lat_min <= lat <= lat_max, feature["properties"]


def test_coordinates_are_rounded_to_four_decimals():
    for feature in features(REGION_FILE):
        for lon, lat in positions(feature["geometry"]["coordinates"]):
            assert round(lon, 4) == lon and round(lat, 4) == lat


def test_files_stay_small():
    assert REGION_FILE.stat().st_size <= 1_200_000
    assert WORLD_FILE.stat().st_size < 1_000_000


@pytest.mark.parametrize("iso_a2", ["AZ", "AM", "IR", "GE", "TR"])
def test_region_has_country(iso_a2):
    matches = [f for f in features(REGION_FILE, "country") if f["properties"].get("iso_a2") == iso_a2]
    assert len(matches) == 1


@pytest.mark.parametrize(
    ("iso_a2", "lon", "lat"),
    [
        ("AZ", 49.87, 40.41),  # Baku
        ("AZ", 46.75, 39.82),  # Khankendi / Stepanakert
        ("AZ", 45.41, 39.21),  # Nakhchivan city (exclave)
        ("AM", 44.51, 40.18),  # Yerevan
        ("GE", 44.79, 41.72),  # Tbilisi
        ("IR", 46.29, 38.08),  # Tabriz
    ],
)
def test_country_polygons_hold_their_cities(iso_a2, lon, lat):
    holders = [
        f["properties"]["iso_a2"]
        for f in features(REGION_FILE, "country")
        if shape(f["geometry"]).contains(Point(lon, lat))
    ]
    assert holders == [iso_a2]


@pytest.mark.parametrize("path", [REGION_FILE, WORLD_FILE], ids=["region", "world"])
def test_country_codes_are_iso_alpha2_or_null(path):
    for feature in features(path, "country"):
        code = feature["properties"]["iso_a2"]
        assert code is None or (len(code) == 2 and code.isupper()), feature["properties"]


def test_world_has_every_neighbour_and_fixed_codes():
    codes = {f["properties"]["iso_a2"] for f in features(WORLD_FILE, "country")}
    # Natural Earth marks France and Norway -99 in ISO_A2; the build repairs them.
    assert {"AZ", "AM", "IR", "GE", "TR", "RU", "FR", "NO"} <= codes
    assert "-99" not in codes


def test_aras_runs_along_the_iran_border():
    rivers = [f for f in features(REGION_FILE, "river") if (f["properties"]["name"] or "").startswith("Aras")]
    assert rivers
    lats = [lat for f in rivers for _, lat in positions(f["geometry"]["coordinates"])]
    inside = sum(38.5 <= lat <= 39.8 for lat in lats)
    assert inside / len(lats) > 0.5
    course = shape(rivers[0]["geometry"])
    # It passes Julfa, Ordubad and Horadiz on the Azerbaijan-Iran border (GeoNames positions).
    assert course.distance(Point(45.63, 38.95)) < 0.05
    assert course.distance(Point(46.02, 38.91)) < 0.05
    assert course.distance(Point(47.33, 39.45)) < 0.05


def test_kura_flows_through_mingachevir_to_the_caspian():
    rivers = [f for f in features(REGION_FILE, "river") if f["properties"]["name"] == "Kura"]
    assert rivers
    course = shape(rivers[0]["geometry"])
    assert course.distance(Point(44.79, 41.70)) < 0.05  # Tbilisi
    assert course.distance(Point(49.37, 39.35)) < 0.05  # mouth


def test_lake_sevan_exists():
    holders = [
        f["properties"]["name"]
        for f in features(REGION_FILE, "lake")
        if shape(f["geometry"]).contains(Point(45.25, 40.35))
    ]
    assert holders == ["Lake Sevan"]


def test_mingachevir_reservoir_exists():
    assert any(
        shape(f["geometry"]).contains(Point(46.95, 40.85)) for f in features(REGION_FILE, "lake")
    )


def test_caspian_is_sea_and_baku_is_not():
    seas = [shape(f["geometry"]) for f in features(REGION_FILE, "sea")]
    assert any(s.contains(Point(50.2, 39.5)) for s in seas)
    assert not any(s.contains(Point(49.87, 40.41)) for s in seas)


def test_countries_and_sea_tile_the_region():
    pieces = [shape(f["geometry"]) for f in features(REGION_FILE) if f["properties"]["layer"] in ("country", "sea")]
    total = sum(p.area for p in pieces)
    assert total == pytest.approx(box(*REGION_BBOX).area, rel=1e-3)


def test_admin1_lines_are_present_and_tagged():
    lines = features(REGION_FILE, "admin1")
    assert len(lines) > 50
    assert {"AZ", "AM"} <= {f["properties"].get("iso_a2") for f in lines}


def test_former_nkao_boundary_is_a_closed_ring_around_khankendi():
    nkao = features(REGION_FILE, "nkao")
    assert len(nkao) == 1
    ring = shape(nkao[0]["geometry"])
    assert ring.geom_type == "LineString" and ring.is_closed
    area = Polygon(ring.coords)
    assert area.contains(Point(46.75, 39.82))  # Khankendi / Stepanakert
    assert not area.contains(Point(47.15, 40.65))  # Yevlakh


def test_world_file_covers_the_globe_coarsely():
    countries = features(WORLD_FILE, "country")
    assert len(countries) > 200
    assert all(f["properties"]["layer"] == "country" for f in features(WORLD_FILE))
