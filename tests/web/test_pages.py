"""The map page: a full page, only local assets, no article text (popups are fetched), optional OSM tiles."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

OSM_TILES = "tile.openstreetmap.org"


class _Links(HTMLParser):
    """Collects <script src> and <link href> URLs."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


@pytest.fixture
def page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def asset_urls(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.urls


def test_full_page_not_an_iframe(page):
    assert "<html" in page
    assert "<iframe" not in page
    assert "<title>geomap — events</title>" in page
    assert re.search(r'<div class="folium-map" id="map_\w+"', page)


def test_every_asset_is_local_and_served(client, page):
    urls = asset_urls(page)
    assert any(u.endswith("leaflet.js") for u in urls)
    assert any(u.endswith("leaflet.markercluster.js") for u in urls)
    assert any(u.endswith("leaflet_heat.min.js") for u in urls)
    assert any(u.endswith("daterange.js") for u in urls)
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url
        assert "cdn" not in url.lower(), url
        assert client.get(url).status_code == 200, url


def test_no_cdn_or_unneeded_library_anywhere(page):
    for needle in ("cdn.jsdelivr", "cdnjs", "code.jquery", "bootstrap", "awesome-markers", "http://", "https://"):
        if needle.startswith("http"):
            # The only absolute URL allowed is Leaflet's attribution link: reports' links are in popups,
            # which are fetched from the API.
            assert not re.search(needle + r"(?!leafletjs\.com)", page), needle
        else:
            assert needle not in page, needle


def test_injected_text_never_reaches_the_page(page, synthetic):
    """Article text is not in the page at all, raw or escaped: the popups fetch it as JSON."""
    assert "<script>alert(1)" not in page
    assert "alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "onerror=alert(1)>" not in page
    assert "alert(1)" not in page
    assert "onerror" not in page


def test_page_carries_no_article_text(page, synthetic):
    """Popups are fetched when opened: no quote, report title, claim or report link is in the page."""
    for row in synthetic.events:
        assert synthetic.quote(row[0]) not in page
        assert row[4] not in page  # the place name is popup text too
    for text in ("Reported ", "Artillery hit", "Shelling hits Stepanakert", "Ganja struck again", "Ministry of Defence",
                 "Example Wire", "Contoh Berita", "news.example.org", "berita.example.id", "gm-popup", "bindPopup"):
        assert text not in page, text


def test_page_grows_by_a_few_bytes_per_event(page, bulk_store_path):
    """Per event the page holds its id and a few numbers, not a marker object with a popup."""
    from web import create_app

    bulk = create_app({"db": bulk_store_path, "TESTING": True}).test_client().get("/").get_data(as_text=True)
    config = date_config(bulk)
    added = len(config["events"]["id"]) - len(date_config(page)["events"]["id"])
    assert added >= 500
    per_event = (len(bulk.encode()) - len(page.encode())) / added
    assert per_event < 80, f"{per_event:.0f} bytes per event"
    assert "Reported " not in bulk and "Bulk Wire" not in bulk and "bulk.example.net" not in bulk


def test_osm_tiles_absent_by_default(page):
    assert OSM_TILES not in page


def test_osm_tiles_present_when_enabled(store_path):
    from web import create_app

    app = create_app({"db": store_path, "osm_tiles": True, "TESTING": True})
    html = app.test_client().get("/").get_data(as_text=True)
    assert OSM_TILES in html
    # Still not the default base layer: the offline basemap is.
    assert re.search(r"L\.tileLayer\(", html)


def test_legend_names_every_type_with_its_colour(page):
    """The LayerControl's overlay labels are the legend: a colour swatch, the type, its count."""
    overlays = re.search(r"overlays\s*:\s*\{(.*?)\},", page, re.S).group(1)
    labels = [json.loads(key) for key in re.findall(r'^\s*("(?:[^"\\]|\\.)*")\s*:', overlays, re.M)]
    expected = (("Battles", "#d62728", 4), ("Explosions/Remote violence", "#ff7f0e", 3),
                ("Strategic developments", "#1f77b4", 2))
    for name, colour, count in expected:
        assert any(f"background:{colour}" in label and name in label and f">{count}<" in label
                   for label in labels), name
    assert any(label.startswith("Heat map") for label in labels)


def date_config(page: str) -> dict:
    match = re.search(r"GeomapDateRange\.init\(map_\w+, (\{.*?\}), \{", page, re.S)
    assert match
    return json.loads(match.group(1))


def test_date_control_config(page, synthetic):
    import datetime as dt

    config = date_config(page)
    assert config["domain"] == ["2020-09-27", "2020-11-10"]
    columns = config["events"]
    assert set(columns) == {"id", "lat", "lon", "day", "type", "r", "w"}
    assert all(len(values) == len(synthetic.events) for values in columns.values())
    layer_names = [layer["name"] for layer in config["layers"]]
    assert sorted(layer_names) == sorted(synthetic.type_counts)
    start = dt.date.fromisoformat(config["domain"][0])
    by_id = {row[0]: row for row in synthetic.events}
    for i, event_id in enumerate(columns["id"]):
        row = by_id[event_id]
        assert (start + dt.timedelta(days=columns["day"][i])).isoformat() == row[1]
        assert layer_names[columns["type"][i]] == row[2]
        assert (columns["lat"][i], columns["lon"][i]) == pytest.approx((row[5], row[6]), abs=1e-5)
        assert round(columns["lat"][i], 5) == columns["lat"][i] and round(columns["lon"][i], 5) == columns["lon"][i]
    assert sorted(columns["id"]) == sorted(synthetic.dates)
    # Radii grow with fatalities.
    radius = dict(zip(columns["id"], columns["r"]))
    assert radius["evt-exp-3"] > radius["evt-bat-1"] > radius["evt-bat-2"]
    assert config["heat"]["layer"].startswith("heat_map_")
    assert config["exportUrl"] == "/export.geojson"
    assert config["popup"]["url"].replace(config["popup"]["slot"], "evt-bat-1") == "/api/events/evt-bat-1"


def test_page_range_sets_the_export_link(client):
    html = client.get("/?from=2020-10-01&to=2020-10-31").get_data(as_text=True)
    assert 'href="/export.geojson?from=2020-10-01&amp;to=2020-10-31"' in html
    assert '"initial":["2020-10-01","2020-10-31"]' in html


def test_bad_page_range_is_ignored(client):
    response = client.get("/?from=nonsense")
    assert response.status_code == 200
    assert '"initial":null' in response.get_data(as_text=True)


def test_empty_store_renders(tmp_path):
    from web import create_app

    app = create_app({"db": tmp_path / "empty.sqlite", "TESTING": True})
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert '"domain":null' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url, status",
    [
        ("/assets/leaflet/leaflet.css", 200),
        ("/assets/leaflet/images/layers.png", 200),
        ("/assets/fontawesome/webfonts/fa-solid-900.woff2", 200),
        ("/assets/folium/leaflet_heat.min.js", 200),
        ("/assets/folium/../__init__.py", 404),
        ("/assets/leaflet/../__init__.py", 404),
        ("/assets/nothing/x.js", 404),
        ("/basemap/no-such-layer.geojson", 404),
        ("/basemap/..%2Fsettings.geojson", 404),
    ],
)
def test_asset_routes(client, url, status):
    assert client.get(url).status_code == status


