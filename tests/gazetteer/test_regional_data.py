"""Checks on the curated regional gazetteer data: gazetteer/data/regional.tsv and areas.geojson."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from importlib.resources import files
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DATA = PROJECT / "gazetteer" / "data"
FIXTURE = PROJECT / "tests" / "data" / "geonames_fixture.txt"
# The shared folder sits beside the project checkout (../shared/geonames/AZ.txt).
AZ_DUMP = Path(__file__).resolve().parents[3] / "shared" / "geonames" / "AZ.txt"

HEADER = [
    "key", "name", "latitude", "longitude", "geonameid", "country", "admin1", "feature_class",
    "feature_code", "population", "priority", "precision", "variants",
]
# Indonesian/English words and phrases that must never be a place variant.
STOP_VARIANTS = {"baku tembak", "bahan baku", "ganja", "garis depan", "kota", "desa"}
STOP_ALLOWED = {"ganja": {"ganja"}}  # variant -> keys allowed to carry it
REGION_BBOX = (43.0, 37.0, 50.0, 43.0)  # lon_min, lat_min, lon_max, lat_max
MAX_KM = 2.0


def _data_text(name: str) -> str:
    """Read a data file as package data when possible, else beside the test tree."""
    try:
        resource = files("gazetteer") / "data" / name
        if resource.is_file():
            return resource.read_text("utf-8")
    except (ImportError, TypeError, ValueError, AttributeError):
        pass
    return (DATA / name).read_text("utf-8")


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_data_text("regional.tsv")), delimiter="\t"))


ROWS = _rows()
BY_KEY = {row["key"]: row for row in ROWS}


def _variants(row: dict[str, str]) -> list[str]:
    return [v for v in row["variants"].split("|")] if row["variants"] else []


def _names(row: dict[str, str]) -> list[str]:
    return [row["name"], *_variants(row)]


# --- helpers -----------------------------------------------------------------------------------

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def load_geonames(path: Path) -> dict[int, tuple[float, float]]:
    """geonameid -> (lat, lon) from a file in the GeoNames dump format."""
    out = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 6 and cols[0].isdigit():
                out[int(cols[0])] = (float(cols[4]), float(cols[5]))
    return out


def compare_with_dump(rows, dump, country="AZ", max_km=MAX_KM):
    """Return (checked, mismatches) for rows of `country` whose geonameid is in `dump`."""
    checked, bad = 0, []
    for row in rows:
        if row["country"] != country or not row["geonameid"]:
            continue
        ref = dump.get(int(row["geonameid"]))
        if ref is None:
            continue
        checked += 1
        d = haversine_km(float(row["latitude"]), float(row["longitude"]), *ref)
        if d > max_km:
            bad.append((row["key"], round(d, 2)))
    return checked, bad


def point_in_ring(lon: float, lat: float, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


# --- regional.tsv: structure -------------------------------------------------------------------

def test_header():
    first = _data_text("regional.tsv").splitlines()[0]
    assert first.split("\t") == HEADER


def test_enough_rows_and_unique_slug_keys():
    keys = [row["key"] for row in ROWS]
    assert len(keys) >= 250
    assert len(keys) == len(set(keys))
    for key in keys:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key), key


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["key"])
def test_row_fields(row):
    assert row["name"].strip() == row["name"] and row["name"]
    lat, lon = float(row["latitude"]), float(row["longitude"])
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    assert row["geonameid"] == "" or row["geonameid"].isdigit()
    assert re.fullmatch(r"[A-Z]{2}", row["country"]), row["country"]
    assert row["feature_class"] in set("AHLPRSTUV")
    assert re.fullmatch(r"[A-Z0-9]{2,6}", row["feature_code"])
    assert row["population"] == "" or row["population"].isdigit()
    assert 0 <= int(row["priority"]) <= 100
    assert int(row["precision"]) in {1, 2, 3}
    if row["feature_class"] == "P":
        assert int(row["precision"]) == 1
    if row["feature_code"].startswith("PCL"):
        assert int(row["precision"]) == 3


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["key"])
def test_variants_are_clean(row):
    variants = _variants(row)
    assert all(v and v == v.strip() for v in variants), variants
    assert row["name"] not in variants
    assert len(variants) == len(set(variants))
    for v in variants:
        folded = v.casefold()
        if folded in STOP_VARIANTS:
            assert row["key"] in STOP_ALLOWED.get(folded, set()), (row["key"], v)


def test_regional_rows_lie_in_the_region():
    lon0, lat0, lon1, lat1 = REGION_BBOX
    for row in ROWS:
        if row["country"] in {"AZ", "AM"}:
            assert lon0 <= float(row["longitude"]) <= lon1, row["key"]
            assert lat0 <= float(row["latitude"]) <= lat1, row["key"]


# --- regional.tsv: the names reports use -------------------------------------------------------

MUST_HAVE = [
    ("Stepanakert", "khankendi"), ("Khankendi", "khankendi"), ("Xankəndi", "khankendi"), ("Xankendi", "khankendi"),
    ("Shushi", "shusha"), ("Şuşa", "shusha"), ("Susa", "shusha"),
    ("Aghdara", "martakert"), ("Ağdərə", "martakert"), ("Agdara", "martakert"), ("Aghdere", "martakert"),
    ("Agdere", "martakert"),
    ("Madagaskar", "madagiz"), ("Sugovushan", "madagiz"), ("Suqovuşan", "madagiz"), ("Suqovusan", "madagiz"),
    ("Karin Tak", "karin-tak"), ("K'arin Tak", "karin-tak"), ("Dashalti", "karin-tak"), ("Daşaltı", "karin-tak"),
    ("Dasalti", "karin-tak"),
    ("Martuni", "martuni-nk"), ("Khojavend", "martuni-nk"), ("Xocavənd", "martuni-nk"), ("Xocavend", "martuni-nk"),
    ("Khojavand", "martuni-nk"),
    ("Hadrud", "hadrut"), ("Talış", "talish"), ("Talysh", "talish"),
    ("Xudafərin", "khudafarin-bridges"), ("Khudafarin Dam", "khudafarin-reservoir"),
    ("Murov Dağ", "murovdag"), ("Araks", "aras"), ("Araz", "aras"),
    ("Ağdam", "aghdam"), ("Agdam", "aghdam"), ("Gubadli", "gubadli"), ("Qubadlı", "gubadli"), ("Kubatly", "gubadli"),
    ("Füzuli", "fuzuli"), ("Fizuli", "fuzuli"), ("Cəbrayıl", "jabrayil"), ("Jebrail", "jabrayil"),
    ("Zəngilan", "zangilan"), ("Laçın", "lachin"), ("Berdzor", "lachin"), ("Kəlbəcər", "kalbajar"),
    ("Karvachar", "kalbajar"), ("Tərtər", "tartar"), ("Əsgəran", "askeran"), ("Xocalı", "khojaly"),
    ("Khojalu", "khojaly"), ("Ivanyan", "khojaly"), ("Sarsang reservoir", "sarsang-reservoir"),
    ("Hakari", "hakari-river"), ("Tovuz", "tovuz"), ("Gədəbəy", "gadabay"), ("Gadabay", "gadabay"),
    ("Gəncə", "ganja"), ("Gyandzha", "ganja"), ("Kirovabad", "ganja"), ("Bərdə", "barda"), ("Horadiz", "horadiz"),
    ("Vardenis", "vardenis-am"), ("Bakı", "baku"), ("Erevan", "yerevan"), ("Jerevan", "yerevan"),
    ("Naxçıvan", "nakhchivan"), ("Tbilisi", "tbilisi"), ("Sumqayıt", "sumgait"), ("Gyumri", "gyumri"),
    ("Turki", "turkey"), ("Türkiye", "turkey"), ("Rusia", "russia"), ("Suriah", "syria"), ("Ukraina", "ukraine"),
    ("Hongaria", "hungary"), ("Jerman", "germany"), ("Prancis", "france"), ("Perancis", "france"),
    ("Amerika Serikat", "united-states"), ("AS", "united-states"), ("U.S.", "united-states"),
    ("Tiongkok", "china"), ("Cina", "china"), ("Indonesia", "indonesia"), ("Israel", "israel"),
    ("Pakistan", "pakistan"), ("Moskow", "moscow"), ("Moskwa", "moscow"), ("Jenewa", "geneva"),
    ("Genève", "geneva"), ("Teheran", "tehran"), ("Brussel", "brussels"), ("Wina", "vienna"), ("Peking", "beijing"),
    ("Kiev", "kyiv"), ("Sochi", "sochi"), ("Minsk", "minsk"), ("Jakarta", "jakarta"),
    ("Karabakh", "nagorno-karabakh"), ("Artsakh", "nagorno-karabakh"), ("Nagorno", "nagorno-karabakh"),
    ("Dağlıq Qarabağ", "nagorno-karabakh"), ("Daerah Otonomi Nagorno-Karabakh", "nagorno-karabakh"),
    ("Koridor Lachin", "lachin-corridor"), ("Laçın dəhlizi", "lachin-corridor"),
    ("garis kontak", "contact-line"), ("jalur kontak", "contact-line"), ("contact line", "contact-line"),
    ("desa-desa Iran di sepanjang perbatasan", "iran-aras-border-villages"),
    ("tujuh wilayah sekitarnya", "seven-districts"), ("tujuh wilayah yang berdekatan", "seven-districts"),
    ("Kaukasus Selatan", "south-caucasus"), ("Khoda Afarin", "khoda-afarin"), ("Parsabad", "parsabad"),
    ("Nordooz", "nordooz"), ("Jolfa", "jolfa-ir"),
]


@pytest.mark.parametrize("variant, key", MUST_HAVE)
def test_must_have_names(variant, key):
    assert key in BY_KEY
    assert variant in _names(BY_KEY[key])


# When several rows share a name, the curator's priority says which reading wins.
PREFERRED = [
    ("Martuni", "martuni-nk"), ("Khojavend", "martuni-nk"), ("Talish", "talish"), ("Talış", "talish"),
    ("Horadiz", "horadiz"), ("Vardenis", "vardenis-am"), ("Aghdara", "martakert"), ("Agdam", "aghdam"),
    ("Suqovuşan", "madagiz"), ("Laçın", "lachin"),
]


@pytest.mark.parametrize("name, key", PREFERRED)
def test_priority_picks_the_karabakh_reading(name, key):
    carriers = [row for row in ROWS if name in _names(row)]
    assert len(carriers) >= 2, f"{name!r} is not ambiguous any more"
    best = max(carriers, key=lambda row: int(row["priority"]))
    assert best["key"] == key
    assert sorted(int(r["priority"]) for r in carriers)[-2] < int(best["priority"])


def test_madagaskar_is_only_madagiz():
    assert [row["key"] for row in ROWS if "Madagaskar" in _names(row)] == ["madagiz"]


def test_iran_border_villages_point_is_in_iran_south_of_the_aras():
    row = BY_KEY["iran-aras-border-villages"]
    assert row["country"] == "IR"
    # The Aras (the border) runs at about 39.16 N at 46.95 E; the point must be south of it.
    assert float(row["latitude"]) < 39.15 and 46.7 < float(row["longitude"]) < 47.3


# --- regional.tsv against GeoNames -------------------------------------------------------------

def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(39.8177, 46.7528, 39.8177, 46.7528) == 0
    # Stepanakert to Shusha, about 6.4 km.
    assert haversine_km(39.8177, 46.7528, 39.76006, 46.74989) == pytest.approx(6.4, abs=0.2)


GEONAMES_SOURCES = [pytest.param(FIXTURE, id="fixture")]
if AZ_DUMP.exists():
    GEONAMES_SOURCES.append(pytest.param(AZ_DUMP, id="AZ.txt"))


@pytest.mark.parametrize("path", GEONAMES_SOURCES)
def test_az_coordinates_match_geonames(path):
    dump = load_geonames(path)
    assert dump, path
    checked, bad = compare_with_dump(ROWS, dump)
    assert bad == []
    if path == FIXTURE:
        # every fixture row is one of ours
        assert checked == len(dump)
    else:
        # every AZ row that names a GeoNames id finds it in the full dump
        with_id = [r for r in ROWS if r["country"] == "AZ" and r["geonameid"]]
        assert checked == len(with_id) >= 150


def test_compare_with_dump_flags_a_moved_point():
    dump = load_geonames(FIXTURE)
    gid, (lat, lon) = next(iter(dump.items()))
    near = {"key": "near", "country": "AZ", "geonameid": str(gid), "latitude": str(lat + 0.01), "longitude": str(lon)}
    far = {"key": "far", "country": "AZ", "geonameid": str(gid), "latitude": str(lat + 0.05), "longitude": str(lon)}
    other = {"key": "am", "country": "AM", "geonameid": str(gid), "latitude": "0", "longitude": "0"}
    checked, bad = compare_with_dump([near, far, other], dump)
    assert checked == 2
    assert [k for k, _ in bad] == ["far"]


# --- areas.geojson -----------------------------------------------------------------------------

AREAS = json.loads(_data_text("areas.geojson"))


def _positions(geometry):
    coords = geometry["coordinates"]
    if geometry["type"] == "LineString":
        return coords
    if geometry["type"] == "Polygon":
        return [p for ring in coords for p in ring]
    if geometry["type"] == "MultiPolygon":
        return [p for poly in coords for ring in poly for p in ring]
    raise AssertionError(geometry["type"])


def test_areas_is_a_feature_collection():
    assert AREAS["type"] == "FeatureCollection"
    assert "crs" not in AREAS
    assert len(_data_text("areas.geojson").encode("utf-8")) < 50_000
    keys = [f["properties"]["key"] for f in AREAS["features"]]
    assert len(keys) == len(set(keys))
    assert {"nagorno-karabakh", "lachin-corridor", "contact-line", "iran-aras-border-villages"} <= set(keys)


@pytest.mark.parametrize("feature", AREAS["features"], ids=lambda f: f["properties"]["key"])
def test_area_feature(feature):
    assert feature["type"] == "Feature" and "crs" not in feature
    props = feature["properties"]
    assert props["key"] in BY_KEY
    assert props["name"]
    lon0, lat0, lon1, lat1 = REGION_BBOX
    for lon, lat in _positions(feature["geometry"]):
        assert lon0 <= lon <= lon1 and lat0 <= lat <= lat1, (lon, lat)
    if feature["geometry"]["type"] == "Polygon":
        for ring in feature["geometry"]["coordinates"]:
            assert len(ring) >= 4 and ring[0] == ring[-1]
        row = BY_KEY[props["key"]]
        # the row's representative point lies inside its outline
        assert point_in_ring(float(row["longitude"]), float(row["latitude"]), feature["geometry"]["coordinates"][0])


def test_nagorno_karabakh_outline_holds_its_towns_and_not_the_districts():
    ring = next(f for f in AREAS["features"] if f["properties"]["key"] == "nagorno-karabakh")["geometry"]
    ring = ring["coordinates"][0]
    inside = ["khankendi", "shusha", "martakert", "madagiz", "talish", "askeran", "martuni-nk", "hadrut", "karin-tak"]
    outside = ["aghdam", "lachin", "fuzuli", "kalbajar", "jabrayil", "gubadli", "tartar", "goris", "baku"]
    for key in inside:
        assert point_in_ring(float(BY_KEY[key]["longitude"]), float(BY_KEY[key]["latitude"]), ring), key
    for key in outside:
        assert not point_in_ring(float(BY_KEY[key]["longitude"]), float(BY_KEY[key]["latitude"]), ring), key
