"""The map page: a full page, only local assets, article text escaped, optional OSM tiles."""

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
            # The only absolute URLs allowed are the reports' own links (inside escaped popup JSON).
            assert not re.search(needle + r"(?!news\.example\.org|berita\.example\.id|leafletjs\.com)", page), needle
        else:
            assert needle not in page, needle


def test_injected_text_only_appears_escaped(page, synthetic):
    assert "<script>alert(1)" not in page
    assert "alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "onerror=alert(1)>" not in page
    # ...but the text is there, escaped, for the popup: HTML-escaped, then JSON-escaped into the script.
    assert "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;" in page
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page


def test_popup_carries_the_report(page):
    assert "Reported armed clash near Martakert on 2020-09-27." in page
    assert "https://news.example.org/a" in page  # the report's link
    assert "2 sources" in page  # the merged Ganja strike


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


def test_date_control_config(page, synthetic):
    match = re.search(r"GeomapDateRange\.init\(map_\w+, (\{.*?\}), \{", page, re.S)
    assert match
    config = json.loads(match.group(1))
    assert config["domain"] == ["2020-09-27", "2020-11-10"]
    assert len(config["markers"]) == len(synthetic.events)
    layer_names = {layer["cluster"]: layer["name"] for layer in config["layers"]}
    assert sorted(layer_names.values()) == sorted(synthetic.type_counts)
    dates = sorted(m["date"] for m in config["markers"].values())
    assert dates == sorted(synthetic.dates.values())
    assert all(m["layer"] in layer_names for m in config["markers"].values())
    assert len(config["heat"]["points"]) == len(synthetic.events)
    assert config["exportUrl"] == "/export.geojson"


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


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://news.example.org/a", True),
        ("http://news.example.org/a", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("", False),
    ],
)
def test_popup_links_only_web_urls(store, url, linked):
    from dataclasses import replace

    from geomap.mapview import default_popup_renderer, popup_view

    stored = store.event("evt-bat-1")
    stored = replace(stored, sources=(dict(stored.sources[0], source_url=url),))
    html = default_popup_renderer()(popup_view(stored))
    assert ("<a href=" in html) is linked
    assert "javascript:" not in html and "<script>" not in html
