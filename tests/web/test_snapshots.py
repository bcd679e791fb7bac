"""Snapshot images and the CSV / GeoPackage / KML downloads over HTTP."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pyogrio
import pytest
from PIL import Image

import web.snapshots

ALL = 9  # the synthetic store (tests/web/conftest.py)
SMALL = "size=640x400&dpi=80"
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture
def rendered(monkeypatch):
    """Records the events each snapshot request draws (the real renderer still runs)."""
    calls = []
    real = web.snapshots.render

    def spy(events, **kwargs):
        calls.append(([getattr(e, "event", e).event_id for e in events], kwargs))
        return real(events, **kwargs)

    monkeypatch.setattr(web.snapshots, "render", spy)
    return calls


@pytest.mark.parametrize("fmt, mimetype, magic", [("png", "image/png", b"\x89PNG"), ("svg", "image/svg+xml", b"<?xml"),
                                                  ("pdf", "application/pdf", b"%PDF")])
def test_snapshot_formats(client, fmt, mimetype, magic):
    response = client.get(f"/snapshot.{fmt}?{SMALL}")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.data.startswith(magic)
    assert response.headers["Content-Disposition"] == f'inline; filename="geomap-snapshot.{fmt}"'


def test_snapshot_png_has_the_requested_size(client):
    response = client.get("/snapshot.png?size=720x480&dpi=90")
    assert Image.open(io.BytesIO(response.data)).size == (720, 480)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ALL),
        ("from=2020-10-04&to=2020-10-11", 4),
        ("type=Battles", 4),
        ("type=battles,strategic-developments", 6),
        ("bbox=46.5,39.3,47.2,40.3", 6),
        ("from=2020-11-11", 0),
    ],
)
def test_snapshot_honours_the_map_filters(client, rendered, query, expected):
    response = client.get(f"/snapshot.png?{SMALL}&{query}")
    assert response.status_code == 200
    (event_ids, kwargs), = rendered
    assert len(event_ids) == expected
    if "bbox" in query:
        assert kwargs["bbox"] == (46.5, 39.3, 47.2, 40.3)


def test_snapshot_passes_title_dates_and_size(client, rendered, synthetic):
    client.get(f"/snapshot.png?{SMALL}&from=2020-10-01&to=2020-10-31&title=Karabakh%20brief")
    (_, kwargs), = rendered
    assert kwargs["title"] == "Karabakh brief"
    assert str(kwargs["date_from"]) == "2020-10-01" and str(kwargs["date_to"]) == "2020-10-31"
    assert (kwargs["size"].width_px, kwargs["size"].height_px, kwargs["size"].dpi) == (640, 400, 80)
    assert kwargs["generated_at"] is not None


def test_snapshot_filename_names_the_dates(client):
    response = client.get(f"/snapshot.pdf?{SMALL}&from=2020-10-01&to=2020-10-31")
    assert 'filename="geomap-snapshot-2020-10-01_2020-10-31.pdf"' in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("size=huge", "size must be one of"),
        ("size=100x100", "too small"),
        ("size=5000x3000&dpi=100", "too large"),  # over the web cap of 4000 px a side
        ("size=3900x3900&dpi=100", "too large"),  # over the web cap of 12 million pixels
        ("dpi=301", "'dpi'"),
        ("dpi=ten", "'dpi'"),
        ("bbox=47,39,46,40", "west < east"),
        ("bbox=1,2,3", "'bbox'"),
        ("from=2020-13-01", "'from'"),
        ("type=Nonsense", "event type"),
        ("title=" + "x" * 200, "'title' is too long"),
    ],
)
def test_snapshot_bad_parameters_are_400_with_a_message(client, query, message):
    response = client.get(f"/snapshot.png?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert message in response.get_json()["error"]


def test_unknown_snapshot_format_is_404(client):
    response = client.get("/snapshot.gif")
    assert response.status_code == 404 and "png, svg or pdf" in response.get_json()["error"]


# -- downloads -------------------------------------------------------------------------------
def test_csv_download(client):
    response = client.get("/export.csv?type=Battles")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="geomap-events.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:5] == ["event_id_cnty", "event_date", "year", "time_precision", "event_type"]
    assert rows[0][-1] == "n_sources"
    assert len(rows) == 1 + 4


@pytest.mark.parametrize("query, expected", [("", ALL), ("from=2020-10-04&to=2020-10-11", 4),
                                             ("bbox=46.5,39.3,47.2,40.3&type=Battles", 4), ("type=Protests", 0)])
def test_downloads_honour_filters(client, tmp_path, query, expected):
    table = list(csv.DictReader(io.StringIO(client.get(f"/export.csv?{query}").get_data(as_text=True))))
    kml = ET.fromstring(client.get(f"/export.kml?{query}").data)
    gpkg = tmp_path / "events.gpkg"
    gpkg.write_bytes(client.get(f"/export.gpkg?{query}").data)
    assert len(table) == expected
    assert len(kml.findall(f".//{KML}Placemark")) == expected
    assert pyogrio.read_info(gpkg)["features"] == expected


def test_gpkg_download(client, tmp_path):
    response = client.get("/export.gpkg?from=2020-10-01&to=2020-10-31")
    assert response.status_code == 200
    assert response.mimetype == "application/geopackage+sqlite3"
    assert response.headers["Content-Disposition"] == 'attachment; filename="geomap-events-2020-10-01_2020-10-31.gpkg"'
    assert response.data.startswith(b"SQLite format 3\x00")
    path = tmp_path / "download.gpkg"
    path.write_bytes(response.data)
    info = pyogrio.read_info(path)
    assert info["features"] == 6 and info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"


def test_kml_download_escapes_injection(client, synthetic):
    response = client.get("/export.kml")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.google-earth.kml+xml"
    assert response.headers["Content-Disposition"] == 'attachment; filename="geomap-events.kml"'
    text = response.get_data(as_text=True)
    for injected in synthetic.xss_strings:
        assert injected not in text
    root = ET.fromstring(response.data)
    placemark = next(p for p in root.iter(f"{KML}Placemark") if p.get("id") == synthetic.xss_event_id)
    assert synthetic.xss_strings[0] in placemark.find(f"{KML}description").text


@pytest.mark.parametrize("url", ["/export.csv?from=yesterday", "/export.kml?bbox=x", "/export.gpkg?type=Nonsense"])
def test_downloads_bad_filters_are_400(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.get_json()["error"]


def test_geojson_export_stays_where_it_was(client):
    response = client.get("/export.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
