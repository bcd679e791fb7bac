"""Exports: GeoJSON (RFC 7946), CSV (ACLED's columns), GeoPackage and KML, read back with GDAL."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.exports import (
    ACLED_COLUMNS, COLUMNS, PROVENANCE_COLUMNS, acled_record, csv_chunks, geojson_chunks, kml_chunks, write_gpkg,
)
from geomap.query import EventQuery
from geomap.store import Store

SCRIPT = "<script>alert('x')</script>"
KML = "{http://www.opengis.net/kml/2.2}"

ACLED_NAMES = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "iso", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
]
OURS = ["injured", "claimed_by", "source_url", "article_id", "language", "quote", "n_sources"]

# event_id, date, type, place, lat, lon, fatalities, article
ROWS = [
    ("x-1", "2020-09-27", "Battles", "Martakert", 40.2113, 46.8214, 10, "a1"),
    ("x-2", "2020-10-04", "Explosions/Remote violence", "Stepanakert", 39.8177, 46.7528, 2, "a1"),
    ("x-3", "2020-10-08", "Explosions/Remote violence", "Ganja", 40.6816, 46.3613, 1, "a1"),
    ("x-4", "2020-10-10", "Strategic developments", "Yerevan", 40.1777, 44.5126, 0, "a2"),
    ("x-5", "2020-11-08", "Battles", "Shusha", 39.7601, 46.7499, 0, "a2"),
]
# The Ganja strike again, from the second report: merged into x-3.
MERGED = ("x-3b", "2020-10-08", "Explosions/Remote violence", "Ganja", 40.6820, 46.3610, 3, "a2")


@pytest.fixture
def store(tmp_path, make_article, make_event):
    path = tmp_path / "events.sqlite"
    with Store(path) as opened:
        for article_id, publisher in (("a1", "Example Wire"), ("a2", "Contoh Berita")):
            events = []
            for event_id, date, etype, place, lat, lon, fatalities, art in ROWS + [MERGED]:
                if art != article_id:
                    continue
                events.append(make_event(
                    event_id=event_id, event_date=date, event_type=etype, location=place, latitude=lat, longitude=lon,
                    fatalities=fatalities, article_id=art, source=publisher, source_url=f"https://example.org/{art}",
                    country="AM" if place == "Yerevan" else "AZ", geonameid=None,
                    quote=f"Shelling near {place} {SCRIPT}" if event_id == "x-2" else f"Fighting in {place}.",
                    notes="=HYPERLINK(\"http://evil\")" if event_id == "x-1" else "",
                ))
            opened.ingest(make_article(article_id=article_id, publisher=publisher), events)
        assert opened.count_events() == len(ROWS)
        yield opened


def test_columns_are_acled_names_plus_provenance():
    assert list(ACLED_COLUMNS) == ACLED_NAMES
    assert list(PROVENANCE_COLUMNS) == OURS
    assert list(COLUMNS) == ACLED_NAMES + OURS


def test_acled_record_values(store):
    record = acled_record(store.event("x-3"))
    assert record["year"] == 2020 and record["event_date"] == "2020-10-08"
    assert record["country"] == "Azerbaijan" and record["iso"] == 31  # ISO 3166-1 numeric, as ACLED
    assert record["n_sources"] == 2
    assert record["source"] == "Example Wire; Contoh Berita"
    assert record["fatalities"] == 1  # the most conservative figure
    assert record["article_id"] == "a1; a2"


# -- GeoJSON ---------------------------------------------------------------------------------
def test_geojson_follows_rfc7946(store, tmp_path):
    text = "".join(geojson_chunks(store.events()))
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(doc["features"]) == len(ROWS)
    by_id = {row[0]: row for row in ROWS}
    for feature in doc["features"]:
        assert "crs" not in feature
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        _, _, _, _, row_lat, row_lon, _, _ = by_id[feature["id"]]
        assert (lon, lat) == (pytest.approx(row_lon), pytest.approx(row_lat))  # [longitude, latitude]
    path = tmp_path / "events.geojson"
    path.write_text(text, encoding="utf-8")
    info = pyogrio.read_info(path)
    assert info["features"] == len(ROWS) and info["crs"] == "EPSG:4326"


# -- CSV -------------------------------------------------------------------------------------
def test_csv_header_rows_and_read_back(store, tmp_path):
    text = "".join(csv_chunks(store.events()))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ACLED_NAMES + OURS
    assert len(rows) == 1 + len(ROWS)
    records = list(csv.DictReader(io.StringIO(text)))
    ganja = next(r for r in records if r["event_id_cnty"] == "x-3")
    assert ganja["latitude"] == "40.6816" and ganja["longitude"] == "46.3613" and ganja["n_sources"] == "2"
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    assert pyogrio.read_info(path)["features"] == len(ROWS)


def test_csv_defuses_spreadsheet_formulas(store):
    records = list(csv.DictReader(io.StringIO("".join(csv_chunks(store.events())))))
    notes = next(r for r in records if r["event_id_cnty"] == "x-1")["notes"]
    assert notes.startswith("'=")


def test_csv_streams_in_chunks(store):
    chunks = list(csv_chunks(store.events(), batch=2))
    assert len(chunks) >= 3
    assert "".join(chunks).count("\n") == 1 + len(ROWS)


# -- GeoPackage ----------------------------------------------------------------------------------
def test_geopackage_reads_back(store, tmp_path):
    path = tmp_path / "events.gpkg"
    assert write_gpkg(store.events(), path, batch=2) == len(ROWS)  # several batches, appended
    info = pyogrio.read_info(path)
    assert info["features"] == len(ROWS)
    assert info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326" and info["driver"] == "GPKG"
    assert list(info["fields"]) == ACLED_NAMES + OURS
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["event_date"] == "OFTDate" and types["fatalities"].startswith("OFTInteger")
    import geopandas
    frame = geopandas.read_file(path)
    assert len(frame) == len(ROWS)
    row = frame.set_index("event_id_cnty").loc["x-4"]
    assert (row.geometry.x, row.geometry.y) == (pytest.approx(44.5126), pytest.approx(40.1777))


def test_empty_geopackage_still_has_the_layer(store, tmp_path):
    path = tmp_path / "empty.gpkg"
    assert write_gpkg(store.events(EventQuery.parse(date_from="2030-01-01")), path) == 0
    info = pyogrio.read_info(path)
    assert info["features"] == 0 and list(info["fields"]) == ACLED_NAMES + OURS


# -- KML -------------------------------------------------------------------------------------
def test_kml_parses_one_placemark_per_event(store, tmp_path):
    text = "".join(kml_chunks(store.events()))
    root = ET.fromstring(text.encode("utf-8"))
    placemarks = root.findall(f".//{KML}Placemark")
    assert len(placemarks) == len(ROWS)
    first = next(p for p in placemarks if p.get("id") == "x-4")
    assert first.find(f"{KML}TimeStamp/{KML}when").text == "2020-10-10"
    assert first.find(f"{KML}Point/{KML}coordinates").text == "44.512600,40.177700"  # lon,lat
    assert first.find(f"{KML}styleUrl").text == "#type-strategic-developments"
    assert root.find(f".//{KML}Style[@id='type-strategic-developments']/{KML}IconStyle/{KML}color").text == "ffb4771f"
    path = tmp_path / "events.kml"
    path.write_text(text, encoding="utf-8")
    assert pyogrio.read_info(path)["features"] == len(ROWS)


def test_kml_escapes_injected_markup(store):
    text = "".join(kml_chunks(store.events()))
    assert SCRIPT not in text and "<script" not in text
    assert "&lt;script&gt;" in text
    root = ET.fromstring(text.encode("utf-8"))
    shelled = next(p for p in root.iter(f"{KML}Placemark") if p.get("id") == "x-2")
    assert SCRIPT in shelled.find(f"{KML}description").text  # the text survives, as text


# -- filters ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query, expected",
    [
        (EventQuery(), {"x-1", "x-2", "x-3", "x-4", "x-5"}),
        (EventQuery.parse(types=["Battles"]), {"x-1", "x-5"}),
        (EventQuery.parse(date_from="2020-10-01", date_to="2020-10-09"), {"x-2", "x-3"}),
        (EventQuery.parse(bbox="46.5,39.5,47.0,40.5"), {"x-1", "x-2", "x-5"}),
    ],
)
def test_every_format_takes_the_same_filters(store, tmp_path, query, expected):
    geo = {f["id"] for f in json.loads("".join(geojson_chunks(store.events(query))))["features"]}
    table = {r["event_id_cnty"] for r in csv.DictReader(io.StringIO("".join(csv_chunks(store.events(query)))))}
    kml = {p.get("id") for p in ET.fromstring("".join(kml_chunks(store.events(query))).encode()).iter(f"{KML}Placemark")}
    path = tmp_path / "f.gpkg"
    write_gpkg(store.events(query), path)
    assert geo == table == kml == expected
    assert pyogrio.read_info(path)["features"] == len(expected)


# -- CLI -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt, name", [("geojson", "out.geojson"), ("csv", "out.csv"), ("gpkg", "out.gpkg"), ("kml", "out.kml")])
def test_cli_export_each_format(store, tmp_path, fmt, name):
    out = tmp_path / name
    result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out), "--type", "Battles",
                                       "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    assert pyogrio.read_info(out)["features"] == 2
    assert not list(tmp_path.glob(".*part*"))


def test_cli_export_takes_the_format_from_the_extension(store, tmp_path):
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["export", "-o", str(out), "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("event_id_cnty,event_date,year")


def test_cli_export_to_stdout(store):
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--from", "2020-10-05", "--db", str(store.path)])
    assert result.exit_code == 0, result.output
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 3


def test_cli_gpkg_needs_an_output_file(store):
    result = CliRunner().invoke(main, ["export", "--format", "gpkg", "--db", str(store.path)])
    assert result.exit_code != 0 and "needs -o" in result.output


def test_cli_export_bad_filter(store):
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--bbox", "1,2,3", "--db", str(store.path)])
    assert result.exit_code != 0 and "'bbox'" in result.output