def test_basemap_is_served_from_a_configured_dir(tmp_path, store_path):
    from web import create_app

    stand_in = {"type": "FeatureCollection", "bbox": [43.0, 37.5, 50.5, 42.5], "features": [
        {"type": "Feature", "properties": {"layer": "nkao", "name": "NKAO"},
         "geometry": {"type": "LineString", "coordinates": [[46.5, 39.5], [46.9, 40.1]]}},
    ]}
    (tmp_path / "region.geojson").write_text(json.dumps(stand_in))
    app = create_app({"db": store_path, "TESTING": True, "BASEMAP_DIR": str(tmp_path)})
    response = app.test_client().get("/basemap/region.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert response.get_json()["features"][0]["properties"]["layer"] == "nkao"


def test_packaged_basemap_when_present(client):
    """The colleague-built basemap ships in geomap/data/basemap; when it is there it is served."""
    from web.assets import basemap_dir

    for name in ("region", "world_countries"):
        if not (basemap_dir() / f"{name}.geojson").is_file():
            continue
        response = client.get(f"/basemap/{name}.geojson")
        assert response.status_code == 200
        data = json.loads(response.get_data(as_text=True))
        assert data["type"] == "FeatureCollection"
        assert {f["properties"]["layer"] for f in data["features"]} <= {
            "country", "admin1", "lake", "sea", "river", "nkao"}


@pytest.mark.parametrize(
    "value",
    ["</script><script>alert(1)</script>", "<!-- x -->", "a & b", "line\u2028separator", {"k": "<b>"}],
)
def test_page_json_cannot_break_out_of_a_script(value):
    from geomap.mapview import page_json

    text = str(page_json(value))
    assert not set(text) & {"<", ">", "&", "\u2028"}
    assert json.loads(text) == value
